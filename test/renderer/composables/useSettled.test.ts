// A value that follows another, at once or once it rests: the log's text rows behind its painted rows. A burst of
// windows while the user scrolls is taken once, at its end; what the caller says is urgent is taken at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, shallowRef } from 'vue';
import { useSettled } from '../../../src/renderer/src/composables/useSettled';

describe('useSettled', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Takes at once a change to or from an empty list, or any change while `urgent` is set. */
  function follow(initial: number[]) {
    const source = shallowRef(initial);
    const urgent = { now: false };
    const scope = effectScope();
    const settled = scope.run(() => useSettled(() => source.value, 150, (v, shown) => urgent.now || v.length === 0 || shown.length === 0))!;
    return { source, settled, scope, urgent };
  }

  it('starts with the source\'s value', () => {
    expect(follow([1, 2]).settled.value).toEqual([1, 2]);
  });

  it('takes a burst of changes once, when the source has rested', async () => {
    const { source, settled } = follow([1]);
    for (let i = 2; i <= 10; i++) {
      source.value = [i];
      await nextTick();
      vi.advanceTimersByTime(16);
    }
    expect(settled.value).toEqual([1]);
    vi.advanceTimersByTime(150);
    expect(settled.value).toEqual([10]);
  });

  it('takes the first value after an empty one at once, and an empty one at once', async () => {
    const { source, settled } = follow([]);
    source.value = [7];
    await nextTick();
    expect(settled.value).toEqual([7]);
    source.value = [];
    await nextTick();
    expect(settled.value).toEqual([]);
  });

  it('takes a change the caller calls urgent at once, dropping the one pending', async () => {
    const { source, settled, urgent } = follow([1]);
    source.value = [2];
    await nextTick();
    urgent.now = true;
    source.value = [3];
    await nextTick();
    expect(settled.value).toEqual([3]);
    vi.advanceTimersByTime(500);
    expect(settled.value).toEqual([3]);
  });

  it('stops following when its scope ends', async () => {
    const { source, settled, scope } = follow([1]);
    source.value = [2];
    await nextTick();
    scope.stop();
    vi.advanceTimersByTime(500);
    expect(settled.value).toEqual([1]);
  });
});
