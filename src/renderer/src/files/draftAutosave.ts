// Autosave of the editor's draft (its text, and the text as last opened or saved) so nothing is lost on reload.
// The full draft goes to a store without a small quota (IndexedDB, see indexedDbDraft.ts); a small draft also goes
// to localStorage, synchronously, so the next start shows it at once and a reload mid-write loses nothing. Each
// save carries a revision; on start the newest copy wins. When the latest text is held by neither, `problem` says
// so (the editor shows it): a failed save is never silent.

export interface Draft {
  text: string;
  /** The text as last opened or saved (the editor has unsaved edits when they differ). */
  base: string;
}

export interface StoredDraft extends Draft {
  rev: number;
}

/** Where full drafts go: one record, read at start and replaced on every save. */
export interface DraftKv {
  get(): Promise<StoredDraft | undefined>;
  put(draft: StoredDraft): Promise<void>;
}

/** The part of localStorage used (tests pass a Map-backed one with a quota). */
export type SmallStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface AutosaveStatus {
  /** True while the newest draft is on its way to the store. */
  saving: boolean;
  /** Why the newest text is not kept, for the user; null when it is. */
  problem: string | null;
  /** Said once at start when the newest draft could not be read back (stays until dismissed). */
  lost: string | null;
}

export const LOCAL_KEY = 'virq.scenario.draft';
/** Before drafts had revisions: the text and base were kept as two plain localStorage items. */
const LEGACY_TEXT_KEY = 'virq.scenario.text';
const LEGACY_BASE_KEY = 'virq.scenario.base';
/** Characters (text + base) kept in localStorage as well: far below the ~5 M a browser allows per origin. */
export const LOCAL_DRAFT_LIMIT = 1_000_000;

/** A store that does not answer by then (an IndexedDB open blocked by another tab) is skipped at start. */
export const RESTORE_TIMEOUT_MS = 5000;

/** What localStorage holds: the whole draft, or only the revision of a draft too big for it (then in the store). */
type LocalRecord = StoredDraft | { rev: number; big: true };

export class DraftAutosave {
  private rev = 0;
  private pending: StoredDraft | null = null;
  private writing: Promise<void> | null = null;
  private status: AutosaveStatus = { saving: false, problem: null, lost: null };
  private readonly listeners = new Set<(s: AutosaveStatus) => void>();

  constructor(
    private readonly kv: DraftKv | null,
    private readonly local: SmallStorage,
    private readonly localLimit = LOCAL_DRAFT_LIMIT,
  ) {}

  onStatus(fn: (s: AutosaveStatus) => void): void {
    this.listeners.add(fn);
    fn(this.status);
  }

  /** The draft localStorage holds, at once (null when it holds none, or only the mark of a big one). */
  readLocal(): StoredDraft | null {
    const r = this.localRecord();
    return r && !('big' in r) ? r : null;
  }

  /** The newest draft of all copies (localStorage, the store). */
  async restore(): Promise<StoredDraft | null> {
    const local = this.localRecord();
    let stored: StoredDraft | undefined;
    let storeError: unknown = null;
    try {
      stored = this.kv ? await withTimeout(this.kv.get(), RESTORE_TIMEOUT_MS) : undefined;
    } catch (e) {
      storeError = e;
    }
    const full = [local && !('big' in local) ? local : null, stored ?? null].filter((d): d is StoredDraft => d !== null);
    const newest = full.sort((a, b) => b.rev - a.rev)[0] ?? null;
    if (local && 'big' in local && (newest?.rev ?? -1) < local.rev) {
      const why = storeError ? ` (${messageOf(storeError)})` : '';
      this.set({ lost: `The last edits of a big scenario could not be restored${why}: the editor shows an older copy.` });
    }
    if (newest) this.rev = Math.max(this.rev, newest.rev);
    return newest;
  }

  /** Keeps `draft` as the newest: in localStorage now when small, in the store as soon as it can take it. */
  save(draft: Draft): void {
    this.rev = Math.max(this.rev + 1, Date.now());
    const record: StoredDraft = { rev: this.rev, text: draft.text, base: draft.base };
    const keptLocally = this.saveLocal(record);
    if (!this.kv) {
      this.set({ problem: keptLocally ? null : tooBigForBrowser(record) });
      return;
    }
    this.pending = record;
    this.set({ saving: true, problem: keptLocally ? null : this.status.problem });
    this.pump(keptLocally);
  }

  /** Starts the newest pending write now, even while an older one is on its way (page hide, tests). */
  async flush(): Promise<void> {
    if (this.pending) this.pump(this.readLocal()?.rev === this.pending.rev, true);
    while (this.writing) await this.writing;
  }

  private pump(keptLocally: boolean, now = false): void {
    if (this.writing && !now) return;
    const record = this.pending;
    if (!record || !this.kv) return;
    this.pending = null;
    const write = this.kv.put(record).then(
      () => {
        if (!this.pending) this.set({ saving: false, problem: null });
      },
      (e: unknown) => {
        // Kept in localStorage: the store's failure loses nothing.
        if (this.pending) return;
        this.set({ saving: false, problem: keptLocally ? null : `The scenario text could not be saved in this browser (${messageOf(e).replace(/\.$/, '')}). Save it to a file to keep it.` });
      },
    ).finally(() => {
      if (this.writing === write) this.writing = null;
      if (this.pending) this.pump(this.readLocal()?.rev === this.pending.rev);
    });
    this.writing = write;
  }

  /** True when localStorage now holds this whole draft. */
  private saveLocal(record: StoredDraft): boolean {
    const small = record.text.length + record.base.length <= this.localLimit;
    try {
      this.local.removeItem(LEGACY_TEXT_KEY);
      this.local.removeItem(LEGACY_BASE_KEY);
      this.local.setItem(LOCAL_KEY, JSON.stringify(small ? record : { rev: record.rev, big: true }));
      return small;
    } catch {
      // Over the quota even so (other items fill it): make sure an older small copy cannot win on the next start.
      try {
        this.local.removeItem(LOCAL_KEY);
      } catch {
        // nothing more to do
      }
      return false;
    }
  }

  private localRecord(): LocalRecord | null {
    try {
      const raw = this.local.getItem(LOCAL_KEY);
      if (raw !== null) {
        const r = JSON.parse(raw) as LocalRecord;
        if (r && typeof r.rev === 'number' && ('big' in r || (typeof r.text === 'string' && typeof r.base === 'string'))) return r;
        return null;
      }
      const text = this.local.getItem(LEGACY_TEXT_KEY);
      return text === null ? null : { rev: 0, text, base: this.local.getItem(LEGACY_BASE_KEY) ?? text };
    } catch {
      return null;
    }
  }

  /** The user has read the note about a draft that could not be restored. */
  dismissLost(): void {
    this.set({ lost: null });
  }

  private set(s: Partial<AutosaveStatus>): void {
    const next = { ...this.status, ...s };
    if (next.saving === this.status.saving && next.problem === this.status.problem && next.lost === this.status.lost) return;
    this.status = next;
    for (const fn of this.listeners) fn(next);
  }
}

function tooBigForBrowser(d: Draft): string {
  const mb = ((d.text.length + d.base.length) / 1e6).toFixed(1);
  return `The scenario text (${mb} M characters) is too big to keep in this browser's storage; it will be lost on reload. Save it to a file to keep it.`;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser's storage did not answer within ${ms / 1000} s`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
