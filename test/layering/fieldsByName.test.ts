// Fields by name: outside the register declarations, model code reads and writes register values through declared
// field handles (registers.ts), never by shifting and masking by hand. This test counts the shift/mask expressions
// in src/sim and holds each file at its allowed count: a new hand-written decode fails here. Declarations
// (*Registers.ts, core/registers.ts) are where bit positions live and are not counted.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** A shift by a name or number, a mask with a hex constant, or a bit built by shifting 1 into a value. */
const SHIFT_OR_MASK = /(<<|>>>?)\s*[0-9A-Za-z]|&\s*0x[0-9a-fA-F]|&\s*\(?~?\(?1n?\s*<<|\|\s*\(?1n?\s*<</g;
const DECLARATION = /(\/\w*Registers\.ts|\/core\/registers\.ts)$/;

/** The only places allowed to shift and mask, and why: none of them takes apart a register value. */
const ALLOWED: Record<string, number> = {
  'src/sim/core/prng.ts': 12, // xoshiro128** arithmetic
  'src/sim/core/hopLog.ts': 58, // the log hash's mixing steps, unrolled for each of a hop's eight words (the hot path)
  'src/sim/core/strings.ts': 1, // FNV-1a of a string
  'src/sim/core/eventQueue.ts': 1, // a binary heap's parent index
  'src/sim/core/mmio.ts': 7, // byte lanes of an access narrower or wider than its register
  'src/sim/lab/hopQuery.ts': 3, // binary-search midpoints
  'src/sim/lab/lab.ts': 1, // an event budget per slice
  'src/sim/lab/registerViews.ts': 2, // does the inspector's number fit the register's or field's width
  'src/sim/lab/qtest/protocol.ts': 5, // does a qtest VALUE fit its access size
  'src/sim/hw/x86/postedDescriptor.ts': 1, // a scan of the PIR bitmap by vector index
  'src/sim/hw/arm/gicCommon.ts': 6,
  'src/sim/host/kvm/arm/vgicMmio.ts': 2, // byte lanes of an access split between a vCPU's bank and the shared file
  'src/sim/host/kvm/arm/vgicDistributor.ts': 1, // one INTID's bit in a bitmap word (the driver's ISENABLER write at setup) // priority arithmetic by binary point, CPU sets indexed by CPU number
};

function count(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    const code = line.replace(/\/\/.*$/, '');
    if (/^\s*(\*|\/\*)/.test(code)) continue;
    n += code.match(SHIFT_OR_MASK)?.length ?? 0;
  }
  return n;
}

describe('register values by field name', () => {
  it('no hand-written shift or mask outside the declarations and the listed exceptions', () => {
    const found: Record<string, number> = {};
    for (const f of files(join(root, 'src/sim'))) {
      if (DECLARATION.test(f)) continue;
      const n = count(readFileSync(f, 'utf8'));
      if (n > 0) found[relative(root, f)] = n;
    }
    expect(found).toEqual(ALLOWED);
  });

  it('the counter sees a decode written by hand', () => {
    expect(count('const vector = Number(raw & 0xffn);\nconst level = (lo & (1 << 15)) !== 0;\nconst dest = raw >> 56n;')).toBe(3);
    expect(count('const v = RTE.vector.get(raw); // raw >> 0')).toBe(0);
  });
});

describe('switches decided once', () => {
  const src = files(join(root, 'src/sim')).map((f) => ({ f: relative(root, f), text: readFileSync(f, 'utf8') }));

  it('no GIC version comparison: the version object (hw/arm/gicVersion.ts) is chosen once', () => {
    expect(src.filter((s) => /[!=]==\s*'v[23]'|'v[23]'\s*[!=]==/.test(s.text)).map((s) => s.f)).toEqual([]);
  });

  it('no delivery-mode test outside the delivery strategies (host/kvm/delivery/)', () => {
    const bad = src.filter((s) => !/^src\/sim\/(host\/kvm\/delivery\/|scenario\/|core\/catalog\/)/.test(s.f))
      .filter((s) => /[!=]==\s*'(posted|emulated)'|'(posted|emulated)'\s*[!=]==|\.pid\s*(\?\.|[!=]==|\))|\bapicv\b/.test(s.text));
    expect(bad.map((s) => s.f)).toEqual([]);
  });

  it('no INTx-masking or host-injection mode test outside their strategies', () => {
    const bad = src.filter((s) => !/host\/vfio\/intx(Masking|Holds)\.ts$|gvt\/hostInjection\.ts$|src\/sim\/scenario\//.test(s.f))
      .filter((s) => /[!=]==\s*'(line|device|adaptive|oneshot-unmask-shared|tasklet|hardirq-tail|self-ipi)'/.test(s.text));
    expect(bad.map((s) => s.f)).toEqual([]);
  });
});
