// The presets a lab host offers: name, description, seeds and design switches (only the values each preset accepts),
// read from each preset's own text.
import { loadScenario } from '../sim/scenario/validate';
import { acceptedSwitches } from '../sim/scenario/switches';
import type { PresetInfo, PresetSource } from '../shared/protocol';

export class PresetCatalog {
  private readonly byName = new Map<string, PresetSource>();

  constructor(sources: PresetSource[]) {
    for (const s of [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) this.byName.set(s.name, s);
  }

  /** Each preset's info; a preset that does not validate is listed with its first problem as description. */
  list(): PresetInfo[] {
    return [...this.byName.values()].map((p) => {
      const r = loadScenario(p.text);
      if (!r.ok) return { name: p.name, description: `INVALID PRESET: ${r.issues[0]!.path}: ${r.issues[0]!.message}`, seeds: [], switches: {}, vms: [] };
      return { name: p.name, description: r.scenario.description, seeds: r.scenario.seeds, switches: acceptedSwitches(p.text, r.scenario), vms: r.scenario.vms.map((v) => v.id) };
    });
  }

  get(name: string): PresetSource | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
