// The log table's painted rows: a canvas under the table's (transparent) body, sized to the rows' area, its columns
// taken from the header cells, its colours from the page's theme; repainted whenever the rows, the selection, the
// hovered row or the theme change, from the rows the store holds at that moment.
import { onMounted, onUnmounted, shallowRef, watch, type Ref } from 'vue';
import type { HopRow } from '../../../shared/protocol';
import { columnAt, paintRows, slotAt, TextFitter, type RowGeometry, type RowTheme } from '../log/rowPainter';
import { onColourSchemeChange, readRowTheme } from '../log/rowTheme';

export interface LogCanvasSource {
  rows(): readonly HopRow[];
  selectedSeq(): number | null;
  colourOf(kind: string): string;
  /** What else the colours depend on (the hop catalog, once it has come): a change repaints. */
  palette(): unknown;
}

export function useLogCanvas(canvas: Ref<HTMLCanvasElement | null>, table: Ref<HTMLTableElement | null>, rowPx: number, padPx: number, source: LogCanvasSource) {
  const hover = shallowRef<{ slot: number; column: number } | null>(null);
  let geometry: RowGeometry | null = null;
  let theme: RowTheme | null = null;
  let fitter: TextFitter | null = null;
  let ctx: CanvasRenderingContext2D | null = null;
  let dpr = 1;

  function context(): CanvasRenderingContext2D | null {
    ctx ??= canvas.value?.getContext('2d', { alpha: false }) ?? null;
    return ctx;
  }

  function readTheme(): void {
    const c = context();
    if (!c || !table.value) return;
    theme = readRowTheme(table.value);
    c.font = theme.font;
    const m = c.measureText('Hg');
    const ink = m.fontBoundingBoxAscent + m.fontBoundingBoxDescent;
    // The text's box centred in the cell above its 1 px rule, as the table's cells centre their line.
    if (geometry) geometry.baselinePx = Math.round((rowPx - 1 - ink) / 2 + m.fontBoundingBoxAscent);
    fitter = new TextFitter((text) => c.measureText(text).width);
  }

  /** Sizes the canvas to `height` px of rows and takes the columns from the header cells. */
  function layout(height: number): void {
    const el = canvas.value;
    const t = table.value;
    if (!el || !t) return;
    const heads = Array.from(t.querySelectorAll<HTMLElement>('thead th'));
    const width = t.clientWidth;
    dpr = window.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    el.style.width = `${width}px`;
    el.style.height = `${height}px`;
    geometry = { rowPx, padPx, width, height, baselinePx: geometry?.baselinePx ?? rowPx - 6, columns: heads.map((h) => ({ x: h.offsetLeft, w: h.offsetWidth })) };
    // A resized canvas has lost its state (font included) and its pixels.
    readTheme();
    draw();
  }

  function draw(): void {
    const c = context();
    if (!c || !geometry || !theme || !fitter) return;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintRows(c, geometry, theme, { rows: source.rows(), selectedSeq: source.selectedSeq(), hover: hover.value, colourOf: source.colourOf }, fitter);
  }

  /** The pointer over the rows (an event on the table): which row and column it is on, for the hover tint. */
  function pointerAt(e: { clientX: number; clientY: number }): void {
    const el = canvas.value;
    if (!el || !geometry) return;
    const box = el.getBoundingClientRect();
    const slot = slotAt(e.clientY - box.top, rowPx, source.rows().length);
    const column = columnAt(e.clientX - box.left, geometry.columns);
    const next = slot === null || column === null ? null : { slot, column };
    if (next?.slot !== hover.value?.slot || next?.column !== hover.value?.column) hover.value = next;
  }

  function pointerLeft(): void {
    hover.value = null;
  }

  watch([source.rows, source.selectedSeq, source.palette, hover], draw);
  let stopScheme = () => undefined as void;
  onMounted(() => {
    stopScheme = onColourSchemeChange(() => {
      readTheme();
      draw();
    });
    // A web font that arrives late changes the text's width and height.
    void document.fonts?.ready.then(() => {
      readTheme();
      draw();
    });
  });
  onUnmounted(() => stopScheme());

  return { layout, draw, pointerAt, pointerLeft };
}
