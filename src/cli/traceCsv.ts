// `virq trace --csv`: the hop log as CSV, one row per hop in the window, through the same chunked page query the
// app's Log export uses (so the two give the same bytes), at most --max rows (default: the app's cap, 500,000).
import type { Lab } from '../sim/lab/lab';
import { hopCsv, MAX_CSV_HOPS } from '../shared/csv/hopCsv';
import type { Ns } from '../shared/protocol';

export async function traceCsv(lab: Lab, w: { fromNs?: Ns; toNs?: Ns; maxHops?: number }): Promise<number> {
  const filter = { ...(w.fromNs !== undefined ? { fromNs: w.fromNs } : {}), ...(w.toNs !== undefined ? { toNs: w.toNs } : {}) };
  const csv = await hopCsv((q) => lab.queryHops(q), filter, w.maxHops ?? MAX_CSV_HOPS);
  if (csv.truncated) console.error(`virq: CSV cut at ${csv.hops} of ${csv.matching} hops in the window (use --from/--to or --max)`);
  process.stdout.write(csv.text);
  return 0;
}
