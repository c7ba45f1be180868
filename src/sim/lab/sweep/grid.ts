// A sweep's grid: the parameters it varies (`--vary PATH=V1,V2,…` or `--vary PATH=FROM..TO:N[log]`), their values,
// and the points — every combination, the first parameter outermost — in one fixed order that the output keeps
// whatever the number of workers or shards. A shard `I/N` takes the points whose index is I modulo N (strided, so
// each shard gets cheap and expensive points alike).

export interface Vary {
  path: string;
  /** The values as `--set` takes them (YAML scalars: "line", "20000", "1500ns", "800 cycles"). */
  values: string[];
}

export interface GridPoint {
  /** Its index in grid order (the first column of every output row). */
  index: number;
  /** path → value, one per varied parameter, in the order the parameters were given. */
  set: Record<string, string>;
}

export class SweepSpecError extends Error {}

const SCALE: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 };
const TIME_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9 };
const MAX_POINTS_PER_RANGE = 10_000;
/** A bound on the grid, so a typo cannot ask for billions of runs. */
export const MAX_GRID_POINTS = 1_000_000;

type Unit = { kind: 'scale' | 'time' | 'cycles'; factor: number };

function unitOf(suffix: string): Unit | null {
  if (suffix in SCALE) return { kind: 'scale', factor: SCALE[suffix]! };
  if (suffix in TIME_NS) return { kind: 'time', factor: TIME_NS[suffix]! };
  if (suffix === 'cycles') return { kind: 'cycles', factor: 1 };
  return null;
}

/** "200k" → {value 200000, scale}; "1.5us" → {1500, time}; "800 cycles" → {800, cycles}. */
function parseEnd(text: string, what: string): { value: number; unit: Unit; integral: boolean } {
  const m = /^([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?) ?([a-zA-Zµ]*)$/.exec(text.trim());
  const unit = m ? unitOf(m[2]!) : null;
  if (!m || !unit) throw new SweepSpecError(`${what}: "${text.slice(0, 40)}" is not a number (with k/M/G), a duration (ns, us, ms, s) or a cost in cycles`);
  const value = Number(m[1]) * unit.factor;
  if (!Number.isFinite(value)) throw new SweepSpecError(`${what}: "${text.slice(0, 40)}" is too large`);
  return { value, unit, integral: Number.isInteger(value) };
}

/** A listed number with a k/M/G suffix as `--set` takes it. */
function scaled(text: string, path: string): string {
  const end = parseEnd(text, `--vary ${path}`);
  return format(end.value, end.unit, end.integral);
}

/** A value of a range as `--set` takes it. */
function format(v: number, unit: Unit, integral: boolean): string {
  if (unit.kind === 'time') return `${Math.round(v)}ns`;
  if (unit.kind === 'cycles') return `${Math.round(v)} cycles`;
  return integral ? String(Math.round(v)) : String(Number(v.toPrecision(6)));
}

/** Parses one `--vary` argument. */
export function parseVary(spec: string): Vary {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new SweepSpecError(`--vary needs PATH=V1,V2,… or PATH=FROM..TO:N[log], got "${spec.slice(0, 80)}"`);
  const path = spec.slice(0, eq).trim();
  const body = spec.slice(eq + 1).trim();
  const range = /^(.+?)\.\.(.+?):([0-9]+)(log)?$/.exec(body);
  if (!range) {
    // "1k" in a list means 1000, as in a range ("1k..200k:8"); other values go to --set as written.
    const values = body.split(',').map((v) => v.trim()).map((v) => (/^[0-9]+(?:\.[0-9]+)? ?[kKMG]$/.test(v) ? scaled(v, path) : v));
    if (values.length === 0 || values.some((v) => v === '')) throw new SweepSpecError(`--vary ${path}: an empty value in "${body.slice(0, 80)}"`);
    if (new Set(values).size !== values.length) throw new SweepSpecError(`--vary ${path}: a value is listed twice`);
    return { path, values };
  }
  const n = Number(range[3]);
  const log = range[4] === 'log';
  const from = parseEnd(range[1]!, `--vary ${path} FROM`);
  const to = parseEnd(range[2]!, `--vary ${path} TO`);
  if (from.unit.kind !== to.unit.kind) throw new SweepSpecError(`--vary ${path}: FROM and TO are different kinds of quantity`);
  if (n < 2 || n > MAX_POINTS_PER_RANGE) throw new SweepSpecError(`--vary ${path}: N must be 2..${MAX_POINTS_PER_RANGE}, got ${n}`);
  if (log && (from.value <= 0 || to.value <= 0)) throw new SweepSpecError(`--vary ${path}: a log range needs FROM and TO above 0`);
  const integral = from.integral && to.integral;
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const v = log ? from.value * (to.value / from.value) ** t : from.value + (to.value - from.value) * t;
    values.push(format(i === n - 1 ? to.value : v, from.unit, integral));
  }
  const distinct = [...new Set(values)];
  return { path, values: distinct };
}

/** Every point, the first parameter outermost. */
export function gridPoints(vary: readonly Vary[]): GridPoint[] {
  const total = vary.reduce((n, v) => n * v.values.length, 1);
  if (total > MAX_GRID_POINTS) throw new SweepSpecError(`the grid has ${total} points; at most ${MAX_GRID_POINTS}`);
  const paths = vary.map((v) => v.path);
  if (new Set(paths).size !== paths.length) throw new SweepSpecError('a parameter is varied twice');
  const out: GridPoint[] = [];
  for (let index = 0; index < total; index++) {
    const set: Record<string, string> = {};
    let rest = index;
    for (let k = vary.length - 1; k >= 0; k--) {
      const values = vary[k]!.values;
      set[vary[k]!.path] = values[rest % values.length]!;
      rest = Math.floor(rest / values.length);
    }
    // Keep the parameters in the order given.
    out.push({ index, set: Object.fromEntries(paths.map((p) => [p, set[p]!])) });
  }
  return out;
}

/** `--shard I/N`: I in 0..N-1. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^([0-9]+)\/([0-9]+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count || count > 100_000) throw new SweepSpecError(`--shard needs I/N with 0 ≤ I < N (e.g. 0/4), got "${text.slice(0, 40)}"`);
  return { index, count };
}

/** The points of shard I of N (all of them for 0/1). */
export function shardPoints(points: readonly GridPoint[], shard: { index: number; count: number }): GridPoint[] {
  return points.filter((p) => p.index % shard.count === shard.index);
}
