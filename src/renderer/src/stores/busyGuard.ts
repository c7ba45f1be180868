// One control at a time: an action that starts while another is under way is dropped, and a failure (already
// recorded by the lab store for the error bar) does not leave the control busy.
import type { Ref } from 'vue';

export function busyGuard(busy: Ref<boolean>): (action: () => Promise<void>) => Promise<void> {
  return async (action) => {
    if (busy.value) return;
    busy.value = true;
    try {
      await action();
    } catch {
      // lab.call recorded it for the error bar
    } finally {
      busy.value = false;
    }
  };
}
