// The netperf TCP_STREAM-style receive stream (devices[i].workload kind stream): line rate into the ring, interrupt
// moderation, NAPI polling with its budget, drops when the CPU cannot keep up.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab } from '../../../../src/sim/lab/lab';
import type { RunSummary, StreamFigures, WorkloadSummary } from '../../../../src/shared/protocol';

const streamMsi = readFileSync(new URL('../../../fixtures/workloads/stream-msi.yaml', import.meta.url), 'utf8');
const streamIntx = streamMsi.replace('    owner: vm0\n', '    owner: vm0\n    irq: intx\n    pin: 16\n');

function run(text: string, set: Record<string, string> = {}): { lab: Lab; s: RunSummary } {
  const r = Lab.load(text, { set, bareMetal: false, untilNs: 2_000_000 });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { lab: r.lab, s: r.lab.runToEnd() };
}

const nic = (s: RunSummary): WorkloadSummary => s.workloads!.nic0!;
const st = (s: RunSummary): StreamFigures => nic(s).stream!;

describe('received stream with moderation and NAPI (stream)', () => {
  it('interrupt moderation gives fewer interrupts/s than none, in a VM and on the host', () => {
    for (const owner of ['vm0', 'host']) {
      const none = nic(run(streamMsi, { 'devices[0].owner': owner }).s);
      const usecs = nic(run(streamMsi, { 'devices[0].owner': owner, 'devices[0].workload.coalesceUs': '50' }).s);
      const frames = nic(run(streamMsi, { 'devices[0].owner': owner, 'devices[0].workload.coalesceFrames': '32' }).s);
      expect(usecs.interruptsPerSec, owner).toBeLessThan(none.interruptsPerSec);
      expect(frames.interruptsPerSec, owner).toBeLessThan(none.interruptsPerSec);
      expect(usecs.stream!.packetsPerInterrupt, owner).toBeGreaterThan(none.stream!.packetsPerInterrupt);
    }
  });

  it('keeps up with line rate when the CPU can, and never delivers more than was offered', () => {
    const s = st(run(streamMsi).s);
    expect(s.drops).toBe(0);
    expect(s.gbps).toBeLessThanOrEqual(s.offeredGbps);
    expect(s.gbps).toBeGreaterThan(0.95 * s.offeredGbps);
  });

  it('drops at the ring when the CPU is slower than line rate, and falls short of the offer', () => {
    const s = st(run(streamMsi, { 'devices[0].workload.perPacket': '2us' }).s);
    expect(s.drops).toBeGreaterThan(0);
    expect(s.gbps).toBeLessThan(0.8 * s.offeredGbps);
    expect(s.gbps).toBeGreaterThan(0);
  });

  it('a poll takes at most its budget, then is polled again with the interrupt still masked', () => {
    const { lab, s } = run(streamMsi, { 'devices[0].workload.perPacket': '2us', 'devices[0].workload.budget': '16' });
    const polls = lab.queryLog({ start: 0, count: 100_000, filter: { kind: 'guest.napi.poll' } }).rows;
    const taken = polls.map((r) => Number(/: (\d+) packet/.exec(r.detail)![1]));
    expect(Math.max(...taken)).toBeLessThanOrEqual(16);
    expect(st(s).polls).toBeGreaterThan(nic(s).handlerRuns);
  });

  it('the VM exits per interrupt with emulated delivery, not with posted', () => {
    const emulated = st(run(streamMsi, { 'vms[0].delivery': 'emulated' }).s);
    const posted = st(run(streamMsi, { 'vms[0].delivery': 'posted' }).s);
    expect(emulated.exitsPerInterrupt).toBeGreaterThan(0);
    expect(posted.exitsPerInterrupt).toBe(0);
  });

  it('the VM spends more CPU per packet than a native driver (its exits), while both keep line rate', () => {
    const cpuPerPacket = (s: RunSummary) => (s.cpuNs.hostNs + s.cpuNs.guestNs) / st(s).packets;
    const vm = run(streamMsi, { 'devices[0].workload.perPacket': '1100ns' }).s;
    const host = run(streamMsi, { 'devices[0].workload.perPacket': '1100ns', 'devices[0].owner': 'host' }).s;
    expect(st(vm).gbps).toBeGreaterThan(0.95 * st(vm).offeredGbps);
    expect(cpuPerPacket(vm)).toBeGreaterThan(cpuPerPacket(host));
  });

  it('under saturation NAPI keeps polling with the interrupt masked: few interrupts, and the VM matches native', () => {
    const slow = { 'devices[0].workload.perPacket': '1500ns' };
    const vm = run(streamMsi, slow).s;
    const host = run(streamMsi, { ...slow, 'devices[0].owner': 'host' }).s;
    expect(nic(vm).handlerRuns).toBeLessThan(st(vm).polls / 10);
    expect(st(vm).gbps).toBeGreaterThan(0.99 * st(host).gbps);
  });

  it('runs on an INTx NIC and completes every flow', () => {
    const { s } = run(streamIntx);
    expect(st(s).gbps).toBeGreaterThan(0);
    expect(s.stuck).toEqual([]);
  });
});
