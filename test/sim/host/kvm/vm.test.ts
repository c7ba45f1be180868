// kvm_irq_delivery_to_apic as the VM's APIC bus (host/kvm/vm.ts): a guest-programmed redirection entry or MSI with a
// logical destination reaches the vCPUs whose vLAPIC LDR matches (flat or cluster, as DFR says), a lowest-priority
// message one of them by vector hashing, and a message it cannot deliver is refused with a log line — never taken
// as a physical APIC ID.
import { describe, expect, it } from 'vitest';
import type { Hop } from '../../../../src/sim/core/hopLog';
import { KvmIoapic } from '../../../../src/sim/host/kvm/kvmIoapic';
import type { Vm } from '../../../../src/sim/host/kvm/vm';
import { RTE } from '../../../../src/sim/hw/x86/ioapicRegisters';
import { DFR, LDR } from '../../../../src/sim/hw/x86/lapicRegisters';
import { buildMachine } from '../../../../src/sim/scenario/build';
import { loadScenario } from '../../../../src/sim/scenario/validate';

const text = `
name: two-vcpus
duration: 1ms
host: { cpus: 3 }
vms: [{ id: vm0, vcpus: 3, pinning: [0, 1, 2] }]
devices: [{ id: nic0, owner: vm0, rate: 1000 }]
`;

function setup() {
  const r = loadScenario(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const m = buildMachine(r.scenario);
  const vm = m.vms[0] as Vm;
  const k = new KvmIoapic(m.sim, m.costs, vm);
  m.sim.wires.connect(k.ioapic.msi, vm.ioapicIn);
  const io = k.ioapic;
  /** The guest's flat logical setup (Linux: one LDR bit per CPU, DFR flat). */
  const flat = () => vm.vcpus.forEach((v, i) => v.vlapic.regs.write(v.vlapic.regs.index('LDR'), LDR.logicalId.of(1 << i)));
  /** The guest programs pin 5 (edge, unmasked) and the line rises. */
  const fire = (fields: { dest: number; logical: boolean; mode?: number; vector?: number }) => {
    let v = RTE.vector.set(RTE.destination.of(fields.dest), fields.vector ?? 0x61);
    v = RTE.deliveryMode.set(RTE.destMode.set(v, fields.logical), fields.mode ?? 0);
    io.regs.write(io.regs.index('RTE5'), v);
    io.setPin(5, true, () => []);
    io.setPin(5, false, () => []);
  };
  const irr = (vector = 0x61) => vm.vcpus.map((v) => v.vlapic.testIrr(vector));
  const hops = (): Hop[] => Array.from({ length: m.sim.log.held }, (_, i) => m.sim.log.at(i));
  return { vm, io, flat, fire, irr, hops };
}

describe('the VM\'s APIC bus (kvm_irq_delivery_to_apic)', () => {
  it('a physical destination reaches the vCPU with that APIC ID', () => {
    const t = setup();
    t.fire({ dest: 2, logical: false });
    expect(t.irr()).toEqual([false, false, true]);
  });

  it('a logical destination in the flat model reaches each vCPU whose LDR bit it names (kvm_apic_match_logical_addr)', () => {
    const t = setup();
    t.flat();
    t.fire({ dest: 0x2, logical: true });
    expect(t.irr()).toEqual([false, true, false]); // not vCPU 2, whose APIC ID is 2
    t.fire({ dest: 0x5, logical: true, vector: 0x62 });
    expect(t.irr(0x62)).toEqual([true, false, true]);
  });

  it('the cluster model matches the cluster and a member bit', () => {
    const t = setup();
    const ids = [0x11, 0x12, 0x21];
    t.vm.vcpus.forEach((v, i) => {
      v.vlapic.regs.write(v.vlapic.regs.index('DFR'), DFR.model.of(0));
      v.vlapic.regs.write(v.vlapic.regs.index('LDR'), LDR.logicalId.of(ids[i]!));
    });
    t.fire({ dest: 0x13, logical: true });
    expect(t.irr()).toEqual([true, true, false]);
  });

  it('a logical destination no LDR matches is refused with a log line, not sent to the APIC ID it spells', () => {
    const t = setup(); // LDRs still 0 (reset)
    t.fire({ dest: 0x2, logical: true });
    expect(t.irr()).toEqual([false, false, false]);
    expect(t.hops().filter((h) => h.kind === 'kvm.msi.drop').map((h) => h.detail)).toEqual(['no vCPU matches logical destination 0x2']);
  });

  it('lowest priority reaches one matching vCPU, the (vector mod n)-th (kvm_vector_to_index)', () => {
    const t = setup();
    t.flat();
    t.fire({ dest: 0x7, logical: true, mode: 1, vector: 0x61 }); // 0x61 mod 3 = 1
    expect(t.irr(0x61)).toEqual([false, true, false]);
    t.fire({ dest: 0x5, logical: true, mode: 1, vector: 0x63 }); // matches vCPUs 0 and 2; 0x63 mod 2 = 1
    expect(t.irr(0x63)).toEqual([false, false, true]);
  });

  it('a delivery mode it does not model (NMI) is refused with a log line', () => {
    const t = setup();
    t.fire({ dest: 0, logical: false, mode: 4 });
    expect(t.irr()).toEqual([false, false, false]);
    expect(t.hops().filter((h) => h.kind === 'kvm.msi.drop').map((h) => h.detail)).toEqual(['delivery mode NMI is not modelled: refused']);
  });
});

describe('the APICv EOI-exit bitmap (kvm_ioapic_scan_entry, vcpu_load_eoi_exitmap)', () => {
  it('holds the vectors KVM\'s IOAPIC routes as level to each vCPU, rescanned when the guest writes an entry', () => {
    const t = setup();
    const io = t.io;
    io.program(5, { vector: 0x61, destination: 1, level: true, masked: true });
    expect(t.vm.vcpus.map((v) => v.eoiExits(0x61))).toEqual([false, true, false]);
    io.program(5, { vector: 0x61, destination: 2, level: true, masked: true }); // moved to vCPU 2
    expect(t.vm.vcpus.map((v) => v.eoiExits(0x61))).toEqual([false, false, true]);
    io.program(5, { vector: 0x61, destination: 2, level: false, masked: false }); // edge: no EOI needed
    expect(t.vm.vcpus.map((v) => v.eoiExits(0x61))).toEqual([false, false, false]);
  });

  it('a vector routed as level exits at EOI under APICv even when it arrived edge (not the TMR)', () => {
    const r = loadScenario(text.replace('vcpus: 3,', 'vcpus: 3, delivery: posted,'));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const m = buildMachine(r.scenario);
    const vm = m.vms[0] as Vm;
    const k = new KvmIoapic(m.sim, m.costs, vm);
    k.ioapic.program(5, { vector: 0x61, destination: 0, level: true, masked: true });
    const v = vm.vcpus[0]!;
    expect(v.vlapic.testTmr(0x61)).toBe(false);
    const kinds = (steps: { kind: number }[]) => steps.map((s) => m.sim.log.strings.str(s.kind));
    expect(kinds(v.delivery.eoiSteps(0, 0x61, 'vector 0x61'))[0]).toBe('kvm.vmexit');
    expect(kinds(v.delivery.eoiSteps(0, 0x62, 'vector 0x62'))).toEqual(['apicv.eoi.virtualized']);
  });
});
