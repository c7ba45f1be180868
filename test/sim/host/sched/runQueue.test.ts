// The run queue of a pCPU that several vCPU threads share (host/sched/runQueue.ts): time slices, wakeup preemption,
// the VM switch, and what becomes of an interrupt for a vCPU that is not on its pCPU (emulated and posted delivery).
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import { run } from './schedRun';

const SLICE_NS = 3_000_000; // the fixtures' host.sched.sliceUs

describe('vCPU threads sharing a pCPU', () => {
  it('a woken vCPU waits for the running thread\'s slice when wakeup preemption is off', () => {
    const r = run('shared-pcpu', { 'host.sched.wakeupPreemption': 'off' });
    expect(r.of('sched.vcpu.wait').length).toBeGreaterThan(0);
    // Every switch to vm0 follows a tick that came a full slice after vm1 was switched in.
    const switches = r.of('sched.vcpu.switch');
    const ticks = r.of('sched.tick');
    let checked = 0;
    switches.forEach((s, i) => {
      if (!s.detail.endsWith('→ vm0.vcpu0') || i === 0) return;
      const prev = switches[i - 1]!;
      expect(prev.detail).toMatch(/→ vm1\.vcpu0$/);
      const tick = ticks.filter((t) => t.timeNs > prev.timeNs && t.timeNs < s.timeNs).at(-1);
      if (!tick) return; // vm1 blocked or vm0 was chosen without a tick
      expect(tick.timeNs - prev.timeNs).toBeGreaterThanOrEqual(SLICE_NS);
      checked++;
    });
    expect(checked).toBeGreaterThan(3);
    // Latency now includes the wait for the slice: never more than a slice and the work around it.
    const lat = r.summary.latencyNs;
    expect(lat.p50).toBeGreaterThan(100_000);
    expect(lat.max).toBeLessThan(SLICE_NS + 100_000);
    const vm0 = r.summary.sched!.vcpus['vm0.vcpu0']!;
    expect(vm0.waitNs!).toBeGreaterThan(vm0.runNs!);
  });

  it('with wakeup preemption a woken vCPU far behind in vruntime preempts the running one through a reschedule IPI', () => {
    const on = run('shared-pcpu');
    const off = run('shared-pcpu', { 'host.sched.wakeupPreemption': 'off' });
    expect(on.summary.sched!.wakeupPreemptions).toBeGreaterThan(0);
    expect(on.of('sched.resched.ipi').length).toBe(on.summary.sched!.wakeupPreemptions);
    expect(on.summary.latencyNs.p50 * 10).toBeLessThan(off.summary.latencyNs.p50);
    // Each preemption is a VM switch costed from the catalog.
    const sw = on.of('sched.vcpu.switch');
    expect(sw.length).toBe(on.summary.sched!.vmSwitches);
    for (const h of sw) expect(h.durNs).toBe(COSTS['sched.vcpu.switch'].value);
  });

  it('emulated: an interrupt for a scheduled-out vCPU waits in its vIRR and is injected at its next entry', () => {
    const r = run('shared-pcpu', { 'vms[0].idle': 'busy' });
    const switchesIn = r.of('sched.vcpu.switch').filter((s) => s.detail.endsWith('→ vm0.vcpu0'));
    let waited = 0;
    for (let f = 1; f <= r.summary.flows.raised; f++) {
      const hops = r.flow(f);
      const accept = hops.find((h) => h.kind === 'kvm.vlapic.accept');
      const inject = hops.find((h) => h.kind === 'kvm.inject.event');
      if (!accept || !inject) continue;
      const switchIn = switchesIn.find((s) => s.timeNs > accept.timeNs && s.timeNs < inject.timeNs);
      if (!switchIn) continue;
      waited++;
      // No kick reached it (it was not in guest mode), and it entered right after the switch.
      expect(hops.some((h) => h.kind === 'kvm.kick.ipi')).toBe(false);
      expect(inject.timeNs - switchIn.timeNs).toBeLessThan(20_000);
    }
    expect(waited).toBeGreaterThan(3);
    expect(r.summary.flows.pending).toBe(0);
  });

  it('posted: an interrupt for a preempted vCPU sets PIR with SN = 1 (no notification) and is synced and injected at its next entry', () => {
    const r = run('shared-pcpu', { 'vms[0].idle': 'busy', 'vms[0].delivery': 'posted' });
    expect(r.of('kvm.pi.sn').some((h) => h.detail.includes('SN = 1'))).toBe(true);
    let suppressed = 0;
    for (let f = 1; f <= r.summary.flows.raised; f++) {
      const hops = r.flow(f);
      const post = hops.find((h) => h.kind === 'vtd.pi.post');
      if (!post?.detail.includes('SN')) continue;
      suppressed++;
      expect(hops.some((h) => h.kind === 'vtd.pi.notify')).toBe(false);
      const sync = hops.find((h) => h.kind === 'kvm.pi.sync');
      const inject = hops.find((h) => h.kind === 'kvm.inject.event');
      expect(sync, `flow ${f}`).toBeDefined();
      expect(inject!.timeNs).toBeGreaterThanOrEqual(sync!.timeNs);
      expect(hops.some((h) => h.kind === 'guest.handler')).toBe(true);
    }
    expect(suppressed).toBeGreaterThan(3);
    expect(r.summary.flows.pending).toBe(0);
    expect(r.summary.flows.dropped).toBe(0);
  });

  it('8 vCPUs on 4 pCPUs run: every pCPU switches, every vCPU runs, every interrupt completes', () => {
    const r = run('overcommit-8on4', {}, 20_000_000);
    const vcpus = r.summary.sched!.vcpus;
    expect(Object.keys(vcpus)).toHaveLength(8);
    for (const [name, v] of Object.entries(vcpus)) expect(v.runNs!, name).toBeGreaterThan(0);
    for (let cpu = 0; cpu < 4; cpu++) expect(r.of('sched.vcpu.switch').some((h) => h.where === `cpu${cpu}`), `cpu${cpu}`).toBe(true);
    expect(r.summary.flows.pending).toBe(0);
    // Run and wait times add up to the run on each pCPU's pair of busy-or-woken threads: nothing is counted twice.
    const total = r.summary.simulatedNs;
    for (const v of Object.values(vcpus)) expect(v.runNs! + v.waitNs!).toBeLessThanOrEqual(total);
  });

  it('is deterministic: the same scenario and seed give the same log', () => {
    const a = run('overcommit-8on4', { 'vms[0].delivery': 'posted' }, 10_000_000);
    const b = run('overcommit-8on4', { 'vms[0].delivery': 'posted' }, 10_000_000);
    expect(a.summary.logHash).toBe(b.summary.logHash);
    expect(a.summary.sched).toEqual(b.summary.sched);
    const c = run('overcommit-8on4', { 'vms[0].delivery': 'posted', seed: '2' }, 10_000_000);
    expect(c.summary.logHash).not.toBe(a.summary.logHash);
  });
});
