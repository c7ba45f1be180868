// The ARM GIC as a CPU reaches it, for `virq qtest` (QEMU's qtest protocol driving the model's registers): MMIO
// regions for the distributor GICD and, per CPU, either the GICv2 CPU interface GICC, virtualization control
// interface GICH and virtual CPU interface GICV, or the GICv3 redistributor GICR (RD_base + SGI_base frames).
// GICv3's CPU interface (ICC_*_EL1) and virtualization control (ICH_*_EL2) are system registers, not MMIO:
// `gicSysregs` reads and writes them by name ("ICC_IAR1_EL1") or encoding ("S3_0_C12_C12_0") for one CPU.
// `armVirtMap` puts the regions where QEMU's virt board has them (hw/arm/virt.c base_memmap).
//
// Every access goes through the model's register files and their write hooks (the path a driver or the inspector
// takes), so side effects happen: a write to ISPENDR makes the interrupt pending and signals the CPU interface,
// GICD_SGIR raises SGIs, a read of IAR acknowledges, EOIR drops priority (and deactivates with EOImode 0), DIR
// deactivates. An access is made by a CPU: the distributor's banked SGI/PPI registers, GICC, GICH and GICV answer
// for it, and GICD_SGIR's requester is it. A redistributor answers for the CPU it serves, whoever accesses it.
//
// Access widths follow KVM's vgic-mmio tables (vgic-mmio-v2.c, vgic-mmio-v3.c): 32-bit everywhere, byte access too
// for IPRIORITYR and ITARGETSR, and 64-bit or either 32-bit half for IROUTER and GICR_TYPER. Another width, or an
// access not aligned to its width, is RAZ/WI and noted as a guest error (KVM's dispatch finds no region for it).
// Offsets no register covers are RAZ/WI.
//
// GICV is the model's virtual CPU interface (GicVirtInterface's guest side, the list registers): CTLR (EnableGrp1,
// EOImode), PMR, IAR, EOIR, RPR, HPPIR and DIR at GICC's offsets; its other registers (BPR, ABPR, the aliases, APR,
// IIDR) are not modelled and read as zero. Not modelled elsewhere: GICv2 SPENDSGIR/CPENDSGIR, IGROUPR, the LPI
// registers of GICR.
import { AddressMap, registerFileRegion, type AccessSize, type MmioRegion } from '../../core/mmio';
import { RegisterFile, type RegisterDecl } from '../../core/registers';
import { GICR_SGI_BASE } from './distributorRegisters';
import type { ArmGic } from './gic';
import { SGI_LAST, SPURIOUS_INTID, sysregNameAt } from './gicCommon';
import type { GicVersion } from './gicVersion';
import type { GicVirtInterface } from './virtInterface';

export const GICD_SIZE = 0x10000;
export const GICC_SIZE = 0x2000;
export const GICH_SIZE = 0x1000;
export const GICV_SIZE = 0x2000;
/** One redistributor: RD_base (64 KiB) then SGI_base (64 KiB). */
export const GICR_FRAME = 0x20000;

/** The GIC's place in QEMU's virt board (hw/arm/virt.c base_memmap). */
export const QEMU_VIRT_GIC = {
  gicd: 0x0800_0000n,
  gicc: 0x0801_0000n,
  gich: 0x0803_0000n,
  gicv: 0x0804_0000n,
  gicr: 0x080a_0000n,
} as const;

export type GicBases = { readonly [K in keyof typeof QEMU_VIRT_GIC]: bigint };

/** Registers that take byte accesses besides 32-bit ones (KVM: VGIC_ACCESS_32bit | VGIC_ACCESS_8bit). */
const BYTE_ACCESSIBLE = /^(IPRIORITYR|ITARGETSR)\d+$/;

function widths(d: RegisterDecl): readonly AccessSize[] {
  if (BYTE_ACCESSIBLE.test(d.name)) return [1, 4];
  return d.width === 64 ? [4, 8] : [4];
}

/** One register file seen through a frame at its declared offsets, with the access widths the GIC allows. */
class Window {
  private readonly region: MmioRegion;

  constructor(readonly file: RegisterFile, private readonly note: (text: string) => void) {
    const last = file.decl.registers.at(-1);
    this.region = registerFileRegion(file.id, file, last ? last.offset + last.width / 8 : 0);
  }

  /** The register holding byte `offset`, if one does. */
  at(offset: number): RegisterDecl | undefined {
    return this.file.decl.registers.find((r) => offset >= r.offset && offset < r.offset + r.width / 8);
  }

  /** Is an access of `size` at `offset` one the register takes? (A guest error is noted when it is not.) */
  fits(d: RegisterDecl, offset: number, size: AccessSize): boolean {
    const rel = offset - d.offset;
    if (widths(d).includes(size) && rel % size === 0 && rel + size <= d.width / 8) return true;
    this.note(`${this.file.id}: ${size}-byte access at ${d.name} + ${rel} is not one it takes: RAZ/WI`);
    return false;
  }

  read(offset: number, size: AccessSize): bigint {
    const d = this.at(offset);
    return d && this.fits(d, offset, size) ? this.region.read(offset, size, 0) : 0n;
  }

  write(offset: number, size: AccessSize, value: bigint): void {
    const d = this.at(offset);
    if (d && this.fits(d, offset, size)) this.region.write(offset, size, value, 0);
  }
}

function ofCpu<T>(list: readonly T[], cpu: number, what: string): T {
  const x = list[cpu];
  if (x === undefined) throw new Error(`${what}: no cpu${cpu} (${list.length} CPUs)`);
  return x;
}

/** GICD: the shared registers, and the banked SGI/PPI registers of the accessing CPU (GICv2; v3 has them in GICR). */
export function gicdRegion(gic: ArmGic): MmioRegion {
  const d = gic.dist;
  const note = (text: string) => d.notes.push(text);
  const shared = new Window(d.regs, note);
  const banks = d.banks.map((b) => new Window(b, note));
  const pick = (offset: number, cpu: number) => {
    const bank = ofCpu(banks, cpu, 'GICD');
    return bank.at(offset) ? bank : shared;
  };
  return {
    name: 'gicd',
    size: GICD_SIZE,
    read: (offset, size, cpu) => pick(offset, cpu).read(offset, size),
    write: (offset, size, value, cpu) => d.accessBy(cpu, () => pick(offset, cpu).write(offset, size, value)),
  };
}

/** GICv2 GICC of the accessing CPU: a read of IAR acknowledges, EOIR and DIR writes end the interrupt. */
export function giccRegion(gic: ArmGic): MmioRegion {
  const wins = gic.cpuIfs.map((c) => new Window(c.regs, (text) => c.notes.push(text)));
  return {
    name: 'gicc',
    size: GICC_SIZE,
    read(offset, size, cpu) {
      const c = ofCpu(gic.cpuIfs, cpu, 'GICC');
      const w = wins[cpu]!;
      const d = w.at(offset);
      if (d?.name === c.layout.iar.reg && w.fits(d, offset, size)) c.ack();
      return w.read(offset, size);
    },
    write: (offset, size, value, cpu) => ofCpu(wins, cpu, 'GICC').write(offset, size, value),
  };
}

/** GICv2 GICH of the accessing CPU: HCR, VTR, VMCR, MISR, EISR, ELRSR, APR, LRn. */
export function gichRegion(gic: ArmGic): MmioRegion {
  const wins = gic.virtIfs.map((v) => new Window(v.regs, (text) => v.notes.push(text)));
  return {
    name: 'gich',
    size: GICH_SIZE,
    read: (offset, size, cpu) => ofCpu(wins, cpu, 'GICH').read(offset, size),
    write: (offset, size, value, cpu) => ofCpu(wins, cpu, 'GICH').write(offset, size, value),
  };
}

/** One GICV register's part in a read (a value to OR in) and a write. */
interface GicvPart {
  read?: (v: GicVirtInterface) => bigint;
  write?: (v: GicVirtInterface, value: bigint) => void;
}

/** GICv2 GICV of the accessing CPU: the guest's view of its list registers, at the GICC offsets and layout. */
export function gicvRegion(gic: ArmGic): MmioRegion {
  const L = gic.version.cpuIf;
  const parts = new Map<string, GicvPart[]>();
  const add = (reg: string, p: GicvPart) => parts.set(reg, [...(parts.get(reg) ?? []), p]);
  add(L.enable.reg, { read: (v) => L.enable.field.of(v.guestEnabled), write: (v, x) => v.guestSetEnabled(L.enable.field.on(x)) });
  add(L.eoiMode.reg, { read: (v) => L.eoiMode.field.of(v.guestSplitEoi), write: (v, x) => v.guestSetSplitEoi(L.eoiMode.field.on(x)) });
  add(L.pmr.reg, { read: (v) => L.pmr.field.of(v.guestPmr()), write: (v, x) => v.guestSetPmr(L.pmr.field.num(x)) });
  add(L.iar.reg, {
    read: (v) => {
      const n = v.guestHppiLr();
      const source = n >= 0 ? v.lrRead(n).cpuid : 0;
      const a = v.guestAck();
      if (a.intid === SPURIOUS_INTID) return L.iar.field.of(SPURIOUS_INTID);
      return gic.version.iar(a.intid, a.intid <= SGI_LAST ? source : undefined);
    },
  });
  add(L.eoir.reg, { write: (v, x) => v.guestEoi(L.eoir.field.num(x)) });
  add(L.dir.reg, { write: (v, x) => v.guestDir(L.dir.field.num(x)) });
  add(L.rpr.reg, { read: (v) => L.rpr.field.of(v.guestRunningPriority()) });
  add(L.hppir.reg, {
    read: (v) => {
      const n = v.guestHppiLr();
      return L.hppir.field.of(n < 0 ? SPURIOUS_INTID : v.lrRead(n).vintid);
    },
  });
  const regAt = (offset: number, size: AccessSize, v: GicVirtInterface): GicvPart[] => {
    const d = L.decl.registers.find((r) => r.offset === offset);
    if (!d) return [];
    if (size !== 4) {
      v.notes.push(`GICV: ${size}-byte access at ${d.name}: RAZ/WI`);
      return [];
    }
    return parts.get(d.name) ?? [];
  };
  return {
    name: 'gicv',
    size: GICV_SIZE,
    read(offset, size, cpu) {
      const v = ofCpu(gic.virtIfs, cpu, 'GICV');
      return regAt(offset, size, v).reduce((acc, p) => acc | (p.read?.(v) ?? 0n), 0n);
    },
    write(offset, size, value, cpu) {
      const v = ofCpu(gic.virtIfs, cpu, 'GICV');
      for (const p of regAt(offset, size, v)) p.write?.(v, value);
    },
  };
}

/**
 * GICv3 redistributors, one GICR_FRAME per CPU from the region's start: RD_base (GICR_CTLR, IIDR, TYPER with Last on
 * the last one, WAKER) then SGI_base (the CPU's banked SGI/PPI registers). The RD_base files are the GIC's.
 */
export class Redistributors {
  readonly rdBase: RegisterFile[];
  readonly region: MmioRegion;

  constructor(gic: ArmGic) {
    const d = gic.dist;
    this.rdBase = gic.rdBase;
    const note = (text: string) => d.notes.push(text);
    const rd = this.rdBase.map((f) => new Window(f, note));
    const sgi = d.banks.map((b) => new Window(b, note));
    const frame = (offset: number) => {
      const c = Math.floor(offset / GICR_FRAME);
      const rel = offset % GICR_FRAME;
      return { w: rel < GICR_SGI_BASE ? rd[c]! : sgi[c]!, rel };
    };
    this.region = {
      name: 'gicr',
      size: GICR_FRAME * d.cpus,
      read(offset, size) {
        const { w, rel } = frame(offset);
        return w.read(rel, size);
      },
      write(offset, size, value) {
        const { w, rel } = frame(offset);
        w.write(rel, size, value);
      },
    };
  }
}

/** A CPU's GIC system registers (GICv3 ICC_*_EL1 and ICH_*_EL2), by name or by encoding. */
export interface GicSysregs {
  read(name: string): bigint;
  write(name: string, value: bigint): void;
  /** Every register it answers, by name. */
  names(): string[];
}

/** A system register's name ends in its exception level; only those have an encoding to look up. */
const SYSREG = /_EL[0-3]$/;

/**
 * The GIC system registers of `cpu`: its CPU interface and its virtualization control registers. A read of the
 * acknowledge register (ICC_IAR1_EL1) acknowledges; writes run the same hooks as any software write (EOIR, DIR,
 * SGI1R, ICH_LR<n>_EL2, ICH_HCR_EL2). Encodings are accepted as "S3_0_C12_C12_0".
 */
export function gicSysregs(gic: ArmGic, cpu: number): GicSysregs {
  const cpuIf = ofCpu(gic.cpuIfs, cpu, 'GIC system registers');
  const files = [cpuIf.regs, gic.virtIfs[cpu]!.regs];
  const byName = new Map<string, { file: RegisterFile; i: number }>();
  for (const file of files) {
    file.decl.registers.forEach((d, i) => {
      byName.set(d.name, { file, i });
      if (SYSREG.test(d.name)) byName.set(sysregNameAt(d.offset), { file, i });
    });
  }
  const find = (name: string) => {
    const r = byName.get(name.toUpperCase());
    if (!r) throw new Error(`cpu${cpu}: no GIC system register ${name}`);
    return r;
  };
  return {
    read(name) {
      const { file, i } = find(name);
      if (file === cpuIf.regs && file.decl.registers[i]!.name === cpuIf.layout.iar.reg) cpuIf.ack();
      return file.read(i);
    },
    write(name, value) {
      const { file, i } = find(name);
      file.write(i, value);
    },
    names: () => files.flatMap((f) => f.decl.registers.map((d) => d.name)),
  };
}

/** Maps each CPU's frames of one GIC version (v2: GICC, GICH, GICV; v3: the redistributors). */
const CPU_FRAMES: Readonly<Record<GicVersion['cpuFrames'], (gic: ArmGic, map: AddressMap, at: GicBases) => void>> = {
  gicc: (gic, map, at) => {
    map.map(at.gicc, giccRegion(gic)).map(at.gich, gichRegion(gic)).map(at.gicv, gicvRegion(gic));
  },
  gicr: (gic, map, at) => {
    map.map(at.gicr, new Redistributors(gic).region);
  },
};

/** The host's view of the GIC on QEMU's virt board (or at `bases`), added to `map`. */
export function armVirtMap(gic: ArmGic, bases: GicBases = QEMU_VIRT_GIC, map = new AddressMap('host')): AddressMap {
  map.map(bases.gicd, gicdRegion(gic));
  CPU_FRAMES[gic.version.cpuFrames](gic, map, bases);
  return map;
}
