// Pages of the hop log for the UI: a window of the rows matching a filter, never the whole log.
import type { HopLog } from '../core/hopLog';
import type { LogPage, LogQuery } from '../../shared/protocol';

const MAX_PAGE = 5000;

export function queryLog(log: HopLog, q: LogQuery): LogPage {
  const f = q.filter ?? {};
  const s = log.strings;
  const vm = f.vm !== undefined ? s.find(f.vm) : undefined;
  const kind = f.kind !== undefined ? s.find(f.kind) : undefined;
  const count = Math.max(0, Math.min(MAX_PAGE, Math.floor(q.count)));
  const held = log.held;
  const noMatch = vm === -1 || kind === -1;
  // Place ids whose name starts with the device filter (e.g. "cpu1" matches "cpu1" and "cpu1.lapic").
  let places: Set<number> | null = null;
  if (f.device) {
    places = new Set();
    for (let id = 0; id < s.size; id++) {
      const name = s.str(id);
      if (name === f.device || name.startsWith(`${f.device}.`)) places.add(id);
    }
  }
  const unfiltered = vm === undefined && kind === undefined && !places && f.flow === undefined;
  const matches = (i: number) => {
    const c = log.column(i);
    return (vm === undefined || c.vm === vm) && (kind === undefined || c.kind === kind)
      && (!places || places.has(c.where)) && (f.flow === undefined || c.flow === f.flow);
  };
  if (noMatch) return { total: 0, overwritten: log.overwritten, start: 0, rows: [] };

  if (unfiltered) {
    const start = q.start < 0 ? Math.max(0, held + q.start) : Math.min(q.start, held);
    const rows = [];
    for (let i = start; i < Math.min(held, start + count); i++) rows.push(log.at(i));
    return { total: held, overwritten: log.overwritten, start, rows };
  }
  const idx: number[] = [];
  for (let i = 0; i < held; i++) if (matches(i)) idx.push(i);
  const total = idx.length;
  const start = q.start < 0 ? Math.max(0, total + q.start) : Math.min(q.start, total);
  return { total, overwritten: log.overwritten, start, rows: idx.slice(start, start + count).map((i) => log.at(i)) };
}
