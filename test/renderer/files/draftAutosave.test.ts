// @vitest-environment happy-dom
// The editor's autosave: a draft of many MB is kept (IndexedDB) where localStorage would throw, small drafts are
// also kept in localStorage at once, the newest copy wins on the next start, and a draft that cannot be kept
// says so instead of failing silently.
import { describe, expect, it, vi } from 'vitest';
import { DraftAutosave, LOCAL_KEY, RESTORE_TIMEOUT_MS, type AutosaveStatus } from '../../../src/renderer/src/files/draftAutosave';
import { MemoryKv, QuotaStorage } from '../support/draftFakes';

const BIG = 'name: big\n' + '# a comment line that makes the scenario big\n'.repeat(140_000); // ~6.3 M characters

function statuses(a: DraftAutosave): AutosaveStatus[] {
  const seen: AutosaveStatus[] = [];
  a.onStatus((s) => seen.push(s));
  return seen;
}

describe('DraftAutosave', () => {
  it('keeps a 6 MB draft in the store (localStorage would throw) and gives it back on the next start', async () => {
    expect(BIG.length).toBeGreaterThan(6_000_000);
    const kv = new MemoryKv();
    const local = new QuotaStorage();
    const a = new DraftAutosave(kv, local);
    const seen = statuses(a);
    a.save({ text: BIG, base: 'name: big\n' });
    await a.flush();
    expect(seen.at(-1)).toEqual({ saving: false, problem: null, lost: null });
    // localStorage holds only a mark saying the newest draft is big (so an older small copy cannot win).
    expect(local.getItem(LOCAL_KEY)!.length).toBeLessThan(100);

    const next = new DraftAutosave(kv, local);
    expect(next.readLocal()).toBeNull();
    expect(await next.restore()).toMatchObject({ text: BIG, base: 'name: big\n' });
  });

  it('keeps a small draft in localStorage at once, so a reload before the store answers loses nothing', async () => {
    const kv = new MemoryKv();
    const local = new QuotaStorage();
    new DraftAutosave(kv, local).save({ text: 'name: a\n', base: '' });
    // No flush: the store write may never have landed.
    const next = new DraftAutosave(new MemoryKv(), local);
    expect(next.readLocal()).toMatchObject({ text: 'name: a\n', base: '' });
    expect(await next.restore()).toMatchObject({ text: 'name: a\n' });
  });

  it('the newest copy wins: a small draft typed after a big one is not replaced by the big one', async () => {
    const kv = new MemoryKv();
    const local = new QuotaStorage();
    const a = new DraftAutosave(kv, local);
    a.save({ text: BIG, base: '' });
    await a.flush();
    kv.fail = new Error('the store went away'); // the small draft reaches localStorage only
    a.save({ text: 'name: small\n', base: '' });
    await a.flush();
    kv.fail = null;
    expect(await new DraftAutosave(kv, local).restore()).toMatchObject({ text: 'name: small\n' });
  });

  it('says so, and keeps saying so, when a big draft cannot be kept anywhere; a later save clears it', async () => {
    const kv = new MemoryKv();
    kv.fail = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const a = new DraftAutosave(kv, new QuotaStorage());
    const seen = statuses(a);
    a.save({ text: BIG, base: '' });
    await a.flush();
    expect(seen.at(-1)!.problem).toMatch(/could not be saved in this browser \(The quota has been exceeded\)\. Save it to a file/);
    kv.fail = null;
    a.save({ text: BIG + '#', base: '' });
    await a.flush();
    expect(seen.at(-1)!.problem).toBeNull();
  });

  it('without IndexedDB, keeps small drafts in localStorage and warns about a big one', async () => {
    const local = new QuotaStorage();
    const a = new DraftAutosave(null, local);
    const seen = statuses(a);
    a.save({ text: 'name: a\n', base: '' });
    expect(seen.at(-1)!.problem).toBeNull();
    a.save({ text: BIG, base: '' });
    expect(seen.at(-1)!.problem).toMatch(/too big to keep in this browser's storage; it will be lost on reload/);
  });

  it('a big draft whose store write was lost is reported on the next start, with the older copy shown', async () => {
    const local = new QuotaStorage();
    const kv = new MemoryKv();
    const a = new DraftAutosave(kv, local);
    a.save({ text: 'name: old\n', base: '' });
    await a.flush();
    kv.fail = new Error('gone');
    a.save({ text: BIG, base: '' });
    await a.flush();
    kv.fail = null;
    const next = new DraftAutosave(kv, local);
    const seen = statuses(next);
    expect(await next.restore()).toMatchObject({ text: 'name: old\n' });
    expect(seen.at(-1)!.lost).toMatch(/last edits of a big scenario could not be restored/);
    next.dismissLost();
    expect(seen.at(-1)!.lost).toBeNull();
  });

  it('coalesces writes: many keystrokes during one write end in few writes, the last one the newest text', async () => {
    const kv = new MemoryKv();
    const a = new DraftAutosave(kv, new QuotaStorage(), 10);
    for (let i = 0; i < 50; i++) a.save({ text: `name: a${i}\n`.padEnd(100, '#'), base: '' });
    await a.flush();
    expect(kv.puts).toBeLessThanOrEqual(3);
    expect(kv.record!.text).toMatch(/^name: a49\n/);
  });

  it('picks up a draft kept by the version before revisions (two plain localStorage items)', async () => {
    const local = new QuotaStorage();
    local.setItem('virq.scenario.text', 'name: legacy\n');
    local.setItem('virq.scenario.base', 'name: base\n');
    const a = new DraftAutosave(new MemoryKv(), local);
    expect(a.readLocal()).toMatchObject({ text: 'name: legacy\n', base: 'name: base\n' });
    a.save({ text: 'name: new\n', base: '' });
    expect(local.getItem('virq.scenario.text')).toBeNull();
  });

  it('a store that never answers at start (IndexedDB blocked by another tab) does not hold the start up', async () => {
    vi.useFakeTimers();
    try {
      const local = new QuotaStorage();
      new DraftAutosave(null, local).save({ text: 'name: a\n', base: '' });
      const stuck = { get: () => new Promise<never>(() => {}), put: async () => {} };
      const restoring = new DraftAutosave(stuck, local).restore();
      await vi.advanceTimersByTimeAsync(RESTORE_TIMEOUT_MS + 1);
      expect(await restoring).toMatchObject({ text: 'name: a\n' });
    } finally {
      vi.useRealTimers();
    }
  });
});
