// @vitest-environment happy-dom
// The machine diagram as a user meets it: parts and bands from the graph, a hover lighting the paths through a
// part, a click pinning it and selecting its entry in the text, the VM filter, zoom, and a stale drawing kept.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, presetText } from '../support/inProcessLab';
import { intxSharedLine } from '../diagram/machineFixtures';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { default: MachineDiagram } = await import('../../../src/renderer/src/components/MachineDiagram.vue');
const { useScenarioStore } = await import('../../../src/renderer/src/stores/scenario');
const { useMachineGraphStore } = await import('../../../src/renderer/src/stores/machineGraph');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');
const { useRegistersStore } = await import('../../../src/renderer/src/stores/registers');
const { useLogStore } = await import('../../../src/renderer/src/stores/log');

const TEXT = presetText('intx-shared-line');
const GRAPH = intxSharedLine();

// Stores are taken from this test's pinia by name: the active pinia is global state, which components and timers
// left from an earlier test can change under a later one.

/** The diagram of intx-shared-line, drawn from the full-shape graph of that machine. */
async function diagram() {
  const scenario = useScenarioStore(pinia);
  scenario.text = TEXT;
  const machine = useMachineGraphStore(pinia);
  machine.graph = GRAPH;
  machine.builtFrom = TEXT;
  const w = mount(MachineDiagram, { props: { text: TEXT }, attachTo: document.body, global: { plugins: [pinia] } });
  await flushPromises();
  return w;
}

let pinia: Pinia;
const partAt = (w: Awaited<ReturnType<typeof diagram>>, id: string) => w.get(`[data-testid="diagram-part"][data-id="${id}"]`);

enableAutoUnmount(afterEach);

describe('MachineDiagram', () => {
  beforeEach(() => {
    localStorage.clear();
    pinia = createPinia();
    setActivePinia(pinia);
    lab.api = inProcessLab();
  });

  it('draws a part for every node, its kind and id in its tooltip, and a band for the host and each VM', async () => {
    const w = await diagram();
    const parts = w.findAll('[data-testid="diagram-part"]');
    expect(parts.map((p) => p.attributes('data-id')).sort()).toEqual(GRAPH.nodes.map((n) => n.id).sort());
    expect(partAt(w, 'host/nic0').get('title').text()).toBe('pci-function · host/nic0');
    expect(w.findAll('[data-testid="diagram-band"]').map((b) => b.attributes('data-vm'))).toEqual(['host', 'vm0']);
    expect(w.findAll('[data-testid="diagram-wire"]')).toHaveLength(GRAPH.edges.length);
    expect(w.get('[data-testid="diagram-counts"]').text()).toBe(`${GRAPH.nodes.length} parts · ${GRAPH.edges.length} wires`);
    expect(w.get('[data-testid="machine-diagram"]').attributes('data-state')).toBe('current');
  });

  it('has a legend of the part families and wire kinds drawn', async () => {
    const w = await diagram();
    const families = w.findAll('[data-testid="legend-part"]').map((l) => l.attributes('data-family'));
    expect(families).toEqual(expect.arrayContaining(['device', 'line', 'controller', 'cpu', 'kernel', 'vfio', 'eventfd', 'kvm', 'guest']));
    expect(w.findAll('[data-testid="legend-wire"]').map((l) => l.attributes('data-kind')).sort()).toEqual([...new Set(GRAPH.edges.map((e) => e.kind))].sort());
  });

  it('hovering the guest handler lights its path back to the NIC and dims the host disk\'s driver', async () => {
    const w = await diagram();
    await partAt(w, 'vm0/guest/nic0 driver').trigger('mouseenter');
    for (const id of ['host/nic0', 'host/pin16', 'host/irq16', 'host/vfio/nic0/intx', 'vm0/irqfd/gsi16']) expect(partAt(w, id).classes(), id).toContain('on');
    expect(partAt(w, 'host/disk0/driver').classes()).toContain('dim');
    expect(w.findAll('[data-testid="diagram-wire"].on').length).toBeGreaterThan(8);
    expect(w.get('[data-testid="diagram-info"]').text()).toMatch(/^vm0\/guest\/nic0 driver guest-handler · 1 in, 1 out · \d+ parts on its paths/);
    await partAt(w, 'vm0/guest/nic0 driver').trigger('mouseleave');
    expect(w.findAll('[data-testid="diagram-part"].dim')).toHaveLength(0);
  });

  it('a click pins the part and selects the entry that declares it; a click on the background lets go', async () => {
    const w = await diagram();
    await partAt(w, 'host/vfio/nic0/intx').trigger('click');
    const [range] = w.emitted('jump')![0] as [{ from: number; to: number }];
    expect(TEXT.slice(range.from, range.to)).toMatch(/^id: nic0\n/);
    expect(partAt(w, 'host/vfio/nic0/intx').classes()).toContain('pinned');
    expect(w.findAll('[data-testid="diagram-part"].dim').length).toBeGreaterThan(0);
    expect(w.get('[data-testid="diagram-info"]').text()).toContain('pinned');

    const canvas = w.get('[data-testid="diagram-canvas"]');
    await canvas.trigger('pointerdown', { button: 0, clientX: 5, clientY: 5 });
    await canvas.trigger('pointerup', { button: 0, clientX: 5, clientY: 5 });
    expect(w.findAll('[data-testid="diagram-part"].pinned')).toHaveLength(0);
    expect(w.findAll('[data-testid="diagram-part"].dim')).toHaveLength(0);
  });

  it('a part of the host that no device names selects the host entry; a VM\'s part the VM\'s entry', async () => {
    const w = await diagram();
    await partAt(w, 'host/ioapic').trigger('click');
    await partAt(w, 'vm0/vcpu1').trigger('click');
    const ranges = w.emitted('jump')!.map(([r]) => r as { from: number; to: number });
    expect(TEXT.slice(ranges[0]!.from, ranges[0]!.to)).toMatch(/^cpus: 4/);
    expect(TEXT.slice(ranges[1]!.from, ranges[1]!.to)).toMatch(/^id: vm0\n/);
  });

  it('a pinned part offers its register files and a log filter: each loads the text if need be and goes to its view', async () => {
    const labStore = useLabStore(pinia);
    await labStore.connect();
    const real = await lab.api!.call('machineGraph', { text: TEXT });
    if (!real.ok) throw new Error('no graph');
    const scenario = useScenarioStore(pinia);
    scenario.text = TEXT;
    const machine = useMachineGraphStore(pinia);
    machine.graph = { nodes: real.nodes, edges: real.edges };
    machine.builtFrom = TEXT;
    const goTo = vi.fn();
    const w = mount(MachineDiagram, { props: { text: TEXT }, attachTo: document.body, global: { plugins: [pinia], provide: { goTo } } });
    await flushPromises();
    expect(w.find('[data-testid="diagram-part-actions"]').exists()).toBe(false);
    expect(partAt(w, 'host/pin16').attributes('data-sharers')).toBe('host/nic0 host/disk0');
    expect(partAt(w, 'host/pin16').text()).toContain('SHARED ×2');

    await partAt(w, 'host/cpu0/lapic').trigger('click');
    const open = w.findAll('[data-testid="diagram-open-registers"]');
    expect(open.map((b) => b.attributes('data-file'))).toEqual(['host/cpu0/lapic']);
    expect(labStore.state).toBe('empty');
    await open[0]!.trigger('click');
    await vi.waitFor(() => expect(goTo).toHaveBeenCalledWith('registers'), { timeout: 10_000 });
    expect(labStore.state).not.toBe('empty');
    expect(scenario.textIsLoaded).toBe(true);
    expect(useRegistersStore(pinia).selectedId).toBe('host/cpu0/lapic');

    await w.get('[data-testid="diagram-filter-log"]').trigger('click');
    await vi.waitFor(() => expect(goTo).toHaveBeenCalledWith('log'), { timeout: 10_000 });
    expect(useLogStore(pinia).filter).toMatchObject({ vm: '', device: 'cpu0.lapic', kind: '' });

    // A device offers its host config space and the guest's view of it; genirq's descriptor has no place of its own.
    await partAt(w, 'host/nic0').trigger('click');
    expect(w.findAll('[data-testid="diagram-open-registers"]').map((b) => b.attributes('data-file'))).toEqual(['host/nic0/config', 'vm0/nic0/config']);
    await partAt(w, 'host/irq16').trigger('click');
    expect(w.findAll('[data-testid="diagram-open-registers"]')).toHaveLength(0);
    expect(w.get('[data-testid="diagram-filter-log"]').attributes('disabled')).toBeDefined();
  });

  it('filters by VM: the VM and the host parts on its paths', async () => {
    const w = await diagram();
    expect(w.get('[data-testid="diagram-vm-filter"]').findAll('option').map((o) => o.attributes('value'))).toEqual(['', 'host', 'vm0']);
    await w.get('[data-testid="diagram-vm-filter"]').setValue('host');
    expect(new Set(w.findAll('[data-testid="diagram-part"]').map((p) => p.attributes('data-vm')))).toEqual(new Set(['host']));
    await w.get('[data-testid="diagram-vm-filter"]').setValue('vm0');
    const ids = w.findAll('[data-testid="diagram-part"]').map((p) => p.attributes('data-id'));
    expect(ids).toContain('host/nic0');
    expect(ids).not.toContain('host/disk0/driver');
  });

  it('zooms in and out by the buttons, and 100% is the layout\'s own size', async () => {
    const w = await diagram();
    const svg = () => w.get('[data-testid="diagram-svg"]');
    await w.get('[data-testid="diagram-zoom"]').trigger('click');
    const width = Number(svg().attributes('width'));
    await w.get('[data-testid="diagram-zoom-in"]').trigger('click');
    expect(Number(svg().attributes('width'))).toBeGreaterThan(width);
    await w.get('[data-testid="diagram-zoom-out"]').trigger('click');
    await w.get('[data-testid="diagram-zoom-out"]').trigger('click');
    expect(Number(svg().attributes('width'))).toBeLessThan(width);
    expect(svg().attributes('viewBox')).toMatch(/^0 0 /);
  });

  it('keeps the drawing, marked stale, once the text is found to have issues', async () => {
    const w = await diagram();
    const scenario = useScenarioStore(pinia);
    scenario.text = TEXT.replace('cpus: 4', 'cpus: many');
    await nextTick();
    await vi.waitFor(() => expect(scenario.validating).toBe(false), { timeout: 10_000 });
    await nextTick();
    await flushPromises();
    expect(w.get('[data-testid="machine-diagram"]').attributes('data-state')).toBe('stale');
    expect(w.get('[data-testid="diagram-stale"]').text()).toMatch(/stale/);
    expect(w.findAll('[data-testid="diagram-part"]')).toHaveLength(GRAPH.nodes.length);
  });

  it('with no graph yet and text with issues, says it draws once the text validates', async () => {
    const scenario = useScenarioStore(pinia);
    scenario.text = TEXT.replace('cpus: 4', 'cpus: many');
    const w = mount(MachineDiagram, { props: { text: scenario.text }, global: { plugins: [pinia] } });
    await nextTick();
    await vi.waitFor(() => expect(scenario.validating).toBe(false), { timeout: 10_000 });
    await flushPromises();
    expect(w.get('[data-testid="diagram-empty"]').text()).toMatch(/drawn once the text validates \(1 issue in the text\)/);
  });
});
