// The About box: name and version, what the lab is, the runtime versions a bug report needs, the licence.
import { describe, expect, it } from 'vitest';
import { aboutBox } from '../../src/main/about';

describe('aboutBox', () => {
  it('names the app and version, and lists Electron, Chromium, Node and the platform', () => {
    const box = aboutBox({ version: '0.1.0', electron: '38.8.6', chrome: '140.0.1', node: '22.1.0', platform: 'linux', arch: 'x64' });
    expect(box.title).toBe('About vIRQ Lab');
    expect(box.message).toBe('vIRQ Lab 0.1.0');
    expect(box.detail).toContain('Electron 38.8.6 · Chromium 140.0.1 · Node 22.1.0 · linux x64');
    expect(box.detail).toMatch(/interrupt paths through a virtualization host/);
    expect(box.detail).toMatch(/MIT licence/);
  });

  it('leaves out what it does not know (outside Electron)', () => {
    expect(aboutBox({ version: '1', node: '20.19.0', platform: 'darwin', arch: 'arm64' }).detail).toContain('\nNode 20.19.0 · darwin arm64\n');
  });
});
