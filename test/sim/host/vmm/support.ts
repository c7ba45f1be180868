// Running the VMM fixtures: a summary, and the hops of the run by kind, flow and exit reason.
import { readFileSync } from 'node:fs';
import { Lab } from '../../../../src/sim/lab/lab';
import type { RunSummary } from '../../../../src/shared/protocol';

export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), 'utf8');

export interface Row { timeNs: number; flow: number; where: string; kind: string; detail: string }

export function run(name: string, set: Record<string, string> = {}, untilNs = 5_000_000): { s: RunSummary; rows: Row[]; lab: Lab } {
  const r = Lab.load(fixture(name), { set, untilNs });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  const s = r.lab.runToEnd();
  const rows = r.lab.queryLog({ start: 0, count: 1_000_000, filter: {} }).rows as Row[];
  return { s, rows, lab: r.lab };
}

export const count = (rows: Row[], kind: string, detail?: RegExp): number => rows.filter((r) => r.kind === kind && (!detail || detail.test(r.detail))).length;

/** The kinds of one flow's hops, in order. */
export const kindsOf = (rows: Row[], flow: number): string[] => rows.filter((r) => r.flow === flow).map((r) => r.kind);

/** VM exits per interrupt raised. */
export const exitsPerIrq = (s: RunSummary): number => s.perVm['vm0']!.vmExits.total / s.flows.raised;

export function loadIssues(name: string, set: Record<string, string>): string[] {
  const r = Lab.load(fixture(name), { set });
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}
