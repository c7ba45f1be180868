// Malformed and mutated scenarios built from the shipped presets, as issue 15's campaign made them: keys deleted,
// types swapped, extreme numbers, huge strings, aliases, deep nesting, garbage, BOM/CRLF, truncation. Seeded with the
// lab's own Prng, so a failing case is named by its seed and number and comes back the same.
import { parse, stringify } from 'yaml';
import { Prng } from '../../src/sim/core/prng';

export interface Mutant { text: string; what: string }

const EXTREME_NUMBERS = [0, -1, 1e-300, 1e300, -1e300, 2 ** 53 + 1, 2 ** 32, 2 ** 32 - 1, 2 ** 63, 0.0004, 1.5, Number.MAX_VALUE, Number.MIN_VALUE];
const ODD_STRINGS = ['', ' ', '9007199254740993ns', '1e300', '.inf', '-.nan', 'NaN', '20 parsecs', '0ns', '2^63 ns',
  '__proto__', 'toString', '\u0000', '😀', 'host', '-1ms'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const pick = <T>(rng: Prng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
const int = (rng: Prng, n: number) => Math.floor(rng.next() * n);

/** Every place in the data (objects and lists, with the key or index into them). */
function places(root: Json): { parent: { [k: string]: Json } | Json[]; key: string | number }[] {
  const out: { parent: { [k: string]: Json } | Json[]; key: string | number }[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach((x, i) => { out.push({ parent: v, key: i }); walk(x); });
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) { out.push({ parent: v, key: k }); walk(v[k]!); }
  };
  walk(root);
  return out;
}

function hugeString(rng: Prng): string {
  const n = pick(rng, [1_000, 100_000, 1_000_000]);
  return pick(rng, [' ', '1', 'x', '1 ', '9']).repeat(n / 2) + pick(rng, ['x', 'ms', ' ', '']);
}

function replacement(rng: Prng, old: Json): Json {
  switch (int(rng, 8)) {
    case 0: return pick(rng, EXTREME_NUMBERS);
    case 1: return typeof old === 'number' ? old * pick(rng, [1e6, 1e-6, -1, 1e300, 0]) : pick(rng, EXTREME_NUMBERS);
    case 2: return pick(rng, ODD_STRINGS);
    case 3: return hugeString(rng);
    case 4: return pick<Json>(rng, [null, true, false, [], {}, [1, 'a'], { x: 1 }]);
    case 5: return typeof old === 'number' ? String(old) : typeof old === 'string' && /^\d/.test(old) ? Number.parseFloat(old) : pick(rng, EXTREME_NUMBERS);
    case 6: return Array.isArray(old) ? [] : [old];
    default: return typeof old === 'string' ? `${old}${pick(rng, ['x', ' ', 'ns', '0000000000'])}` : pick(rng, ODD_STRINGS);
  }
}

/** One structural change to the parsed preset. */
function mutateData(rng: Prng, data: Json): string {
  const ps = places(data);
  if (ps.length === 0) return 'nothing to mutate';
  const p = pick(rng, ps);
  const old = (p.parent as Record<string | number, Json>)[p.key]!;
  const at = String(p.key);
  switch (int(rng, 5)) {
    case 0:
      if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1);
      else delete p.parent[p.key as string];
      return `delete ${at}`;
    case 1:
      if (Array.isArray(p.parent)) for (let i = 0; i < 1 + int(rng, 300); i++) p.parent.push(structuredClone(old));
      else p.parent[`${at}${pick(rng, ['', 'x', 'Hz', '_'])}2`] = structuredClone(old);
      return `duplicate ${at}`;
    default:
      (p.parent as Record<string | number, Json>)[p.key] = replacement(rng, old);
      return `replace ${at}`;
  }
}

/** Text-level damage: what a broken editor, a bad download or a hostile file does. */
function mutateText(rng: Prng, text: string): { text: string; what: string } {
  const lines = text.split('\n');
  switch (int(rng, 10)) {
    case 0: return { text: `\ufeff${text.replace(/\n/g, '\r\n')}`, what: 'BOM + CRLF' };
    case 1: return { text: text.slice(0, int(rng, text.length)), what: 'truncated' };
    case 2: {
      const at = int(rng, text.length);
      const junk = Array.from({ length: 1 + int(rng, 20) }, () => String.fromCharCode(int(rng, 0x3000))).join('');
      return { text: text.slice(0, at) + junk + text.slice(at), what: 'garbage inserted' };
    }
    case 3: {
      const n = pick(rng, [50, 101, 1000]);
      return { text: `${text}\nx-anchor: &a [1, 2, 3]\nx-aliases: [${Array(n).fill('*a').join(', ')}]\n`, what: `${n} aliases` };
    }
    case 4: {
      const laughs = ['lol: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        ...Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`)];
      return { text: `${text}\n${laughs.join('\n')}\n`, what: 'billion laughs' };
    }
    case 5: {
      const d = pick(rng, [100, 1000, 10_000]);
      return { text: `${text}\ndeep: ${'['.repeat(d)}${']'.repeat(d)}\n`, what: `nesting ${d}` };
    }
    case 6: return { text: pick(rng, ['', ' ', '---', 'null', '[]', '42', '"x"', '{', '\u0000\u0001']), what: 'empty or not a mapping' };
    case 7: {
      const i = int(rng, lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return { text: lines.join('\n'), what: 'line duplicated' };
    }
    case 8: {
      lines.splice(int(rng, lines.length), 1);
      return { text: lines.join('\n'), what: 'line deleted' };
    }
    default: return { text: text.replace(/: /, `: ${' '.repeat(pick(rng, [1000, 100_000]))}`), what: 'spaces after a colon' };
  }
}

/** Case `n` of the campaign seeded `seed`: a preset, then one to three changes, as YAML or JSON. */
export function mutant(seed: number, n: number, presets: readonly { name: string; text: string }[]): Mutant {
  const rng = Prng.derive(seed, `case ${n}`);
  const p = pick(rng, presets);
  const whats: string[] = [];
  let text = p.text;
  if (rng.next() < 0.7) {
    const data = parse(p.text) as Json;
    for (let i = 0, k = 1 + int(rng, 3); i < k; i++) whats.push(mutateData(rng, data));
    text = rng.next() < 0.2 ? JSON.stringify(data) : stringify(data, { lineWidth: 0 });
  }
  if (whats.length === 0 || rng.next() < 0.3) {
    const m = mutateText(rng, text);
    text = m.text;
    whats.push(m.what);
  }
  return { text, what: `${p.name}: ${whats.join(', ')}` };
}
