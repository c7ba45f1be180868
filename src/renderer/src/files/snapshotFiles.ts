// Snapshot files (`*.virq-snapshot.json`): saved as a download (in Electron: its save dialog) and opened by a file
// pick, in the app and the web build alike; the 16 MiB limit of scenario files holds for them too.
import { downloadText, fileSlug } from './downloadText';

export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

const TOO_BIG = 'over 16 MiB: vIRQ Lab opens and saves files up to 16 MiB';

/** Writes the snapshot document; refuses one over the limit (its scenario text is what makes it big). */
export function saveSnapshotFile(json: string, scenario: string, events: number): string {
  if (new Blob([json]).size > MAX_SNAPSHOT_BYTES) throw new Error(`snapshot ${TOO_BIG}`);
  const name = `${fileSlug(scenario)}-event-${events}.virq-snapshot.json`;
  downloadText(json, name, 'application/json');
  return name;
}

/** Asks for a snapshot file and reads it (null: nothing picked). */
export function openSnapshotFile(): Promise<{ name: string; text: string } | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json';
    input.dataset.testid = 'snapshot-upload';
    input.style.display = 'none';
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return resolve(null);
      if (file.size > MAX_SNAPSHOT_BYTES) return reject(new Error(`${file.name}: ${TOO_BIG}`));
      resolve({ name: file.name, text: await file.text() });
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    document.body.append(input);
    input.click();
  });
}
