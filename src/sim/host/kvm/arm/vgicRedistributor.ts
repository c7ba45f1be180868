// KVM's GICv3 redistributor RD_base frame for one vCPU, as the guest reads it (arch/arm64/kvm/vgic/vgic-mmio-v3.c,
// vgic_v3_rd_registers). Its SGI_base frame is the vCPU's bank of the distributor (vgicDistributor.ts).
// Not modelled: LPIs (GICR_CTLR.EnableLPIs, PROPBASER/PENDBASER), GICv4 vLPI registers.
import { bits, layout, RegisterFile } from '../../../core/registers';
import { GICR_TYPER, gicrRdRegisters } from '../../../hw/arm/distributorRegisters';

/** KVM's product ID ('K') and Arm's JEP106 code, as GICR_IIDR reports them (vgic_mmio_read_v3r_iidr). */
const PRODUCT_ID_KVM = 0x4b;
const IMPLEMENTER_ARM = 0x43b;

/**
 * vCPU `c`'s RD_base frame as KVM emulates it (arch/arm64/kvm/vgic/vgic-mmio-v3.c, vgic_v3_rd_registers): GICR_CTLR
 * reads 0 without an ITS (vgic_mmio_read_v3r_ctlr), GICR_IIDR is KVM's product ID over Arm (vgic_mmio_read_v3r_iidr),
 * GICR_TYPER carries the vCPU's MPIDR affinity (reset_mpidr: Aff0 = id & 0xf, Aff1 = id >> 4), its vcpu_id and Last on
 * the last vCPU (vgic_mmio_read_v3r_typer), GICR_WAKER is RAZ/WI (vgic_mmio_read_raz, vgic_mmio_write_wi).
 */
/** reset_mpidr (arch/arm64/kvm/sys_regs.c): a vcpu_id's low 4 bits are its MPIDR Aff0, the next 8 its Aff1. */
const VCPU_ID_AFFINITY = layout(32, {
  Aff1: bits(11, 4, 'ro', 'MPIDR_EL1.Aff1 of the vCPU'),
  Aff0: bits(3, 0, 'ro', 'MPIDR_EL1.Aff0 of the vCPU'),
}, 'vcpu_id → MPIDR affinity');

export function kvmRdBase(vmName: string, c: number, vcpus: number): RegisterFile {
  const f = new RegisterFile(gicrRdRegisters(), `${vmName}/vcpu${c}/gicr-rd`, vmName, `vcpu${c}`, true);
  const iidr = f.index('GICR_IIDR');
  f.set(iidr, 0n);
  f.setField(iidr, 'ProductID', PRODUCT_ID_KVM);
  f.setField(iidr, 'Implementer', IMPLEMENTER_ARM);
  const typer = f.index('GICR_TYPER');
  f.deposit(typer, GICR_TYPER.Aff0, VCPU_ID_AFFINITY.Aff0.get(BigInt(c)));
  f.deposit(typer, GICR_TYPER.Aff1, VCPU_ID_AFFINITY.Aff1.get(BigInt(c)));
  f.deposit(typer, GICR_TYPER.ProcessorNumber, c);
  f.deposit(typer, GICR_TYPER.Last, c === vcpus - 1);
  const waker = f.index('GICR_WAKER');
  f.set(waker, 0n);
  f.onWrite('GICR_WAKER', () => f.set(waker, 0n));
  return f;
}
