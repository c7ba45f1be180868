// The Scenario view's machine diagram, driven like a user: drawn from the lab's graph of the text (every part and
// wire the lab lists, the first line of each part's tooltip its kind and id), a hover lighting the paths through a
// part, the VM filter, a stale drawing kept while the text has issues, and screenshots at two window sizes for the
// small, the shared-line and the datacenter presets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineGraph } from '../../src/shared/protocol';
import { openSession, T, WAIT, type Session } from './session';
import { editorText, setEditorText } from './editorDriver';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];

describe('machine diagram, driven like a user', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession();
    await s.byId('nav-scenario').click();
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  async function open(preset: string): Promise<MachineGraph> {
    const text = s.presets.find((p) => p.name === preset)!.text;
    await s.byId('preset-picker').selectOption(preset);
    await expect.poll(() => editorText(s.page), { timeout: WAIT }).toBe(text);
    const full = await s.reference.api.call('machineGraph', { text });
    if (!full.ok) throw new Error(`${preset} does not build`);
    const graph = withoutIpis(full);
    await expect.poll(() => s.byId('diagram-svg').getAttribute('data-parts'), { timeout: WAIT }).toBe(String(graph.nodes.length));
    await expect.poll(() => s.byId('machine-diagram').getAttribute('data-state'), { timeout: WAIT }).toBe('current');
    return graph;
  }

  /** The graph as drawn by default: each pCPU's own IPI handlers hidden. */
  function withoutIpis(g: MachineGraph): MachineGraph {
    const hidden = new Set(g.nodes.filter((n) => n.kind === 'ipi-handler').map((n) => n.id));
    return { nodes: g.nodes.filter((n) => !hidden.has(n.id)), edges: g.edges.filter((e) => !hidden.has(e.from.node) && !hidden.has(e.to.node)) };
  }

  const ids = (testId: string, attr = 'data-id') => s.byId(testId).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)!), attr);

  it('draws every part and wire of the lab\'s graph of the text, each part with its kind in its tooltip', async () => {
    await s.byId('tab-machine').click();
    const graph = await open('msi-emulated');
    expect((await ids('diagram-part')).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(await s.byId('diagram-wire').count()).toBe(graph.edges.length);
    const first = graph.nodes[0]!;
    const part = s.page.locator(`[data-testid="diagram-part"][data-id="${first.id}"]`);
    expect((await part.locator('title').textContent())!.split('\n')[0]).toBe(`${first.kind} · ${first.id}`);
    expect(await ids('diagram-band', 'data-vm')).toEqual(['host', 'vm0']);
    expect(await s.byId('legend-wire').count()).toBe(new Set(graph.edges.map((e) => e.kind)).size);
    // The pCPUs' own IPI handlers are there on request.
    await s.byId('diagram-show-ipis').check();
    const full = await s.reference.api.call('machineGraph', { text: await editorText(s.page) });
    if (!full.ok) throw new Error('no graph');
    await expect.poll(() => s.byId('diagram-svg').getAttribute('data-parts'), { timeout: WAIT }).toBe(String(full.nodes.length));
    expect(full.nodes.length).toBeGreaterThan(graph.nodes.length);
    await s.byId('diagram-show-ipis').uncheck();
    await expect.poll(() => s.byId('diagram-svg').getAttribute('data-parts'), { timeout: WAIT }).toBe(String(graph.nodes.length));
  }, T);

  it('reads left to right: every forward wire goes to a later column in its band, or down into a VM\'s band; EOI wires are drawn as back wires', async () => {
    const boxes = await s.byId('diagram-part').evaluateAll((els) =>
      Object.fromEntries(els.map((e) => {
        const m = (e.getAttribute('transform') ?? '').match(/translate\(([-\d.]+),([-\d.]+)/)!;
        return [e.getAttribute('data-id')!, { x: Number(m[1]), y: Number(m[2]), vm: e.getAttribute('data-vm')! }];
      })),
    );
    const wires = await s.byId('diagram-wire').evaluateAll((els) => els.map((e) => [e.getAttribute('data-from')!, e.getAttribute('data-to')!, e.getAttribute('data-kind')!, e.getAttribute('data-back')!]));
    expect(wires.filter((w) => w[3] === '0').length).toBeGreaterThan(wires.length / 2);
    let down = 0;
    for (const [from, to, kind, back] of wires) {
      if (kind === 'eoi') expect(back).toBe('1');
      if (back !== '0') continue;
      const a = boxes[from!]!;
      const b = boxes[to!]!;
      if (a.vm === b.vm) expect(b.x).toBeGreaterThan(a.x);
      else {
        expect(a.vm).toBe('host');
        expect(b.y).toBeGreaterThan(a.y);
        down++;
      }
    }
    // The VM's band starts at the left, under the host's devices: its path wraps.
    expect(down).toBeGreaterThan(0);
  }, T);

  it('hovering a part lights the wires and parts on the paths through it and dims the rest', async () => {
    const g = await s.reference.api.call('machineGraph', { text: await editorText(s.page) });
    if (!g.ok) throw new Error('no graph');
    const graph = withoutIpis(g);
    // A part with wires in or out.
    const busy = graph.edges[0]!.to.node;
    await s.page.locator(`[data-testid="diagram-part"][data-id="${busy}"]`).hover();
    const lit = await s.page.locator('[data-testid="diagram-part"].on').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(lit).toContain(busy);
    expect(lit).toContain(graph.edges[0]!.from.node);
    expect(await s.page.locator('[data-testid="diagram-part"].dim').count()).toBe(graph.nodes.length - lit.length);
    expect(await s.page.locator('[data-testid="diagram-wire"].on').count()).toBeGreaterThan(0);
    expect(await s.byId('diagram-info').textContent()).toContain(busy);
    await s.page.mouse.move(2, 2);
    await expect.poll(() => s.page.locator('[data-testid="diagram-part"].dim').count(), { timeout: WAIT }).toBe(0);
  }, T);

  it('keeps the last drawing, marked stale, while the text has issues, and redraws once it validates', async () => {
    const good = await editorText(s.page);
    await setEditorText(s.page, good.replace('cpus: 4', 'cpus: many'));
    await expect.poll(() => s.byId('diagram-stale').count(), { timeout: WAIT }).toBe(1);
    expect(Number(await s.byId('diagram-svg').getAttribute('data-parts'))).toBeGreaterThan(0);
    await setEditorText(s.page, good.replace('cpus: 4', 'cpus: 6'));
    await expect.poll(() => s.byId('machine-diagram').getAttribute('data-state'), { timeout: WAIT }).toBe('current');
    expect(await s.page.locator('[data-testid="diagram-part"][data-kind="pcpu"]').count()).toBe(6);
    await setEditorText(s.page, good);
    await expect.poll(() => s.page.locator('[data-testid="diagram-part"][data-kind="pcpu"]').count(), { timeout: WAIT }).toBe(4);
  }, T);

  for (const preset of ['msi-emulated', 'intx-shared-line', 'datacenter-8vm']) {
    it(`${preset}: screenshots at ${SIZES.map((v) => `${v.width}×${v.height}`).join(' and ')}; parts keep apart and inside the canvas`, async () => {
      for (const size of SIZES) {
        await s.page.setViewportSize(size);
        await open(preset);
        const overlaps = await s.byId('diagram-part').evaluateAll((els) => {
          const r = els.map((e) => ({ id: e.getAttribute('data-id'), b: (e as unknown as { getBBox(): { x: number; y: number; width: number; height: number } }).getBBox(), t: e.getAttribute('transform')! }));
          const at = r.map((p) => {
            const [, x, y] = p.t.match(/translate\(([-\d.]+),([-\d.]+)\)/)!;
            return { id: p.id, x: Number(x), y: Number(y), w: p.b.width, h: p.b.height };
          });
          const out: string[] = [];
          for (let i = 0; i < at.length; i++) for (let j = i + 1; j < at.length; j++) {
            const a = at[i]!; const b = at[j]!;
            if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push(`${a.id} × ${b.id}`);
          }
          return out;
        });
        expect(overlaps).toEqual([]);
        await s.shot(`diagram-${preset}-${size.width}x${size.height}`);
      }
    }, T);
  }

  it('filters by VM: the VM\'s parts and the host parts on paths through them', async () => {
    const vms = await s.byId('diagram-vm-filter').locator('option').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(vms).toEqual(expect.arrayContaining(['', 'host', 'vm0', 'vm7']));
    await s.byId('diagram-vm-filter').selectOption('vm3');
    const bands = await ids('diagram-band', 'data-vm');
    expect(bands.filter((b) => b !== 'host')).toEqual(['vm3']);
    const all = await ids('diagram-part', 'data-vm');
    expect(new Set(all)).toEqual(new Set(bands));
    // The host's VFIO vectors of vm3's NIC are on its paths.
    expect(await ids('diagram-part')).toContain('host/vfio/nic3/msix0');
    await s.shot('diagram-datacenter-8vm-vm3');
    await s.byId('diagram-vm-filter').selectOption('');
  }, T);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
