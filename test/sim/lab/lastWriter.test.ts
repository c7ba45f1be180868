// Who last wrote a register: the hop most recently recorded when the write was made, and the write's time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../src/sim/lab/lab';

const text = readFileSync(new URL('../../../resources/presets/msi-emulated.yaml', import.meta.url), 'utf8');

describe('last writer', () => {
  it('names the hop recorded last when the register was written, at or before the write', () => {
    const r = Lab.load(text, { untilNs: 2_000_000 });
    if (!r.ok) throw new Error('invalid');
    const lab = r.lab;
    lab.advance(600);
    const found = lab.machine.registerFiles.flatMap((f) => f.decl.registers.map((reg) => ({ f, reg: reg.name, w: lab.lastWriter(f.id, reg.name) })))
      .filter((x) => x.w?.hop);
    expect(found.length).toBeGreaterThan(3);
    for (const { w } of found) {
      expect(w!.by).toBe('model');
      expect(w!.hop!.seq).toBeLessThan(lab.sim.log.total);
      expect(w!.hop!.simNs).toBeLessThanOrEqual(w!.simNs);
      expect(w!.simNs).toBeLessThanOrEqual(lab.sim.now);
    }
    // The vLAPIC's IRR is set by KVM while it injects: the writer is a KVM hop of the VM's interrupt.
    const irr = found.find((x) => x.f.id === 'vm0/vcpu0/vlapic' && x.reg.startsWith('IRR'));
    expect(irr?.w?.hop?.kind).toMatch(/^kvm\./);
    expect(irr?.w?.hop?.flow).toBeGreaterThan(0);
  });

  it('says a register was written from the inspector, and refuses an unknown register', () => {
    const r = Lab.load(text, { untilNs: 2_000_000 });
    if (!r.ok) throw new Error('invalid');
    r.lab.advance(100);
    r.lab.writeRegister({ file: 'host/cpu3/lapic', register: 'TPR', value: '0x20' });
    expect(r.lab.lastWriter('host/cpu3/lapic', 'TPR')).toMatchObject({ by: 'inspector', hop: null, simNs: r.lab.sim.now });
    expect(() => r.lab.lastWriter('host/cpu3/lapic', 'NOPE')).toThrow(/no register NOPE/);
  });

  it('a read asked with writers answers, register by register, what lastWriter answers', () => {
    const r = Lab.load(text, { untilNs: 2_000_000 });
    if (!r.ok) throw new Error('invalid');
    r.lab.advance(600);
    r.lab.writeRegister({ file: 'vm0/vcpu0/vlapic', register: 'TPR', value: '0x10' });
    const read = r.lab.readRegisters({ file: 'vm0/vcpu0/vlapic', writers: true });
    expect(read.writers).toEqual(read.registers.map((reg) => r.lab.lastWriter('vm0/vcpu0/vlapic', reg.name)));
    expect(read.writers!.some((w) => w?.hop)).toBe(true);
    expect(read.writers!.some((w) => w?.by === 'inspector')).toBe(true);
    expect(r.lab.readRegisters({ file: 'vm0/vcpu0/vlapic' }).writers).toBeUndefined();
  });
});
