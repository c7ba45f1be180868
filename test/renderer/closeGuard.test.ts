import { describe, expect, it } from 'vitest';
import { shouldGuardClose } from '../../src/renderer/src/composables/useCloseGuard';

describe('close guard', () => {
  it('holds the desktop window only over unsaved edits; the web build never prompts (autosave)', () => {
    expect(shouldGuardClose(true, true)).toBe(true);
    expect(shouldGuardClose(true, false)).toBe(false);
    expect(shouldGuardClose(false, true)).toBe(false);
  });
});
