// Keyboard: Ctrl/Cmd+Enter runs, F10 steps one event, Shift+F10 steps to the next hop, Space pauses or resumes
// when focus is not in a text field.
import { onMounted, onUnmounted } from 'vue';
import { useLabStore } from '../stores/lab';
import { useScenarioStore } from '../stores/scenario';
import { useStopPointsStore } from '../stores/stopPoints';

export function useRunShortcuts(): void {
  const lab = useLabStore();
  const scenario = useScenarioStore();
  const stops = useStopPointsStore();

  function onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void scenario.run();
    } else if (e.key === 'F10' && e.shiftKey) {
      e.preventDefault();
      if (lab.state === 'paused' || lab.state === 'loaded') void stops.stepToHop().catch(() => undefined);
    } else if (e.key === 'F10') {
      e.preventDefault();
      void scenario.step();
    } else if (e.key === ' ' && !isTyping(e.target)) {
      e.preventDefault();
      if (lab.state === 'running') void scenario.pause();
      else if (lab.state === 'paused') void scenario.run();
    }
  }

  onMounted(() => window.addEventListener('keydown', onKey));
  onUnmounted(() => window.removeEventListener('keydown', onKey));
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'SUMMARY', 'A'].includes(target.tagName);
}
