// The interrupt log: one window of hop rows at a time (as many as the table shows), following the newest rows or
// parked where the user scrolled. Rows stay in the lab host; only the visible window is pulled.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { HopFilter, HopRow } from '../../../shared/protocol';
import { parseTime } from '../timeText';
import { useLabStore } from './lab';

/** Rows per window when the table has not measured itself yet. */
export const LOG_PAGE_SIZE = 100;

export interface LogFilterInput {
  vm: string;
  device: string;
  kind: string;
  /** Empty, or a flow id. */
  flow: string;
  /** Simulated-time bounds as typed ("1.5ms"), empty for none. */
  from: string;
  to: string;
}

const EMPTY_FILTER: LogFilterInput = { vm: '', device: '', kind: '', flow: '', from: '', to: '' };

export const useLogStore = defineStore('log', () => {
  const lab = useLabStore();
  /** Plain rows as the lab sent them, replaced whole: no deep proxies for a table that reads every cell per window. */
  const rows = shallowRef<HopRow[]>([]);
  const total = ref(0);
  const overwritten = ref(0);
  /** Index of the first row shown, in the filtered rows. */
  const start = ref(0);
  /** Following the newest rows (tail) or parked at `start`. */
  const follow = ref(true);
  const filter = ref<LogFilterInput>({ ...EMPTY_FILTER });
  /** Rows the table has room for. */
  const windowSize = ref(LOG_PAGE_SIZE);
  /**
   * When a filter matches nothing and the ring has dropped older hops: the time of the oldest hop still held (the
   * hops the filter asks for may be among those dropped). Null otherwise.
   */
  const oldestHeldNs = ref<number | null>(null);
  /** The row picked (clicked, or a hop another view sent the Log to). */
  const selectedSeq = ref<number | null>(null);
  let pulling: Promise<void> | null = null;
  let again = false;

  const filterErrors = computed(() => {
    const out: string[] = [];
    if (parseTime(filter.value.from) === null) out.push(`from: "${filter.value.from}" is not a time (e.g. 1.5ms)`);
    if (parseTime(filter.value.to) === null) out.push(`to: "${filter.value.to}" is not a time (e.g. 2ms)`);
    return out;
  });

  const filterActive = computed(() => Object.values(filter.value).some((v) => v.trim() !== ''));

  const wireFilter = computed<HopFilter>(() => {
    const f: HopFilter = {};
    const { vm, device, kind, flow, from, to } = filter.value;
    if (vm.trim()) f.vm = vm.trim();
    if (device.trim()) f.device = device.trim();
    if (kind.trim()) f.kind = kind.trim();
    const flowId = Number.parseInt(flow, 10);
    if (flow.trim() && Number.isInteger(flowId)) f.flow = flowId;
    const fromNs = parseTime(from);
    const toNs = parseTime(to);
    if (typeof fromNs === 'number') f.fromNs = fromNs;
    if (typeof toNs === 'number') f.toNs = toNs;
    return f;
  });

  // A new run (a load, a reset) starts a new log: follow its newest rows, wherever the last run's window was parked.
  watch(() => lab.status?.events ?? 0, (events, before) => {
    if (events < before || lab.state === 'loaded') follow.value = true;
  });

  const pageCount = computed(() => Math.max(1, Math.ceil(total.value / windowSize.value)));
  const page = computed(() => Math.floor(start.value / windowSize.value) + 1);

  /** Pulls the window; calls made while one is in flight collapse into one more pull after it. */
  async function pull(): Promise<void> {
    if (pulling) {
      again = true;
      return pulling;
    }
    pulling = (async () => {
      try {
        do {
          again = false;
          await pullOnce();
        } while (again);
      } finally {
        pulling = null;
      }
    })();
    return pulling;
  }

  async function pullOnce(): Promise<void> {
    // Nothing loaded: nothing to ask for.
    if (lab.state === 'empty') {
      rows.value = [];
      total.value = 0;
      return;
    }
    const n = windowSize.value;
    const query = follow.value
      ? { start: -n, count: n, filter: wireFilter.value }
      : { start: start.value, count: n, filter: wireFilter.value };
    const result = await lab.call('queryHops', query);
    // A parked window past the end (a new run, a narrower filter) falls back to the newest rows.
    if (!follow.value && result.rows.length === 0 && result.total > 0) {
      follow.value = true;
      return pullOnce();
    }
    let oldest: number | null = null;
    if (result.total === 0 && result.overwritten > 0 && filterActive.value) {
      oldest = (await lab.call('queryHops', { start: 0, count: 1, filter: {} })).rows[0]?.timeNs ?? null;
    }
    rows.value = result.rows;
    total.value = result.total;
    overwritten.value = result.overwritten;
    start.value = result.start;
    oldestHeldNs.value = oldest;
  }

  /** Park at a window starting at `index` (clamped); the last window follows the newest rows again. */
  async function goTo(index: number): Promise<void> {
    const lastStart = Math.max(0, total.value - windowSize.value);
    const clamped = Math.min(Math.max(0, Math.round(index)), lastStart);
    follow.value = clamped >= lastStart;
    start.value = clamped;
    await pull();
  }

  /** Shows the hop `seq` (no filter, a window around it) and selects it: a breakpoint hit, a register's last writer. */
  async function showHop(seq: number): Promise<void> {
    filter.value = { ...EMPTY_FILTER };
    selectedSeq.value = seq;
    follow.value = false;
    start.value = 0;
    await pull();
    // Unfiltered, row i is hop overwritten + i.
    await goTo(seq - overwritten.value - Math.floor(windowSize.value / 2));
  }

  async function followNewest(): Promise<void> {
    follow.value = true;
    await pull();
  }

  async function setFilter(change: Partial<LogFilterInput>): Promise<void> {
    filter.value = { ...filter.value, ...change };
    follow.value = true;
    if (filterErrors.value.length) return;
    await pull();
  }

  async function clearFilter(): Promise<void> {
    await setFilter({ ...EMPTY_FILTER });
  }

  function setWindowSize(n: number): void {
    const size = Math.max(5, Math.min(500, Math.floor(n)));
    if (size === windowSize.value) return;
    windowSize.value = size;
    void pull().catch(() => undefined);
  }

  return {
    rows, total, overwritten, oldestHeldNs, start, follow, filter, filterActive, filterErrors, wireFilter, windowSize, pageCount, page,
    selectedSeq, pull, goTo, showHop, followNewest, setFilter, clearFilter, setWindowSize,
  };
});
