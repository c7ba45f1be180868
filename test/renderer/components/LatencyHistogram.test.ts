// @vitest-environment happy-dom
// The latency histogram's CSV: every group's bins of the histogram the lab answered (lower ns, upper ns, count).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, presetText } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));
const saved = vi.hoisted(() => ({ files: [] as { text: string; name: string }[] }));
vi.mock('../../../src/renderer/src/files/downloadText', async (original) => ({
  ...(await original<typeof import('../../../src/renderer/src/files/downloadText')>()),
  downloadText: (text: string, name: string) => saved.files.push({ text, name }),
}));
// The chart itself is uPlot on a canvas, which happy-dom does not draw.
vi.mock('uplot', () => ({ default: Object.assign(class { setData(): void {} destroy(): void {} }, { paths: { bars: () => () => null } }) }));

const { default: LatencyHistogram } = await import('../../../src/renderer/src/components/LatencyHistogram.vue');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');

enableAutoUnmount(afterEach);

describe('LatencyHistogram: CSV', () => {
  let pinia: Pinia;

  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    lab.api = inProcessLab();
    saved.files = [];
  });

  it('writes a row per bin of every group: group, lower ns, upper ns (none for the tail), count', async () => {
    const labStore = useLabStore(pinia);
    await labStore.call('load', { text: presetText('msi-emulated') });
    await labStore.control('run', { untilNs: 5e6 });
    await vi.waitFor(() => expect(labStore.state).toBe('paused'), { timeout: 20_000 });
    const data = await labStore.call('latencyHistogram', { bins: 40 });
    const w = mount(LatencyHistogram, { props: { data }, global: { plugins: [pinia] } });
    await w.get('[data-testid="histogram-csv"]').trigger('click');
    const file = saved.files[0]!;
    expect(file.name).toBe('msi-emulated-latency-histogram.csv');
    const lines = file.text.split('\n').slice(0, -1);
    expect(lines[0]).toBe('group,lowerNs,upperNs,count');
    expect(lines).toHaveLength(1 + data.groups.length * 40);
    const all = lines.slice(1, 41).map((l) => l.split(','));
    expect(all.map((c) => c[0])).toEqual(Array(40).fill('all'));
    expect(all.map((c) => Number(c[1]))).toEqual(data.edgesNs.slice(0, 40));
    expect(all.slice(0, 39).map((c) => Number(c[2]))).toEqual(data.edgesNs.slice(1, 40));
    expect(all[39]![2]).toBe('');
    expect(all.reduce((n, c) => n + Number(c[3]), 0)).toBe(data.groups[0]!.latencyNs.count);
    expect(lines.some((l) => l.startsWith('vm:vm0,'))).toBe(true);
  });

  it('says that the last bar also holds the flows slower than the bins, up to the slowest', () => {
    const group = (max: number) => ({ key: 'all', label: 'all flows', latencyNs: { count: 3, p50: 500, p90: 1500, p99: 1500, max }, counts: [1, 2] });
    const tail = (max: number) => mount(LatencyHistogram, { props: { data: { edgesNs: [0, 1000, 2000], groups: [group(max)] } }, global: { plugins: [pinia] } }).find('[data-testid="histogram-tail"]');
    expect(tail(9000).text()).toBe('The last bar (from 1 µs) also holds every slower flow, up to 9 µs.');
    expect(tail(1800).exists()).toBe(false);
  });

  it('has nothing to export before the lab answered', () => {
    const w = mount(LatencyHistogram, { props: { data: null }, global: { plugins: [pinia] } });
    expect(w.get('[data-testid="histogram-csv"]').attributes('disabled')).toBeDefined();
  });
});
