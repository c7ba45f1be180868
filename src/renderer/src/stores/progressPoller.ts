// Pulls a background job's progress (Compare, Sweep) every `ms` while it says 'running'; a failed pull stops it (the
// lab store's error bar says why). `start` restarts the pulling, e.g. after the job was (re)started.
import type { Ref } from 'vue';

export function progressPoller<P extends { state: string }>(pull: () => Promise<P>, into: Ref<P | null>, ms: number): { start(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const start = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(async () => {
      timer = null;
      try {
        into.value = await pull();
      } catch {
        return;
      }
      if (into.value.state === 'running') start();
    }, ms);
  };
  return { start };
}
