// The rooms of docs/architecture.md, checked from the code's own imports: each folder imports only the rooms it may,
// no import goes from a lower room to a higher one, and no file imports itself back through a circle.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('../../', import.meta.url).pathname);
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|vue)$/.test(p) && !p.endsWith('.d.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative imports of a file, resolved to files under src/. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (!spec.startsWith('.')) continue;
    const base = resolve(dirname(file), spec.replace(/\?.*$/, ''));
    const hit = [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')].find((c) => { try { return statSync(c).isFile(); } catch { return false; } });
    if (hit) out.push(hit);
  }
  return out;
}

/** The room of a file: the first rule whose folder holds it. Order matters (deeper folders first). */
const ROOMS: [room: string, folder: string][] = [
  ['sim/core', 'sim/core'], ['sim/hw', 'sim/hw'], ['sim/host', 'sim/host'], ['sim/gvt', 'sim/gvt'], ['sim/guest', 'sim/guest'],
  ['sim/scenario', 'sim/scenario'], ['sim/lab', 'sim/lab'],
  ['shared', 'shared'], ['labhost', 'labhost'], ['main', 'main'], ['preload', 'preload'], ['renderer', 'renderer'], ['cli', 'cli'],
];

/** What each room may import (itself always). From shared/design/architecture.md. */
const MAY: Record<string, string[]> = {
  'sim/core': [],
  'sim/hw': ['sim/core'],
  'sim/host': ['sim/core', 'sim/hw'],
  'sim/gvt': ['sim/core', 'sim/hw', 'sim/host'],
  // A guest driver sees the device's register declarations (the PV INFO page, its MMIO offsets), nothing else of hw.
  'sim/guest': ['sim/core', 'sim/hw:declarations'],
  // The scenario's issues and the run summary are the protocol's types.
  'sim/scenario': ['sim/core', 'sim/hw', 'sim/host', 'sim/gvt', 'sim/guest', 'shared'],
  // The facade answers in the protocol's types.
  'sim/lab': ['sim/core', 'sim/hw', 'sim/host', 'sim/gvt', 'sim/guest', 'sim/scenario', 'shared'],
  'shared': [],
  'labhost': ['sim/lab', 'sim/scenario', 'sim/core', 'shared'],
  'main': ['shared', 'labhost'],
  'preload': ['shared'],
  // Only the Web Worker entry starts a LabHost (checked in hostFree.test.ts); the views speak the protocol.
  'renderer': ['shared', 'labhost'],
  'cli': ['sim/lab', 'sim/scenario', 'sim/core', 'labhost', 'shared'],
};

/** A register declaration file of hw: what a guest driver may see of the device. */
const DECLARATIONS = /\/(\w*Registers|configSpace)\.ts$/;

function allowed(room: string, to: string, file: string): boolean {
  const may = MAY[room]!;
  return may.includes(to) || (may.includes(`${to}:declarations`) && DECLARATIONS.test(file));
}

function roomOf(file: string): string | null {
  const rel = relative(src, file);
  for (const [room, folder] of ROOMS) if (rel === folder || rel.startsWith(`${folder}/`)) return room;
  return null;
}

const all = files(src);
const graph = new Map(all.map((f) => [f, importsOf(f)]));

/** Strongly connected components of more than one file (Tarjan). */
function circles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); comp.push(relative(src, w)); } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const f of all) if (!idx.has(f)) visit(f);
  return out;
}


describe('rooms', () => {
  it('every source file is in a room', () => {
    expect(all.filter((f) => roomOf(f) === null).map((f) => relative(src, f))).toEqual([]);
  });

  it('each room imports only the rooms it may', () => {
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      const room = roomOf(f)!;
      for (const d of deps) {
        const to = roomOf(d);
        if (to === null) continue; // data outside src (the JSON Schema in resources/)
        if (to !== room && !allowed(room, to, d)) bad.push(`${relative(src, f)} (${room}) → ${relative(src, d)} (${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no import circle', () => {
    expect(circles().map((c) => c.join(' ↔ '))).toEqual([]);
  });
});
