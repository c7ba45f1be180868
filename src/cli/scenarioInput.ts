// FILE|PRESET → scenario text: a path that exists is read; otherwise the name must be a shipped preset.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPresetDir } from '../labhost/node/presetFiles';
import { UsageError } from './args';

export const PRESET_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../resources/presets');

export function presets() {
  return readPresetDir(PRESET_DIR);
}

export function readScenarioInput(arg: string | undefined): { label: string; text: string } {
  if (!arg) throw new UsageError('missing FILE or PRESET');
  if (existsSync(arg)) {
    if (!statSync(arg).isFile()) throw new UsageError(`${arg}: not a file`);
    try {
      return { label: arg, text: readFileSync(arg, 'utf8') };
    } catch (e) {
      throw new UsageError(`${arg}: cannot read (${(e as Error).message})`);
    }
  }
  const found = presets().find((p) => p.name === arg);
  if (found) return { label: `preset ${found.name}`, text: found.text };
  if (/[/\\.]/.test(arg)) throw new UsageError(`${arg}: no such file`);
  throw new UsageError(`unknown preset "${arg}"; known: ${presets().map((p) => p.name).join(', ')} (or give a file path)`);
}

