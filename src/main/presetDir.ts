// Where resources/presets is at run time, for the lab worker.
import { join } from 'node:path';

export interface PresetDirPlaces {
  /** process.resourcesPath: a packaged app ships presets there (electron-builder extraResources "presets"). */
  resourcesPath: string | undefined;
  /** app.getAppPath(): the repo root under `electron-vite dev`/`preview` and `electron .`. */
  appPath: string;
  /** The directory of the built main bundle (out/main), for `electron out/main/index.js`. */
  mainDir: string;
}

/** Candidate directories, most specific first. */
export function presetDirCandidates(p: PresetDirPlaces): string[] {
  const list = [
    ...(p.resourcesPath ? [join(p.resourcesPath, 'presets')] : []),
    join(p.appPath, 'resources', 'presets'),
    join(p.mainDir, '..', '..', 'resources', 'presets'),
  ];
  return [...new Set(list)];
}

export function findPresetDir(p: PresetDirPlaces, isDir: (path: string) => boolean): string | null {
  return presetDirCandidates(p).find(isDir) ?? null;
}
