// @vitest-environment happy-dom
// The scenario store: where the text comes from (presets, files, New), autosave, validation as you type, and the
// run controls, against a real lab host in this process.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import type { LabApi, LabMethod, ParamsOf } from '../../../src/shared/protocol';
import { inProcessLab, presetText, presets, recordingLab, settle } from '../support/inProcessLab';
import { MemoryKv, QuotaStorage } from '../support/draftFakes';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));
const files = vi.hoisted(() => ({ saved: [] as { text: string; name: string }[], toOpen: null as { name: string; text: string } | null, failOpen: null as Error | null }));
vi.mock('../../../src/renderer/src/files/scenarioFiles', () => ({
  scenarioFiles: () => ({
    native: false,
    open: async () => {
      if (files.failOpen) throw files.failOpen;
      return files.toOpen;
    },
    save: async (text: string, name: string) => {
      files.saved.push({ text, name });
      return { name };
    },
  }),
}));

// The autosave's stores: an in-memory IndexedDB record and a localStorage with Chromium's quota (see draftFakes).
const drafts = vi.hoisted(() => ({ kv: null as unknown, local: null as unknown }));
vi.mock('../../../src/renderer/src/files/draftStorage', async () => {
  const { DraftAutosave } = await import('../../../src/renderer/src/files/draftAutosave');
  return { draftAutosave: () => new DraftAutosave(drafts.kv as MemoryKv, drafts.local as QuotaStorage) };
});

const { useScenarioStore, NEW_SCENARIO, fileErrorMessage } = await import('../../../src/renderer/src/stores/scenario');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');

const FIRST = [...presets.map((p) => p.name)].sort()[0]!;

/** A lab whose answers to one method wait until released (each answer by its place in the order asked). */
function heldLab(method: LabMethod): LabApi & { held: (() => void)[]; release(): void } {
  const host = inProcessLab();
  const held: (() => void)[] = [];
  return {
    held,
    call: async <M extends LabMethod>(m: M, p: ParamsOf<M>) => {
      let go!: () => void;
      const wait = m === method ? new Promise<void>((r) => (go = r)) : null;
      if (wait) held.push(go);
      const answer = await host.call(m, p);
      if (wait) await wait;
      return answer;
    },
    onStatus: (l) => host.onStatus(l),
    release: () => held.forEach((r) => r()),
  };
}

describe('scenario store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    lab.api = inProcessLab();
    files.saved = [];
    files.toOpen = null;
    files.failOpen = null;
    drafts.kv = new MemoryKv();
    drafts.local = new QuotaStorage();
  });
  afterEach(() => vi.restoreAllMocks());

  it('a first start opens the first preset, so there is something to run', async () => {
    const s = useScenarioStore();
    await s.loadPresetList();
    expect(s.presets.map((p) => p.name)).toContain('msi-emulated');
    expect(s.presetName).toBe(FIRST);
    expect(s.text).toBe(presetText(FIRST));
    expect(s.doc).toEqual({ kind: 'preset', name: FIRST });
    expect(s.edited).toBe(false);
  });

  it('a preset picked while first-start picks are on their way is not replaced by the first preset', async () => {
    // Two views ask for the preset list at start (Compare, then Scenario): each opens the first preset.
    const held = heldLab('getPreset');
    lab.api = held;
    const s = useScenarioStore();
    const starts = [s.loadPresetList(), s.loadPresetList()];
    await vi.waitFor(() => expect(held.held.length).toBeGreaterThan(0), { timeout: 10_000 });
    await settle();
    const firstStart = held.held.length;
    const pick = s.pickPreset('intx-shared-line');
    await vi.waitFor(() => expect(held.held).toHaveLength(firstStart + 1), { timeout: 10_000 });
    // The first first-start answer, then the user's, then any other first-start one.
    held.held[0]!();
    held.held[firstStart]!();
    await pick;
    held.release();
    await Promise.all(starts);
    expect(s.presetName).toBe('intx-shared-line');
    expect(s.text).toBe(presetText('intx-shared-line'));
  });

  it('of two preset picks, the later one wins even when the earlier answers last', async () => {
    const held = heldLab('getPreset');
    lab.api = held;
    const s = useScenarioStore();
    const first = s.pickPreset('msi-emulated');
    const second = s.pickPreset('msi-posted');
    await vi.waitFor(() => expect(held.held).toHaveLength(2), { timeout: 10_000 });
    held.held[1]!();
    await second;
    held.held[0]!();
    await first;
    expect(s.presetName).toBe('msi-posted');
    expect(s.text).toBe(presetText('msi-posted'));
  });

  it('autosaves the text as it is typed, and the next start picks it up where it was', async () => {
    const s = useScenarioStore();
    await s.pickPreset('msi-emulated');
    s.text = s.text.replace('rate: 20000', 'rate: 20001');
    await nextTick();
    expect((drafts.local as QuotaStorage).getItem('virq.scenario.draft')).toContain('rate: 20001');
    expect(s.edited).toBe(true);

    setActivePinia(createPinia());
    const again = useScenarioStore();
    expect(again.text).toContain('rate: 20001');
    expect(again.presetName).toBe('msi-emulated');
    expect(again.edited).toBe(true);
    await again.loadPresetList();
    expect(again.text).toContain('rate: 20001');
  });

  it('validates a moment after the last keystroke with the lab\'s validator, and clears the issues once fixed', async () => {
    const recording = recordingLab();
    lab.api = recording;
    const s = useScenarioStore();
    await s.pickPreset('msi-emulated');
    const good = s.text;
    for (const v of ['b', 'bo', 'bogus']) {
      s.text = good.replace('idle: busy', `idle: ${v}`);
      await nextTick();
    }
    expect(s.validating).toBe(true);
    await vi.waitFor(() => expect(s.validating).toBe(false), { timeout: 10_000 });
    expect(recording.calls.filter((c) => c.method === 'validate')).toHaveLength(1);
    expect(s.issues.map((i) => i.path)).toEqual(['vms[0].idle']);
    expect(s.issues[0]!.line).toBe(good.split('\n').findIndex((l) => l.includes('idle: busy')) + 1);
    expect(s.issuesByLine.get(s.issues[0]!.line!)).toHaveLength(1);

    s.text = good;
    await nextTick();
    await vi.waitFor(() => expect(s.validating).toBe(false), { timeout: 10_000 });
    expect(s.issues).toEqual([]);
  });

  it('Run loads the editor text and runs it; text with issues never runs and stays as typed', async () => {
    const s = useScenarioStore();
    const labStore = useLabStore();
    await s.pickPreset('msi-emulated');
    const broken = s.text.replace('cpus: 4', 'cpus: many');
    s.text = broken;
    await s.run();
    expect(labStore.state).toBe('empty');
    expect(s.issues.map((i) => i.path)).toContain('host.cpus');
    expect(s.text).toBe(broken);

    s.text = presetText('msi-emulated');
    await s.run();
    expect(s.textIsLoaded).toBe(true);
    expect(['running', 'finished']).toContain(labStore.state);
  });

  it('Step loads the text when the lab does not hold it, then steps one event at a time', async () => {
    const s = useScenarioStore();
    const labStore = useLabStore();
    await s.pickPreset('msi-emulated');
    await s.step();
    expect(labStore.state).toBe('paused');
    expect(labStore.status?.events).toBe(1);
    await s.step();
    expect(labStore.status?.events).toBe(2);
  });

  it('New asks before unsaved edits are replaced: declined, the edits stay; accepted, the template', async () => {
    const s = useScenarioStore();
    await s.pickPreset('msi-emulated');
    s.text += '\n# mine';
    const ask = vi.fn<(message?: string) => boolean>().mockReturnValueOnce(false).mockReturnValueOnce(true);
    window.confirm = ask;
    s.newScenario();
    expect(s.text).toMatch(/# mine$/);
    s.newScenario();
    expect(ask).toHaveBeenCalledTimes(2);
    expect(ask.mock.calls[0]![0]).toMatch(/edits will be lost/);
    expect(s.text).toBe(NEW_SCENARIO);
    expect(s.doc.kind).toBe('new');
    expect(s.presetName).toBe('');
  });

  it('Save As writes the text under the name given; the document is then that file, unedited, and recent', async () => {
    const s = useScenarioStore();
    await s.pickPreset('msi-emulated');
    s.text += '\n# mine';
    await s.saveAs('mine.yaml');
    expect(files.saved).toEqual([{ text: s.text, name: 'mine.yaml' }]);
    expect(s.doc).toEqual({ kind: 'file', name: 'mine.yaml' });
    expect(s.edited).toBe(false);
    expect(s.recent.map((f) => f.name)).toEqual(['mine.yaml']);
  });

  it('Open replaces the text with the file\'s and remembers it among recent files', async () => {
    const s = useScenarioStore();
    files.toOpen = { name: 'other.yaml', text: presetText('msi-posted') };
    await s.open();
    expect(s.text).toBe(presetText('msi-posted'));
    expect(s.doc).toEqual({ kind: 'file', name: 'other.yaml' });
    expect(s.recent[0]!.name).toBe('other.yaml');
  });

  const BIG_COMMENT = '# a long comment that makes the scenario big\n'.repeat(140_000); // ~6.3 M characters

  it('keeps a 6 MB scenario across a restart (IndexedDB, not the localStorage quota), checking as it is typed all along', async () => {
    const s = useScenarioStore();
    await s.pickPreset('msi-emulated');
    s.text = s.text.replace('idle: busy', 'idle: bogus') + BIG_COMMENT;
    expect(s.text.length).toBeGreaterThan(6_000_000);
    await nextTick();
    await vi.waitFor(() => expect(s.validating).toBe(false), { timeout: 20_000 });
    expect(s.issues.map((i) => i.path)).toEqual(['vms[0].idle']);
    await s.flushAutosave();
    expect(s.autosaveStatus.problem).toBeNull();
    const typed = s.text;

    setActivePinia(createPinia());
    const again = useScenarioStore();
    await again.loadPresetList(); // a first start would open the first preset: it must not, the draft is there
    expect(again.text).toBe(typed);
    expect(again.edited).toBe(true);
    expect(again.presetName).toBe('msi-emulated');
  }, 60_000);

  it('says so when the text cannot be saved, and checking as you type goes on', async () => {
    (drafts.kv as MemoryKv).fail = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const s = useScenarioStore();
    await s.pickPreset('msi-emulated');
    s.text = s.text.replace('idle: busy', 'idle: bogus') + BIG_COMMENT;
    await nextTick();
    await s.flushAutosave();
    expect(s.autosaveStatus.problem).toMatch(/could not be saved in this browser .*Save it to a file/);
    await vi.waitFor(() => expect(s.validating).toBe(false), { timeout: 20_000 });
    expect(s.issues.map((i) => i.path)).toEqual(['vms[0].idle']);
  }, 60_000);

  it('a failed Open or Save (a file over the size limit) shows its message in the error bar, without Electron\'s wrapping', async () => {
    expect(fileErrorMessage(new Error("Error invoking remote method 'virq:scenario-open': Error: scenario file too big: 17.0 MiB; the limit for opening and saving is 16.0 MiB")))
      .toBe('scenario file too big: 17.0 MiB; the limit for opening and saving is 16.0 MiB');
    const s = useScenarioStore();
    const labStore = useLabStore();
    files.failOpen = new Error("Error invoking remote method 'virq:scenario-open': Error: scenario file too big: 17.0 MiB; the limit for opening and saving is 16.0 MiB");
    await expect(s.open()).rejects.toThrow(/too big/);
    expect(labStore.lastError).toBe('Open failed: scenario file too big: 17.0 MiB; the limit for opening and saving is 16.0 MiB');
  });
});
