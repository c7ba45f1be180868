// Runs the scheduling fixtures (test/sim/host/sched/fixtures) through the lab, and reads their hops.
import { readFileSync } from 'node:fs';
import type { Hop } from '../../../../src/sim/core/hopLog';
import { Lab } from '../../../../src/sim/lab/lab';
import type { RunSummary } from '../../../../src/shared/protocol';

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), 'utf8');
}

export interface SchedRun {
  summary: RunSummary;
  hops: Hop[];
  /** Hops of one kind, in order. */
  of(kind: string): Hop[];
  /** One flow's hops, in order. */
  flow(f: number): Hop[];
}

export function run(name: string, set: Record<string, string> = {}, untilNs?: number): SchedRun {
  const r = Lab.load(fixture(name), { set, untilNs });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  const summary = r.lab.runToEnd();
  const log = r.lab.sim.log;
  const hops: Hop[] = [];
  for (let i = 0; i < log.held; i++) hops.push(log.at(i));
  return {
    summary, hops,
    of: (kind) => hops.filter((h) => h.kind === kind),
    flow: (f) => hops.filter((h) => h.flow === f),
  };
}
