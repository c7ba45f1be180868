// Page queries as the lab host spends them: a LabHost in this process runs the scenario to its end, then answers
// queryHops at random offsets through its handler table (params checked, as over the protocol), timed around the
// synchronous handler. Bundled by ui.ts the way the app bundles the lab host.
import { LabHost } from '../../src/labhost/labHost';
import type { LabStatus } from '../../src/shared/protocol';

export interface HostQueryTimes {
  hops: number;
  held: number;
  runMs: number;
  queryMs: number[];
}

export async function hostQueryTimes(text: string, queries: number, rows: number): Promise<HostQueryTimes> {
  const host = new LabHost({ presets: [], clock: { now: () => performance.now(), defer: (fn) => setImmediate(fn) } });
  const loaded = host.handle('load', { text });
  if (!loaded.ok) throw new Error(`scenario invalid: ${loaded.issues[0]?.path}: ${loaded.issues[0]?.message}`);
  const t0 = performance.now();
  const done = new Promise<LabStatus>((resolve) => {
    host.onStatus((s) => {
      if (s.state === 'finished') resolve(s);
    });
  });
  host.handle('run', {});
  const end = await done;
  const runMs = performance.now() - t0;
  const first = host.handle('queryHops', { start: 0, count: 1 });
  const held = first.total;
  const queryMs: number[] = [];
  let seed = 12345;
  for (let i = 0; i < queries; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const start = Math.floor((seed / 2 ** 32) * Math.max(1, held - rows));
    const q0 = performance.now();
    const page = host.handle('queryHops', { start, count: rows });
    queryMs.push(performance.now() - q0);
    if (page.rows.length !== Math.min(rows, held - start)) throw new Error(`queryHops at ${start} gave ${page.rows.length} rows`);
  }
  return { hops: end.hops, held, runMs, queryMs };
}
