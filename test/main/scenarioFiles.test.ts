// Scenario files through native dialogs: open reads what the user picked; save writes back only to a path the user
// picked (open or save dialog), and asks for any other path the renderer names.
import { describe, expect, it } from 'vitest';
import { ScenarioFiles, type FileDialogs } from '../../src/main/scenarioFiles';
import { MAX_SCENARIO_FILE_BYTES, scenarioTooBigMessage } from '../../src/main/scenarioFileLimit';

function setup(picks: { open?: string | null; save?: (string | null)[] }) {
  const disk = new Map<string, string>([['/home/u/a.yaml', 'name: a\n']]);
  const asked: string[] = [];
  const saves = [...(picks.save ?? [])];
  const dialogs: FileDialogs = {
    showOpen: async () => picks.open ?? null,
    showSave: async (name) => {
      asked.push(name);
      return saves.shift() ?? null;
    },
  };
  const files = new ScenarioFiles(dialogs, {
    size: async (p) => (disk.has(p) ? Buffer.byteLength(disk.get(p)!, 'utf8') : Promise.reject(new Error(`ENOENT ${p}`))),
    read: async (p) => disk.get(p) ?? Promise.reject(new Error(`ENOENT ${p}`)),
    write: async (p, t) => void disk.set(p, t),
  });
  return { files, disk, asked };
}

describe('ScenarioFiles', () => {
  it('opens the picked file with its name and path; a cancelled dialog opens nothing', async () => {
    expect(await setup({ open: '/home/u/a.yaml' }).files.open()).toEqual({ name: 'a.yaml', text: 'name: a\n', path: '/home/u/a.yaml' });
    expect(await setup({ open: null }).files.open()).toBeNull();
  });

  it('saves back to an opened file without asking', async () => {
    const { files, disk, asked } = setup({ open: '/home/u/a.yaml' });
    await files.open();
    expect(await files.save({ text: 'name: b\n', name: 'a.yaml', path: '/home/u/a.yaml' })).toEqual({ name: 'a.yaml', path: '/home/u/a.yaml' });
    expect(disk.get('/home/u/a.yaml')).toBe('name: b\n');
    expect(asked).toEqual([]);
  });

  it('asks where to save a path it never granted, suggesting only a file name', async () => {
    const { files, disk, asked } = setup({ save: ['/home/u/picked.yaml'] });
    const saved = await files.save({ text: 'x: 1\n', name: '../../etc/passwd', path: '/etc/passwd' });
    expect(asked).toEqual(['passwd']);
    expect(saved).toEqual({ name: 'picked.yaml', path: '/home/u/picked.yaml' });
    expect(disk.has('/etc/passwd')).toBe(false);
    // Now granted: the next save goes there without asking.
    await files.save({ text: 'x: 2\n', name: 'picked.yaml', path: '/home/u/picked.yaml' });
    expect(asked).toHaveLength(1);
    expect(disk.get('/home/u/picked.yaml')).toBe('x: 2\n');
  });

  it('refuses malformed requests and writes nothing on a cancelled dialog', async () => {
    const { files, disk } = setup({ save: [null] });
    await expect(files.save({ text: 1, name: 'a' })).rejects.toThrow();
    await expect(files.save({ text: 'a', name: 'a', extra: true })).rejects.toThrow();
    expect(await files.save({ text: 'a', name: 'a.yaml' })).toBeNull();
    expect([...disk.keys()]).toEqual(['/home/u/a.yaml']);
  });

  it('refuses a file over the one size limit on open and on save, with the same message', async () => {
    const big = 'x'.repeat(MAX_SCENARIO_FILE_BYTES + 1);
    const { files, disk, asked } = setup({ open: '/home/u/big.yaml', save: ['/home/u/big-copy.yaml'] });
    disk.set('/home/u/big.yaml', big);
    const message = scenarioTooBigMessage(MAX_SCENARIO_FILE_BYTES + 1);
    expect(message).toBe('scenario file too big: 16.0 MiB; the limit for opening and saving is 16.0 MiB');
    await expect(files.open()).rejects.toThrow(message);
    await expect(files.save({ text: big, name: 'big.yaml' })).rejects.toThrow(message);
    expect(asked).toEqual([]); // refused before any dialog
    expect(disk.has('/home/u/big-copy.yaml')).toBe(false);
  });

  it('counts the limit in bytes: multi-byte text over it is refused though it has fewer characters', async () => {
    const { files } = setup({ save: ['/home/u/wide.yaml'] });
    const wide = '€'.repeat(Math.ceil(MAX_SCENARIO_FILE_BYTES / 3) + 1);
    expect(wide.length).toBeLessThan(MAX_SCENARIO_FILE_BYTES);
    await expect(files.save({ text: wide, name: 'wide.yaml' })).rejects.toThrow(/too big/);
  });

  it('tells the recent-files list of every path opened or saved', async () => {
    const used: string[] = [];
    const files = new ScenarioFiles(
      { showOpen: async () => '/home/u/a.yaml', showSave: async () => '/home/u/b.yaml' },
      { size: async () => 3, read: async () => 'a: 1', write: async () => {} },
      (p) => used.push(p),
    );
    await files.open();
    await files.save({ text: 'b: 1', name: 'b.yaml' });
    expect(await files.openPath('/home/u/c.yaml')).toMatchObject({ name: 'c.yaml', path: '/home/u/c.yaml' });
    expect(used).toEqual(['/home/u/a.yaml', '/home/u/b.yaml', '/home/u/c.yaml']);
  });
});
