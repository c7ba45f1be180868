// Registers are data: a register file is declared once (name, offset, width, reset, fields with access kinds
// and meanings) and that declaration drives emulation, decoding in the inspector, writes and snapshots.
//
// Fields are typed handles, in the spirit of QEMU's hw/registerfields.h (FIELD, FIELD_EX64, FIELD_DP64): a layout
// is declared once (`layout(64, { vector: bits(7, 0, …), … })`) and every access reads or deposits a field by name
// (`RTE.vector.get(v)`, `RTE.mask.set(v, 1)`), never by shifting and masking by hand. A register whose layout depends
// on one of its own fields (GICH_LR: HW = 0 vs HW = 1) declares the common fields plus one variant per selector
// value; the inspector decodes whichever variant applies.
export type Access = 'rw' | 'ro' | 'w1c' | 'wo';

export interface FieldSpec {
  msb: number;
  lsb: number;
  access: Access;
  meaning: string;
  /** Named values, e.g. { 0: 'edge', 1: 'level' }. */
  values?: Readonly<Record<number, string>>;
}

/** One declared field: its place in the register and a typed handle to read and deposit it. */
export class Field implements FieldSpec {
  readonly mask: bigint;
  readonly width: number;
  private readonly shift: bigint;
  private readonly ones: bigint;

  constructor(
    readonly name: string,
    readonly msb: number,
    readonly lsb: number,
    readonly access: Access,
    readonly meaning: string,
    readonly values?: Readonly<Record<number, string>>,
  ) {
    if (lsb < 0 || lsb > msb) throw new Error(`field ${name}: bits ${msb}:${lsb} are not msb ≥ lsb ≥ 0`);
    this.width = msb - lsb + 1;
    this.shift = BigInt(lsb);
    this.ones = (1n << BigInt(this.width)) - 1n;
    this.mask = this.ones << this.shift;
  }

  /** The field's value in register value `v` (FIELD_EX64). */
  get(v: bigint): bigint {
    return (v >> this.shift) & this.ones;
  }

  /** The same as a number (fields of up to 53 bits). */
  num(v: bigint): number {
    return Number((v >> this.shift) & this.ones);
  }

  /** True when a one-bit field is set, or a wider field is non-zero. */
  on(v: bigint): boolean {
    return (v & this.mask) !== 0n;
  }

  /** Register value `v` with the field replaced by `x` (FIELD_DP64); bits of `x` beyond the field are dropped. */
  set(v: bigint, x: bigint | number | boolean): bigint {
    const b = typeof x === 'bigint' ? x : BigInt(typeof x === 'boolean' ? (x ? 1 : 0) : x);
    return (v & ~this.mask) | ((b & this.ones) << this.shift);
  }

  /** `x` placed in the field of an otherwise zero value. */
  of(x: bigint | number | boolean): bigint {
    return this.set(0n, x);
  }

  /** True when the field holds `x`. */
  is(v: bigint, x: bigint | number): boolean {
    return this.get(v) === BigInt(x);
  }

  /** The named value the field holds, if the declaration names it. */
  named(v: bigint): string | undefined {
    return this.values?.[this.num(v)];
  }
}

/** Kept for the code that names the declared type: a field declaration is its handle. */
export type FieldDecl = Field;

/** A field of bits msb..lsb (inclusive). */
export function bits(msb: number, lsb: number, access: Access, meaning: string, values?: Record<number, string>): FieldSpec {
  return { msb, lsb, access, meaning, values };
}

/** A layout's fields as typed handles, by name. */
export type Layout<K extends string = string> = { readonly [P in K]: Field };

function toFields(width: number, where: string, specs: Record<string, FieldSpec>): Field[] {
  const list = Object.entries(specs).map(([name, f]) => (f instanceof Field && f.name === name ? f : new Field(name, f.msb, f.lsb, f.access, f.meaning, f.values)));
  for (const f of list) if (f.msb >= width) throw new Error(`${where}.${f.name}: bits ${f.msb}:${f.lsb} do not fit a ${width}-bit register`);
  checkOverlap(where, list);
  return list.sort((a, b) => b.msb - a.msb);
}

function checkOverlap(where: string, fields: readonly Field[]): void {
  const sorted = [...fields].sort((a, b) => b.msb - a.msb);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.msb >= sorted[i - 1]!.lsb) throw new Error(`${where}: fields ${sorted[i - 1]!.name} and ${sorted[i]!.name} overlap`);
  }
}

/**
 * Declares a layout once: its fields as typed handles. Registers with that layout (every RTE, every LR) are declared
 * with it, and code reads and writes values through its handles.
 */
export function layout<F extends Record<string, FieldSpec>>(width: number, specs: F, name = 'layout'): Layout<keyof F & string> {
  const out: Record<string, Field> = {};
  for (const f of toFields(width, name, specs)) out[f.name] = f;
  return Object.freeze(out) as Layout<keyof F & string>;
}

/** The fields of a layout, highest first. */
export function fieldsOf(l: Layout): Field[] {
  return Object.values(l).sort((a, b) => b.msb - a.msb);
}

/** A register whose layout depends on one of its common fields (the selector): one variant per selector value. */
export interface VariantDecl {
  /** Name of the common field that selects the variant. */
  selector: string;
  /** Extra fields per selector value. */
  layouts: Readonly<Record<number, readonly Field[]>>;
}

export interface RegisterDecl {
  name: string;
  offset: number;
  width: 8 | 16 | 32 | 64;
  reset: bigint;
  meaning: string;
  /** The fields every value has (all of them, for a register with one layout). */
  fields: readonly Field[];
  variants?: VariantDecl;
}

export interface RegisterFileDecl {
  title: string;
  registers: readonly RegisterDecl[];
}

/** `variants('hw', { 0: LR_VIRTUAL, 1: LR_HW })`: the fields added when the selector field holds each value. */
export function variants(selector: string, layouts: Record<number, Layout | Record<string, FieldSpec>>): { selector: string; layouts: Record<number, Layout | Record<string, FieldSpec>> } {
  return { selector, layouts };
}

export function reg(
  name: string,
  offset: number,
  width: RegisterDecl['width'],
  fields: Record<string, FieldSpec> | Layout,
  opts: { reset?: bigint | number; meaning?: string; variants?: ReturnType<typeof variants> } = {},
): RegisterDecl {
  const list = toFields(width, name, fields as Record<string, FieldSpec>);
  const decl: RegisterDecl = { name, offset, width, reset: BigInt(opts.reset ?? 0), meaning: opts.meaning ?? '', fields: list };
  if (opts.variants) {
    const { selector } = opts.variants;
    if (!list.some((f) => f.name === selector)) throw new Error(`${name}: variant selector ${selector} is not one of its fields`);
    const layouts: Record<number, readonly Field[]> = {};
    for (const [value, l] of Object.entries(opts.variants.layouts)) {
      const extra = toFields(width, `${name}[${selector}=${value}]`, l as Record<string, FieldSpec>);
      checkOverlap(`${name}[${selector}=${value}]`, [...list, ...extra]);
      layouts[Number(value)] = extra;
    }
    decl.variants = { selector, layouts };
  }
  return decl;
}

/** The fields that apply to value `v` of a register: the common ones plus the variant its selector picks. */
export function activeFields(d: RegisterDecl, v: bigint): readonly Field[] {
  const vs = d.variants;
  if (!vs) return d.fields;
  const sel = d.fields.find((f) => f.name === vs.selector)!;
  const n = sel.num(v);
  let byValue = variantFields.get(d);
  if (!byValue) variantFields.set(d, (byValue = new Map()));
  let fields = byValue.get(n);
  if (!fields) byValue.set(n, (fields = [...d.fields, ...(vs.layouts[n] ?? [])].sort((a, b) => b.msb - a.msb)));
  return fields;
}

/** A variant register's fields per selector value, merged once (declarations do not change). */
const variantFields = new WeakMap<RegisterDecl, Map<number, readonly Field[]>>();

/**
 * What a write does to a list of fields, as masks: the fields do not overlap (checked when declared), so applying
 * them together is applying them one after the other. Built once per list.
 */
interface WriteMasks {
  /** rw and wo fields: take the written bits. */
  readonly take: bigint;
  readonly w1c: bigint;
  readonly ro: bigint;
  readonly wo: bigint;
  /** The read-only fields, in the list's order (a refused write names them). */
  readonly roFields: readonly Field[];
}

const writeMasksOf = new WeakMap<readonly Field[], WriteMasks>();

function writeMasks(fields: readonly Field[]): WriteMasks {
  let m = writeMasksOf.get(fields);
  if (!m) {
    let take = 0n, w1c = 0n, ro = 0n, wo = 0n;
    for (const f of fields) {
      if (f.access === 'rw' || f.access === 'wo') take |= f.mask;
      if (f.access === 'wo') wo |= f.mask;
      if (f.access === 'w1c') w1c |= f.mask;
      if (f.access === 'ro') ro |= f.mask;
    }
    writeMasksOf.set(fields, (m = { take, w1c, ro, wo, roFields: fields.filter((f) => f.access === 'ro') }));
  }
  return m;
}

export function registerFile(title: string, registers: RegisterDecl[]): RegisterFileDecl {
  const names = new Set<string>();
  const sorted = [...registers].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    if (names.has(r.name)) throw new Error(`${title}: register ${r.name} declared twice`);
    names.add(r.name);
    const prev = sorted[i - 1];
    if (prev && prev.offset + prev.width / 8 > r.offset) throw new Error(`${title}: ${prev.name} overlaps ${r.name}`);
  }
  return { title, registers: sorted };
}

function mask(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

/** 1n << bit for bits 0..63: the bitmap registers' bit operations, without building the bigint each time. */
const BIT: readonly bigint[] = Array.from({ length: 64 }, (_, b) => 1n << BigInt(b));

export function fieldMask(f: FieldSpec): bigint {
  return mask(f.msb - f.lsb + 1) << BigInt(f.lsb);
}

export function fieldValue(value: bigint, f: FieldSpec): bigint {
  return (value >> BigInt(f.lsb)) & mask(f.msb - f.lsb + 1);
}

export interface WriteOutcome {
  old: bigint;
  value: bigint;
  /** Bits the write tried to change in read-only fields (left unchanged). */
  refused: bigint;
  refusedFields: string[];
}

export type WriteHook = (file: RegisterFile, outcome: WriteOutcome, written: bigint) => void;

/** Where a write is stamped from: simulated time and the number of hops recorded so far (the Simulator is one). */
export interface WriteClock {
  readonly now: number;
  readonly log: { readonly total: number };
}

/**
 * Who last wrote each register: the simulated time and the hop count at the write, kept once a clock is attached
 * (the lab attaches one to the inspector's files). A field store per write, nothing per hop. Every write path
 * counts: software writes (`write`) and the hardware's own updates (`set`, `deposit`, `setField`, `setBit`).
 */
export class WriteStamps {
  /** Simulated ns of the last write, −1: none since the clock was attached. */
  readonly ns: Float64Array;
  /** Hops recorded when the last write was made; −1: none; −2: the inspector. */
  readonly hops: Float64Array;

  constructor(readonly clock: WriteClock, n: number) {
    this.ns = new Float64Array(n).fill(-1);
    this.hops = new Float64Array(n).fill(-1);
  }
}

/** One instance of a declared register file, with its values and the device's write hooks. */
export class RegisterFile {
  readonly values: bigint[];
  /** Each register's width as a mask (what a hardware-side `set` keeps). */
  private readonly masks: bigint[];
  private readonly indexByName = new Map<string, number>();
  private readonly writeHooks = new Map<number, WriteHook>();
  private readonly fieldIndex: (Map<string, Field> | undefined)[] = [];
  /** Last writer of each register, once `stampWith` attached a clock (null: not kept). */
  stamps: WriteStamps | null = null;

  constructor(
    readonly decl: RegisterFileDecl,
    /** Unique path, e.g. "host/cpu0/lapic". */
    readonly id: string,
    readonly owner: string,
    readonly device: string,
    readonly virtual: boolean,
  ) {
    this.values = decl.registers.map((r) => r.reset);
    this.masks = decl.registers.map((r) => mask(r.width));
    decl.registers.forEach((r, i) => this.indexByName.set(r.name, i));
  }

  index(name: string): number {
    const i = this.indexByName.get(name);
    if (i === undefined) throw new Error(`${this.decl.title}: no register ${name}`);
    return i;
  }

  has(name: string): boolean {
    return this.indexByName.has(name);
  }

  /** Keeps, from now on, the time and hop count of the last write to each register (kept across calls). */
  stampWith(clock: WriteClock): WriteStamps {
    return (this.stamps ??= new WriteStamps(clock, this.values.length));
  }

  private stamp(i: number): void {
    const st = this.stamps;
    if (st) {
      st.ns[i] = st.clock.now;
      st.hops[i] = st.clock.log.total;
    }
  }

  /** A device's side effect for software writes to one register. */
  onWrite(name: string, hook: WriteHook): void {
    this.writeHooks.set(this.index(name), hook);
  }

  /** The raw stored value (hardware view: write-only fields included). */
  raw(i: number): bigint {
    return this.values[i]!;
  }

  /** What software reads: write-only fields read as 0. */
  read(i: number): bigint {
    const v = this.values[i]!;
    const wo = writeMasks(activeFields(this.decl.registers[i]!, v)).wo;
    return wo === 0n ? v : v & ~wo;
  }

  get(name: string): bigint {
    return this.values[this.index(name)]!;
  }

  /** Hardware-side update: no access semantics, no hooks. */
  set(i: number, value: bigint): void {
    this.values[i] = value & this.masks[i]!;
    this.stamp(i);
  }

  /** Field `f` of register i (hardware view). */
  field(i: number, f: Field): bigint {
    return f.get(this.values[i]!);
  }

  /** Hardware-side deposit of field `f` in register i: no access semantics, no hooks. */
  deposit(i: number, f: Field, value: bigint | number | boolean): void {
    this.values[i] = f.set(this.values[i]!, value);
    this.stamp(i);
  }

  /** Field of register i by name (the inspector's path; device code holds handles). */
  getField(i: number, field: string): bigint {
    return this.fieldDecl(i, field).get(this.values[i]!);
  }

  /** Hardware-side field update by name. */
  setField(i: number, field: string, value: bigint | number): void {
    this.deposit(i, this.fieldDecl(i, field), value);
  }

  fieldDecl(i: number, field: string): Field {
    let byName = this.fieldIndex[i];
    if (!byName) {
      const d = this.decl.registers[i]!;
      const all = [...d.fields, ...Object.values(d.variants?.layouts ?? {}).flat()];
      byName = this.fieldIndex[i] = new Map(all.map((x) => [x.name, x]));
    }
    const f = byName.get(field);
    if (!f) throw new Error(`${this.decl.title}.${this.decl.registers[i]!.name}: no field ${field}`);
    return f;
  }

  /** Bit test/set/clear for bitmap registers (IRR, ISR, PIR, …). */
  testBit(i: number, bit: number): boolean {
    return (this.values[i]! & (BIT[bit] ?? 1n << BigInt(bit))) !== 0n;
  }

  setBit(i: number, bit: number, on: boolean): void {
    const b = BIT[bit] ?? 1n << BigInt(bit);
    this.values[i] = on ? this.values[i]! | b : this.values[i]! & ~b;
    this.stamp(i);
  }

  /**
   * A software write (driver, guest or inspector): applies RW/RO/W1C/WO per field, then the register's hook. For a
   * register with variants, the access kinds of the variant the written value selects apply.
   */
  write(i: number, written: bigint): WriteOutcome {
    const decl = this.decl.registers[i]!;
    written &= this.masks[i]!;
    const old = this.values[i]!;
    const m = writeMasks(activeFields(decl, written));
    let value = old;
    if (m.take !== 0n) value = (value & ~m.take) | (written & m.take);
    if (m.w1c !== 0n) value &= ~(written & m.w1c);
    const refused = m.ro === 0n ? 0n : (written ^ old) & m.ro;
    const refusedFields: string[] = [];
    if (refused !== 0n) for (const f of m.roFields) if ((refused & f.mask) !== 0n) refusedFields.push(f.name);
    this.values[i] = value;
    this.stamp(i);
    const outcome: WriteOutcome = { old, value, refused, refusedFields };
    this.writeHooks.get(i)?.(this, outcome, written);
    return outcome;
  }

  reset(): void {
    this.decl.registers.forEach((r, i) => (this.values[i] = r.reset));
  }
}
