// The lab's hop-kind catalog (layer, class, costs, meaning of every hop kind), asked for once: the log's colours,
// its legend and every grouping of kinds read it, so nothing classifies a hop by its name.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { HopCatalogInfo, HopKindInfo, HopLayerName } from '../../../shared/protocol';
import { catalogRank } from '../../../shared/compareRows';
import { layerColour } from '../log/layerStyles';
import { prefersLight } from '../log/colourScheme';
import { useLabStore } from './lab';

export interface KindGroup {
  layer: HopLayerName | null;
  label: string;
  kinds: string[];
}

export const useHopCatalogStore = defineStore('hopCatalog', () => {
  const lab = useLabStore();
  const catalog = shallowRef<HopCatalogInfo | null>(null);
  let loading: Promise<void> | null = null;

  const byKind = computed(() => new Map((catalog.value?.kinds ?? []).map((k) => [k.kind, k])));
  const layers = computed(() => catalog.value?.layers ?? []);
  const layerOrder = computed(() => new Map(layers.value.map((l, i) => [l.layer, i])));
  const ranker = computed(() => catalogRank(catalog.value ?? { layers: [], kinds: [] }));

  /** Fetches the catalog once (again after a failure). */
  function load(): Promise<void> {
    loading ??= lab.call('hopCatalog', undefined).then(
      (c) => {
        catalog.value = c;
      },
      () => {
        loading = null;
      },
    );
    return loading;
  }

  function info(kind: string): HopKindInfo | undefined {
    return byKind.value.get(kind);
  }

  function layerOf(kind: string): HopLayerName | null {
    return info(kind)?.layer ?? null;
  }

  /** The kind's layer colour in the theme in use (it follows a change of the system's colour scheme). */
  function colourOf(kind: string): string {
    return layerColour(layerOf(kind), prefersLight.value);
  }

  /** One line for a tooltip: the kind's layer, whose time it is, and what happens. */
  function describe(kind: string): string {
    const k = info(kind);
    if (!k) return kind;
    const layer = layers.value.find((l) => l.layer === k.layer)?.label ?? k.layer;
    return `${kind} — ${k.meaning} (${layer}; ${k.class === 'wire' ? 'no CPU: a device, bus or message' : `${k.class} CPU time`})`;
  }

  /** Sort key: the layer's place in the catalog, unknown kinds last. */
  function rank(kind: string): number {
    return ranker.value(kind);
  }

  /** Kinds grouped by layer, in the catalog's layer order (kinds the catalog does not list: a last group). */
  function group(kinds: readonly string[]): KindGroup[] {
    const out: KindGroup[] = layers.value.map((l) => ({ layer: l.layer, label: l.label, kinds: [] }));
    const other: KindGroup = { layer: null, label: 'other', kinds: [] };
    for (const kind of kinds) {
      const layer = layerOf(kind);
      const g = layer === null ? other : out[layerOrder.value.get(layer) ?? -1] ?? other;
      g.kinds.push(kind);
    }
    return [...out, other].filter((g) => g.kinds.length > 0).map((g) => ({ ...g, kinds: [...g.kinds].sort() }));
  }

  return { catalog, layers, load, info, layerOf, colourOf, describe, rank, group };
});
