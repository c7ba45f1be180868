// Seed 004 (ARM): KVM-VFIO IRQ forwarding with the GIC list-register HW bit, against EOI maintenance + unmask.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab } from '../../../src/sim/lab/lab';

const preset = (name: string) => readFileSync(new URL(`../../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');

function run(text: string, set: Record<string, string> = {}) {
  const r = Lab.load(text, { set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { lab: r.lab, s: r.lab.runToEnd() };
}

const maintenanceExits = (s: ReturnType<typeof run>['s']) =>
  Object.entries(s.vmExits.byReason).filter(([r]) => r.startsWith('MAINTENANCE')).reduce((t, [, n]) => t + n, 0);

describe('IRQ forwarding on ARM', () => {
  for (const gic of ['v2', 'v3']) {
    it(`removes the maintenance interrupt and the host unmask per interrupt, and lowers latency (GIC${gic})`, () => {
      const off = run(preset('arm-forwarding'), { 'devices[0].irqForwarding': 'off', gic }).s;
      const on = run(preset('arm-forwarding'), { 'devices[0].irqForwarding': 'on', gic }).s;
      for (const s of [off, on]) expect(s.flows.pending).toBe(0);
      const irqs = off.hopTimeNs['vfio.platform.handler']!.count;
      expect(maintenanceExits(off)).toBe(irqs); // one EOI maintenance exit per interrupt
      expect(off.hopTimeNs['vfio.virqfd.unmask']!.count).toBe(irqs);
      expect(maintenanceExits(on)).toBe(0);
      expect(on.hopTimeNs['vfio.virqfd.unmask']).toBeUndefined();
      expect(on.hopTimeNs['arm.gicd.mask']).toBeUndefined();
      expect(on.latencyNs.p50).toBeLessThan(off.latencyNs.p50);
      expect(on.completionNs.p50).toBeLessThan(off.completionNs.p50);
      expect(on.cpuNs.hostNsPerFlow).toBeLessThan(off.cpuNs.hostNsPerFlow);
    });
  }

  it('writes HW = 1 with the physical INTID when forwarded, and the EOI-maintenance bit otherwise', () => {
    const lrs = (f: string) => run(preset('arm-forwarding'), { 'devices[0].irqForwarding': f }).lab
      .queryLog({ start: 0, count: 5, filter: { kind: 'arm.gich.lr.write' } }).rows.map((r) => r.detail);
    expect(lrs('on')[0]).toMatch(/vINTID 48 pending HW pINTID 48/);
    expect(lrs('off')[0]).toMatch(/vINTID 48 pending EOI-maint/);
  });

  it('changes forwarding at run time without losing an interrupt or leaving one active', () => {
    const { lab, s } = run(preset('arm-forwarding'), { 'devices[0].forwardingChangeAt': '10ms' });
    const change = lab.queryLog({ start: 0, count: 5, filter: { kind: 'vfio.platform.forwarding' } }).rows;
    expect(change).toHaveLength(1);
    expect(change[0]!.detail).toMatch(/forwarding on/);
    expect(change[0]!.timeNs).toBeGreaterThanOrEqual(10_000_000);
    expect(s.flows.pending).toBe(0);
    expect(s.stuck).toEqual([]);
    // No maintenance exit after the switch took effect.
    const maint = lab.queryLog({ start: 0, count: 100000, filter: { kind: 'arm.kvm.exit' } }).rows.filter((r) => r.detail.startsWith('MAINTENANCE'));
    expect(maint.every((r) => r.timeNs < change[0]!.timeNs)).toBe(true);
    expect(maint.length).toBeGreaterThan(0);
    // The SPI is neither active nor masked at the end.
    const gicd = lab.readRegisters({ file: 'host/gicd' }).registers;
    const bit = (name: string) => BigInt(gicd.find((r) => r.name === name)!.value) & (1n << 16n); // INTID 48 = 32 + 16
    expect(bit('ISACTIVER1')).toBe(0n);
    expect(bit('ISENABLER1')).toBe(1n << 16n);
  });
});

describe('the virtual timer', () => {
  it('ticks each vCPU at 1 kHz through an HW = 1 list register: no maintenance, every tick completed', () => {
    const { lab, s } = run(preset('arm-forwarding'), { 'devices[0].irqForwarding': 'on' });
    expect(s.hopTimeNs['arm.timer.fire']!.count).toBe(38); // 2 vCPUs × ticks at 1..19 ms (the sources stop at 20 ms)
    const timerLrs = lab.queryLog({ start: 0, count: 100000, filter: { kind: 'arm.gich.lr.write' } }).rows.filter((r) => /vINTID 27 /.test(r.detail));
    expect(timerLrs.length).toBeGreaterThanOrEqual(38);
    expect(timerLrs.every((r) => /HW pINTID 27/.test(r.detail))).toBe(true);
    expect(Object.keys(s.vmExits.byReason).some((r) => r.startsWith('MAINTENANCE'))).toBe(false);
    expect(s.flows.pending).toBe(0);
  });
});

describe('list-register pressure', () => {
  it('delivers all 8 sources through 4 list registers, refilled by underflow maintenance', () => {
    for (const gic of ['v2', 'v3']) {
      const { lab, s } = run(preset('arm-lr-pressure'), { gic });
      expect(s.flows.raised).toBe(72);
      expect(s.flows.delivered + s.flows.coalesced).toBe(72);
      expect(s.flows.pending).toBe(0);
      expect(s.vmExits.byReason['MAINTENANCE (U)']).toBeGreaterThan(0);
      const writes = lab.queryLog({ start: 0, count: 1000, filter: { kind: 'arm.gich.lr.write' } }).rows;
      expect(writes.some((w) => /UIE: more waiting/.test(w.detail))).toBe(true);
      expect(new Set(writes.map((w) => /^LR(\d)/.exec(w.detail)![1])).size).toBe(4);
    }
  });

  it('shows the list registers decoded in the register files, in the v2 and v3 layouts', () => {
    for (const [gic, file, name, value] of [['v2', 'host/cpu1/gich', 'LR0', '0xda00a028'], ['v3', 'host/cpu1/ich', 'ICH_LR0_EL2', '0x70a0002800000028']]) {
      const r = Lab.load(preset('arm-lr-pressure'), { set: { gic: gic! } });
      if (!r.ok) throw new Error('bad preset');
      r.lab.advance(1_000_000, 509_000); // paused while the LRs hold pending interrupts
      const lr0 = r.lab.readRegisters({ file: file! }).registers.find((x) => x.name === name)!;
      expect(lr0.value).toBe(value); // v2: HW bit 31, state 29:28; v3: HW bit 61, state 63:62 (facts §E.1, §E.2)
      const f = Object.fromEntries(lr0.fields.map((x) => [x.name, x]));
      expect(f.state!.valueName).toBe('pending');
      expect(f.hw!.value).toBe('0x1');
      expect(f.vINTID!.value).toBe('0x28');
      expect(f.pINTID!.value).toBe('0x28');
    }
  });
});
