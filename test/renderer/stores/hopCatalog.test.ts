// @vitest-environment happy-dom
// The hop catalog as the log reads it: a kind's layer, colour and meaning come from the lab's catalog, and kinds
// group by layer in the catalog's order; nothing is read from a kind's name.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, recordingLab } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { useHopCatalogStore } = await import('../../../src/renderer/src/stores/hopCatalog');
const { LAYER_COLOURS, LAYER_COLOURS_LIGHT, UNKNOWN_COLOUR, UNKNOWN_COLOUR_LIGHT } = await import('../../../src/renderer/src/log/layerStyles');
const { prefersLight } = await import('../../../src/renderer/src/log/colourScheme');

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

describe('hop catalog store', () => {
  let recording: ReturnType<typeof recordingLab>;
  beforeEach(() => {
    prefersLight.value = false;
    setActivePinia(createPinia());
    recording = recordingLab(inProcessLab());
    lab.api = recording;
  });

  it('asks the lab once, however many views load it', async () => {
    const c = useHopCatalogStore();
    await Promise.all([c.load(), c.load(), c.load()]);
    await c.load();
    expect(recording.calls.filter((x) => x.method === 'hopCatalog')).toHaveLength(1);
    expect(c.layers.map((l) => l.layer)).toEqual(['device', 'hardirq', 'softirq', 'kvm', 'guest', 'vmm', 'lab']);
  });

  it('gives each kind its catalog layer and that layer\'s colour; an unknown kind the neutral colour', async () => {
    const c = useHopCatalogStore();
    await c.load();
    const catalog = await inProcessLab().call('hopCatalog', undefined);
    for (const k of catalog.kinds) {
      expect(c.layerOf(k.kind)).toBe(k.layer);
      expect(c.colourOf(k.kind)).toBe(LAYER_COLOURS[k.layer]);
    }
    expect(c.layerOf('no.such.kind')).toBeNull();
    expect(c.colourOf('no.such.kind')).toBe(UNKNOWN_COLOUR);
    expect(c.describe('guest.handler')).toMatch(/^guest\.handler — .+ \(guest code; guest CPU time\)$/);
  });

  it('in the light theme, hands out the darker colours, readable as text on the light surfaces', async () => {
    const c = useHopCatalogStore();
    await c.load();
    prefersLight.value = true;
    expect(c.colourOf('guest.handler')).toBe(LAYER_COLOURS_LIGHT.guest);
    expect(c.colourOf('no.such.kind')).toBe(UNKNOWN_COLOUR_LIGHT);
    for (const colour of [...Object.values(LAYER_COLOURS_LIGHT), UNKNOWN_COLOUR_LIGHT]) {
      expect(contrast(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour, '#eceef2'), colour).toBeGreaterThanOrEqual(4); // --bg-sunken, the log's row background
    }
    expect(contrast(LAYER_COLOURS.guest, '#ffffff')).toBeLessThan(3); // why the light theme needs its own
  });

  it('groups kinds by layer in the catalog\'s order, unknown kinds last', async () => {
    const c = useHopCatalogStore();
    await c.load();
    const groups = c.group(['guest.handler', 'no.such.kind', 'kvm.vmexit', 'device.irq.assert', 'guest.irq.entry']);
    expect(groups.map((g) => g.layer)).toEqual(['device', 'kvm', 'guest', null]);
    expect(groups.find((g) => g.layer === 'guest')!.kinds).toEqual(['guest.handler', 'guest.irq.entry']);
    expect(c.rank('device.irq.assert')).toBeLessThan(c.rank('kvm.vmexit'));
    expect(c.rank('no.such.kind')).toBe(c.layers.length);
  });

  it('before the catalog arrives, every kind is ungrouped and neutral', () => {
    const c = useHopCatalogStore();
    expect(c.colourOf('guest.handler')).toBe(UNKNOWN_COLOUR);
    expect(c.group(['guest.handler'])).toEqual([{ layer: null, label: 'other', kinds: ['guest.handler'] }]);
  });
});
