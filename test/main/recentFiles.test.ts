// File > Open Recent's list: newest first, no duplicates, at most ten, kept across starts, cleared on demand; a
// damaged or unwritable list file never stops the app.
import { describe, expect, it } from 'vitest';
import { MAX_RECENT, RecentFiles, type RecentStore } from '../../src/main/recentFiles';

function disk(initial: string | null = null) {
  const d = { text: initial, writes: 0 };
  const store: RecentStore = {
    read: () => d.text,
    write: (t) => {
      d.writes++;
      d.text = t;
    },
  };
  return { d, store };
}

describe('RecentFiles', () => {
  it('puts the newest first, moves a reopened file to the top, keeps ten, and outlives a restart', () => {
    const { d, store } = disk();
    const changes: (readonly string[])[] = [];
    const r = new RecentFiles(store, (l) => changes.push(l));
    r.add('/a.yaml');
    r.add('/b.yaml');
    r.add('/a.yaml');
    expect(r.list()).toEqual(['/a.yaml', '/b.yaml']);
    for (let i = 0; i < 20; i++) r.add(`/f${i}.yaml`);
    expect(r.list()).toHaveLength(MAX_RECENT);
    expect(r.list()[0]).toBe('/f19.yaml');
    expect(new RecentFiles(store).list()).toEqual(r.list());
    expect(changes.length).toBe(d.writes);
  });

  it('removes one path (a file gone from disk) and clears them all', () => {
    const { store } = disk(JSON.stringify(['/a.yaml', '/b.yaml']));
    const r = new RecentFiles(store);
    r.remove('/a.yaml');
    expect(r.list()).toEqual(['/b.yaml']);
    r.clear();
    expect(new RecentFiles(store).list()).toEqual([]);
  });

  it('starts empty from a damaged list and keeps working when the list cannot be written', () => {
    expect(new RecentFiles(disk('{not json').store).list()).toEqual([]);
    expect(new RecentFiles(disk(JSON.stringify([1, '', '/ok.yaml', null])).store).list()).toEqual(['/ok.yaml']);
    const r = new RecentFiles({
      read: () => {
        throw new Error('EACCES');
      },
      write: () => {
        throw new Error('EROFS');
      },
    });
    r.add('/a.yaml');
    expect(r.list()).toEqual(['/a.yaml']);
  });
});
