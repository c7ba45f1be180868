// Injected faults (`faults:`): each fault family's preset shows its fault hop, and the defence that answers it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../src/sim/lab/lab';
import { loadScenario } from '../../../src/sim/scenario/validate';

const preset = (name: string) => readFileSync(new URL(`../../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');

function run(text: string, set: Record<string, string> = {}) {
  const r = Lab.load(text, { set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const summary = r.lab.runToEnd();
  // Every hop of one kind, page by page (a page holds at most 5,000 rows).
  const rows = (kind: string) => {
    const out: { timeNs: number; detail: string }[] = [];
    for (let start = 0; ; start += 5000) {
      const page = r.lab.queryLog({ start, count: 5000, filter: { kind } });
      out.push(...page.rows);
      if (start + 5000 >= page.total) return out;
    }
  };
  return { summary, rows };
}

describe('faults', () => {
  it('storm: the fault hop, then messages merge in the vIRR (emulated) or the PIR (posted)', () => {
    const emulated = run(preset('fault-msi-storm'));
    expect(emulated.rows('fault.storm')).toHaveLength(1);
    expect(emulated.rows('kvm.vlapic.coalesce').length).toBeGreaterThan(100);
    expect(emulated.summary.flows.coalesced).toBeGreaterThan(emulated.summary.flows.delivered);
    // Posted: no exits, so the guest takes more of them, but the vIRR still merges most (after the PIR sync).
    const posted = run(preset('fault-msi-storm'), { 'vms[0].delivery': 'posted' });
    expect(posted.summary.flows.delivered).toBeGreaterThan(emulated.summary.flows.delivered);
    expect(posted.summary.flows.coalesced).toBeGreaterThan(posted.summary.flows.delivered);
    // Without the fault the same device merges almost nothing.
    const calm = run(preset('fault-msi-storm').replace(/faults:[\s\S]*$/, ''));
    expect(calm.rows('fault.storm')).toHaveLength(0);
    expect(calm.summary.flows.coalesced).toBeLessThan(10);
  });

  it('stuck-line: every handler says IRQ_NONE until genirq disables the line ("nobody cared")', () => {
    const { rows } = run(preset('fault-stuck-line'));
    expect(rows('fault.stuck-line')).toHaveLength(1);
    const disabled = rows('genirq.spurious.disable');
    expect(disabled).toHaveLength(1);
    expect(disabled[0]!.detail).toMatch(/nobody cared/);
    expect(disabled[0]!.timeNs).toBeGreaterThan(rows('fault.stuck-line')[0]!.timeNs);
  }, 60_000);

  it('ignores-disintx: VFIO\'s handler finds the device already masked (IRQ_NONE); with a hung guest the line is disabled', () => {
    const { rows } = run(preset('fault-ignores-disintx'));
    const fault = rows('fault.ignores-disintx');
    expect(fault).toHaveLength(1);
    const none = rows('vfio.intx.handler').filter((h) => /IRQ_NONE/.test(h.detail));
    expect(none.length).toBeGreaterThan(1000);
    expect(none.every((h) => h.timeNs > fault[0]!.timeNs)).toBe(true);
    expect(rows('genirq.spurious.disable')).toHaveLength(1);
    // Line masking holds the line, not the device: the broken DisINTx does no harm.
    const line = run(preset('fault-ignores-disintx'), { 'devices[0].intxMasking': 'line' });
    expect(line.rows('genirq.spurious.disable')).toHaveLength(0);
  }, 60_000);

  it('lost-eoi: one EOI lost keeps the INTx masked at the device; later causes merge there and stay stuck', () => {
    const { summary, rows } = run(preset('fault-lost-eoi'));
    const lost = rows('fault.lost-eoi');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.detail).toMatch(/lost-eoi 1 of 1/);
    expect(rows('kvm.irqfd.resample').every((h) => h.timeNs < lost[0]!.timeNs)).toBe(true);
    expect(summary.stuck.length).toBeGreaterThan(0);
    expect(rows('device.irq.coalesce').some((h) => h.timeNs > lost[0]!.timeNs)).toBe(true);
  });

  it('guest-stops-eoi: no EOI after the fault, so later messages wait in the vIRR', () => {
    const { summary, rows } = run(preset('fault-guest-stops-eoi'));
    const stop = rows('fault.guest-stops-eoi');
    expect(stop.length).toBeGreaterThanOrEqual(1);
    expect(rows('kvm.apic.eoi.emulate').every((h) => h.timeNs < stop[0]!.timeNs)).toBe(true);
    expect(summary.flows.pending).toBeGreaterThan(10);
  });

  it('lost-unmask: the device stays masked (DisINTx): its later causes are held and merged at the device', () => {
    const { summary, rows } = run(preset('fault-lost-unmask'));
    const lost = rows('fault.lost-unmask');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.detail).toMatch(/unmask lost/);
    expect(rows('device.irq.coalesce').some((h) => h.timeNs > lost[0]!.timeNs)).toBe(true);
    expect(summary.stuck.length).toBeGreaterThan(0);
  });

  it('spurious-msi: each message opens its flow with the fault hop and costs the guest an exit and a handler run', () => {
    const faulty = run(preset('fault-spurious-msi'));
    const spurious = faulty.rows('fault.spurious-msi');
    expect(spurious).toHaveLength(20);
    const calm = run(preset('fault-spurious-msi').replace(/faults:[\s\S]*$/, ''));
    expect(faulty.summary.flows.raised - calm.summary.flows.raised).toBe(20);
    expect(faulty.summary.vmExits.total - calm.summary.vmExits.total).toBe(40); // the kick and the EOI of each
  });

  it('vcpu-descheduled: SN set while another task holds the pCPU; posts merge in the PIR; latency grows', () => {
    const faulty = run(preset('fault-vcpu-descheduled'));
    const task = faulty.rows('fault.vcpu-descheduled');
    expect(task).toHaveLength(1);
    expect(faulty.rows('kvm.pi.sn').map((h) => h.detail)).toEqual(['vCPU scheduled out: SN = 1', 'vCPU scheduled in: SN = 0']);
    expect(faulty.rows('vtd.pi.coalesce').length).toBeGreaterThan(5);
    const calm = run(preset('fault-vcpu-descheduled').replace(/faults:[\s\S]*$/, ''));
    expect(faulty.summary.latencyNs.p99).toBeGreaterThan(100 * calm.summary.latencyNs.p99);
    const emulated = run(preset('fault-vcpu-descheduled'), { 'vms[0].delivery': 'emulated' });
    expect(emulated.rows('kvm.vlapic.coalesce').length).toBeGreaterThan(5);
  });

  it('eventfd-stall: signals add up in the counter and one wake-up carries them all when the consumer resumes', () => {
    const { summary, rows } = run(preset('fault-eventfd-stall'));
    const stall = rows('fault.eventfd-stall');
    const resume = rows('fault.eventfd-resume');
    expect(stall).toHaveLength(1);
    expect(resume).toHaveLength(1);
    expect(resume[0]!.timeNs).toBeGreaterThanOrEqual(stall[0]!.timeNs + 1_000_000);
    const missed = Number(/(\d+) signals in one wake-up/.exec(resume[0]!.detail)![1]);
    expect(missed).toBeGreaterThan(5);
    expect(rows('eventfd.signal').filter((h) => /consumer stalled/.test(h.detail))).toHaveLength(missed);
    expect(summary.flows.coalesced).toBeGreaterThanOrEqual(missed - 1);
  });

  it('refuses a fault on a missing or unsuitable target, naming the path', () => {
    const text = (fault: string) => `${preset('fault-lost-unmask').replace(/faults:[\s\S]*$/, '')}faults:\n  - ${fault}\n`;
    const bad = (fault: string) => { const r = loadScenario(text(fault)); return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`); };
    expect(bad('{ kind: lost-eoi, vm: vm9, at: 1ms }')).toEqual([expect.stringMatching(/^faults\[0\]\.vm: expected one of the VM ids \(vm0\), got "vm9"/)]);
    expect(bad('{ kind: storm, device: nic9, at: 1ms }')[0]).toMatch(/^faults\[0\]\.device: expected one of the device ids/);
    expect(bad('{ kind: melt, device: nic0, at: 1ms }')[0]).toMatch(/^faults\[0\]\.kind: expected a fault with kind storm \| stuck-line/);
    expect(bad('{ kind: storm, device: nic0, at: 1ms, rate: 1e12 }')[0]).toMatch(/^faults\[0\]\.rate: expected a number/);
    expect(bad('{ kind: lost-unmask, device: nic0, at: 1ms }')).toEqual([]);
    expect(bad('{ kind: spurious-msi, device: nic0, at: 1ms }')[0]).toMatch(/^faults\[0\]\.device: spurious-msi strikes an msi or msix device; nic0 signals intx/);
    expect(bad('{ kind: vcpu-descheduled, vm: vm0, vcpu: 3, at: 1ms }')[0]).toMatch(/^faults\[0\]\.vcpu: expected a vCPU of vm0 \(0\.\.0\), got 3/);
  });
});
