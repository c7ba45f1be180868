// The lab worker's presets: a missing or unreadable directory is logged, not fatal (users can still paste a scenario).
import { readPresetDir } from '../labhost/node/presetFiles';
import type { PresetSource } from '../shared/protocol';

export function loadPresets(dir: string | null, log: (line: string) => void): PresetSource[] {
  if (dir === null) {
    log('lab worker: no presets directory found; starting without presets');
    return [];
  }
  try {
    return readPresetDir(dir);
  } catch (err) {
    log(`lab worker: cannot read presets from ${dir}: ${(err as Error).message}`);
    return [];
  }
}
