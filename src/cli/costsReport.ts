// `virq costs`: the costs a scenario runs with, one line per catalog entry (and per `name@scope` override): the
// figure in use and in ns, the default when overridden, the plausible range of an estimate, and the source.
import type { CostInUse, CostsInUse } from '../shared/protocol';

/** The facts sheet, as the catalog's sources cite it (shortened on a terminal). */
const FACTS = '../shared/facts/interrupt-virtualization.md';

const fig = (v: number, unit: string) => `${v.toLocaleString('en-US')} ${unit}`;

function rangeText(c: CostInUse): string {
  return c.range ? `${c.range[0].toLocaleString('en-US')}–${fig(c.range[1], c.default.unit)}` : 'sourced';
}

export function formatCosts(c: CostsInUse): string {
  const rows = c.costs.map((r) => [
    `${r.overridden ? '*' : ' '}${r.estimate ? '~' : ' '} ${r.name}`,
    fig(r.value, r.unit),
    `${r.ns.toLocaleString('en-US')} ns`,
    r.overridden ? `default ${fig(r.default.value, r.default.unit)}` : '',
    rangeText(r),
    r.source.replaceAll(FACTS, 'facts'),
  ]);
  const head = ['   entry', 'in use', 'at host clock', 'default', 'range (estimates)', 'source'];
  const widths = head.map((h, i) => (i === head.length - 1 ? 0 : Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((x, i) => (i === cells.length - 1 ? x : x.padEnd(widths[i]!))).join('  ').trimEnd();
  const over = c.costs.filter((r) => r.overridden).length;
  const est = c.costs.filter((r) => r.estimate && r.scope === null).length;
  return [
    `${c.scenario}: ${c.costs.length} costs at ${c.cpuGhz} GHz — ${over} overridden (*), ${est} estimates (~) with their plausible range`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}
