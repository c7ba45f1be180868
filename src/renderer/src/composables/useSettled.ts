// A value that follows another, at once or once the other has stopped changing: for DOM that may lag a fast-moving
// source (the log's text rows behind its painted rows while the user scrolls), so that a burst of changes costs one
// update at its end.
import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue';

/**
 * Follows `source`: a change that `atOnce(next, shown)` accepts is taken at once, any other `quietMs` after the
 * source's last change (a change taken at once also drops a pending one).
 */
export function useSettled<T>(source: () => T, quietMs: number, atOnce: (next: T, shown: T) => boolean): ShallowRef<T> {
  const settled = shallowRef(source());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const take = () => {
    clearTimeout(timer);
    timer = undefined;
    settled.value = source();
  };
  watch(source, (v) => {
    if (atOnce(v, settled.value)) take();
    else {
      clearTimeout(timer);
      timer = setTimeout(take, quietMs);
    }
  });
  onScopeDispose(() => clearTimeout(timer));
  return settled;
}
