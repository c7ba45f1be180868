// What a diagram part offers: open one of its register files in Registers, or filter the Log to its hops. Both act
// on the run of the editor's text (the diagram draws that text): when the lab holds nothing or another text, the
// text is loaded first (at time zero, as Step does), so the file opened is this machine's.
import { inject } from 'vue';
import type { ViewName } from '../components/SideBar.vue';
import type { PartLogFilter } from '../diagram/partLogFilter';
import { useLabStore } from '../stores/lab';
import { useLogStore } from '../stores/log';
import { useRegistersStore } from '../stores/registers';
import { useScenarioStore } from '../stores/scenario';

export function usePartActions() {
  const goTo = inject<(v: ViewName) => void>('goTo', () => {});
  const lab = useLabStore();
  const scenario = useScenarioStore();
  const regs = useRegistersStore();
  const log = useLogStore();

  /** Loads the editor's text unless the lab already holds a run of it; false when it does not load. */
  async function ensureLoaded(): Promise<boolean> {
    if (lab.state !== 'empty' && scenario.textIsLoaded) return true;
    try {
      return await scenario.loadText();
    } catch {
      return false; // recorded by the lab store for the error bar
    }
  }

  async function openRegisters(file: string): Promise<void> {
    if (!(await ensureLoaded())) return;
    regs.select(file);
    goTo('registers');
  }

  async function filterLog(filter: PartLogFilter): Promise<void> {
    if (!(await ensureLoaded())) return;
    await log.clearFilter().catch(() => undefined);
    await log.setFilter({ vm: filter.vm, device: filter.device }).catch(() => undefined);
    goTo('log');
  }

  return { openRegisters, filterLog };
}
