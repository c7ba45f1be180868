// `virq run … --snapshot-at T --snapshot-out FILE` and `virq run --from-snapshot FILE`: a run's point written as a
// snapshot document, and a run resumed from one (restored by deterministic re-execution: sim/lab/snapshot/).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Lab } from '../sim/lab/lab';
import { parseSnapshot, SnapshotError, takeSnapshot } from '../sim/lab/snapshot/snapshot';
import { restoreSnapshot } from '../sim/lab/snapshot/replay';
import { UsageError } from './args';

/** The same size limit the app's Open and Save keep. */
const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

/** Runs every event up to simulated time `atNs` (included), then writes the snapshot of that point to `file`. */
export function writeSnapshotAt(lab: Lab, atNs: number, file: string): void {
  lab.advance(Number.MAX_SAFE_INTEGER, atNs);
  const s = takeSnapshot(lab, { takenAt: new Date().toISOString() });
  try {
    writeFileSync(file, JSON.stringify(s, null, 1) + '\n');
  } catch (e) {
    throw new UsageError(`--snapshot-out ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  console.error(`virq: snapshot at event ${s.position.events} (${s.position.simNs} ns, ${s.position.hops} hops, log hash ${s.logHash}) written to ${file}`);
}

/** The run a snapshot file holds, restored to its point; a file that cannot be read or replayed is a usage error. */
export function labFromSnapshotFile(file: string): Lab {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--from-snapshot ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (text.length > MAX_SNAPSHOT_BYTES) throw new UsageError(`--from-snapshot ${file}: over 16 MiB, not a snapshot this lab writes`);
  try {
    return restoreSnapshot(parseSnapshot(text));
  } catch (e) {
    if (e instanceof SnapshotError) throw new UsageError(`--from-snapshot ${file}: ${e.message}`);
    throw e;
  }
}
