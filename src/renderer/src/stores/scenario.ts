// The scenario being edited: where its text came from (a preset, a file, new), the text (autosaved on every
// change: IndexedDB, small drafts also in localStorage, see files/draftAutosave.ts; a failed autosave is shown),
// validation as you type, files (New/Open/Save/Save As, recent files) and the run controls.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { PresetInfo, ScenarioIssue } from '../../../shared/protocol';
import { busyGuard } from './busyGuard';
import { useLabStore } from './lab';
import { scenarioFiles } from '../files/scenarioFiles';
import { readRecent, rememberRecent, type RecentFile } from '../files/recentFiles';
import { draftAutosave } from '../files/draftStorage';
import type { AutosaveStatus } from '../files/draftAutosave';

const PRESET_KEY = 'virq.scenario.preset';
const DOC_KEY = 'virq.scenario.doc';
const VALIDATE_DELAY_MS = 300;

export const NEW_SCENARIO = `name: my-scenario
description: what this scenario shows and what to look for
seed: 1
duration: 10ms
host:
  cpus: 2
vms:
  - id: vm0
    vcpus: 1
    idle: busy
devices:
  - id: nic0
    bdf: "00:03.0"
    owner: vm0
    hostCpu: 0
    hostVector: 0x41
    guestVector: 0x51
    rate: 10000
`;

/** Where the editor text came from: Save writes back to a file document; a preset or new text asks for a name. */
export interface ScenarioDoc {
  kind: 'preset' | 'file' | 'new';
  name: string;
  path?: string;
}

export const useScenarioStore = defineStore('scenario', () => {
  const lab = useLabStore();
  const files = scenarioFiles();
  const autosave = draftAutosave();
  const presets = ref<PresetInfo[]>([]);
  const presetName = ref<string>(localStorage.getItem(PRESET_KEY) ?? '');
  const localDraft = autosave.readLocal();
  const text = ref<string>(localDraft?.text ?? '');
  const issues = ref<ScenarioIssue[]>([]);
  /** The text as last opened or saved: the editor holds unsaved edits when its text differs. */
  const baseText = ref<string>(localDraft?.base ?? text.value);
  /** Whether the autosave holds the newest text; its problem is shown above the editor. */
  const autosaveStatus = ref<AutosaveStatus>({ saving: false, problem: null, lost: null });
  autosave.onStatus((s) => (autosaveStatus.value = s));
  const doc = ref<ScenarioDoc>(readDoc() ?? { kind: 'preset', name: presetName.value });
  const recent = ref<RecentFile[]>(readRecent());
  const edited = computed(() => text.value.trim() !== '' && text.value !== baseText.value);
  /** The text the lab last accepted: Run resumes a paused run only while the editor still holds it. */
  const loadedText = ref<string | null>(null);
  const busy = ref(false);
  /** True while the text typed has not been validated yet. */
  const validating = ref(false);
  let validateTimer: ReturnType<typeof setTimeout> | null = null;
  let validateSeq = 0;
  /** Bumped by every choice of text (a preset, a file, New): an older preset request answering late is dropped. */
  let choiceSeq = 0;

  // Checking as you type comes first: an autosave problem must not stop it.
  watch(text, () => validateSoon());
  watch([text, baseText], ([t, b]) => autosave.save({ text: t, base: b }));
  /** The newest draft of all copies, once read (a big one is in IndexedDB only); unless the user has moved on. */
  const restored = autosave.restore().then(
    (d) => {
      if (!d || choiceSeq !== 0 || text.value !== (localDraft?.text ?? '')) return;
      if (d.text !== text.value) text.value = d.text;
      if (d.base !== baseText.value) baseText.value = d.base;
    },
    () => undefined,
  );
  // Leaving the page starts the newest write at once rather than behind one still on its way.
  window.addEventListener('pagehide', () => void autosave.flush());
  // A restarted lab holds nothing: give it the editor's text again, so Run starts where the user was, and re-check it
  // (a check that was on its way to the old lab failed with it).
  lab.onRestart(() => void reloadAfterRestart());

  watch(presetName, (n) => setSmall(PRESET_KEY, n));
  watch(doc, (d) => setSmall(DOC_KEY, JSON.stringify(d)), { deep: true });

  const issuesByLine = computed(() => {
    const byLine = new Map<number, ScenarioIssue[]>();
    for (const issue of issues.value) {
      if (issue.line === undefined) continue;
      byLine.set(issue.line, [...(byLine.get(issue.line) ?? []), issue]);
    }
    return byLine;
  });

  const textIsLoaded = computed(() => loadedText.value !== null && loadedText.value === text.value);

  /** Lint as you type: the lab's own validator (the one Run uses), a moment after the last keystroke. */
  function validateSoon(): void {
    if (validateTimer !== null) clearTimeout(validateTimer);
    // A check of an earlier text still on its way must not clear `validating` for this one.
    validateSeq++;
    validating.value = true;
    validateTimer = setTimeout(() => {
      validateTimer = null;
      void validateNow();
    }, VALIDATE_DELAY_MS);
  }

  async function validateNow(): Promise<void> {
    const seq = ++validateSeq;
    const t = text.value;
    try {
      const result = await lab.call('validate', { text: t });
      if (seq === validateSeq && t === text.value) issues.value = result.issues;
    } catch {
      // recorded by the lab store
    } finally {
      if (seq === validateSeq) validating.value = false;
    }
  }

  async function loadPresetList(): Promise<void> {
    presets.value = await lab.call('listPresets', undefined);
    await restored;
    const first = presets.value[0];
    // A first start (nothing saved) opens the first preset so there is something to run, unless the user has chosen
    // anything at all (a preset picked while a list, or its text, was on its way must not be replaced by it; the list
    // may be asked for more than once).
    if (!text.value && first && choiceSeq === 0) await pickPreset(first.name);
  }

  function replaceText(t: string, source: ScenarioDoc): void {
    text.value = t;
    baseText.value = t;
    doc.value = source;
    issues.value = [];
  }

  /** Asks before unsaved edits are replaced; true when it may go ahead. */
  function mayDiscard(what: string): boolean {
    return !edited.value || window.confirm(`Replace your edited scenario with ${what}? Your edits will be lost.`);
  }

  async function pickPreset(name: string): Promise<void> {
    const seq = ++choiceSeq;
    const preset = await lab.call('getPreset', { name });
    if (seq !== choiceSeq) return;
    presetName.value = preset.name;
    replaceText(preset.text, { kind: 'preset', name: preset.name });
  }

  function newScenario(): void {
    if (!mayDiscard('a new scenario')) return;
    choiceSeq++;
    presetName.value = '';
    replaceText(NEW_SCENARIO, { kind: 'new', name: 'untitled.yaml' });
  }

  async function open(): Promise<void> {
    if (!mayDiscard('a file')) return;
    const f = await reportFileError('Open', () => files.open());
    if (!f) return;
    choiceSeq++;
    presetName.value = '';
    replaceText(f.text, { kind: 'file', name: f.name, ...(f.path ? { path: f.path } : {}) });
    recent.value = rememberRecent(recent.value, { name: f.name, text: f.text, ...(f.path ? { path: f.path } : {}) });
  }

  function openRecent(f: RecentFile): void {
    if (!mayDiscard(f.name)) return;
    choiceSeq++;
    presetName.value = '';
    replaceText(f.text, { kind: 'file', name: f.name, ...(f.path ? { path: f.path } : {}) });
    recent.value = rememberRecent(recent.value, f);
  }

  /** Save: back to the file it came from (Electron), else as Save As. */
  async function save(): Promise<void> {
    if (doc.value.kind === 'file' && (doc.value.path || !files.native)) await saveTo(doc.value.name, doc.value.path);
    else await saveAs();
  }

  async function saveAs(name?: string): Promise<void> {
    const suggested = name ?? (doc.value.kind === 'file' ? doc.value.name : `${doc.value.name || 'scenario'}.yaml`);
    await saveTo(suggested, undefined);
  }

  async function saveTo(name: string, path: string | undefined): Promise<void> {
    const t = text.value;
    const saved = await reportFileError('Save', () => files.save(t, name, path));
    if (!saved) return;
    baseText.value = t;
    doc.value = { kind: 'file', name: saved.name, ...(saved.path ? { path: saved.path } : {}) };
    presetName.value = '';
    recent.value = rememberRecent(recent.value, { name: saved.name, text: t, ...(saved.path ? { path: saved.path } : {}) });
  }

  /** A file dialog's failure (too big, unreadable, disk full) goes to the error bar, then on to the caller. */
  async function reportFileError<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (e) {
      lab.fail(`${what} failed: ${fileErrorMessage(e)}`);
      throw e;
    }
  }

  /** Sends the editor text to the lab; on issues, keeps the text as typed and reports them. */
  async function loadText(): Promise<boolean> {
    const result = await lab.call('load', { text: text.value });
    if (!result.ok) {
      issues.value = result.issues;
      loadedText.value = null;
      return false;
    }
    issues.value = [];
    loadedText.value = text.value;
    lab.status = result.status;
    return true;
  }

  /**
   * The lab now holds a run of `t` loaded another way (a snapshot opened): the editor takes that text (unless it is
   * already there, or `keepEditor`), so Run and Step go on with the restored run.
   */
  function adoptLoaded(t: string, name: string, keepEditor = false): void {
    if (t !== text.value && !keepEditor) {
      choiceSeq++;
      presetName.value = '';
      replaceText(t, { kind: 'new', name });
    }
    loadedText.value = t;
  }

  async function reloadAfterRestart(): Promise<void> {
    loadedText.value = null;
    if (text.value.trim()) {
      try {
        await loadText();
      } catch {
        // recorded by the lab store
      }
    }
    validateSoon();
  }

  /** Run: resume (or start) the run the lab holds when it is of the editor's text, else load the editor text and run it from the start. */
  async function run(): Promise<void> {
    await guarded(async () => {
      if (lab.state === 'running') return;
      const resume = (lab.state === 'paused' || lab.state === 'loaded') && textIsLoaded.value;
      if (!resume && !(await loadText())) return;
      await lab.control('run', {});
    });
  }

  async function pause(): Promise<void> {
    await guarded(async () => {
      if (lab.state === 'running') await lab.control('pause', undefined);
    });
  }

  /** Step one event; loads the editor text first when the lab does not hold it yet. */
  async function step(): Promise<void> {
    await guarded(async () => {
      if (lab.state === 'running') return;
      const needsLoad = !textIsLoaded.value || lab.state === 'empty' || lab.state === 'finished';
      if (needsLoad && !(await loadText())) return;
      await lab.control('step', { events: 1 });
    });
  }

  async function reset(): Promise<void> {
    await guarded(async () => {
      await lab.control('reset', undefined);
    });
  }

  const guarded = busyGuard(busy);

  return {
    presets, presetName, text, edited, issues, issuesByLine, textIsLoaded, busy, validating, doc, recent, nativeFiles: files.native,
    autosaveStatus, dismissAutosaveNote: () => autosave.dismissLost(), flushAutosave: () => autosave.flush(),
    loadPresetList, pickPreset, mayDiscard, newScenario, open, openRecent, save, saveAs, run, pause, step, reset, loadText, adoptLoaded,
  };
});

/** localStorage for small settings: a full quota must not stop the editor. */
function setSmall(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // the preset name and document are restored from defaults next time
  }
}

/** Electron wraps a main-process error as "Error invoking remote method 'x': Error: <message>": keep the message. */
export function fileErrorMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}

function readDoc(): ScenarioDoc | null {
  try {
    const d = JSON.parse(localStorage.getItem(DOC_KEY) ?? 'null') as ScenarioDoc | null;
    return d && typeof d.name === 'string' ? d : null;
  } catch {
    return null;
  }
}
