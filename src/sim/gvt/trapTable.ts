// The MMIO trap table: for every declared GPU register, whether the mediator emulates it (on the vGPU's virtual
// registers, with the named GVT handler) or passes it through to the physical register.
// Defaults follow GVT: everything is emulated on vregs (the interrupt registers with the interrupt.c handlers,
// ELSP with elsp_mmio_write, PIPECONF with pipeconf_mmio_write, PV INFO with pvinfo_mmio_read/write); RING_TIMESTAMP
// is read from hardware (gvt/handlers.c mmio_read_from_hw: "c. the offset is ring time stamp mmio").
// A scenario may switch any register with setMode().
import { GPU_MMIO_REGS, IRQ_GROUP_INFO, IRQ_GROUPS } from '../hw/gpu/gen8Registers';
import { PVINFO_REGS } from '../hw/gpu/pvInfoRegisters';

export type TrapMode = 'emulated' | 'passthrough';

export interface TrapEntry {
  register: string;
  /** Which declaration the register belongs to. */
  file: 'mmio' | 'pvinfo';
  offset: number;
  mode: TrapMode;
  /** The GVT handler that emulates it (or reads the hardware), for logs. */
  handler: string;
}

function defaultHandler(name: string): { mode: TrapMode; handler: string } {
  if (name === 'GEN8_MASTER_IRQ') return { mode: 'emulated', handler: 'intel_vgpu_reg_master_irq_handler' };
  for (const g of IRQ_GROUPS) {
    const i = IRQ_GROUP_INFO[g];
    if (name === i.imr) return { mode: 'emulated', handler: 'intel_vgpu_reg_imr_handler' };
    if (name === i.ier) return { mode: 'emulated', handler: 'intel_vgpu_reg_ier_handler' };
    if (name === i.iir) return { mode: 'emulated', handler: 'intel_vgpu_reg_iir_handler' };
    if (name === i.isr) return { mode: 'emulated', handler: 'intel_vgpu_default_mmio_read (vreg)' };
  }
  if (name.endsWith('_ELSP')) return { mode: 'emulated', handler: 'elsp_mmio_write' };
  if (name.startsWith('PIPECONF_')) return { mode: 'emulated', handler: 'pipeconf_mmio_write' };
  if (name.endsWith('_TIMESTAMP')) return { mode: 'passthrough', handler: 'mmio_read_from_hw' };
  return { mode: 'emulated', handler: 'intel_vgpu_default_mmio_read/write (vreg)' };
}

export class MmioTrapTable {
  private readonly byOffset = new Map<number, TrapEntry>();
  private readonly byName = new Map<string, TrapEntry>();

  constructor(entries: TrapEntry[]) {
    for (const e of entries) {
      this.byOffset.set(e.offset, e);
      this.byName.set(e.register, e);
    }
  }

  lookup(offset: number): TrapEntry | null {
    return this.byOffset.get(offset) ?? null;
  }

  entry(register: string): TrapEntry | null {
    return this.byName.get(register) ?? null;
  }

  /** Switches one register between emulated and passed through (PV INFO cannot pass through: nothing is behind it). */
  setMode(register: string, mode: TrapMode): void {
    const e = this.byName.get(register);
    if (!e) throw new Error(`trap table: no register ${register}`);
    if (e.file === 'pvinfo' && mode === 'passthrough') throw new Error(`${register}: the PV INFO page has no hardware to pass through to`);
    e.mode = mode;
    if (mode === 'passthrough' && e.handler.startsWith('intel_vgpu_default')) e.handler = 'passthrough';
  }

  entries(): TrapEntry[] {
    return [...this.byOffset.values()].sort((a, b) => a.offset - b.offset);
  }
}

export function defaultTrapTable(): MmioTrapTable {
  const mmio = GPU_MMIO_REGS.registers.map((r): TrapEntry => ({ register: r.name, file: 'mmio', offset: r.offset, ...defaultHandler(r.name) }));
  const pv = PVINFO_REGS.registers.map((r): TrapEntry => ({
    register: r.name, file: 'pvinfo', offset: r.offset, mode: 'emulated', handler: 'pvinfo_mmio_read/pvinfo_mmio_write',
  }));
  return new MmioTrapTable([...mmio, ...pv]);
}
