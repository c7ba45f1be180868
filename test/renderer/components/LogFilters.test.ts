// @vitest-environment happy-dom
// The log's filters as a user meets them: menus of what the log has seen (kinds grouped by their catalog layer),
// a choice turned into the lab's query, a bad time named, Clear.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { HopQuery, LabApi, LogVocabulary } from '../../../src/shared/protocol';
import { inProcessLab, presetText, recordingLab } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { default: LogFilters } = await import('../../../src/renderer/src/components/LogFilters.vue');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');
const { useLogStore } = await import('../../../src/renderer/src/stores/log');
const { useHopCatalogStore } = await import('../../../src/renderer/src/stores/hopCatalog');

const VOCABULARY: LogVocabulary = {
  kinds: ['guest.handler', 'kvm.vmexit', 'pci.msi.write', 'x86.irq.entry'],
  vms: ['vm0', 'host', 'vm1'],
  places: ['nic0', 'cpu0.lapic', 'cpu1', 'vm0.vcpu0'],
};

enableAutoUnmount(afterEach);

describe('LogFilters', () => {
  let recording: ReturnType<typeof recordingLab>;
  // This test's pinia, named: the active one is global state that other tests' leftovers can change.
  let pinia: Pinia;
  const filters = () => mount(LogFilters, { props: { vocabulary: VOCABULARY }, global: { plugins: [pinia] } });
  const lastQuery = () => recording.calls.filter((c) => c.method === 'queryHops').at(-1)?.params as HopQuery | undefined;

  beforeEach(async () => {
    pinia = createPinia();
    setActivePinia(pinia);
    recording = recordingLab(inProcessLab());
    lab.api = recording;
    await useLabStore(pinia).call('load', { text: presetText('msi-emulated') });
    await useHopCatalogStore(pinia).load();
  });

  it('offers the VMs the log has seen (host last) and the devices its places start with', () => {
    const w = filters();
    expect(w.get('[data-testid="log-filter-vm"]').findAll('option').map((o) => o.attributes('value'))).toEqual(['', 'vm0', 'vm1', 'host']);
    expect(w.findAll('#log-devices option').map((o) => o.attributes('value'))).toEqual(['cpu0', 'cpu1', 'nic0', 'vm0']);
  });

  it('groups the kinds by their layer in the lab\'s catalog, in the catalog\'s order', () => {
    const w = filters();
    const groups = w.get('[data-testid="log-filter-kind"]').findAll('optgroup');
    const catalog = useHopCatalogStore(pinia);
    const layers = catalog.layers.map((l) => l.layer).filter((l) => VOCABULARY.kinds.some((k) => catalog.layerOf(k) === l));
    expect(layers.length).toBeGreaterThan(2);
    expect(groups.map((g) => g.attributes('data-layer'))).toEqual(layers);
    expect(groups.find((g) => g.attributes('data-layer') === 'guest')!.findAll('option').map((o) => o.text())).toEqual(['guest.handler']);
    expect(groups.find((g) => g.attributes('data-layer') === 'kvm')!.attributes('label')).toBe(catalog.layers.find((l) => l.layer === 'kvm')!.label);
    expect(groups.flatMap((g) => g.findAll('option').map((o) => o.text())).sort()).toEqual([...VOCABULARY.kinds].sort());
  });

  it('a kind chosen filters the log: the lab is asked for that kind', async () => {
    const w = filters();
    await w.get('[data-testid="log-filter-kind"]').setValue('kvm.vmexit');
    await flushPromises();
    expect(useLogStore(pinia).filter.kind).toBe('kvm.vmexit');
    expect(lastQuery()?.filter).toEqual({ kind: 'kvm.vmexit' });
  });

  it('a flow and a time range reach the lab as a flow id and nanoseconds', async () => {
    const w = filters();
    await w.get('[data-testid="log-filter-flow"]').setValue('7');
    await w.get('[data-testid="log-filter-from"]').setValue('1.5ms');
    await w.get('[data-testid="log-filter-to"]').setValue('2 ms');
    await flushPromises();
    expect(lastQuery()?.filter).toEqual({ flow: 7, fromNs: 1_500_000, toNs: 2_000_000 });
  });

  it('keeps what is being typed when the menus change under it (a run refreshes them several times a second)', async () => {
    const w = filters();
    const from = w.get('[data-testid="log-filter-from"]');
    const device = w.get('[data-testid="log-filter-device"]');
    (from.element as HTMLInputElement).value = '1.5ms';
    await from.trigger('input');
    (device.element as HTMLInputElement).value = 'nic';
    await device.trigger('input');
    // The poll hands over new menus (a new object each time), and another field is committed meanwhile.
    await w.setProps({ vocabulary: { ...VOCABULARY, kinds: [...VOCABULARY.kinds, 'kvm.vmentry'] } });
    await w.get('[data-testid="log-filter-kind"]').setValue('kvm.vmexit');
    await flushPromises();
    expect((from.element as HTMLInputElement).value).toBe('1.5ms');
    expect((device.element as HTMLInputElement).value).toBe('nic');
    await from.trigger('change');
    await flushPromises();
    expect(lastQuery()?.filter).toEqual({ kind: 'kvm.vmexit', fromNs: 1_500_000 });
    // The store's own changes still reach the fields: Clear empties the typed text too.
    await w.get('[data-testid="log-filter-clear"]').trigger('click');
    await flushPromises();
    expect((from.element as HTMLInputElement).value).toBe('');
    expect((device.element as HTMLInputElement).value).toBe('');
  });

  it('names a time that is not a time, and Clear (enabled only with a filter) clears every field', async () => {
    const w = filters();
    const clear = w.get('[data-testid="log-filter-clear"]');
    expect(clear.attributes('disabled')).toBeDefined();
    await w.get('[data-testid="log-filter-to"]').setValue('soon');
    await flushPromises();
    expect(w.get('[data-testid="log-filter-error"]').text()).toBe('to: "soon" is not a time (e.g. 2ms)');
    expect(clear.attributes('disabled')).toBeUndefined();
    await clear.trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="log-filter-error"]').exists()).toBe(false);
    expect(Object.values(useLogStore(pinia).filter).every((v) => v === '')).toBe(true);
  });

  it('keeps showing a kind filtered on that the log has not seen', async () => {
    await useLogStore(pinia).setFilter({ kind: 'vgic.lr.write' });
    const w = filters();
    expect((w.get('[data-testid="log-filter-kind"]').element as HTMLSelectElement).value).toBe('vgic.lr.write');
  });
});
