// @vitest-environment happy-dom
// The Validation page as a user meets it: a row per published figure with the paper's value, the lab's and the
// verdict; a claim's costs table on demand; "open in Compare" puts the figure's two sides on A and B of its preset.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { LabApi, ReproduceReport } from '../../../src/shared/protocol';
import report from '../../../resources/validation.json';
import { inProcessLab } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { default: ValidationView } = await import('../../../src/renderer/src/views/ValidationView.vue');
const { useCompareStore } = await import('../../../src/renderer/src/stores/compare');

enableAutoUnmount(afterEach);
const r = report as unknown as ReproduceReport;

describe('ValidationView', () => {
  let pinia: Pinia;
  const goTo = vi.fn();
  const view = () => mount(ValidationView, { global: { plugins: [pinia], provide: { goTo } } });

  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    lab.api = inProcessLab();
    goTo.mockReset();
  });

  it('shows every claim with its figures, the lab value and the verdict', () => {
    const w = view();
    for (const c of r.claims) {
      const block = w.find(`[data-testid="claim-${c.id}"]`);
      expect(block.exists(), c.id).toBe(true);
      expect(block.text()).toContain(c.title);
      for (const f of c.figures) {
        expect(block.text()).toContain(f.labText);
        expect(block.text()).toContain(f.verdict);
      }
      expect(block.text()).toContain(c.sensitivityText);
    }
  });

  it('opens a figure\'s two sides in Compare on the claim\'s preset', async () => {
    const w = view();
    const c = r.claims[0]!;
    const f = c.figures[0]!;
    await w.find(`[data-testid="open-${c.id}-0"]`).trigger('click');
    const compare = useCompareStore(pinia);
    expect(compare.source).toBe(c.preset);
    expect(compare.a.label).toBe(f.between[0]);
    expect(compare.b.label).toBe(f.between[1]);
    expect(compare.a.extra).toBe(Object.entries(c.sides[f.between[0]]!).map(([k, v]) => `${k}=${v}`).join('\n'));
    expect(goTo).toHaveBeenCalledWith('compare');
  });
});
