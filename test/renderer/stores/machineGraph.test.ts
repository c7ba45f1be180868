// @vitest-environment happy-dom
// The machine graph behind the diagram: asked for the editor's text once it validates, kept (and marked stale)
// while the text has issues, and never drawn from an answer to an older text.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import type { LabApi, LabMethod, ParamsOf } from '../../../src/shared/protocol';
import { inProcessLab, presetText, recordingLab } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { useScenarioStore } = await import('../../../src/renderer/src/stores/scenario');
const { useMachineGraphStore } = await import('../../../src/renderer/src/stores/machineGraph');

let recording: ReturnType<typeof recordingLab>;
const graphCalls = () => recording.calls.filter((c) => c.method === 'machineGraph').map((c) => (c.params as { text: string }).text);

async function typed(text: string): Promise<void> {
  useScenarioStore().text = text;
  await nextTick();
}

describe('machine graph store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    recording = recordingLab(inProcessLab());
    lab.api = recording;
  });

  it('asks for the graph of the text a moment after it validates, and has the lab\'s parts and wires', async () => {
    const graph = useMachineGraphStore();
    const text = presetText('msi-emulated');
    await typed(text);
    expect(graph.updating).toBe(true);
    await vi.waitFor(() => expect(graph.current).toBe(true), { timeout: 10_000 });
    const direct = await inProcessLab().call('machineGraph', { text });
    if (!direct.ok) throw new Error('no graph');
    expect(graph.graph!.nodes).toEqual(direct.nodes);
    expect(graph.graph!.edges).toEqual(direct.edges);
    expect(graphCalls()).toEqual([text]);
    expect(recording.calls.findIndex((c) => c.method === 'validate')).toBeLessThan(recording.calls.findIndex((c) => c.method === 'machineGraph'));
  });

  it('keeps the last good graph, marked stale, while the text has issues, and never asks for that text', async () => {
    const graph = useMachineGraphStore();
    const good = presetText('msi-emulated');
    await typed(good);
    await vi.waitFor(() => expect(graph.current).toBe(true), { timeout: 10_000 });
    const before = graph.graph;

    const bad = good.replace('cpus: 4', 'cpus: many');
    await typed(bad);
    await vi.waitFor(() => expect(graph.stale).toBe(true), { timeout: 10_000 });
    expect(graph.graph).toBe(before);
    expect(graph.problem).toMatch(/1 issue/);
    expect(graphCalls()).not.toContain(bad);

    await typed(good.replace('cpus: 4', 'cpus: 6'));
    await vi.waitFor(() => expect(graph.current).toBe(true), { timeout: 10_000 });
    expect(graph.stale).toBe(false);
    expect(graph.problem).toBeNull();
    expect(graph.graph!.nodes.filter((n) => n.kind === 'pcpu')).toHaveLength(6);
  });

  it('going back to the text already drawn asks for nothing', async () => {
    const graph = useMachineGraphStore();
    const good = presetText('msi-emulated');
    await typed(good);
    await vi.waitFor(() => expect(graph.current).toBe(true), { timeout: 10_000 });
    await typed(`${good}# a comment the validator has not seen yet\n`);
    await typed(good);
    await vi.waitFor(() => expect(useScenarioStore().validating).toBe(false), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(graphCalls()).toEqual([good]);
    expect(graph.current).toBe(true);
  });

  it('an answer for an older text is dropped: the drawing is always of the text shown', async () => {
    // Answers to machineGraph wait until released, so the second text's answer can come first.
    const host = inProcessLab();
    const held: (() => void)[] = [];
    lab.api = {
      call: async <M extends LabMethod>(m: M, p: ParamsOf<M>) => {
        const answer = await host.call(m, p);
        if (m === 'machineGraph') await new Promise<void>((r) => held.push(r));
        return answer;
      },
      onStatus: (l) => host.onStatus(l),
    };
    const graph = useMachineGraphStore();
    await typed(presetText('msi-emulated'));
    await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 10_000 });
    const second = presetText('intx-shared-line');
    await typed(second);
    await vi.waitFor(() => expect(held).toHaveLength(2), { timeout: 10_000 });
    held[1]!();
    await vi.waitFor(() => expect(graph.current).toBe(true), { timeout: 10_000 });
    held[0]!();
    await new Promise((r) => setTimeout(r, 20));
    expect(graph.builtFrom).toBe(second);
    expect(graph.current).toBe(true);
  });
});
