// Compare: the same scenario run twice with two sets of `--set` overrides, in the lab host beside any run;
// progress is pulled a few times a second until both sides finish.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CompareProgress, PresetInfo } from '../../../shared/protocol';
import { parseOverrides } from '../compare/overrideText';
import { useLabStore } from './lab';
import { progressPoller } from './progressPoller';
import { useScenarioStore } from './scenario';

const POLL_MS = 150;
const EDITOR = '(editor text)';

export interface SideInput {
  label: string;
  /** Switch path → chosen value ('' = as in the scenario). */
  switches: Record<string, string>;
  /** Free-form `path=value` lines. */
  extra: string;
}

const SAVED_KEY = 'virq.compare';

export const useCompareStore = defineStore('compare', () => {
  const lab = useLabStore();
  const scenario = useScenarioStore();
  const saved = readSaved();
  const source = ref<string>(saved?.source ?? 'msi-emulated');
  const a = ref<SideInput>(saved?.a ?? { label: 'A', switches: { 'vms[0].idle': 'busy' }, extra: '' });
  const b = ref<SideInput>(saved?.b ?? { label: 'B', switches: { 'vms[0].idle': 'halt' }, extra: '' });
  const progress = ref<CompareProgress | null>(null);
  const inputErrors = ref<string[]>([]);
  const poller = progressPoller(() => lab.call('compareProgress', undefined), progress, POLL_MS);

  const preset = computed<PresetInfo | undefined>(() =>
    scenario.presets.find((p) => p.name === (source.value === EDITOR ? scenario.presetName : source.value)));
  /** Design switches offered as menus: the preset's, plus the idle policy every VM has. */
  const switches = computed<Record<string, string[]>>(() => {
    const out: Record<string, string[]> = { ...(preset.value?.switches ?? {}) };
    out['vms[0].idle'] ??= ['busy', 'halt'];
    return out;
  });
  const running = computed(() => progress.value?.state === 'running');

  function overridesOf(side: SideInput): { set: Record<string, string>; errors: string[] } {
    const set: Record<string, string> = {};
    // Only the switches the chosen scenario offers: a value kept from another preset is not sent hidden.
    for (const [path, value] of Object.entries(side.switches)) if (value && Object.hasOwn(switches.value, path)) set[path] = value;
    const extra = parseOverrides(side.extra);
    return { set: { ...set, ...extra.set }, errors: extra.errors.map((e) => `${side.label}: ${e}`) };
  }

  async function start(): Promise<void> {
    const oa = overridesOf(a.value);
    const ob = overridesOf(b.value);
    inputErrors.value = [...oa.errors, ...ob.errors];
    if (inputErrors.value.length) return;
    save();
    const text = source.value === EDITOR ? scenario.text : (await lab.call('getPreset', { name: source.value })).text;
    progress.value = await lab.call('compare', {
      text,
      a: { label: a.value.label || 'A', set: oa.set },
      b: { label: b.value.label || 'B', set: ob.set },
    });
    poller.start();
  }


  function swap(): void {
    [a.value, b.value] = [b.value, a.value];
  }

  function save(): void {
    localStorage.setItem(SAVED_KEY, JSON.stringify({ source: source.value, a: a.value, b: b.value }));
  }

  return { EDITOR, source, a, b, progress, inputErrors, switches, preset, running, start, swap };
});

function readSaved(): { source: string; a: SideInput; b: SideInput } | null {
  try {
    const v = JSON.parse(localStorage.getItem(SAVED_KEY) ?? 'null') as { source: string; a: SideInput; b: SideInput } | null;
    return v && typeof v.source === 'string' && v.a && v.b ? v : null;
  } catch {
    return null;
  }
}
