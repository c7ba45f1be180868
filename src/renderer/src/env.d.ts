/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** What the Electron preload exposes; absent in the web build. */
interface VirqBridge {
  readonly isElectron: boolean;
  /** Native open/save dialogs for scenario files (Electron). */
  readonly files?: {
    open(): Promise<{ name: string; text: string; path: string } | null>;
    save(req: { text: string; name: string; path?: string }): Promise<{ name: string; path: string } | null>;
  };
  /** The app menu's File commands (Electron). */
  readonly menu?: {
    onCommand(fn: (c: import('../../shared/protocol').ElectronMenuCommand) => void): void;
  };
}

interface Window {
  virqBridge?: VirqBridge;
}
