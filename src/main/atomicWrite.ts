// Writes a file so that a crash, a full disk or a killed process never leaves it half written: the text goes to a
// temporary file in the same directory (same filesystem, so the rename is atomic), is flushed to disk (fsync), and
// only then renamed over the target. Whatever stops the save before the rename leaves the old file as it was.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file-system calls an atomic write makes; tests replace one to stop a save half way. */
export interface AtomicWriteFs {
  open: typeof open;
  rename: typeof rename;
  unlink: typeof unlink;
}

const nodeFs: AtomicWriteFs = { open, rename, unlink };

/** A hidden sibling of `target`, unique to this write. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(target: string, text: string, fs: AtomicWriteFs = nodeFs): Promise<void> {
  const temp = tempPathFor(target);
  try {
    const handle = await fs.open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (err) {
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(target), fs);
}

/** Makes the rename itself durable (POSIX); where a directory cannot be opened or synced (Windows), skipped. */
async function syncDirectory(dir: string, fs: AtomicWriteFs): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort: the data itself was synced before the rename
  }
}
