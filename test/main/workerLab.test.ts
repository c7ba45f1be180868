// The test helper's worker (test/support/workerLab.ts) runs the Electron worker's code (src/main/labWorkerServe.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { readPresetDir } from '../../src/labhost/node/presetFiles';
import { startWorkerLab } from '../support/workerLab';

const presetsDir = new URL('../../resources/presets/', import.meta.url).pathname;

describe('startWorkerLab', () => {
  const lab = startWorkerLab();
  afterAll(() => lab.close());

  it('answers from a worker thread with the repo presets', async () => {
    const presets = await lab.api.call('listPresets', undefined);
    expect(presets.map((p) => p.name)).toEqual(readPresetDir(presetsDir).map((p) => p.name));
    const status = await lab.api.call('status', undefined);
    expect(status.state).toBe('empty');
  });

  it('fails calls once the worker is gone', async () => {
    const other = startWorkerLab();
    await other.api.call('status', undefined);
    await other.close();
    await expect(other.api.call('status', undefined)).rejects.toThrow(/lab worker closed/);
  });
});
