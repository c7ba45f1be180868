// Interned strings: hop kinds, places, VM ids and details are stored as small integers in the log's columns.
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];
  /** A 32-bit hash of each string's content: the log's hash covers what a hop says, not the order strings were first seen. */
  private readonly hashes: number[] = [];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.hashes.push(contentHash(s));
      this.ids.set(s, id);
    }
    return id;
  }

  /** The content hash of an interned string. */
  hashOf(id: number): number {
    return this.hashes[id]!;
  }

  /** The id of a string already interned, or -1. */
  find(s: string): number {
    return this.ids.get(s) ?? -1;
  }

  str(id: number): string {
    return this.values[id] ?? '?';
  }

  get size(): number {
    return this.values.length;
  }
}

/** FNV-1a over UTF-16 code units. */
function contentHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
