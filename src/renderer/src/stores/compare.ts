// Compare: the same scenario run twice with two sets of `--set` overrides, in the lab host beside any run;
// progress is pulled a few times a second until both sides finish.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
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
  /** What the last comparison ran: its text and each side's overrides (what "open A/B" loads). */
  let ran: { text: string; sets: [Record<string, string>, Record<string, string>] } | null = null;
  const poller = progressPoller(() => lab.call('compareProgress', undefined), progress, POLL_MS);

  const preset = computed<PresetInfo | undefined>(() =>
    scenario.presets.find((p) => p.name === (source.value === EDITOR ? scenario.presetName : source.value)));
  /** Design switches offered as menus: the preset's, plus the idle policy of its first VM (when it has one). */
  const switches = computed<Record<string, string[]>>(() => {
    const out: Record<string, string[]> = { ...(preset.value?.switches ?? {}) };
    if (preset.value?.vms.length || source.value === EDITOR) out['vms[0].idle'] ??= ['busy', 'halt'];
    return out;
  });
  const running = computed(() => progress.value?.state === 'running');
  /** The chosen preset's switch menus are known (the preset list has arrived): before that, every side's switches
   *  would be dropped as "not offered" and both sides would run as the preset is, whatever the menus show. */
  const ready = computed(() => source.value === EDITOR || scenario.presets.length > 0);

  function overridesOf(side: SideInput): { set: Record<string, string>; errors: string[] } {
    const set: Record<string, string> = {};
    // Only the switches the chosen scenario offers: a value kept from another preset is not sent hidden.
    for (const [path, value] of Object.entries(side.switches)) if (value && Object.hasOwn(switches.value, path)) set[path] = value;
    const extra = parseOverrides(side.extra);
    return { set: { ...set, ...extra.set }, errors: extra.errors.map((e) => `${side.label}: ${e}`) };
  }

  async function start(): Promise<void> {
    if (!ready.value) await new Promise<void>((resolve) => { const stop = watch(ready, (r) => { if (r) { stop(); resolve(); } }); });
    const oa = overridesOf(a.value);
    const ob = overridesOf(b.value);
    inputErrors.value = [...oa.errors, ...ob.errors];
    if (inputErrors.value.length) return;
    save();
    const text = source.value === EDITOR ? scenario.text : (await lab.call('getPreset', { name: source.value })).text;
    ran = { text, sets: [oa.set, ob.set] };
    progress.value = await lab.call('compare', {
      text,
      a: { label: a.value.label || 'A', set: oa.set },
      b: { label: b.value.label || 'B', set: ob.set },
    });
    poller.start();
  }


  /**
   * The user picks a scenario: one difference at a time — A and B take the first two values of the design switch the
   * preset is about (named by them), nothing else; with no switch both sides start as the preset is.
   */
  function choose(name: string): void {
    source.value = name;
    // The switch a preset is about is a device's or the mediator's; the VMs' delivery and the GIC version come after.
    const candidates = Object.entries(switches.value).filter(([path, values]) => path !== 'vms[0].idle' && values.length >= 2);
    const first = candidates.find(([path]) => path.startsWith('devices[') || path.startsWith('gvt.')) ?? candidates[0]
      ?? Object.entries(switches.value).find(([, values]) => values.length >= 2);
    if (!first) {
      a.value = { label: 'A', switches: {}, extra: '' };
      b.value = { label: 'B', switches: {}, extra: '' };
      return;
    }
    const [path, values] = first;
    a.value = { label: values[0]!, switches: { [path]: values[0]! }, extra: '' };
    b.value = { label: values[1]!, switches: { [path]: values[1]! }, extra: '' };
  }

  /**
   * Loads side i's run as the lab's run (the same text, overrides and seed: the same run, deterministically) and runs
   * it to its end, so the Log and Registers show it; the status bar names it.
   */
  async function openSide(i: 0 | 1): Promise<void> {
    const p = progress.value;
    if (!ran || !p || p.state !== 'done') return;
    const side = p.sides[i]!;
    const loaded = await lab.call('load', { text: ran.text, set: ran.sets[i], label: `Compare ${i === 0 ? 'A' : 'B'}: ${side.label}` });
    if (!loaded.ok) throw new Error(loaded.issues.map((x) => `${x.path}: ${x.message}`).join('; '));
    await lab.control('run', {});
  }

  function swap(): void {
    [a.value, b.value] = [b.value, a.value];
  }

  function save(): void {
    localStorage.setItem(SAVED_KEY, JSON.stringify({ source: source.value, a: a.value, b: b.value }));
  }

  return { EDITOR, source, a, b, progress, inputErrors, switches, preset, running, ready, start, choose, openSide, swap };
});

function readSaved(): { source: string; a: SideInput; b: SideInput } | null {
  try {
    const v = JSON.parse(localStorage.getItem(SAVED_KEY) ?? 'null') as { source: string; a: SideInput; b: SideInput } | null;
    return v && typeof v.source === 'string' && v.a && v.b ? v : null;
  } catch {
    return null;
  }
}
