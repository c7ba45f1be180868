// Cross-field checks of the gvt section: the gpu device it names, the vGPUs' VMs and vCPUs, vectors and CPUs.
import type { PathSeg } from './paths';
import type { Scenario } from './schema';

/** GVT-g on BDW/SKL allowed at most 8 vGPUs (facts A.3: gvt.c at commit c8fe6a68). */
export const MAX_VGPUS = 8;

export function checkGvt(s: Scenario): [PathSeg[], string][] {
  const out: [PathSeg[], string][] = [];
  const gpus = s.devices.map((d, i) => [d, i] as const).filter(([d]) => d.kind === 'gpu');
  const g = s.gvt;
  if (!g) {
    for (const [, i] of gpus) out.push([['devices', i, 'kind'], 'a gpu device is mediated: add a gvt section naming it (gvt.gpu)']);
    return out;
  }
  const named = gpus.find(([d]) => d.id === g.gpu);
  if (!named) out.push([['gvt', 'gpu'], `expected the id of a device of kind gpu (${gpus.map(([d]) => d.id).join(', ') || 'none'}), got "${g.gpu}"`]);
  for (const [d, i] of gpus) {
    if (d.id !== g.gpu) out.push([['devices', i, 'id'], `only one gpu is mediated (gvt.gpu is "${g.gpu}")`]);
    if (d.owner !== 'host') out.push([['devices', i, 'owner'], 'a mediated GPU is owned by the host (the mediator); give VMs vGPUs in gvt.vgpus']);
    if (d.irq !== 'msi') out.push([['devices', i, 'irq'], 'the GPU model signals MSI only']);
  }
  if (named && g.hostInjection === 'self-ipi') {
    const clash = s.devices.find((d) => d.irq === 'msi' && d.hostCpu === named[0].hostCpu && d.hostVector === g.selfIpiVector);
    if (clash) out.push([['gvt', 'selfIpiVector'], `vector 0x${g.selfIpiVector.toString(16)} on cpu${named[0].hostCpu} is ${clash.id}'s MSI vector`]);
  }
  if (g.vgpus.length > MAX_VGPUS) out.push([['gvt', 'vgpus'], `at most ${MAX_VGPUS} vGPUs (BDW/SKL), got ${g.vgpus.length}`]);
  const seen = new Set<string>();
  g.vgpus.forEach((v, i) => {
    if (seen.has(v.vm)) out.push([['gvt', 'vgpus', i, 'vm'], `"${v.vm}" already has a vGPU`]);
    seen.add(v.vm);
    const vm = s.vms.find((x) => x.id === v.vm);
    if (v.vm !== 'host' && !vm) out.push([['gvt', 'vgpus', i, 'vm'], `expected "host" or one of the VM ids (${s.vms.map((x) => x.id).join(', ') || 'none'}), got "${v.vm}"`]);
    if (v.render && v.renderLoop) out.push([['gvt', 'vgpus', i, 'renderLoop'], 'a vGPU has either open-loop render requests (render) or a render loop (renderLoop), not both']);
    if (vm && v.guestVcpu >= vm.vcpus) out.push([['gvt', 'vgpus', i, 'guestVcpu'], `expected a vCPU of ${vm.id} (0..${vm.vcpus - 1}), got ${v.guestVcpu}`]);
  });
  if (g.scheduler?.weights && g.scheduler.weights.length !== g.vgpus.length) out.push([['gvt', 'scheduler', 'weights'], `expected one weight per vGPU (${g.vgpus.length}), got ${g.scheduler.weights.length}`]);
  if (g.consumer.cpu >= s.host.cpus) out.push([['gvt', 'consumer', 'cpu'], `expected a pCPU below host.cpus (${s.host.cpus}), got ${g.consumer.cpu}`]);
  if (s.platform !== 'x86') out.push([['gvt'], 'GVT-g is modelled on x86 hosts only']);
  return out;
}
