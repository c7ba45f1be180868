// Registers are data: a register file is declared once (name, offset, width, reset, fields with access kinds
// and meanings) and that declaration drives emulation, decoding in the inspector, writes and snapshots.
export type Access = 'rw' | 'ro' | 'w1c' | 'wo';

export interface FieldDecl {
  name: string;
  msb: number;
  lsb: number;
  access: Access;
  meaning: string;
  /** Named values, e.g. { 0: 'edge', 1: 'level' }. */
  values?: Readonly<Record<number, string>>;
}

export interface RegisterDecl {
  name: string;
  offset: number;
  width: 8 | 16 | 32 | 64;
  reset: bigint;
  meaning: string;
  fields: readonly FieldDecl[];
}

export interface RegisterFileDecl {
  title: string;
  registers: readonly RegisterDecl[];
}

type FieldSpec = Omit<FieldDecl, 'name'>;

/** A field of bits msb..lsb (inclusive). */
export function bits(msb: number, lsb: number, access: Access, meaning: string, values?: Record<number, string>): FieldSpec {
  return { msb, lsb, access, meaning, values };
}

export function reg(
  name: string,
  offset: number,
  width: RegisterDecl['width'],
  fields: Record<string, FieldSpec>,
  opts: { reset?: bigint | number; meaning?: string } = {},
): RegisterDecl {
  const list = Object.entries(fields).map(([fname, f]) => ({ name: fname, ...f }));
  for (const f of list) {
    if (f.lsb > f.msb || f.msb >= width) throw new Error(`${name}.${f.name}: bits ${f.msb}:${f.lsb} do not fit a ${width}-bit register`);
  }
  list.sort((a, b) => b.msb - a.msb);
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.msb >= list[i - 1]!.lsb) throw new Error(`${name}: fields ${list[i - 1]!.name} and ${list[i]!.name} overlap`);
  }
  return { name, offset, width, reset: BigInt(opts.reset ?? 0), meaning: opts.meaning ?? '', fields: list };
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

export function fieldMask(f: FieldDecl): bigint {
  return mask(f.msb - f.lsb + 1) << BigInt(f.lsb);
}

export function fieldValue(value: bigint, f: FieldDecl): bigint {
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

/** One instance of a declared register file, with its values and the device's write hooks. */
export class RegisterFile {
  readonly values: bigint[];
  private readonly indexByName = new Map<string, number>();
  private readonly writeHooks = new Map<number, WriteHook>();
  private readonly fieldIndex: (Map<string, FieldDecl> | undefined)[] = [];

  constructor(
    readonly decl: RegisterFileDecl,
    /** Unique path, e.g. "host/cpu0/lapic". */
    readonly id: string,
    readonly owner: string,
    readonly device: string,
    readonly virtual: boolean,
  ) {
    this.values = decl.registers.map((r) => r.reset);
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
    let v = this.values[i]!;
    for (const f of this.decl.registers[i]!.fields) if (f.access === 'wo') v &= ~fieldMask(f);
    return v;
  }

  get(name: string): bigint {
    return this.values[this.index(name)]!;
  }

  /** Hardware-side update: no access semantics, no hooks. */
  set(i: number, value: bigint): void {
    this.values[i] = value & mask(this.decl.registers[i]!.width);
  }

  getField(i: number, field: string): bigint {
    const f = this.fieldDecl(i, field);
    return fieldValue(this.values[i]!, f);
  }

  /** Hardware-side field update. */
  setField(i: number, field: string, value: bigint | number): void {
    const f = this.fieldDecl(i, field);
    const m = fieldMask(f);
    this.values[i] = (this.values[i]! & ~m) | ((BigInt(value) << BigInt(f.lsb)) & m);
  }

  fieldDecl(i: number, field: string): FieldDecl {
    let byName = this.fieldIndex[i];
    if (!byName) byName = this.fieldIndex[i] = new Map(this.decl.registers[i]!.fields.map((x) => [x.name, x]));
    const f = byName.get(field);
    if (!f) throw new Error(`${this.decl.title}.${this.decl.registers[i]!.name}: no field ${field}`);
    return f;
  }

  /** Bit test/set/clear for bitmap registers (IRR, ISR, PIR, …). */
  testBit(i: number, bit: number): boolean {
    return ((this.values[i]! >> BigInt(bit)) & 1n) === 1n;
  }

  setBit(i: number, bit: number, on: boolean): void {
    const b = 1n << BigInt(bit);
    this.values[i] = on ? this.values[i]! | b : this.values[i]! & ~b;
  }

  /** A software write (driver, guest or inspector): applies RW/RO/W1C/WO per field, then the register's hook. */
  write(i: number, written: bigint): WriteOutcome {
    const decl = this.decl.registers[i]!;
    written &= mask(decl.width);
    const old = this.values[i]!;
    let value = old;
    let refused = 0n;
    const refusedFields: string[] = [];
    for (const f of decl.fields) {
      const m = fieldMask(f);
      switch (f.access) {
        case 'rw':
        case 'wo':
          value = (value & ~m) | (written & m);
          break;
        case 'w1c':
          value &= ~(written & m);
          break;
        case 'ro':
          if ((written & m) !== (old & m)) {
            refused |= (written ^ old) & m;
            refusedFields.push(f.name);
          }
          break;
      }
    }
    this.values[i] = value;
    const outcome: WriteOutcome = { old, value, refused, refusedFields };
    this.writeHooks.get(i)?.(this, outcome, written);
    return outcome;
  }

  reset(): void {
    this.decl.registers.forEach((r, i) => (this.values[i] = r.reset));
  }
}
