// Stop points shared by the log (breakpoints on hop kinds) and the register inspector (watchpoints): the lab host
// holds them and pauses a run at the first one hit; the status bar then shows why.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { StopHit, WatchpointSpec } from '../../../shared/protocol';
import { useLabStore } from './lab';

export const useStopPointsStore = defineStore('stopPoints', () => {
  const lab = useLabStore();
  const hopKinds = ref<string[]>([]);
  const watchpoints = ref<WatchpointSpec[]>([]);
  const lastHit = ref<StopHit | null>(null);

  async function sync(): Promise<void> {
    // Plain copies: reactive proxies cannot cross postMessage.
    const applied = await lab.call('setStopPoints', { hopKinds: [...hopKinds.value], watchpoints: watchpoints.value.map((w) => ({ ...w })) });
    hopKinds.value = applied.hopKinds;
    watchpoints.value = applied.watchpoints;
  }

  async function toggleKind(kind: string, on: boolean): Promise<void> {
    const set = new Set(hopKinds.value);
    if (on) set.add(kind); else set.delete(kind);
    hopKinds.value = [...set].sort();
    await sync();
  }

  async function addWatch(w: WatchpointSpec): Promise<void> {
    const before = watchpoints.value;
    watchpoints.value = [...before, w];
    try {
      await sync();
    } catch (e) {
      watchpoints.value = before;
      throw e;
    }
  }

  async function removeWatch(i: number): Promise<void> {
    watchpoints.value = watchpoints.value.filter((_, k) => k !== i);
    await sync();
  }

  async function refreshHit(): Promise<void> {
    lastHit.value = await lab.call('lastStop', undefined);
  }

  /** Steps to the next hop (of `kind`, when given) and pauses there. */
  async function stepToHop(kind?: string): Promise<void> {
    const status = await lab.call('stepToHop', kind ? { kind } : {});
    lab.status = status;
    await refreshHit();
  }

  return { hopKinds, watchpoints, lastHit, sync, toggleKind, addWatch, removeWatch, refreshHit, stepToHop };
});
