// Opening and saving scenario files: native dialogs in Electron (through the preload's two calls), file upload and
// download in the web build. Either way the renderer gets a name, the text and, in Electron, a path to save back to.

import { downloadText } from './downloadText';

export interface OpenedFile {
  name: string;
  text: string;
  /** Electron only: where Save writes back. */
  path?: string;
}

export interface SavedFile {
  name: string;
  path?: string;
}

export interface ScenarioFiles {
  readonly native: boolean;
  open(): Promise<OpenedFile | null>;
  /** Save to `path` when given (Electron), else ask where (a dialog, or a download named `name`). */
  save(text: string, name: string, path?: string): Promise<SavedFile | null>;
}

export const SCENARIO_FILE_TYPES = '.yaml,.yml,.json';

function webFiles(): ScenarioFiles {
  return {
    native: false,
    open: () =>
      new Promise((resolve) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = SCENARIO_FILE_TYPES;
        input.dataset.testid = 'file-upload';
        input.style.display = 'none';
        input.addEventListener('change', async () => {
          const file = input.files?.[0];
          input.remove();
          resolve(file ? { name: file.name, text: await file.text() } : null);
        });
        input.addEventListener('cancel', () => {
          input.remove();
          resolve(null);
        });
        document.body.append(input);
        input.click();
      }),
    save: async (text, name) => {
      downloadText(text, name, 'text/yaml');
      return { name };
    },
  };
}

function electronFiles(bridge: NonNullable<VirqBridge['files']>): ScenarioFiles {
  return {
    native: true,
    open: () => bridge.open(),
    save: (text, name, path) => bridge.save({ text, name, ...(path ? { path } : {}) }),
  };
}

export function scenarioFiles(): ScenarioFiles {
  const files = window.virqBridge?.files;
  return files ? electronFiles(files) : webFiles();
}
