// Stand-ins for the autosave's two stores: an in-memory IndexedDB record (that can be made to fail) and a
// localStorage with a browser-like quota (it throws past it, as Chromium's does at ~5 M characters).
import type { DraftKv, SmallStorage, StoredDraft } from '../../../src/renderer/src/files/draftAutosave';

export class MemoryKv implements DraftKv {
  record: StoredDraft | undefined;
  fail: Error | null = null;
  puts = 0;
  async get(): Promise<StoredDraft | undefined> {
    if (this.fail) throw this.fail;
    return this.record;
  }
  async put(d: StoredDraft): Promise<void> {
    await Promise.resolve();
    if (this.fail) throw this.fail;
    this.puts++;
    this.record = d;
  }
}

export class QuotaStorage implements SmallStorage {
  readonly items = new Map<string, string>();
  constructor(private readonly quotaChars = 5_000_000) {}
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    let used = k.length + v.length;
    for (const [key, val] of this.items) if (key !== k) used += key.length + val.length;
    if (used > this.quotaChars) throw new DOMException(`Setting the value of '${k}' exceeded the quota.`, 'QuotaExceededError');
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}
