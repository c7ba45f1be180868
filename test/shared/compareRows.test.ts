// The hop-kind order Compare's rows (and `virq run --csv`) use: the catalog's layer order, unknown kinds last.
import { describe, expect, it } from 'vitest';
import { catalogRank } from '../../src/shared/compareRows';
import { hopCatalog } from '../../src/sim/lab/machineViews';

describe('catalogRank', () => {
  it('ranks a kind by its layer\'s place in the catalog, unknown kinds after every layer', () => {
    const catalog = hopCatalog();
    const rank = catalogRank(catalog);
    const layerOf = (k: string) => catalog.kinds.find((x) => x.kind === k)!.layer;
    const place = (k: string) => catalog.layers.findIndex((l) => l.layer === layerOf(k));
    for (const k of ['x86.irq.entry', 'kvm.vmexit', 'guest.handler']) expect(rank(k), k).toBe(place(k));
    expect(rank('x86.irq.entry')).toBeLessThan(rank('kvm.vmexit'));
    expect(rank('kvm.vmexit')).toBeLessThan(rank('guest.handler'));
    expect(rank('no.such.kind')).toBe(catalog.layers.length);
  });
});
