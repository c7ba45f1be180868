// Interned strings: hop kinds, places, VM ids and details are stored as small integers in the log's columns.
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
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
