// @vitest-environment happy-dom
// "Costs in use" as a user meets it: collapsed at first; opened, a row per cost entry with overridden rows
// highlighted (their default shown), estimates marked with their range, the source on hover; a filter box and an
// "overridden only" switch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { LabApi } from '../../../src/shared/protocol';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { inProcessLab, presetText } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { default: CostsInUse } = await import('../../../src/renderer/src/components/CostsInUse.vue');
const { useScenarioStore } = await import('../../../src/renderer/src/stores/scenario');
const { useCostsInUseStore } = await import('../../../src/renderer/src/stores/costsInUse');

enableAutoUnmount(afterEach);

describe('CostsInUse', () => {
  let pinia: Pinia;

  beforeEach(() => {
    localStorage.clear();
    pinia = createPinia();
    setActivePinia(pinia);
    lab.api = inProcessLab();
  });

  async function opened() {
    useScenarioStore(pinia).text = `${presetText('msi-emulated')}\ncosts: { "pci.config.read": "1500ns", "guest.driver.handler@vm0": "7us" }\n`;
    const w = mount(CostsInUse, { global: { plugins: [pinia] } });
    expect(w.get('details').attributes('open')).toBeUndefined();
    expect(w.findAll('[data-testid="cost-row"]')).toHaveLength(0);
    const details = w.get('details').element as HTMLDetailsElement;
    details.open = true;
    await w.get('details').trigger('toggle');
    await vi.waitFor(() => expect(useCostsInUseStore(pinia).current).toBe(true), { timeout: 10_000 });
    await flushPromises();
    return w;
  }

  it('opened, lists every entry (and the scoped override); overridden rows are highlighted with their default', async () => {
    const w = await opened();
    const rows = w.findAll('[data-testid="cost-row"]');
    expect(rows).toHaveLength(Object.keys(COSTS).length + 1);
    const over = rows.filter((r) => r.classes('over')).map((r) => r.attributes('data-name'));
    expect(over).toEqual(['guest.driver.handler@vm0', 'pci.config.read']);
    const cfg = rows.find((r) => r.attributes('data-name') === 'pci.config.read')!;
    expect(cfg.findAll('td').map((t) => t.text())).toEqual(['~pci.config.read', '1,500 ns', '1,500', '1,000 ns', '500–2,000 ns', expect.stringMatching(/^facts F16/)]);
    expect(cfg.attributes('title')).toMatch(/source: .*F16[\s\S]*range: 500–2,000 ns — facts F16/);
    expect(w.get('[data-testid="costs-counts"]').text()).toMatch(/2 overridden/);
  });

  it('a sourced entry has no range and no estimate mark', async () => {
    const w = await opened();
    const exit = w.findAll('[data-testid="cost-row"]').find((r) => r.attributes('data-name') === 'kvm.vmexit')!;
    expect(exit.get('.est').text()).toBe('');
    expect(exit.get('[data-testid="cost-range"]').text()).toBe('');
  });

  it('the filter matches names, meanings and sources; "overridden only" keeps the highlighted rows', async () => {
    const w = await opened();
    await w.get('[data-testid="costs-filter"]').setValue('F16');
    const names = w.findAll('[data-testid="cost-row"]').map((r) => r.attributes('data-name'));
    expect(names).toEqual(Object.entries(COSTS).filter(([, e]) => e.source.includes('F16')).map(([n]) => n));
    await w.get('[data-testid="costs-filter"]').setValue('');
    await w.get('[data-testid="costs-only-overridden"]').setValue(true);
    expect(w.findAll('[data-testid="cost-row"]').map((r) => r.attributes('data-name'))).toEqual(['guest.driver.handler@vm0', 'pci.config.read']);
    await w.get('[data-testid="costs-filter"]').setValue('no such cost');
    expect(w.get('[data-testid="costs-none"]').text()).toMatch(/no cost matches/);
  });
});
