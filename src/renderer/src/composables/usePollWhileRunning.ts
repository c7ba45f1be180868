// Pull, don't stream: while the lab runs, call `pull` at `hz`; once more when the run stops, pauses, steps or reloads.
// Only while the calling component is mounted, so only visible views ask the lab for anything.
import { onMounted, onUnmounted, watch } from 'vue';
import { useLabStore } from '../stores/lab';

export function usePollWhileRunning(pull: () => Promise<void>, hz: number): void {
  const lab = useLabStore();
  let timer: ReturnType<typeof setInterval> | null = null;
  let inFlight = false;
  let again = false;

  async function tick(): Promise<void> {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      await pull();
    } catch {
      // The lab store has recorded it; the next tick retries.
    } finally {
      inFlight = false;
    }
    if (again) {
      again = false;
      await tick();
    }
  }

  function startTimer(): void {
    timer ??= setInterval(() => void tick(), 1000 / hz);
  }

  function stopTimer(): void {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  const stopWatch = watch(
    // String keys: the watch fires on a changed value, not on every pushed status object.
    () => `${lab.state}|${lab.status?.scenario ?? ''}|${lab.status?.seed ?? ''}`,
    () => {
      if (lab.isRunning) startTimer();
      else stopTimer();
      void tick();
    },
  );

  // A step (or a register write) moves the lab without a state change: pull once per change while not running.
  const stopStepWatch = watch(
    () => `${lab.status?.events ?? 0}|${lab.status?.simNs ?? 0}|${lab.status?.hops ?? 0}`,
    () => {
      if (!lab.isRunning) void tick();
    },
  );

  onMounted(() => {
    if (lab.isRunning) startTimer();
    void tick();
  });

  onUnmounted(() => {
    stopTimer();
    stopWatch();
    stopStepWatch();
  });
}
