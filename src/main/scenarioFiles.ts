// Scenario files for the renderer through native dialogs. The renderer never names a path it was not given:
// Save writes only to a path the user picked in this session's open or save dialog; anything else asks again.
import { basename } from 'node:path';
import { z } from 'zod';

export interface FileDialogs {
  /** The chosen path, or null when cancelled. */
  showOpen(): Promise<string | null>;
  showSave(defaultName: string): Promise<string | null>;
}

export interface FileIo {
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
}

export interface OpenedScenario { name: string; text: string; path: string }
export interface SavedScenario { name: string; path: string }

const MAX_TEXT = 16 * 1024 * 1024;
const SaveRequest = z.object({
  text: z.string().max(MAX_TEXT),
  name: z.string().max(255),
  path: z.string().max(4096).optional(),
}).strict();

export class ScenarioFiles {
  private readonly granted = new Set<string>();

  constructor(private readonly dialogs: FileDialogs, private readonly io: FileIo) {}

  async open(): Promise<OpenedScenario | null> {
    const path = await this.dialogs.showOpen();
    if (!path) return null;
    const text = await this.io.read(path);
    this.granted.add(path);
    return { name: basename(path), text, path };
  }

  async save(request: unknown): Promise<SavedScenario | null> {
    const req = SaveRequest.parse(request);
    let path = req.path && this.granted.has(req.path) ? req.path : null;
    path ??= await this.dialogs.showSave(safeName(req.name));
    if (!path) return null;
    await this.io.write(path, req.text);
    this.granted.add(path);
    return { name: basename(path), path };
  }
}

/** A default file name without directories. */
function safeName(name: string): string {
  const base = basename(name.replace(/\\/g, '/')).trim();
  return base || 'scenario.yaml';
}
