// Hop kinds of the ARM GIC (distributor, CPU interface, virtualization interface), the arch timer, and KVM/arm's vGIC.
import { hop } from '../hopKind';

export const ARM_HOPS = {
  'arm.gic.forward': hop('device', 'wire', ['arm.gic.forward'], 'the distributor makes the input pending and signals a CPU interface'),
  'arm.gic.hw.deactivate': hop('device', 'host', ['arm.gic.hw.deactivate'], 'the guest\'s deactivation of an HW = 1 list register deactivates the physical INTID'),
  'arm.irq.entry': hop('hardirq', 'host', ['arm.irq.entry'], 'the CPU takes the IRQ exception and reads IAR'),
  'arm.gicc.iar': hop('hardirq', 'host', ['arm.gicc.iar'], 'acknowledge: read IAR (pending → active)'),
  'arm.gicc.eoi': hop('hardirq', 'host', ['arm.gicc.eoi'], 'EOIR: priority drop (and deactivation with EOImode 0)'),
  'arm.gicc.dir': hop('hardirq', 'host', ['arm.gicc.dir'], 'DIR: deactivate an interrupt (EOImode 1)'),
  'arm.gicd.mask': hop('hardirq', 'host', ['arm.gicd.mask'], 'the host masks an SPI at the distributor (ICENABLER)'),
  'arm.gicd.unmask': hop('softirq', 'host', ['arm.gicd.unmask'], 'the host unmasks an SPI at the distributor (ISENABLER)'),
  'arm.timer.fire': hop('hardirq', 'host', ['arm.timer.fire'], 'kvm_arch_timer_handler: the vtimer is queued on its vCPU as HW-mapped'),
  'arm.kvm.maint.handle': hop('hardirq', 'host', ['arm.kvm.maint.handle'], 'the vGIC maintenance interrupt (its work is done by the fold on exit)'),
  'arm.kvm.exit': hop('kvm', 'host', ['arm.kvm.exit'], 'VM exit to EL2 / the host'),
  'arm.kvm.entry': hop('kvm', 'host', ['arm.kvm.entry'], 'VM entry back to the guest'),
  'arm.kvm.kick.sgi': hop('device', 'host', ['arm.kvm.kick.sgi'], 'kvm_vcpu_kick: the reschedule SGI to the vCPU\'s CPU'),
  'arm.vgic.inject': hop('kvm', 'host', ['arm.vgic.inject'], 'the vGIC queues a virtual interrupt on a vCPU\'s ap_list'),
  'arm.vgic.coalesce': hop('kvm', 'host', [], 'the virtual interrupt is already pending: merged into it'),
  'arm.vgic.complete': hop('kvm', 'host', [], 'the vGIC completes a virtual interrupt the guest deactivated'),
  'arm.gich.lr.write': hop('kvm', 'host', ['arm.gich.lr.write'], 'flush: KVM writes a list register before entry'),
  'arm.gich.lr.fold': hop('kvm', 'host', ['arm.gich.lr.fold'], 'fold: KVM reads the list registers back after exit'),
  'arm.guest.virq.ack': hop('guest', 'host', ['arm.guest.virq.ack'], 'the guest acknowledges a virtual interrupt (GICV_IAR / ICV_IAR1)'),
  'arm.guest.virq.eoi': hop('guest', 'host', ['arm.guest.virq.eoi'], 'the guest ends a virtual interrupt (GICV_EOIR / ICV_EOIR1)'),
  'vfio.platform.enable': hop('softirq', 'host', [], 'QEMU sets up the VFIO platform IRQ (trigger, unmask, KVM irqfd)'),
  'vfio.platform.handler': hop('hardirq', 'host', ['vfio.platform.handler'], 'the vfio-platform IRQ handler (automasked) signals its trigger'),
  'vfio.platform.forwarding': hop('softirq', 'host', [], 'IRQ forwarding switched on or off for the device'),
} as const;
