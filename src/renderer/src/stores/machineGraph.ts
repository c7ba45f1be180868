// The machine the editor's text builds, as the lab's graph of parts and wires, for the diagram. Asked for a moment
// after the text last validated (never for text with issues); while the text has issues the last good graph stays,
// marked stale, so the drawing does not vanish at every keystroke.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { MachineGraph } from '../../../shared/protocol';
import { messageOf, useLabStore } from './lab';
import { useScenarioStore } from './scenario';

export const GRAPH_DELAY_MS = 200;

export const useMachineGraphStore = defineStore('machineGraph', () => {
  const lab = useLabStore();
  const scenario = useScenarioStore();
  const graph = shallowRef<MachineGraph | null>(null);
  /** The text the graph was built from. */
  const builtFrom = ref<string | null>(null);
  /** The lab's answer when it could not build the current text's machine. */
  const failure = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  /** The lab's validator has checked the current text and found nothing. */
  const textValid = computed(() => !scenario.validating && scenario.issues.length === 0 && scenario.text.trim() !== '');
  const current = computed(() => graph.value !== null && builtFrom.value === scenario.text);
  const hasIssues = computed(() => !scenario.validating && scenario.issues.length > 0);
  /** Why the current text has no graph of its own (its issues, or the lab's answer), null when it has or may. */
  const problem = computed(() => {
    if (current.value) return null;
    if (hasIssues.value) return `${scenario.issues.length} issue${scenario.issues.length === 1 ? '' : 's'} in the text`;
    return failure.value;
  });
  /** A drawing of an earlier text, kept while the current one cannot be built. */
  const stale = computed(() => graph.value !== null && !current.value && problem.value !== null);
  const updating = computed(() => !current.value && !stale.value);

  watch([() => scenario.text, textValid], () => schedule(), { immediate: true });

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    failure.value = null;
    if (builtFrom.value === scenario.text || !textValid.value) return;
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, GRAPH_DELAY_MS);
  }

  /** Asks the lab for the graph of the current text (dropped if the text changes before the answer). */
  async function refresh(): Promise<void> {
    if (!textValid.value) return;
    const text = scenario.text;
    const mine = ++seq;
    try {
      const result = await lab.call('machineGraph', { text });
      if (mine !== seq || text !== scenario.text) return;
      if (result.ok) {
        graph.value = { nodes: result.nodes, edges: result.edges };
        builtFrom.value = text;
      } else {
        failure.value = result.issues.map((i) => `${i.path}: ${i.message}`).join('; ') || 'the text does not build a machine';
      }
    } catch (e) {
      if (mine === seq) failure.value = messageOf(e);
    }
  }

  return { graph, builtFrom, problem, current, stale, updating, refresh };
});
