// Sweep: a grid of runs over one parameter (the x axis) and optionally a second (one line each), at several seeds,
// run by the lab host in slices beside any run; progress is pulled a few times a second until it ends. The
// parameters use `virq sweep`'s --vary syntax, so a sweep made here can be repeated from the CLI (`cli` below).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { PresetInfo, SweepProgress } from '../../../shared/protocol';
import { useLabStore } from './lab';
import { progressPoller } from './progressPoller';
import { useScenarioStore } from './scenario';

const POLL_MS = 200;
const EDITOR = '(editor text)';
const SAVED_KEY = 'virq.sweep';

/** The figures offered in the metric menu (any summary path can be typed). */
export const METRIC_CHOICES = [
  'latencyNs.p50', 'latencyNs.p99', 'completionNs.p50', 'completionNs.p99', 'vmExits.total',
  'cpuNs.hostNsPerFlow', 'flows.delivered', 'flows.coalesced', 'flows.dropped',
];

export interface ParamInput {
  path: string;
  /** Values "a,b,c" or a range "1k..200k:8log". */
  values: string;
}

interface Saved {
  source: string;
  x: ParamInput;
  series: ParamInput;
  metric: string;
  seeds: number;
}

export const useSweepStore = defineStore('sweep', () => {
  const lab = useLabStore();
  const scenario = useScenarioStore();
  const saved = readSaved();
  const source = ref(saved?.source ?? 'intx-shared-line');
  const x = ref<ParamInput>(saved?.x ?? { path: 'devices[1].rate', values: '1k..200k:8log' });
  const series = ref<ParamInput>(saved?.series ?? { path: 'devices[0].intxMasking', values: 'line,device' });
  const metric = ref(saved?.metric ?? 'perVm.vm0.latencyNs.p99');
  const seeds = ref(saved?.seeds ?? 3);
  const progress = ref<SweepProgress | null>(null);
  const poller = progressPoller(() => lab.call('sweepProgress', undefined), progress, POLL_MS);

  const preset = computed<PresetInfo | undefined>(() =>
    scenario.presets.find((p) => p.name === (source.value === EDITOR ? scenario.presetName : source.value)));
  const switches = computed<Record<string, string[]>>(() => preset.value?.switches ?? {});
  const running = computed(() => progress.value?.state === 'running');
  const vary = computed(() => [x.value, series.value].filter((p) => p.path.trim() && p.values.trim()).map((p) => `${p.path.trim()}=${p.values.trim()}`));
  /** The same sweep from the command line. */
  const cli = computed(() => {
    const name = source.value === EDITOR ? 'my-scenario.yaml' : source.value;
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    return ['npx virq sweep', name, ...vary.value.map((v) => `--vary ${q(v)}`), `--seeds ${seeds.value}`, `--metric ${q(metric.value)}`, '--csv'].join(' ');
  });

  async function start(): Promise<void> {
    save();
    const text = source.value === EDITOR ? scenario.text : (await lab.call('getPreset', { name: source.value })).text;
    progress.value = await lab.call('sweep', { text, vary: vary.value, seeds: seeds.value, metrics: [metric.value] });
    poller.start();
  }

  async function cancel(): Promise<void> {
    progress.value = await lab.call('cancelSweep', undefined);
  }


  /** A switch picked for a parameter: its values, all of them. */
  function pickSwitch(p: ParamInput, path: string): void {
    p.path = path;
    const values = switches.value[path];
    if (values) p.values = values.join(',');
  }

  function save(): void {
    const s: Saved = { source: source.value, x: x.value, series: series.value, metric: metric.value, seeds: seeds.value };
    localStorage.setItem(SAVED_KEY, JSON.stringify(s));
  }

  return { EDITOR, source, x, series, metric, seeds, progress, preset, switches, running, vary, cli, start, cancel, pickSwitch };
});

function readSaved(): Saved | null {
  try {
    const v = JSON.parse(localStorage.getItem(SAVED_KEY) ?? 'null') as Saved | null;
    return v && typeof v.source === 'string' && v.x && v.series && typeof v.metric === 'string' ? v : null;
  } catch {
    return null;
  }
}
