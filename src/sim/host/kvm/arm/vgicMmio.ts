// The VM's emulated GIC as MMIO regions, as the guest reaches them (KVM's vgic_io_device, vgic_mmio_read/write
// dispatching through vgic_v2_dist_registers / vgic_v3_dist_registers): the distributor (GICD, 64 KiB), where the
// accessing vCPU picks the bank of the SGI/PPI registers (v2), and for v3 each vCPU's redistributor (GICR, RD_base +
// SGI_base: 128 KiB), whose SGI_base frame holds that vCPU's bank.
//
// Every read first brings the pending/active bitmaps up to date with the vCPUs (the state of a queued vINTID lives on
// its vCPU); bytes no register declares read as zero and ignore writes (RAZ/WI), as in registerFileRegion.
import { registerFileRegion, type AccessSize, type MmioRegion } from '../../../core/mmio';
import { GICR_SGI_BASE } from '../../../hw/arm/distributorRegisters';
import type { Vgic } from './vgic';

/** GICD_SIZE as the model maps it (KVM registers 4 KiB for v2, 64 KiB for v3; the rest is RAZ/WI). */
export const VGIC_DIST_SIZE = 0x10000;
/** A GICv3 redistributor: RD_base and SGI_base frames. */
export const VGIC_REDIST_SIZE = 0x20000;

/** The VM's distributor; `cpu` of each access is the accessing vCPU's index. */
export function vgicDistributorRegion(vgic: Vgic): MmioRegion {
  const d = vgic.dist;
  const shared = registerFileRegion('gicd', d.regs, VGIC_DIST_SIZE);
  const banks = d.banks.map((b) => registerFileRegion('gicd', b, VGIC_DIST_SIZE));
  // Which bytes the banked declarations cover (v2: word 0 of each bitmap, IPRIORITYR0..7, ITARGETSR0..7, ICFGR0/1;
  // v3 declares its bank in the redistributor's SGI_base frame, beyond this region, so none).
  const banked = new Set<number>();
  for (const r of d.banks[0]?.decl.registers ?? []) for (let b = 0; b < r.width / 8; b++) if (r.offset + b < VGIC_DIST_SIZE) banked.add(r.offset + b);
  const vcpu = (cpu: number) => {
    if (cpu < 0 || cpu >= d.vcpus) throw new Error(`${vgic.vmName} gicd: no vcpu${cpu}`);
    return cpu;
  };
  /** The access split in runs of bytes that belong to the same file. */
  const runs = (offset: number, size: number) => {
    const out: { at: number; n: number; bank: boolean }[] = [];
    for (let b = 0; b < size; b++) {
      const bank = banked.has(offset + b);
      const last = out[out.length - 1];
      if (last && last.bank === bank) last.n++;
      else out.push({ at: b, n: 1, bank });
    }
    return out;
  };
  return {
    name: 'gicd',
    size: VGIC_DIST_SIZE,
    read(offset, size, cpu) {
      const c = vcpu(cpu);
      d.refresh();
      let out = 0n;
      for (const r of runs(offset, size)) {
        const v = (r.bank ? banks[c]! : shared).read(offset + r.at, r.n as AccessSize, c);
        out |= v << BigInt(8 * r.at); // its byte lanes in the access
      }
      return out;
    },
    write(offset, size, value, cpu) {
      const c = vcpu(cpu);
      d.accessing = c;
      // The file takes the low r.n bytes of what it is given: the access's bytes from lane r.at on.
      for (const r of runs(offset, size)) (r.bank ? banks[c]! : shared).write(offset + r.at, r.n as AccessSize, value >> BigInt(8 * r.at), c);
    },
  };
}

/** GICv3: vCPU `index`'s redistributor: its RD_base frame (KVM's GICR_CTLR, IIDR, TYPER, WAKER, PIDR2), then the
 *  SGI_base frame holding the vCPU's SGI/PPI registers. */
export function vgicRedistributorRegion(vgic: Vgic, index: number): MmioRegion {
  const d = vgic.dist;
  const bank = d.banks[index];
  const rdFile = d.rdBase[index];
  if (!bank || !rdFile) throw new Error(`${vgic.vmName}: no vcpu${index} redistributor`);
  const sgi = registerFileRegion(`gicr${index}`, bank, VGIC_REDIST_SIZE);
  const rd = registerFileRegion(`gicr${index}`, rdFile, VGIC_REDIST_SIZE);
  const frame = (offset: number) => (offset < GICR_SGI_BASE ? rd : sgi);
  return {
    name: sgi.name,
    size: sgi.size,
    read(offset, size, cpu) {
      d.refresh();
      return frame(offset).read(offset, size, cpu);
    },
    write(offset, size, value, cpu) {
      d.accessing = cpu;
      frame(offset).write(offset, size, value, cpu);
    },
  };
}
