// The costs a scenario runs with: every catalog entry, the figure in use in ns at the scenario's clock, overrides
// (whole-entry and `name@scope`) marked with their default kept, estimates with their range.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { costsInUse } from '../../../src/sim/lab/costsInUse';
import { Lab } from '../../../src/sim/lab/lab';
import { loadScenario } from '../../../src/sim/scenario/validate';

const preset = (name: string) => readFileSync(new URL(`../../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');

function scenario(name: string, set: Record<string, string> = {}) {
  const r = loadScenario(preset(name), { set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe('costs in use', () => {
  it('lists every catalog entry once, in catalog order, at its default when the scenario overrides nothing', () => {
    const c = costsInUse(scenario('msi-emulated'));
    expect(c.costs.map((r) => r.name)).toEqual(Object.keys(COSTS));
    expect(c.costs.every((r) => !r.overridden && r.value === r.default.value && r.unit === r.default.unit)).toBe(true);
    const exit = c.costs.find((r) => r.name === 'kvm.vmexit')!;
    expect(exit.ns).toBe(Math.round(COSTS['kvm.vmexit'].value / c.cpuGhz));
    expect(exit.estimate).toBe(false);
    expect(exit.range).toBeNull();
    expect(exit.source).toMatch(/F1/);
    const cfg = c.costs.find((r) => r.name === 'pci.config.read')!;
    expect(cfg.estimate).toBe(true);
    expect(cfg.range).toEqual([...COSTS['pci.config.read'].range!]);
  });

  it('an override is marked, converted at the host clock, and keeps its default; a name@scope override follows its entry', () => {
    const c = costsInUse(scenario('msi-emulated', {
      'host.cpuGhz': '2', 'costs["kvm.vmexit"]': '1500 cycles', 'costs["guest.driver.handler@vm0"]': '7us',
    }));
    const exit = c.costs.find((r) => r.name === 'kvm.vmexit')!;
    expect(exit).toMatchObject({ overridden: true, value: 1500, unit: 'cycles', ns: 750, default: { value: 1000, unit: 'cycles', ns: 500 } });
    const i = c.costs.findIndex((r) => r.name === 'guest.driver.handler@vm0');
    expect(c.costs[i - 1]!.name).toBe('guest.driver.handler');
    expect(c.costs[i - 1]!.overridden).toBe(false);
    expect(c.costs[i]).toMatchObject({ entry: 'guest.driver.handler', scope: 'vm0', overridden: true, value: 7000, unit: 'ns', ns: 7000 });
    expect(c.costs.filter((r) => r.overridden).map((r) => r.name)).toEqual(['kvm.vmexit', 'guest.driver.handler@vm0']);
  });

  it('the figures listed are the ones the built machine runs with', () => {
    const r = Lab.load(preset('msi-emulated'), { set: { 'costs["eventfd.signal"]': '900ns', 'host.cpuGhz': '2.5' } });
    if (!r.ok) throw new Error('load');
    const listed = r.lab.costsInUse();
    for (const row of r.lab.machine.costs.table()) {
      const mine = listed.costs.find((x) => x.name === row.name)!;
      expect(mine.ns, row.name).toBe(row.ns);
      expect(mine.overridden, row.name).toBe(row.overridden);
    }
  });
});
