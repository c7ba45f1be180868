// The costs the editor's text runs with, for the Scenario view's "Costs in use" panel: asked for a moment after the
// text last validated, and only while the panel is open (never for text with issues); while the text has issues
// the last good table stays, marked stale. The rows are the lab's (`costsInUse`): nothing is computed here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { CostsInUse } from '../../../shared/protocol';
import { messageOf, useLabStore } from './lab';
import { useScenarioStore } from './scenario';

export const COSTS_DELAY_MS = 200;

export const useCostsInUseStore = defineStore('costsInUse', () => {
  const lab = useLabStore();
  const scenario = useScenarioStore();
  /** The panel is open: only then is the lab asked. */
  const open = ref(false);
  const table = shallowRef<CostsInUse | null>(null);
  const builtFrom = ref<string | null>(null);
  const failure = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  const textValid = computed(() => !scenario.validating && scenario.issues.length === 0 && scenario.text.trim() !== '');
  const current = computed(() => table.value !== null && builtFrom.value === scenario.text);
  const stale = computed(() => table.value !== null && !current.value && (failure.value !== null || (!scenario.validating && scenario.issues.length > 0)));

  watch([() => scenario.text, textValid, open], () => schedule(), { immediate: true });

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    failure.value = null;
    if (!open.value || builtFrom.value === scenario.text || !textValid.value) return;
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, COSTS_DELAY_MS);
  }

  /** Asks the lab for the costs of the current text (dropped if the text changes before the answer). */
  async function refresh(): Promise<void> {
    if (!textValid.value) return;
    const text = scenario.text;
    const mine = ++seq;
    try {
      const r = await lab.call('costsInUse', { text });
      if (mine !== seq || text !== scenario.text) return;
      if (r.ok) {
        table.value = { scenario: r.scenario, cpuGhz: r.cpuGhz, costs: r.costs };
        builtFrom.value = text;
      } else {
        failure.value = r.issues.map((i) => `${i.path}: ${i.message}`).join('; ') || 'the text has no costs';
      }
    } catch (e) {
      if (mine === seq) failure.value = messageOf(e);
    }
  }

  return { open, table, current, stale, failure, refresh };
});
