// The wall-clock timers every host of shared code has (Node, a browser page, a Web Worker). The simulation's
// tsconfig has no DOM or Node lib to declare them, so shared code reaches them here, looked up at each call (so a
// test's fake timers apply).
interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const host = (): TimerHost => globalThis as unknown as TimerHost;

export const hostTimers = {
  setTimeout: (fn: () => void, ms: number): unknown => host().setTimeout(fn, ms),
  clearTimeout: (handle: unknown): void => host().clearTimeout(handle),
  /** An interval that never keeps a Node process alive by itself. */
  setInterval: (fn: () => void, ms: number): unknown => {
    const h = host().setInterval(fn, ms) as { unref?: () => void } | undefined;
    h?.unref?.();
    return h;
  },
  clearInterval: (handle: unknown): void => host().clearInterval(handle),
};
