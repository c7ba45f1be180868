// Recently opened or saved scenario files, newest first, for File > Open Recent: kept in a small JSON file in the
// user's data directory (so the list outlives the app) and told to the OS (app.addRecentDocument, in index.ts).
// The file system is passed in, so tests use a Map.
export interface RecentStore {
  read(): string | null;
  write(text: string): void;
}

export const MAX_RECENT = 10;

export class RecentFiles {
  private paths: string[];

  constructor(private readonly store: RecentStore, private readonly onChange: (paths: readonly string[]) => void = () => {}) {
    this.paths = parse(safe(() => store.read()) ?? null);
  }

  list(): readonly string[] {
    return this.paths;
  }

  add(path: string): void {
    this.set([path, ...this.paths.filter((p) => p !== path)].slice(0, MAX_RECENT));
  }

  remove(path: string): void {
    this.set(this.paths.filter((p) => p !== path));
  }

  clear(): void {
    this.set([]);
  }

  private set(next: string[]): void {
    if (next.length === this.paths.length && next.every((p, i) => p === this.paths[i])) return;
    this.paths = next;
    // A read-only home directory keeps the list for this session only.
    safe(() => this.store.write(JSON.stringify(next)));
    this.onChange(next);
  }
}

function parse(text: string | null): string[] {
  try {
    const v: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.length > 0).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
