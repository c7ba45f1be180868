// The test lab worker: exactly what the Electron worker runs (src/main/labWorkerServe.ts), with the repo's presets.
import { fileURLToPath } from 'node:url';
import { serveLabOnParentPort } from '../../src/main/labWorkerServe';

serveLabOnParentPort({ presetDir: fileURLToPath(new URL('../../resources/presets', import.meta.url)) });
