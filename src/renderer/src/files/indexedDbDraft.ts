// One record in IndexedDB: where the editor's draft lives, so a scenario of many MB survives a reload (localStorage
// holds ~5 MB per origin and throws past it). Works the same in the web build and in Electron's page.
import type { DraftKv, StoredDraft } from './draftAutosave';

const DB = 'virq-lab';
const STORE = 'drafts';
const KEY = 'scenario';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(factory: IDBFactory): Promise<IDBDatabase> {
  const open = factory.open(DB, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  return request(open);
}

/** The draft record in IndexedDB, or null where the page has no IndexedDB (then localStorage alone keeps drafts). */
export function indexedDbDraftKv(factory: IDBFactory | undefined = globalThis.indexedDB): DraftKv | null {
  if (!factory) return null;
  let db: Promise<IDBDatabase> | null = null;
  const database = () => {
    db ??= openDb(factory).catch((e: unknown) => {
      db = null; // try again next time (a private window may refuse once)
      throw e;
    });
    return db;
  };
  return {
    async get() {
      const tx = (await database()).transaction(STORE, 'readonly');
      const v: unknown = await request(tx.objectStore(STORE).get(KEY));
      return isStoredDraft(v) ? v : undefined;
    },
    async put(draft) {
      const tx = (await database()).transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(draft, KEY);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      });
    },
  };
}

export function isStoredDraft(v: unknown): v is StoredDraft {
  const d = v as StoredDraft | null;
  return !!d && typeof d === 'object' && typeof d.rev === 'number' && typeof d.text === 'string' && typeof d.base === 'string';
}
