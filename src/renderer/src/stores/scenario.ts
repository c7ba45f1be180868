// The scenario being edited: preset picking, the editor text (autosaved), validation issues, run controls.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { PresetInfo, ScenarioIssue } from '../../../shared/protocol';
import { useLabStore } from './lab';

const TEXT_KEY = 'virq.scenario.text';
const PRESET_KEY = 'virq.scenario.preset';
const BASE_KEY = 'virq.scenario.base';

export const useScenarioStore = defineStore('scenario', () => {
  const lab = useLabStore();
  const presets = ref<PresetInfo[]>([]);
  const presetName = ref<string>(localStorage.getItem(PRESET_KEY) ?? '');
  const text = ref<string>(localStorage.getItem(TEXT_KEY) ?? '');
  const issues = ref<ScenarioIssue[]>([]);
  /** The preset text the editor started from: the editor holds edits when its text differs. */
  const baseText = ref<string>(localStorage.getItem(BASE_KEY) ?? text.value);
  const edited = computed(() => text.value.trim() !== '' && text.value !== baseText.value);
  /** The text the lab last accepted: Run resumes a paused run only while the editor still holds it. */
  const loadedText = ref<string | null>(null);
  const busy = ref(false);

  watch(text, (t) => localStorage.setItem(TEXT_KEY, t));
  watch(presetName, (n) => localStorage.setItem(PRESET_KEY, n));
  watch(baseText, (t) => localStorage.setItem(BASE_KEY, t));

  /** 1-based line → the issues on it, for the gutter. */
  const issuesByLine = computed(() => {
    const byLine = new Map<number, ScenarioIssue[]>();
    for (const issue of issues.value) {
      if (issue.line === undefined) continue;
      const list = byLine.get(issue.line) ?? [];
      list.push(issue);
      byLine.set(issue.line, list);
    }
    return byLine;
  });

  const textIsLoaded = computed(() => loadedText.value !== null && loadedText.value === text.value);

  async function loadPresetList(): Promise<void> {
    presets.value = await lab.call('listPresets', undefined);
    const first = presets.value[0];
    // A first start (nothing saved) opens the first preset so there is something to run.
    if (!text.value && first) await pickPreset(first.name);
  }

  async function pickPreset(name: string): Promise<void> {
    const preset = await lab.call('getPreset', { name });
    presetName.value = preset.name;
    text.value = preset.text;
    baseText.value = preset.text;
    issues.value = [];
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

  async function guarded(action: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    try {
      await action();
    } catch {
      // lab.call already recorded the error for the error bar.
    } finally {
      busy.value = false;
    }
  }

  return { presets, presetName, text, edited, issues, issuesByLine, textIsLoaded, busy, loadPresetList, pickPreset, run, pause, step, reset };
});
