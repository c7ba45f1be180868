// @vitest-environment happy-dom
// The costs behind "Costs in use": asked for the editor's text only while the panel is open and once the text
// validates; the last good table kept (stale) while the text has issues.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, presetText, recordingLab } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { useScenarioStore } = await import('../../../src/renderer/src/stores/scenario');
const { useCostsInUseStore } = await import('../../../src/renderer/src/stores/costsInUse');

let recording: ReturnType<typeof recordingLab>;
const asked = () => recording.calls.filter((c) => c.method === 'costsInUse').map((c) => (c.params as { text: string }).text);

async function typed(text: string): Promise<void> {
  useScenarioStore().text = text;
  await nextTick();
}

describe('costs in use store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    recording = recordingLab(inProcessLab());
    lab.api = recording;
  });

  it('asks nothing while the panel is closed, then the lab\'s rows for the text once opened', async () => {
    const costs = useCostsInUseStore();
    const text = `${presetText('msi-emulated')}\ncosts: { "kvm.vmexit": "1500 cycles" }\n`;
    await typed(text);
    await vi.waitFor(() => expect(useScenarioStore().validating).toBe(false), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(asked()).toEqual([]);
    costs.open = true;
    await vi.waitFor(() => expect(costs.current).toBe(true), { timeout: 10_000 });
    const direct = await inProcessLab().call('costsInUse', { text });
    if (!direct.ok) throw new Error('not ok');
    expect(costs.table!.costs).toEqual(direct.costs);
    expect(costs.table!.costs.find((c) => c.name === 'kvm.vmexit')!.overridden).toBe(true);
    expect(asked()).toEqual([text]);
  });

  it('keeps the last table, marked stale, while the text has issues, and never asks for that text', async () => {
    const costs = useCostsInUseStore();
    costs.open = true;
    const good = presetText('msi-emulated');
    await typed(good);
    await vi.waitFor(() => expect(costs.current).toBe(true), { timeout: 10_000 });
    const before = costs.table;
    const bad = `${good}\ncosts: { "kvm.nope": 5 }\n`;
    await typed(bad);
    await vi.waitFor(() => expect(costs.stale).toBe(true), { timeout: 10_000 });
    expect(costs.table).toBe(before);
    expect(asked()).not.toContain(bad);
  });
});
