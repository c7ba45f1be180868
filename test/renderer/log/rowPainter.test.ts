// The log's painted rows read as the DOM table did: each cell's text in its column, cut with an ellipsis when it
// does not fit, numbers right-aligned, the kind in its layer's colour with a bar, flow ids as dotted links, the
// selected and hovered rows tinted; a pointer position names a row slot and a column.
import { describe, expect, it } from 'vitest';
import type { HopRow } from '../../../src/shared/protocol';
import { LOG_COLUMNS } from '../../../src/renderer/src/log/logColumns';
import { columnAt, paintRows, slotAt, TextFitter, type PaintContext, type RowGeometry, type RowTheme } from '../../../src/renderer/src/log/rowPainter';

/** A monospace font 7 px per character; the ellipsis too. */
const mono = (text: string) => [...text].length * 7;

type Op = { op: 'rect'; x: number; y: number; w: number; h: number; fill: string } | { op: 'text'; text: string; x: number; y: number; fill: string; align: string };

function recordingContext(measure = mono): PaintContext & { ops: Op[] } {
  const ops: Op[] = [];
  const ctx = {
    ops,
    fillStyle: '' as PaintContext['fillStyle'],
    font: '',
    textAlign: 'start' as CanvasTextAlign,
    textBaseline: 'alphabetic' as CanvasTextBaseline,
    fillRect(x: number, y: number, w: number, h: number) { ops.push({ op: 'rect', x, y, w, h, fill: String(ctx.fillStyle) }); },
    fillText(text: string, x: number, y: number) { ops.push({ op: 'text', text, x, y, fill: String(ctx.fillStyle), align: ctx.textAlign }); },
    measureText: (text: string) => ({ width: measure(text) }),
  };
  return ctx;
}

const THEME: RowTheme = { background: 'bg', text: 'text', dim: 'dim', accent: 'accent', strong: 'strong', rule: 'rule', hover: 'hover', select: 'select', font: '12px mono' };
const WIDTHS = [72, 92, 66, 166, 104, 48, 182, 70];
const columns = WIDTHS.map((w, i) => ({ x: WIDTHS.slice(0, i).reduce((a, b) => a + b, 0), w }));
const GEOMETRY: RowGeometry = { rowPx: 21, padPx: 8, columns, width: 800, height: 210, baselinePx: 14 };

const row = (seq: number, over: Partial<HopRow> = {}): HopRow => ({ seq, timeNs: 1728, durNs: 250, flow: 1, kind: 'pci.msi.write', where: 'nic0', vm: 'vm0', detail: '0xfee00000 ← 0x41', ...over });

function paint(rows: HopRow[], state: { selectedSeq?: number | null; hover?: { slot: number; column: number } | null } = {}) {
  const ctx = recordingContext();
  paintRows(ctx, GEOMETRY, THEME, { rows, selectedSeq: state.selectedSeq ?? null, hover: state.hover ?? null, colourOf: (k) => (k.startsWith('pci') ? 'device-colour' : 'kvm-colour') }, new TextFitter((t) => ctx.measureText(t).width));
  return ctx.ops;
}
const texts = (ops: Op[]) => ops.filter((o): o is Extract<Op, { op: 'text' }> => o.op === 'text');
const rects = (ops: Op[]) => ops.filter((o): o is Extract<Op, { op: 'rect' }> => o.op === 'rect');

describe('painted log rows', () => {
  it('shows every column of a row in its cell, on the row\'s baseline', () => {
    const ops = texts(paint([row(4), row(5, { kind: 'kvm.vmexit' })]));
    expect(ops.slice(0, 8).map((o) => o.text)).toEqual(['4', '1.728 µs', '1', 'pci.msi.write', 'nic0', 'vm0', '0xfee00000 ← 0x41', '250 ns']);
    expect(ops.slice(0, 8).every((o) => o.y === 14)).toBe(true);
    expect(ops.slice(8).every((o) => o.y === 21 + 14)).toBe(true);
    expect(LOG_COLUMNS.map((c) => c.key)).toEqual(['seq', 'time', 'flow', 'kind', 'where', 'vm', 'detail', 'dur']);
  });

  it('right-aligns numbers at the cell\'s padding and starts text after it', () => {
    const [seq, time, , kind] = texts(paint([row(4)]));
    expect(seq).toMatchObject({ align: 'right', x: 72 - 8, fill: 'dim' });
    expect(time).toMatchObject({ align: 'right', x: 72 + 92 - 8, fill: 'text' });
    expect(kind).toMatchObject({ align: 'left', x: 230 + 8 });
  });

  it('colours a kind by its layer, with a bar of that colour at the cell\'s left', () => {
    const ops = paint([row(4), row(5, { kind: 'kvm.vmexit' })]);
    expect(texts(ops).filter((o) => o.text.includes('.') && !o.text.includes(' ')).map((o) => [o.text, o.fill])).toEqual([['pci.msi.write', 'device-colour'], ['kvm.vmexit', 'kvm-colour']]);
    expect(rects(ops)).toContainEqual({ op: 'rect', x: 230, y: 0, w: 3, h: 20, fill: 'device-colour' });
    expect(rects(ops)).toContainEqual({ op: 'rect', x: 230, y: 21, w: 3, h: 20, fill: 'kvm-colour' });
  });

  it('draws a flow id as a link with a dotted underline, and a hop outside any flow as a dim dash', () => {
    const ops = paint([row(4, { flow: 12 }), row(5, { flow: 0 })]);
    const flows = texts(ops).filter((o) => o.x === 72 + 92 + 66 - 8);
    expect(flows.map((o) => [o.text, o.fill])).toEqual([['12', 'accent'], ['—', 'dim']]);
    const dots = rects(ops).filter((o) => o.w === 1 && o.h === 1);
    expect(dots.length).toBeGreaterThan(3);
    expect(dots.every((d) => d.y === 14 + 2 && d.x >= 230 - 8 - 14 && d.x < 230 - 8 && d.fill === 'accent')).toBe(true);
  });

  it('a hovered flow id takes the strong colour, as the link did under the pointer', () => {
    const flows = texts(paint([row(4, { flow: 12 }), row(5, { flow: 13 })], { hover: { slot: 1, column: 2 } })).filter((o) => o.x === 222);
    expect(flows.map((o) => o.fill)).toEqual(['accent', 'strong']);
  });

  it('cuts text that does not fit its cell with an ellipsis', () => {
    const detail = 'caches and TLB refill after the exit, charged to the guest';
    const ops = texts(paint([row(4, { detail })]));
    const shown = ops.find((o) => o.x === 548 + 8)!.text;
    expect(shown.endsWith('…')).toBe(true);
    expect(mono(shown)).toBeLessThanOrEqual(182 - 16);
    expect(mono(shown) + 7).toBeGreaterThan(182 - 16);
    expect(detail.startsWith(shown.slice(0, -1))).toBe(true);
  });

  it('tints the selected row and the hovered row, and rules every row at its foot', () => {
    const ops = rects(paint([row(4), row(5), row(6)], { selectedSeq: 5, hover: { slot: 2, column: 0 } }));
    expect(ops[0]).toEqual({ op: 'rect', x: 0, y: 0, w: 800, h: 210, fill: 'bg' });
    expect(ops).toContainEqual({ op: 'rect', x: 0, y: 21, w: 800, h: 20, fill: 'select' });
    expect(ops).toContainEqual({ op: 'rect', x: 0, y: 42, w: 800, h: 20, fill: 'hover' });
    expect(ops.filter((o) => o.fill === 'rule').map((o) => o.y)).toEqual([20, 41, 62]);
    expect(ops.some((o) => o.y === 0 && o.fill === 'hover')).toBe(false);
  });

  it('paints no row below its height', () => {
    const rows = Array.from({ length: 20 }, (_, i) => row(i));
    expect(texts(paint(rows)).map((o) => o.y).every((y) => y < 210)).toBe(true);
  });
});

describe('text fitting', () => {
  it('measures ASCII text in a monospace font by its length, and other text once', () => {
    const measured: string[] = [];
    const fitter = new TextFitter((t) => (measured.push(t), mono(t)));
    measured.length = 0;
    expect(fitter.width('66.654 us')).toBe(63);
    expect(fitter.width('0xfee00000 ← 0x41')).toBe(17 * 7);
    expect(fitter.width('0xfee00000 ← 0x41')).toBe(17 * 7);
    expect(measured).toEqual(['0xfee00000 ← 0x41']);
  });

  it('in a proportional font, measures ASCII too', () => {
    const wide = (t: string) => [...t].reduce((w, c) => w + (c === 'W' ? 11 : c === 'i' ? 3 : 6), 0);
    const fitter = new TextFitter(wide);
    expect(fitter.width('Wii')).toBe(17);
    expect(fitter.fit('WWWWWW', 40)).toBe('WWW…');
  });

  it('leaves nothing when not even one character fits beside the ellipsis', () => {
    expect(new TextFitter(mono).fit('abcdef', 10)).toBe('');
  });
});

describe('pointer positions', () => {
  it('names the row slot under the pointer, none above the first or below the last', () => {
    expect(slotAt(0, 21, 3)).toBe(0);
    expect(slotAt(21 * 2 + 20, 21, 3)).toBe(2);
    expect(slotAt(21 * 3, 21, 3)).toBeNull();
    expect(slotAt(-1, 21, 3)).toBeNull();
  });

  it('names the column under the pointer', () => {
    expect(columnAt(0, columns)).toBe(0);
    expect(columnAt(230, columns)).toBe(3);
    expect(columnAt(799, columns)).toBe(7);
    expect(columnAt(800, columns)).toBeNull();
  });
});
