// What the UI bench measures inside the page, bundled by ui.ts into one script the page runs before its own (so the
// lab's Web Worker is seen when the app starts it). Frame times come from requestAnimationFrame timestamps; a lab
// request is sent straight to the app's lab worker with an id of its own (the app's client ignores answers it did
// not ask for), so the time is the renderer's round trip through the real protocol.
// Type-checked without the DOM library: the few browser objects used are described here.

interface El {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly textContent: string | null;
  click(): void;
  getAttribute(name: string): string | null;
}
interface WorkerLike {
  postMessage(msg: unknown): void;
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  removeEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
}
interface Page {
  Worker: new (url: unknown, opts?: unknown) => WorkerLike;
  document: { querySelector(sel: string): El | null };
  requestAnimationFrame(fn: (t: number) => void): number;
  setTimeout(fn: () => void, ms: number): number;
  performance: { now(): number };
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(v: unknown): void } };
  PerformanceObserver: new (fn: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => { observe(o: { type: string; buffered?: boolean }): void };
  __uiBench?: unknown;
}

const w = globalThis as unknown as Page;
const workers: WorkerLike[] = [];
/** When the last answer carrying registers (a readRegisters answer) reached the page, before the app handled it. */
let registersArrivedAt = NaN;
const hasRegisters = (data: unknown) => {
  const m = data as { kind?: string; result?: { registers?: unknown } };
  return m?.kind === 'response' && !!m.result?.registers;
};
const BaseWorker = w.Worker;
w.Worker = class extends BaseWorker {
  constructor(url: unknown, opts?: unknown) {
    super(url, opts);
    workers.push(this);
    // Added here, before the app's client listens: it hears each message first.
    this.addEventListener('message', (e) => {
      if (hasRegisters(e.data)) registersArrivedAt = w.performance.now();
    });
  }
} as Page['Worker'];

const byId = (id: string) => w.document.querySelector(`[data-testid="${id}"]`);
const frame = () => new Promise<number>((r) => w.requestAnimationFrame(r));
/** Resolves just after the next frame has painted: a task posted from inside its animation-frame callback. */
const painted = () => paintedFrame().then((f) => f.paintedAt);
/** The next frame: its start (the animation-frame time) and when it has painted. */
const paintedFrame = () =>
  new Promise<{ frameAt: number; paintedAt: number }>((resolve) => {
    w.requestAnimationFrame((frameAt) => {
      const ch = new w.MessageChannel();
      ch.port1.onmessage = () => resolve({ frameAt, paintedAt: w.performance.now() });
      ch.port2.postMessage(0);
    });
  });

let nextId = 2_000_000_000;

/** Main-thread tasks over 50 ms (the browser's long tasks), kept from page start. */
const longTasks: { startTime: number; duration: number }[] = [];
new w.PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
/** Durations of the long tasks that started at or after `t0`. */
const longTasksSince = (t0: number) => longTasks.filter((e) => e.startTime >= t0).map((e) => e.duration);

/** One lab request from the page to the lab worker, timed from post to answer. */
function labCall(method: string, params: unknown): Promise<{ ms: number; result: unknown }> {
  const worker = workers.at(-1);
  if (!worker) return Promise.reject(new Error('the page started no lab worker'));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const t0 = w.performance.now();
    const on = (e: { data: unknown }) => {
      const m = e.data as { kind?: string; id?: number; ok?: boolean; result?: unknown; error?: string };
      if (m?.kind !== 'response' || m.id !== id) return;
      worker.removeEventListener('message', on);
      if (m.ok) resolve({ ms: w.performance.now() - t0, result: m.result });
      else reject(new Error(`${method}: ${m.error}`));
    };
    worker.addEventListener('message', on);
    worker.postMessage({ kind: 'request', id, method, params });
  });
}

/** Index of the first row the log table shows ("1,001–1,040 of …" → 1000), or null with no rows. */
function shownStart(): number | null {
  const text = byId('log-range')?.textContent ?? '';
  const first = Number(text.split('–')[0]!.replace(/,/g, ''));
  return first > 0 ? first - 1 : null;
}

/**
 * Scrolls the log table from top to bottom in `steps` animation frames, one scrollTop per frame, and records every
 * frame's time. A scroll position counts as painted when the table showed its rows in some frame of the sweep.
 */
async function scrollSweep(steps: number, settleFrames = 30) {
  const el = byId('log-scroller');
  if (!el) throw new Error('the Log view is not open');
  const total = Number(byId('log-range')?.textContent?.split(' of ')[1]?.replace(/,/g, '') ?? 0);
  const window = Number(el.getAttribute('data-window'));
  const maxStart = Math.max(0, total - window);
  const range = el.scrollHeight - el.clientHeight;
  const targets: number[] = [];
  const shown = new Set<number | null>();
  const stamps: number[] = [await frame()];
  const t0 = w.performance.now();
  for (let i = 0; i <= steps + settleFrames; i++) {
    if (i <= steps) {
      // The bottom position follows the newest rows: stop one pixel short so every position parks.
      el.scrollTop = Math.min(range - 2, (range * i) / steps);
      targets.push(Math.round((el.scrollTop / range) * maxStart));
    }
    stamps.push(await frame());
    shown.add(shownStart());
  }
  const frames = stamps.slice(1, steps + 2).map((t, i) => t - stamps[i]!);
  await painted();
  return { frames, longTasks: longTasksSince(t0), positions: targets.length, painted: targets.filter((t) => shown.has(t)).length, total, window, scrollHeight: el.scrollHeight };
}

/** Frame times for `ms` of wall time (e.g. while a run pushes status and the open view pulls). */
async function frameTimes(ms: number): Promise<{ frames: number[]; longTasks: number[] }> {
  const stamps = [await frame()];
  const t0 = w.performance.now();
  while (stamps.at(-1)! - stamps[0]! < ms) stamps.push(await frame());
  await painted();
  return { frames: stamps.slice(1).map((t, i) => t - stamps[i]!), longTasks: longTasksSince(t0) };
}

/** `count` log pages of `rows` rows at random offsets, each timed as the renderer sees it. */
async function queryTimes(count: number, rows: number): Promise<number[]> {
  const first = (await labCall('queryHops', { start: 0, count: 1 })).result as { total: number };
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(Math.random() * Math.max(1, first.total - rows));
    out.push((await labCall('queryHops', { start, count: rows })).ms);
  }
  return out;
}

/**
 * Clicks Step `count` times, each at a random moment of a frame (0–16 ms after one has painted), as a user's click
 * comes, not locked to the frame clock. For each step:
 * - latency: from the click to the first frame painted after the Registers view's read of its file has come back
 *   (the answer to its readRegisters request). It includes the wait for the next frame, up to a whole frame;
 * - repaint: the work of showing that read, without the waits between: the page handling the answer (from its
 *   arrival to the end of the app's handler and the Vue update it makes) plus the frame that shows it, from the
 *   frame's start (or the end of that handling, if the frame began during it) to that frame painted;
 * - floor: the latency of an update that costs nothing, measured at the same kind of random moment: a frame asked
 *   for at once and painted (the wait for the frame alone).
 */
async function stepRepaints(count: number): Promise<{ latency: number[]; repaint: number[]; script: number[]; frame: number[]; floor: number[] }> {
  const worker = workers.at(-1);
  const step = byId('step-button');
  if (!worker || !step) throw new Error('no lab worker or no Step button');
  const out = { latency: [] as number[], repaint: [] as number[], script: [] as number[], frame: [] as number[], floor: [] as number[] };
  const randomMoment = async () => {
    await painted();
    await new Promise<void>((r) => w.setTimeout(r, Math.random() * 16));
  };
  for (let i = 0; i < count; i++) {
    await randomMoment();
    // Added after the app's client: it runs once the app has handled the answer and Vue has updated the page.
    const handled = new Promise<number>((resolve) => {
      const on = (e: { data: unknown }) => {
        if (!hasRegisters(e.data)) return;
        worker.removeEventListener('message', on);
        resolve(w.performance.now());
      };
      worker.addEventListener('message', on);
    });
    const t0 = w.performance.now();
    step.click();
    const handledAt = await handled;
    const arrivedAt = registersArrivedAt;
    const { frameAt, paintedAt } = await paintedFrame();
    const script = handledAt - arrivedAt;
    const frame = paintedAt - Math.max(handledAt, frameAt);
    out.latency.push(paintedAt - t0);
    out.script.push(script);
    out.frame.push(frame);
    out.repaint.push(script + frame);
  }
  for (let i = 0; i < count; i++) {
    await randomMoment();
    const t0 = w.performance.now();
    out.floor.push((await painted()) - t0);
  }
  return out;
}

w.__uiBench = { labCall, scrollSweep, frameTimes, queryTimes, stepRepaints };
export type UiBench = { labCall: typeof labCall; scrollSweep: typeof scrollSweep; frameTimes: typeof frameTimes; queryTimes: typeof queryTimes; stepRepaints: typeof stepRepaints };
