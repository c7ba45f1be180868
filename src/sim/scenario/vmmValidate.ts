// Cross-field checks of the userspace VMM's switches (issue 12): the irqchip, PV EOI, the VMM's pCPU and the INTx EOI
// path of an assigned device; combinations that cannot exist are refused with the reason.
import { defaultIntxEoi } from '../host/vmm/intxEoi';
import type { PathSeg } from './paths';
import type { Scenario } from './schema';

export function checkVmm(s: Scenario): [PathSeg[], string][] {
  const out: [PathSeg[], string][] = [];
  s.vms.forEach((vm, i) => {
    if (s.platform === 'arm' && vm.irqchip === 'split') out.push([['vms', i, 'irqchip'], 'split irqchip is x86 (the IOAPIC and PIC in QEMU); an arm host\'s vGIC is in the kernel']);
    if (vm.pvEoi === 'on') {
      if (s.platform === 'arm') out.push([['vms', i, 'pvEoi'], 'PV EOI (KVM_FEATURE_PV_EOI) is x86']);
      else if (vm.delivery === 'posted') out.push([['vms', i, 'pvEoi'], 'PV EOI applies to emulated delivery: under APICv KVM never sets the flag (apic_set_isr leaves highest_isr_cache at -1) and the EOI of an edge vector is virtualized already (facts F9)']);
    }
    const cpu = vm.vmm?.cpu;
    if (cpu !== undefined && cpu >= s.host.cpus) out.push([['vms', i, 'vmm', 'cpu'], `expected a pCPU below host.cpus (${s.host.cpus}), got ${cpu}`]);
  });
  s.devices.forEach((d, i) => {
    if (d.intxEoi === undefined || d.owner === 'host') return;
    const vm = s.vms.find((v) => v.id === d.owner);
    if (!vm) return;
    if (d.irq !== 'intx') {
      out.push([['devices', i, 'intxEoi'], `intxEoi applies to an INTx device; ${d.id} signals ${d.irq}`]);
      return;
    }
    if (d.intxEoi === 'resamplefd' && vm.irqchip === 'split') {
      out.push([['devices', i, 'intxEoi'], `resamplefd needs the kernel irqchip: with ${vm.id}.irqchip split, kernels from 5.2 on refuse KVM_IRQFD with RESAMPLE (commit 654f1f13ea56, facts §B.5 and item 6); use split-resamplefd (QEMU 5.0) or qemu-trapped`]);
    }
    if (d.intxEoi === 'split-resamplefd' && vm.irqchip !== 'split') {
      out.push([['devices', i, 'intxEoi'], `split-resamplefd is QEMU's kick from its own IOAPIC's EOI: it needs ${vm.id}.irqchip split (under the kernel irqchip KVM signals the resamplefd itself: ${defaultIntxEoi('kernel')})`]);
    }
  });
  return out;
}
