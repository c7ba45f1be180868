// @vitest-environment happy-dom
// The log table as a user meets it: the rows are painted (a canvas), the table's body holds the same rows as text
// once the window rests; a click picks the row painted under it, and a flow id follows the flow painted there, even
// before the text has caught up with a window that just moved.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, presetText } from '../support/inProcessLab';
import { formatCount, formatNs } from '../../../src/renderer/src/format';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { default: LogTable } = await import('../../../src/renderer/src/components/LogTable.vue');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');
const { useLogStore } = await import('../../../src/renderer/src/stores/log');

enableAutoUnmount(afterEach);

describe('LogTable', () => {
  let pinia: Pinia;
  const seqs = (w: ReturnType<typeof mount>) => w.findAll('[data-testid="log-seq"]').map((c) => Number(c.text()));

  beforeEach(async () => {
    pinia = createPinia();
    setActivePinia(pinia);
    lab.api = inProcessLab();
    const labStore = useLabStore(pinia);
    await labStore.call('load', { text: presetText('msi-emulated') });
    await labStore.control('run', { untilNs: 2e6 });
    await vi.waitFor(() => expect(labStore.state).toBe('paused'), { timeout: 10_000 });
  });

  async function table() {
    const w = mount(LogTable, { global: { plugins: [pinia] }, attachTo: document.body });
    const log = useLogStore(pinia);
    log.setWindowSize(10);
    await vi.waitFor(() => expect(log.rows).toHaveLength(10), { timeout: 10_000 });
    await flushPromises();
    return { w, log };
  }

  it('holds the first window as text at once: a header cell per column, a row per hop painted', async () => {
    const { w, log } = await table();
    expect(w.findAll('th').map((h) => h.text())).toEqual(['seq', 'time', 'flow', 'kind', 'where', 'vm', 'detail', 'dur']);
    expect(w.find('[data-testid="log-canvas"]').exists()).toBe(true);
    await vi.waitFor(() => expect(seqs(w)).toEqual(log.rows.map((r) => r.seq)));
  });

  it('a window the user scrolls to is painted at once and taken as text once it rests; a click meanwhile picks the row painted', async () => {
    const { w, log } = await table();
    await vi.waitFor(() => expect(seqs(w)).toEqual(log.rows.map((r) => r.seq)));
    const before = seqs(w);
    vi.useFakeTimers();
    try {
      // The wheel, three rows up (21 px a row).
      await w.get('[data-testid="log-scroller"]').trigger('wheel', { deltaY: -63, deltaMode: 0 });
      await flushPromises();
      expect(log.rows[0]!.seq).toBe(before[0]! - 3);
      expect(seqs(w)).toEqual(before);
      await w.findAll('[data-testid="log-row"]')[3]!.trigger('click');
      expect(log.selectedSeq).toBe(log.rows[3]!.seq);
      vi.advanceTimersByTime(150);
      await flushPromises();
    } finally {
      vi.useRealTimers();
    }
    expect(seqs(w)).toEqual(log.rows.map((r) => r.seq));
    expect(w.find('[data-testid="log-row"].selected').attributes('data-seq')).toBe(String(log.rows[3]!.seq));
    expect(w.find('[data-testid="log-row"].selected').attributes('aria-selected')).toBe('true');
  });

  it('a window moved from elsewhere (a filter, the pager) is taken as text at once', async () => {
    const { w, log } = await table();
    await log.goTo(0);
    await flushPromises();
    expect(seqs(w)).toEqual(log.rows.map((r) => r.seq));
    expect(seqs(w)[0]).toBe(log.rows[0]!.seq);
  });

  it('a flow id followed is the flow of the row painted there', async () => {
    const { w, log } = await table();
    await vi.waitFor(() => expect(w.findAll('[data-testid="log-flow"]').length).toBeGreaterThan(0));
    const button = w.findAll('[data-testid="log-row"]').findIndex((r) => r.find('[data-testid="log-flow"]').exists());
    await w.findAll('[data-testid="log-row"]')[button]!.find('[data-testid="log-flow"]').trigger('click');
    expect(w.emitted('followFlow')).toEqual([[log.rows[button]!.flow]]);
  });

  it('says why it is empty: nothing run, a filter matching nothing, or hops the ring no longer holds', async () => {
    const { w, log } = await table();
    const empty = () => w.find('[data-testid="log-empty"]');
    expect(empty().exists()).toBe(false);
    await log.setFilter({ kind: 'no.such.kind' });
    await vi.waitFor(() => expect(empty().text()).toBe('No hop matches the filters: loosen them.'));
    // A ring of 1,000 hops over 20 ms: the first millisecond's hops are long overwritten.
    const labStore = useLabStore(pinia);
    await labStore.call('load', { text: `${presetText('msi-emulated')}\nlog:\n  capacity: 1000\n` });
    await labStore.control('run', {});
    await vi.waitFor(() => expect(labStore.state).toBe('finished'), { timeout: 10_000 });
    await log.setFilter({ kind: '', to: '1ms' });
    const oldest = (await labStore.call('queryHops', { start: 0, count: 1, filter: {} })).rows[0]!;
    expect(oldest.timeNs).toBeGreaterThan(1e6);
    await vi.waitFor(() => expect(empty().text()).toContain(`from ${formatNs(oldest.timeNs)} on`));
    expect(empty().text()).toContain(`${formatCount(log.overwritten)} older hops were overwritten`);
    await log.clearFilter();
    await vi.waitFor(() => expect(empty().exists()).toBe(false));
  });
});
