// Closing the desktop window over edits not saved to their file: the page vetoes the unload and Electron's main
// process asks the user (will-prevent-unload). The web build relies on the autosave instead, so a reload never prompts.
import { onBeforeUnmount, onMounted } from 'vue';

/** Whether closing should be held for the user's answer. */
export function shouldGuardClose(isElectron: boolean, unsavedEdits: boolean): boolean {
  return isElectron && unsavedEdits;
}

export function useCloseGuard(unsavedEdits: () => boolean): void {
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (!shouldGuardClose(window.virqBridge?.isElectron === true, unsavedEdits())) return;
    e.preventDefault();
    e.returnValue = ''; // Electron: a non-undefined value holds the unload; main's dialog decides
  };
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload));
}
