// The installer configuration (electron-builder.yml), checked as data: the targets of each OS, the icon (a 512×512
// PNG, made from the SVG next to it), the presets shipped where main looks for them, the built app included. The
// packaging itself is not run here: no Electron binary or electron-builder in this environment (npm run dist).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { presetDirCandidates } from '../../src/main/presetDir';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const config = parse(readFileSync(join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('electron-builder.yml (real packaging skipped here: no Electron binary or electron-builder)', () => {
  it('builds AppImage and deb on Linux, an NSIS installer on Windows and a dmg on macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.productName).toBe('vIRQ Lab');
    expect(config.linux.maintainer).toMatch(/<.+@.+>/); // deb needs one
  });

  it('has the app icon in resources/: a 512×512 PNG, made from resources/icon.svg', () => {
    expect(config.icon).toBe('resources/icon.png');
    expect(pngSize(join(repo, config.icon))).toEqual({ width: 512, height: 512 });
    expect(readFileSync(join(repo, 'resources', 'icon.svg'), 'utf8')).toMatch(/<svg[^>]+viewBox="0 0 512 512"/);
  });

  it('packs the built app and ships the presets where main looks for them first', () => {
    expect(config.files).toContain('out/**/*');
    const presets = config.extraResources.find((r: { to: string }) => r.to === 'presets');
    expect(statSync(join(repo, presets.from)).isDirectory()).toBe(true);
    expect(presetDirCandidates({ resourcesPath: '/opt/vIRQ Lab/resources', appPath: '/x', mainDir: '/y' })[0]).toBe(join('/opt/vIRQ Lab/resources', presets.to));
    expect(config.directories.output).toBe('release');
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toMatch(/^release\/$/m);
  });

  it('is what `npm run dist` runs', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    expect(readFileSync(join(repo, 'scripts', 'dist.mjs'), 'utf8')).toContain("'--config', 'electron-builder.yml'");
    expect(existsSync(join(repo, 'scripts', 'start.mjs'))).toBe(true);
  });
});
