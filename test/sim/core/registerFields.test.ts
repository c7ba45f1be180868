// Field handles (QEMU's FIELD_EX64 / FIELD_DP64 by name) and registers with variant layouts (GICH_LR: HW = 0 / 1).
import { describe, expect, it } from 'vitest';
import { activeFields, bits, layout, reg, RegisterFile, registerFile, variants } from '../../../src/sim/core/registers';
import { registerView, writeFromInspector } from '../../../src/sim/lab/registerViews';

const RTE = layout(64, {
  destination: bits(63, 56, 'rw', 'destination APIC ID'),
  mask: bits(16, 16, 'rw', 'masked'),
  trigger: bits(15, 15, 'rw', 'trigger mode', { 0: 'edge', 1: 'level' }),
  remoteIrr: bits(14, 14, 'ro', 'Remote IRR'),
  vector: bits(7, 0, 'rw', 'vector'),
}, 'RTE');

describe('field handles', () => {
  it('read, test and deposit a field by name', () => {
    let v = RTE.vector.set(0n, 0x41);
    v = RTE.destination.set(v, 3);
    v = RTE.trigger.set(v, true);
    expect(v).toBe((3n << 56n) | (1n << 15n) | 0x41n);
    expect(RTE.vector.num(v)).toBe(0x41);
    expect(RTE.trigger.on(v)).toBe(true);
    expect(RTE.mask.on(v)).toBe(false);
    expect(RTE.trigger.named(v)).toBe('level');
    expect(RTE.destination.is(v, 3)).toBe(true);
    expect(RTE.mask.set(v, 1) & ~RTE.mask.mask).toBe(v);
  });

  it('drops bits beyond the field on a deposit instead of spilling into the next one', () => {
    expect(RTE.vector.set(0n, 0x1ff)).toBe(0xffn);
    expect(RTE.vector.of(0x40)).toBe(0x40n);
  });

  it('refuses layouts whose fields overlap or do not fit', () => {
    expect(() => layout(32, { a: bits(7, 0, 'rw', ''), b: bits(8, 7, 'rw', '') })).toThrow(/overlap/);
    expect(() => layout(32, { a: bits(32, 0, 'rw', '') })).toThrow(/do not fit/);
  });

  it('a register declared with a layout shares its handles with the file', () => {
    const decl = registerFile('io', [reg('RTE0', 0x40, 64, RTE, { reset: RTE.mask.of(1) })]);
    const f = new RegisterFile(decl, 't/io', 'host', 'io', false);
    const i = f.index('RTE0');
    expect(f.field(i, RTE.mask)).toBe(1n);
    f.deposit(i, RTE.remoteIrr, 1);
    expect(f.getField(i, 'remoteIrr')).toBe(1n);
    // A software write leaves the read-only Remote IRR alone.
    f.write(i, RTE.vector.of(0x30));
    expect(f.field(i, RTE.remoteIrr)).toBe(1n);
    expect(f.field(i, RTE.vector)).toBe(0x30n);
  });
});

describe('variant layouts', () => {
  const LR = layout(32, {
    hw: bits(31, 31, 'rw', 'HW'),
    state: bits(29, 28, 'rw', 'state', { 0: 'invalid', 1: 'pending', 2: 'active', 3: 'pending+active' }),
    vINTID: bits(9, 0, 'rw', 'virtual INTID'),
  });
  const decl = registerFile('gich', [reg('LR0', 0x100, 32, LR, {
    variants: variants('hw', {
      0: { eoi: bits(19, 19, 'rw', 'maintenance on deactivate'), cpuid: bits(12, 10, 'rw', 'SGI source CPU') },
      1: { pINTID: bits(19, 10, 'rw', 'physical INTID') },
    }),
  })]);

  it('decodes with the layout the selector picks', () => {
    const d = decl.registers[0]!;
    const soft = LR.vINTID.set(LR.state.set(0n, 1), 40) | (1n << 19n) | (2n << 10n);
    expect(activeFields(d, soft).map((f) => f.name)).toEqual(['hw', 'state', 'eoi', 'cpuid', 'vINTID']);
    const hw = LR.hw.set(LR.vINTID.set(0n, 27), 1) | (27n << 10n);
    expect(activeFields(d, hw).map((f) => f.name)).toEqual(['hw', 'state', 'pINTID', 'vINTID']);
  });

  it('the inspector shows whichever variant applies, and writes a variant field by name', () => {
    const f = new RegisterFile(decl, 't/gich', 'host', 'cpu0', false);
    f.set(0, LR.hw.of(1) | (33n << 10n) | 33n);
    expect(registerView(f, 0).fields.map((x) => `${x.name}=${x.value}`)).toEqual(['hw=0x1', 'state=0x0', 'pINTID=0x21', 'vINTID=0x21']);
    const r = writeFromInspector(f, 'LR0', 'pINTID', '34');
    expect(r.ok).toBe(true);
    expect(f.fieldDecl(0, 'pINTID').num(f.raw(0))).toBe(34);
    f.set(0, 1n << 19n);
    expect(registerView(f, 0).fields.map((x) => x.name)).toContain('eoi');
    expect(writeFromInspector(f, 'LR0', 'pINTID', '1').ok).toBe(false);
  });

  it('refuses a variant that overlaps the common fields, or a selector that is not a field', () => {
    expect(() => reg('X', 0, 32, LR, { variants: variants('hw', { 0: { bad: bits(9, 9, 'rw', '') } }) })).toThrow(/overlap/);
    expect(() => reg('X', 0, 32, LR, { variants: variants('nope', { 0: {} }) })).toThrow(/selector/);
  });
});
