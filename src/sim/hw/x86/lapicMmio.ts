// The xAPIC page (0xFEE00000, 4 KiB) as a CPU reaches it: banked, each access goes to the accessing CPU's LAPIC
// (a vCPU's vLAPIC for the guest view, the same class). Its registers sit at their declared offsets
// (lapicRegisters.ts: 32-bit registers on 16-byte boundaries), with registerFileRegion's rules: bytes no register
// covers read 0 and ignore writes, narrower accesses merge bytes, and every write goes through the file's access kinds
// and hooks — a write to EOI ends the highest in-service interrupt, a TPR write updates PPR, IRR/ISR/TMR/PPR/VER are
// read-only. (SDM vol. 3 §11.4.1 wants aligned 32-bit accesses; the model does not refuse others.)
// Not modelled: ICR writes sending IPIs, the LVT and timer registers (not declared: they read 0), relocating the page
// (IA32_APIC_BASE), x2APIC MSRs. The ID register is writable but routing keeps the APIC ID the LAPIC was made with.
import { registerFileRegion, type MmioRegion } from '../../core/mmio';
import type { Lapic } from './lapic';

export const LAPIC_MMIO_BASE = 0xfee00000n;
export const LAPIC_MMIO_SIZE = 0x1000;

export function lapicRegion(lapicOf: (cpu: number) => Lapic, name = 'lapic'): MmioRegion {
  const regions = new WeakMap<Lapic, MmioRegion>();
  const of = (cpu: number): MmioRegion => {
    const l = lapicOf(cpu);
    let r = regions.get(l);
    if (!r) regions.set(l, (r = registerFileRegion(name, l.regs, LAPIC_MMIO_SIZE)));
    return r;
  };
  return {
    name,
    size: LAPIC_MMIO_SIZE,
    read: (offset, size, cpu) => of(cpu).read(offset, size, cpu),
    write: (offset, size, value, cpu) => of(cpu).write(offset, size, value, cpu),
  };
}
