// The interrupt log: one window of hop rows at a time, following the newest rows or parked at a page the user chose.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { HopRow, LogFilter } from '../../../shared/protocol';
import { useLabStore } from './lab';

export const LOG_PAGE_SIZE = 100;

export interface LogFilterInput {
  vm: string;
  device: string;
  kind: string;
  /** Empty, or a flow id. */
  flow: string;
}

export const useLogStore = defineStore('log', () => {
  const lab = useLabStore();
  const rows = ref<HopRow[]>([]);
  const total = ref(0);
  const overwritten = ref(0);
  /** Index of the first row shown, in the filtered rows. */
  const start = ref(0);
  /** Following the newest rows (tail) or parked at `start`. */
  const follow = ref(true);
  const filter = ref<LogFilterInput>({ vm: '', device: '', kind: '', flow: '' });

  const wireFilter = computed<LogFilter>(() => {
    const f: LogFilter = {};
    const { vm, device, kind, flow } = filter.value;
    if (vm.trim()) f.vm = vm.trim();
    if (device.trim()) f.device = device.trim();
    if (kind.trim()) f.kind = kind.trim();
    const flowId = Number.parseInt(flow, 10);
    if (flow.trim() && Number.isInteger(flowId)) f.flow = flowId;
    return f;
  });

  const pageCount = computed(() => Math.max(1, Math.ceil(total.value / LOG_PAGE_SIZE)));
  const page = computed(() => Math.floor(start.value / LOG_PAGE_SIZE) + 1);

  async function pull(): Promise<void> {
    const query = follow.value
      ? { start: -LOG_PAGE_SIZE, count: LOG_PAGE_SIZE, filter: wireFilter.value }
      : { start: start.value, count: LOG_PAGE_SIZE, filter: wireFilter.value };
    const result = await lab.call('queryLog', query);
    // A parked window past the end (a new run, a narrower filter) falls back to the newest rows.
    if (!follow.value && result.rows.length === 0 && result.total > 0) {
      follow.value = true;
      return pull();
    }
    rows.value = result.rows;
    total.value = result.total;
    overwritten.value = result.overwritten;
    start.value = result.start;
  }

  /** Park at a window starting at `index` (clamped); the last page follows the newest rows again. */
  async function goTo(index: number): Promise<void> {
    const lastStart = Math.max(0, total.value - LOG_PAGE_SIZE);
    const clamped = Math.min(Math.max(0, index), lastStart);
    follow.value = clamped >= lastStart;
    start.value = clamped;
    await pull();
  }

  async function followNewest(): Promise<void> {
    follow.value = true;
    await pull();
  }

  async function setFilter(change: Partial<LogFilterInput>): Promise<void> {
    filter.value = { ...filter.value, ...change };
    follow.value = true;
    await pull();
  }

  return { rows, total, overwritten, start, follow, filter, pageCount, page, pull, goTo, followNewest, setFilter };
});
