// KVM's halt-polling (host/sched/haltPoll.ts): the window's grow/shrink rule of kvm_vcpu_halt, a wake-up during the
// poll that skips the sleep and its wake-up cost, the pCPU time the poll burns, and no polling while another thread
// wants the pCPU.
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import { kvmHaltPollParams, nextWindow } from '../../../../src/sim/host/sched/haltPoll';
import { run } from './schedRun';

const MAX = 200_000;

describe('the halt-poll window (kvm_vcpu_halt)', () => {
  const p = kvmHaltPollParams(MAX);

  it('grows from 0 to halt_poll_ns_grow_start after a short halt, then by halt_poll_ns_grow, up to halt_poll_ns', () => {
    let w = 0;
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      const n = nextWindow(p, w, Math.min(w + 1, MAX - 1)); // each halt a little longer than the window, shorter than the max
      w = n.window;
      seen.push(w);
    }
    expect(seen[0]).toBe(p.growStart);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBe(Math.min(MAX, seen[i - 1]! * p.grow));
    expect(seen.at(-1)).toBe(MAX);
  });

  it('keeps the window when the halt ended within it', () => {
    expect(nextWindow(p, 40_000, 40_000)).toEqual({ window: 40_000, change: 'keep' });
  });

  it('shrinks after a halt longer than halt_poll_ns: to 0 with the default halt_poll_ns_shrink, divided otherwise', () => {
    expect(nextWindow(p, 80_000, MAX + 1)).toEqual({ window: 0, change: 'shrink' });
    expect(nextWindow({ ...p, shrink: 4 }, 80_000, MAX + 1)).toEqual({ window: 20_000, change: 'shrink' });
    // A zero window is not shrunk, and a long halt does not grow it.
    expect(nextWindow(p, 0, MAX + 1)).toEqual({ window: 0, change: 'keep' });
  });

  it('halt_poll_ns = 0 turns polling off', () => {
    expect(nextWindow(kvmHaltPollParams(0), 10_000, 5_000).window).toBe(0);
  });
});

describe('halt-polling in a run', () => {
  it('an interrupt during the poll wakes the vCPU with no sleep and no wake-up cost; the poll burns the pCPU', () => {
    const on = run('halt-poll');
    const off = run('halt-poll', { 'host.haltPollNs': '0' });
    const hp = on.summary.sched!.haltPoll!;
    expect(hp.successes).toBeGreaterThan(0);
    expect(hp.pollNs).toBeGreaterThan(0);
    expect(off.summary.sched).toBeUndefined();
    // A flow whose vCPU was still polling has no wake-up hop; one whose vCPU slept has one.
    const successAt = on.of('kvm.halt.poll.end').filter((h) => h.detail.includes('no sleep')).map((h) => h.timeNs);
    expect(successAt.length).toBe(hp.successes);
    const wake = COSTS['kvm.vcpu.wakeup'].value;
    let fast = 0;
    for (let f = 1; f <= on.summary.flows.raised; f++) {
      const hops = on.flow(f);
      const accept = hops.find((h) => h.kind === 'kvm.vlapic.accept');
      // The vLAPIC's accept ends with the kick that finds the vCPU polling.
      if (!accept || !successAt.includes(accept.timeNs + accept.durNs)) continue;
      fast++;
      expect(hops.some((h) => h.kind === 'kvm.vcpu.wakeup'), `flow ${f}`).toBe(false);
    }
    expect(fast).toBeGreaterThan(0);
    // The median interrupt no longer pays the wake-up.
    expect(off.summary.latencyNs.p50 - on.summary.latencyNs.p50).toBe(wake);
    expect(on.of('kvm.vcpu.wakeup').length).toBeLessThan(off.of('kvm.vcpu.wakeup').length);
  });

  it('a poll that runs out of window sleeps, and the time it polled is burnt', () => {
    const r = run('halt-poll');
    const hp = r.summary.sched!.haltPoll!;
    expect(hp.failures).toBeGreaterThan(0);
    expect(hp.failedPollNs).toBeGreaterThan(0);
    expect(hp.attempted).toBe(hp.successes + hp.failures);
    // The window of the vCPU the NIC interrupts grew to the maximum; the other vCPU, never woken, never polled.
    const v = r.summary.sched!.vcpus;
    expect(v['vm0.vcpu0']!.haltPoll!.grows).toBeGreaterThan(0);
    expect(v['vm0.vcpu1']!.haltPoll!.attempted).toBe(0);
  });

  it('posted delivery: the poll sees the PIR the IOMMU set (the notification taken in host mode)', () => {
    const r = run('halt-poll', { 'vms[0].delivery': 'posted' });
    expect(r.summary.sched!.haltPoll!.successes).toBeGreaterThan(0);
    expect(r.summary.flows.pending).toBe(0);
  });

  it('does not poll while another vCPU thread wants the pCPU (single_task_running)', () => {
    const r = run('shared-pcpu', { 'host.haltPollNs': '200000' });
    expect(r.summary.sched!.vcpus['vm0.vcpu0']!.haltPoll!.attempted).toBe(0);
  });
});
