// resources/presets at run time: where main looks for it, and how it is read (src/main/presetDir.ts,
// src/main/loadPresets.ts, src/labhost/node/presetFiles.ts).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPresetDir } from '../../src/labhost/node/presetFiles';
import { loadPresets } from '../../src/main/loadPresets';
import { findPresetDir, presetDirCandidates } from '../../src/main/presetDir';

const tmp = mkdtempSync(join(tmpdir(), 'virq-presets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readPresetDir', () => {
  it('reads every .yaml file, named without its extension, sorted by name', () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'vfio-intx.yaml'), 'name: vfio-intx\n');
    writeFileSync(join(dir, 'Zeta.yaml'), 'name: Zeta\n');
    writeFileSync(join(dir, 'gic-lr.yaml'), 'name: gic-lr\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a preset');
    writeFileSync(join(dir, 'old.yml'), 'not a .yaml');
    mkdirSync(join(dir, 'dir.yaml'));
    expect(readPresetDir(dir)).toEqual([
      { name: 'Zeta', text: 'name: Zeta\n' },
      { name: 'gic-lr', text: 'name: gic-lr\n' },
      { name: 'vfio-intx', text: 'name: vfio-intx\n' },
    ]);
  });

  it('throws for a missing directory', () => {
    expect(() => readPresetDir(join(tmp, 'absent'))).toThrow(/ENOENT/);
  });

  it('reads the shipped presets', () => {
    const dir = new URL('../../resources/presets/', import.meta.url).pathname;
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
    expect(readPresetDir(dir).map((p) => p.name + '.yaml')).toEqual(files);
  });
});

describe('loadPresets', () => {
  it('starts without presets, with a log line, when the directory is missing or unknown', () => {
    const lines: string[] = [];
    expect(loadPresets(null, (l) => lines.push(l))).toEqual([]);
    expect(loadPresets(join(tmp, 'absent'), (l) => lines.push(l))).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/cannot read presets from .*absent/);
  });
});

describe('findPresetDir', () => {
  const places = { resourcesPath: '/app/resources', appPath: '/app/resources/app.asar', mainDir: '/repo/out/main' };

  it('looks in the packaged resources first, then the app, then beside the built main bundle', () => {
    expect(presetDirCandidates(places)).toEqual([
      '/app/resources/presets',
      '/app/resources/app.asar/resources/presets',
      '/repo/resources/presets',
    ]);
    expect(presetDirCandidates({ ...places, resourcesPath: undefined })[0]).toBe('/app/resources/app.asar/resources/presets');
  });

  it('picks the first that exists, or none', () => {
    expect(findPresetDir(places, (p) => p === '/repo/resources/presets')).toBe('/repo/resources/presets');
    expect(findPresetDir(places, () => false)).toBeNull();
  });
});
