// @vitest-environment happy-dom
// Compare sends only the switches of the scenario it compares: a value chosen for another preset (kept in storage) is
// not sent hidden (issue 14: gvt.hostInjection set on gvt-three-vms broke every msi-emulated comparison).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, recordingLab } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { useScenarioStore } = await import('../../../src/renderer/src/stores/scenario');
const { useCompareStore } = await import('../../../src/renderer/src/stores/compare');

describe('compare store', () => {
  let recording: ReturnType<typeof recordingLab>;
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    recording = recordingLab(inProcessLab());
    lab.api = recording;
  });

  it('drops a switch the chosen preset does not have', async () => {
    await useScenarioStore().loadPresetList();
    const compare = useCompareStore();
    compare.source = 'gvt-three-vms';
    compare.a.switches['gvt.hostInjection'] = 'tasklet';
    compare.source = 'msi-emulated';
    compare.b.switches['vms[0].delivery'] = 'posted';
    await compare.start();
    const sent = recording.calls.filter((c) => c.method === 'compare').map((c) => c.params as { a: { set: Record<string, string> }; b: { set: Record<string, string> } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.a.set).toEqual({ 'vms[0].idle': 'busy' });
    expect(sent[0]!.b.set).toEqual({ 'vms[0].idle': 'halt', 'vms[0].delivery': 'posted' });
  });

  it('a Compare started before the preset list arrives waits for it: the sides are not sent as the preset is', async () => {
    const compare = useCompareStore();
    expect(compare.ready).toBe(false);
    const started = compare.start();
    await new Promise((r) => setTimeout(r, 10));
    expect(recording.calls.filter((c) => c.method === 'compare')).toHaveLength(0);
    await useScenarioStore().loadPresetList();
    await started;
    const sent = recording.calls.filter((c) => c.method === 'compare').map((c) => c.params as { a: { set: Record<string, string> }; b: { set: Record<string, string> } });
    expect(sent.map((s) => [s.a.set, s.b.set])).toEqual([[{ 'vms[0].idle': 'busy' }, { 'vms[0].idle': 'halt' }]]);
  });
});

describe('compare store: one difference at a time', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    lab.api = inProcessLab();
  });

  it('a chosen preset starts A and B on the two first values of its first switch, nothing else', async () => {
    await useScenarioStore().loadPresetList();
    const compare = useCompareStore();
    compare.choose('intx-shared-line');
    expect(compare.a.switches).toEqual({ 'devices[0].intxMasking': 'line' });
    expect(compare.b.switches).toEqual({ 'devices[0].intxMasking': 'device' });
    expect([compare.a.label, compare.b.label]).toEqual(['line', 'device']);
  });

  it('offers no VM setting on a scenario without VMs', async () => {
    await useScenarioStore().loadPresetList();
    const compare = useCompareStore();
    compare.choose('intx-nobody-cared');
    expect(Object.keys(compare.switches).filter((p) => p.startsWith('vms['))).toEqual([]);
    expect(compare.a.switches).toEqual({});
    await compare.start();
    expect(compare.inputErrors).toEqual([]);
  });

  it('picks the switch the preset is about: the mediator\'s before the VMs\' delivery', async () => {
    await useScenarioStore().loadPresetList();
    const compare = useCompareStore();
    compare.choose('gvt-three-vms');
    expect(Object.keys(compare.a.switches)).toEqual(['gvt.hostInjection']);
    compare.choose('msi-emulated');
    expect(compare.a.switches).toEqual({ 'vms[0].delivery': 'emulated' });
    expect(compare.b.switches).toEqual({ 'vms[0].delivery': 'posted' });
  });
});
