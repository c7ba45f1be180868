/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** What the Electron preload exposes; absent in the web build. */
interface VirqBridge {
  readonly isElectron: boolean;
}

interface Window {
  virqBridge?: VirqBridge;
}
