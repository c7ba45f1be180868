// Scenario files for the renderer through native dialogs. The renderer never names a path it was not given:
// Save writes only to a path the user picked in this session's open or save dialog (or in the File > Open Recent
// menu, which main itself shows); anything else asks again. Open and Save share one size limit
// (scenarioFileLimit.ts), and the IO behind Save is atomic (atomicWrite.ts, wired in scenarioFileIpc.ts).
import { basename } from 'node:path';
import { z } from 'zod';
import { checkScenarioSize } from './scenarioFileLimit';

export interface FileDialogs {
  /** The chosen path, or null when cancelled. */
  showOpen(): Promise<string | null>;
  showSave(defaultName: string): Promise<string | null>;
}

export interface FileIo {
  /** The file's size in bytes (checked against the limit before it is read). */
  size(path: string): Promise<number>;
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
}

export interface OpenedScenario { name: string; text: string; path: string }
export interface SavedScenario { name: string; path: string }

/** Path length and name bounds only: the text's size is checked in bytes against the shared limit. */
const SaveRequest = z.object({
  text: z.string(),
  name: z.string().max(255),
  path: z.string().max(4096).optional(),
}).strict();

export class ScenarioFiles {
  private readonly granted = new Set<string>();

  /** `onUsed` hears every path opened or saved (the recent-files list). */
  constructor(private readonly dialogs: FileDialogs, private readonly io: FileIo, private readonly onUsed: (path: string) => void = () => {}) {}

  async open(): Promise<OpenedScenario | null> {
    const path = await this.dialogs.showOpen();
    return path ? this.openPath(path) : null;
  }

  /** Opens a path main chose itself (a recent file picked from the menu). */
  async openPath(path: string): Promise<OpenedScenario> {
    checkScenarioSize(await this.io.size(path));
    const text = await this.io.read(path);
    // The file may have grown between the two calls.
    checkScenarioSize(Buffer.byteLength(text, 'utf8'));
    this.granted.add(path);
    this.onUsed(path);
    return { name: basename(path), text, path };
  }

  async save(request: unknown): Promise<SavedScenario | null> {
    const req = SaveRequest.parse(request);
    checkScenarioSize(Buffer.byteLength(req.text, 'utf8'));
    let path = req.path && this.granted.has(req.path) ? req.path : null;
    path ??= await this.dialogs.showSave(safeName(req.name));
    if (!path) return null;
    await this.io.write(path, req.text);
    this.granted.add(path);
    this.onUsed(path);
    return { name: basename(path), path };
  }
}

/** A default file name without directories. */
function safeName(name: string): string {
  const base = basename(name.replace(/\\/g, '/')).trim();
  return base || 'scenario.yaml';
}
