// The costs a loaded scenario runs with, as the protocol carries them (`costsInUse`, `virq costs`, the Scenario
// view's "Costs in use"): every catalog entry with the figure in use, its default and where that comes from, and
// each `name@scope` override after its entry. Not here: which hops of the run used which entry (the hop catalog
// says which costs a kind may take).
import { COSTS } from '../core/catalog/costs';
import type { CostCatalog } from '../core/catalog/costEntry';
import { toNs } from '../core/costModel';
import { parseCost } from '../scenario/fields';
import type { Scenario } from '../scenario/schema';
import type { CostInUse, CostsInUse } from '../../shared/protocol';

export function costsInUse(s: Scenario, catalog: CostCatalog = COSTS): CostsInUse {
  const ghz = s.host.cpuGhz;
  const scoped = new Map<string, [string, string][]>();
  for (const key of Object.keys(s.costs)) {
    const at = key.indexOf('@');
    if (at < 0) continue;
    const name = key.slice(0, at);
    scoped.set(name, [...(scoped.get(name) ?? []), [key, key.slice(at + 1)]]);
  }
  const rows: CostInUse[] = [];
  for (const [name, e] of Object.entries(catalog)) {
    const def = { value: e.value, unit: e.unit, ns: toNs(e, ghz) };
    const base = {
      entry: name, default: def, estimate: e.estimate, range: e.range ? [e.range[0], e.range[1]] as [number, number] : null,
      rangeWhy: e.rangeWhy ?? null, source: e.source, meaning: e.meaning,
    };
    const own = s.costs[name];
    const inUse = own === undefined ? e : parseCost(own);
    rows.push({ name, scope: null, value: inUse.value, unit: inUse.unit, ns: toNs(inUse, ghz), overridden: own !== undefined, ...base });
    for (const [key, scope] of (scoped.get(name) ?? []).sort((a, b) => a[0].localeCompare(b[0]))) {
      const o = parseCost(s.costs[key]!);
      rows.push({ name: key, scope, value: o.value, unit: o.unit, ns: toNs(o, ghz), overridden: true, ...base });
    }
  }
  return { scenario: s.name, cpuGhz: ghz, costs: rows };
}
