// Paints the log's visible rows onto a 2D canvas: one fill per row background, one text per cell, cut with an
// ellipsis to its column, coloured as the DOM table coloured them (dim numbers, the kind in its layer's colour with a
// bar on its left, flow ids as dotted links, the selected and the hovered row tinted). A scroll step is one call: no
// element, style or layout changes, so the browser only composites the canvas.
import type { HopRow } from '../../../shared/protocol';
import { LOG_COLUMNS, NO_FLOW } from './logColumns';

/** The part of CanvasRenderingContext2D used here (a test records these calls). */
export interface PaintContext {
  fillStyle: string | CanvasGradient | CanvasPattern;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

/** Colours and font, read from the page's CSS (so the light and dark themes both apply). */
export interface RowTheme {
  background: string;
  text: string;
  dim: string;
  accent: string;
  strong: string;
  rule: string;
  hover: string;
  select: string;
  font: string;
}

export interface RowGeometry {
  rowPx: number;
  /** Horizontal padding inside each cell. */
  padPx: number;
  /** Left edge and width of each of LOG_COLUMNS, as the header lays them out. */
  columns: readonly { x: number; w: number }[];
  width: number;
  height: number;
  /** Baseline of a cell's text below its row's top. */
  baselinePx: number;
}

export interface RowPaintState {
  rows: readonly HopRow[];
  selectedSeq: number | null;
  /** The row slot and column index under the pointer. */
  hover: { slot: number; column: number } | null;
  colourOf(kind: string): string;
}

/** Width of the layer bar at a kind cell's left. */
const KIND_BAR_PX = 3;

/** Printable ASCII only: in a monospace font, each such character is one advance wide. */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * Cuts text to a width with an ellipsis, remembering what it measured (the same kinds and places recur). In a
 * monospace font, ASCII text is its length in advances, not measured (times and sequence numbers never recur).
 */
export class TextFitter {
  private widths = new Map<string, number>();
  private readonly advance: number | null;
  constructor(private readonly measure: (text: string) => number, private readonly limit = 4000) {
    const w = measure('W');
    const same = (a: number, b: number) => Math.abs(a - b) < 1e-3;
    this.advance = w > 0 && same(measure('i'), w) && same(measure('0'), w) && same(measure('Wi0 .'), 5 * w) ? w : null;
  }

  width(text: string): number {
    if (this.advance !== null && ASCII.test(text)) return text.length * this.advance;
    let w = this.widths.get(text);
    if (w === undefined) {
      if (this.widths.size >= this.limit) this.widths.clear();
      w = this.measure(text);
      this.widths.set(text, w);
    }
    return w;
  }

  fit(text: string, max: number): string {
    if (this.width(text) <= max) return text;
    if (this.advance !== null && ASCII.test(text)) {
      const n = Math.floor((max - this.width('…')) / this.advance + 1e-6);
      return n > 0 ? `${text.slice(0, n)}…` : '';
    }
    // The longest prefix that fits with the ellipsis (a binary search on the prefix length).
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.width(`${text.slice(0, mid)}…`) <= max) lo = mid;
      else hi = mid - 1;
    }
    return lo > 0 ? `${text.slice(0, lo)}…` : '';
  }
}

/** The row slot at `y` px below the first row's top, or null outside the rows. */
export function slotAt(y: number, rowPx: number, count: number): number | null {
  const slot = Math.floor(y / rowPx);
  return y >= 0 && slot < count ? slot : null;
}

/** The column index at `x`, or null outside them. */
export function columnAt(x: number, columns: readonly { x: number; w: number }[]): number | null {
  const i = columns.findIndex((c) => x >= c.x && x < c.x + c.w);
  return i < 0 ? null : i;
}

export function paintRows(ctx: PaintContext, g: RowGeometry, theme: RowTheme, state: RowPaintState, fitter: TextFitter): void {
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, g.width, g.height);
  ctx.font = theme.font;
  ctx.textBaseline = 'alphabetic';
  const flowColumn = LOG_COLUMNS.findIndex((c) => c.key === 'flow');
  state.rows.forEach((row, slot) => {
    const top = slot * g.rowPx;
    if (top >= g.height) return;
    const tint = row.seq === state.selectedSeq ? theme.select : state.hover?.slot === slot ? theme.hover : null;
    if (tint) {
      ctx.fillStyle = tint;
      ctx.fillRect(0, top, g.width, g.rowPx - 1);
    }
    ctx.fillStyle = theme.rule;
    ctx.fillRect(0, top + g.rowPx - 1, g.width, 1);
    const baseline = top + g.baselinePx;
    LOG_COLUMNS.forEach((col, i) => {
      const box = g.columns[i];
      if (!box || box.w <= 0) return;
      const text = col.text(row);
      let colour = col.tone === 'dim' ? theme.dim : theme.text;
      if (col.tone === 'kind') {
        colour = state.colourOf(row.kind);
        ctx.fillStyle = colour;
        ctx.fillRect(box.x, top, KIND_BAR_PX, g.rowPx - 1);
      } else if (col.tone === 'flow') {
        const hovered = state.hover?.slot === slot && state.hover.column === flowColumn;
        colour = text === NO_FLOW ? theme.dim : hovered ? theme.strong : theme.accent;
      }
      const shown = fitter.fit(text, box.w - 2 * g.padPx);
      if (!shown) return;
      ctx.fillStyle = colour;
      ctx.textAlign = col.align;
      const x = col.align === 'right' ? box.x + box.w - g.padPx : box.x + g.padPx;
      ctx.fillText(shown, x, baseline);
      if (col.tone === 'flow' && text !== NO_FLOW) dottedUnderline(ctx, x - fitter.width(shown), x, baseline + 2);
    });
  });
}

/** A 1 px dotted line under a flow id, as `text-decoration: underline dotted` draws it. */
function dottedUnderline(ctx: PaintContext, from: number, to: number, y: number): void {
  for (let x = Math.round(from); x < to; x += 2) ctx.fillRect(x, y, 1, 1);
}
