// The native twin of a scenario's gvt section (issue 12, items 1–2): the same render loops run by the host's i915
// without mediation (gvt.native: no trap, no vGPU, no vGPU scheduler), so frames/s can be read as % of native.
// Each loop's application keeps the pCPU it had (the vCPU that ran it); the VMs that only ran those loops halt when
// idle, so their vCPUs leave the pCPUs to the host applications. Other devices and the other gvt workloads are left
// as they are (the native builder runs only the render loops). The lead's `nativeTwin(scenario)` can call this for
// the gvt section.
import type { Scenario } from './schema';

export function gvtNativeTwin(s: Scenario): Scenario {
  const g = s.gvt;
  if (!g) return s;
  const loopVms = new Set(g.vgpus.filter((v) => v.renderLoop && v.vm !== 'host').map((v) => v.vm));
  return {
    ...s,
    gvt: { ...g, native: true, scheduler: undefined },
    vms: s.vms.map((vm) => (loopVms.has(vm.id) ? { ...vm, idle: 'halt' as const } : vm)),
  };
}
