// Reads the preset scenarios shipped in resources/presets (Node only: the web build bundles its own copies).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PresetSource } from '../../shared/protocol';

const PRESET_EXT = '.yaml';

/** Every `*.yaml` file in `dir` as { name (file name without .yaml), text }, sorted by name. Throws if `dir` is unreadable. */
export function readPresetDir(dir: string): PresetSource[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(PRESET_EXT))
    .map((e) => ({ name: e.name.slice(0, -PRESET_EXT.length), text: readFileSync(join(dir, e.name), 'utf8') }))
    // Code-unit order, not localeCompare: the same order on every machine.
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
