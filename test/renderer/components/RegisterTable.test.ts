// @vitest-environment happy-dom
// The register table over a real lab: a step renders again only the rows whose register moved (its value, its change
// mark or its last writer), and the list of rows is not rebuilt.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { defineComponent, h, nextTick, toRaw } from 'vue';
import type { LabApi, RegisterView } from '../../../src/shared/protocol';
import { inProcessLab, presetText } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { default: RegisterTable } = await import('../../../src/renderer/src/components/RegisterTable.vue');
const { useRegistersStore } = await import('../../../src/renderer/src/stores/registers');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');

const FILE = 'host/cpu0/lapic';

/** Each render of a row, by register name (the row itself is RegisterRow's business, tested on its own). */
let renders: string[] = [];
const CountingRow = defineComponent({
  props: ['file', 'register', 'changed', 'differs', 'baseline', 'focused', 'result', 'writer'],
  setup(props) {
    return () => {
      renders.push((props.register as RegisterView).name);
      return h('tbody', { 'data-register': (props.register as RegisterView).name });
    };
  },
});

enableAutoUnmount(afterEach);

describe('RegisterTable', () => {
  let pinia: Pinia;
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    lab.api = inProcessLab();
    renders = [];
  });

  it('a step renders again only the rows whose value, change mark or last writer moved', async () => {
    const labStore = useLabStore();
    const regs = useRegistersStore();
    await labStore.call('load', { text: presetText('msi-emulated') });
    await labStore.control('run', { untilNs: 2e6 });
    await vi.waitFor(() => expect(labStore.state).toBe('paused'), { timeout: 10_000 });
    await regs.loadFiles();
    regs.select(FILE);
    await regs.pull();
    const w = mount(RegisterTable, { attachTo: document.body, global: { plugins: [pinia], stubs: { RegisterRow: CountingRow } } });
    await flushPromises();
    const total = regs.names.length;
    expect(w.findAll('tbody[data-register]')).toHaveLength(total);
    expect(new Set(renders).size).toBe(total);
    const list = regs.names;

    const state = () => new Map(regs.names.map((n) => [n, [toRaw(regs.view(n)), regs.hasChanged(n), toRaw(regs.writerOf(n))] as const]));
    let steps = 0;
    let moved = 0;
    for (; steps < 2000 && moved < 3; steps++) {
      const before = state();
      renders = [];
      await labStore.control('step', { events: 1 });
      await regs.pull();
      await nextTick();
      const after = state();
      const expected = regs.names.filter((n) => before.get(n)!.some((x, i) => x !== after.get(n)![i]));
      expect(renders.sort()).toEqual(expected.sort());
      if (expected.length) moved++;
    }
    expect(moved).toBe(3);
    expect(regs.names).toBe(list);
    expect(w.findAll('tbody[data-register]')).toHaveLength(total);
  });
});
