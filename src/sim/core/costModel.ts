// Named costs: every hop that takes time takes it from one entry of the catalog (catalog/costs.ts). Each entry has a
// unit and cites its source; a scenario may override any entry, or one device's (or VM's) use of it as `name@scope`.
// Cycles convert to ns at the scenario's CPU clock. Names are typed: `ns('kvm.vmexitt')` does not compile.
import type { CostCatalog, CostEntry, CostUnit } from './catalog/costEntry';
import { COSTS, type CostName } from './catalog/costs';
import type { Ns } from './time';

export type { CostCatalog, CostEntry, CostUnit };

export interface CostOverride {
  value: number;
  unit: CostUnit;
}

/** The resolved model: every entry in ns, plus where each figure came from (default or the scenario). */
export class CostModel {
  private readonly nsByName: Record<string, Ns> = {};
  readonly overridden = new Set<string>();

  constructor(readonly catalog: CostCatalog = COSTS, readonly cpuGhz: number, overrides: Readonly<Record<string, CostOverride>> = {}) {
    for (const key of Object.keys(overrides)) {
      const name = key.split('@')[0]!;
      if (!(name in catalog)) throw new Error(`unknown cost entry "${name}"`);
    }
    for (const [name, entry] of Object.entries(catalog)) {
      const o = overrides[name];
      if (o) this.overridden.add(name);
      this.nsByName[name] = toNs(o ?? entry, cpuGhz);
    }
    // "name@scope" overrides one device's (or VM's) entry, e.g. "host.driver.handler@disk0".
    for (const [key, o] of Object.entries(overrides)) {
      if (!key.includes('@')) continue;
      this.overridden.add(key);
      this.nsByName[key] = toNs(o, cpuGhz);
    }
  }

  ns(name: CostName): Ns {
    return this.nsByName[name]!;
  }

  /** The entry as overridden for one device or VM (`name@scope`), else the entry itself. */
  nsFor(name: CostName, scope: string): Ns {
    // Memoized per scope: a scoped step is on every interrupt's path, the key's template string is not.
    let byName = this.scoped.get(scope);
    if (byName === undefined) this.scoped.set(scope, byName = new Map());
    let ns = byName.get(name);
    if (ns === undefined) byName.set(name, ns = this.nsByName[`${name}@${scope}`] ?? this.nsByName[name]!);
    return ns;
  }

  private readonly scoped = new Map<string, Map<string, Ns>>();

  /** Every entry as a row: name, ns, and whether the scenario overrode it. */
  table(): { name: string; ns: Ns; entry: CostEntry; overridden: boolean }[] {
    return Object.entries(this.catalog).map(([name, entry]) => ({
      name,
      ns: this.nsByName[name]!,
      entry,
      overridden: this.overridden.has(name),
    }));
  }
}

export function toNs(c: { value: number; unit: CostUnit }, cpuGhz: number): Ns {
  return Math.max(0, Math.round(c.unit === 'cycles' ? c.value / cpuGhz : c.value));
}
