// The log table's columns, declared once: the header, the rows painted on the canvas and the accessible rows over it
// all read this list, so a column's text, width and alignment cannot drift apart between them.
import type { HopRow } from '../../../shared/protocol';
import { formatNs, formatNsFixed } from '../format';

/** How a cell's text is coloured: the row's text, dimmed, its hop kind's layer colour, or a flow link. */
export type CellTone = 'text' | 'dim' | 'kind' | 'flow';

export interface LogColumn {
  key: 'seq' | 'time' | 'flow' | 'kind' | 'where' | 'vm' | 'detail' | 'dur';
  label: string;
  /** Width in px; null takes what the others leave. */
  width: number | null;
  align: 'left' | 'right';
  tone: CellTone;
  text(row: HopRow): string;
}

/** What the flow column shows for a hop outside any flow. */
export const NO_FLOW = '—';

export const LOG_COLUMNS: readonly LogColumn[] = [
  { key: 'seq', label: 'seq', width: 72, align: 'right', tone: 'dim', text: (r) => String(r.seq) },
  { key: 'time', label: 'time', width: 112, align: 'right', tone: 'text', text: (r) => formatNsFixed(r.timeNs) },
  { key: 'flow', label: 'flow', width: 66, align: 'right', tone: 'flow', text: (r) => (r.flow > 0 ? String(r.flow) : NO_FLOW) },
  { key: 'kind', label: 'kind', width: 166, align: 'left', tone: 'kind', text: (r) => r.kind },
  { key: 'where', label: 'where', width: 104, align: 'left', tone: 'text', text: (r) => r.where },
  { key: 'vm', label: 'vm', width: 48, align: 'left', tone: 'dim', text: (r) => r.vm },
  { key: 'detail', label: 'detail', width: null, align: 'left', tone: 'dim', text: (r) => r.detail },
  { key: 'dur', label: 'dur', width: 88, align: 'right', tone: 'dim', text: (r) => formatNs(r.durNs) }, // "12.345 µs" and its padding
];

/** The columns by key (the text rows take their cells' text from here too). */
export const LOG_COLUMN = Object.fromEntries(LOG_COLUMNS.map((c) => [c.key, c])) as Record<LogColumn['key'], LogColumn>;
