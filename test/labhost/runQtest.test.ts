// runQtest: `virq qtest` in the app — a fresh machine with quiet sources, the script's transcript, and the machine the
// script left held by the lab so the inspector reads it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabHost } from '../../src/labhost/labHost';

const clock = { now: () => performance.now(), defer: (fn: () => void) => setImmediate(fn) };
const x86 = readFileSync(new URL('../conformance/scenarios/x86.yaml', import.meta.url), 'utf8');

describe('runQtest', () => {
  it('runs the script on the text, returns its transcript and keeps the machine for the inspector', async () => {
    const host = new LabHost({ presets: [], clock });
    const script = ['writel 0xfec00000 0x1a', 'writel 0xfec00010 0x00008050', 'readl 0xfec00010', 'frobnicate'].join('\n');
    const r = await host.call('runQtest', { text: x86, script });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.transcript).toEqual(['OK', 'OK', 'OK 0x0000000000008050', expect.stringMatching(/^FAIL /)]);
    expect(r).toMatchObject({ commands: 4, failures: 1, status: { state: 'paused', stopReason: 'qtest script: 4 commands, 1 FAIL' } });
    // The inspector reads what the script wrote: RTE 5 low word (the host's IOAPIC).
    const regs = await host.call('readRegisters', { file: 'host/ioapic0/ioapic' });
    const rte5 = regs.registers.find((x) => x.name === 'RTE5')!;
    expect(rte5.fields.find((f) => f.name === 'vector')!.value).toBe('0x50');
    expect(rte5.fields.find((f) => f.name === 'trigger')!.value).toBe('0x1');
  });

  it('drives a VM with vm/vcpu, and answers a VM that does not exist with an issue, not a crash', async () => {
    const host = new LabHost({ presets: [], clock });
    const ok = await host.call('runQtest', { text: x86, script: 'writel 0xfec00000 0x1\nreadl 0xfec00010', vm: 0 });
    expect(ok.ok && ok.transcript).toEqual(['OK', 'OK 0x0000000000170011']);
    const bad = await host.call('runQtest', { text: x86, script: 'readl 0x0', vm: 3 });
    expect(bad).toMatchObject({ ok: false, issues: [{ path: 'qtest --vm', message: expect.stringMatching(/vm/i) }] });
    const invalid = await host.call('runQtest', { text: 'name: x\nplatform: nonsense\n', script: '' });
    expect(invalid.ok).toBe(false);
  });
});
