// The bare-metal twin (scenario/nativeTwin.ts): the same devices and workloads on native host drivers, no VM for them.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab } from '../../../src/sim/lab/lab';
import { nativeTwin } from '../../../src/sim/scenario/nativeTwin';
import { switchesOf } from '../../../src/sim/scenario/switches';
import { loadScenario } from '../../../src/sim/scenario/validate';
import type { Scenario } from '../../../src/sim/scenario/schema';

const fixture = (n: string) => readFileSync(new URL(`../../fixtures/workloads/${n}.yaml`, import.meta.url), 'utf8');
const preset = (n: string) => readFileSync(new URL(`../../../resources/presets/${n}.yaml`, import.meta.url), 'utf8');

function scenario(text: string, set: Record<string, string> = {}): Scenario {
  const r = loadScenario(text, { set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

/** The twin is a scenario in its own right: written out, it validates. */
function valid(s: Scenario): Scenario {
  const r = loadScenario(JSON.stringify(s));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe('bare-metal twin', () => {
  it('moves an assigned NIC to a native driver on its vCPU\'s pCPU, drops the VM, keeps the workload', () => {
    const s = scenario(fixture('rr-msi'));
    const t = valid(nativeTwin(s));
    expect(t.vms).toEqual([]);
    const d = t.devices[0]!;
    expect(d.owner).toBe('host');
    expect(d.hostCpu).toBe(s.vms[0]!.pinning![0]);
    expect(d.workload).toEqual(s.devices[0]!.workload);
    expect(t.native).toBe(false);
  });

  it('gives the native handler what the guest driver\'s handler costs', () => {
    const t = nativeTwin(scenario(fixture('rr-msi'), { 'costs["guest.driver.handler"]': '7us' }));
    expect(t.costs['host.driver.handler@nic0']).toBe('7us');
    const scoped = nativeTwin(scenario(fixture('rr-msi'), { 'costs["guest.driver.handler@nic0"]': '3000 cycles' }));
    expect(scoped.costs['host.driver.handler@nic0']).toBe('3000 cycles');
    const kept = nativeTwin(scenario(fixture('rr-msi'), { 'costs["host.driver.handler@nic0"]': '1us' }));
    expect(kept.costs['host.driver.handler@nic0']).toBe('1us');
  });

  it('spreads an MSI-X device\'s vectors over the pCPUs of the vCPUs they targeted', () => {
    const s = scenario(fixture('rr-msix'));
    const t = valid(nativeTwin(s));
    expect(t.devices[0]!.hostCpus).toEqual(s.vms[0]!.pinning);
  });

  it('routes an INTx pin to the moved device\'s CPU, its host sharer with it', () => {
    const t = valid(nativeTwin(scenario(preset('intx-shared-line'))));
    const onPin = t.devices.filter((d) => d.irq === 'intx' && d.pin === t.devices[0]!.pin);
    expect(onPin.length).toBeGreaterThan(1);
    expect(new Set(onPin.map((d) => d.hostCpu)).size).toBe(1);
    expect(onPin.every((d) => d.owner === 'host')).toBe(true);
  });

  it('keeps a VM that still owns something, at the pCPUs it had; drops cost overrides scoped to a VM that is gone', () => {
    const text = `
name: two-vms
host: { cpus: 6 }
costs: { "kvm.vmexit@vm0": 3000 cycles }
vms: [{ id: vm0, vcpus: 2 }, { id: vm1, vcpus: 2 }]
devices:
  - { id: nic0, owner: vm0, guestVcpu: 1, workload: { kind: rr } }
  - { id: gpu0, kind: gpu, owner: host, hostVector: 0x45 }
gvt: { gpu: gpu0, vgpus: [{ vm: host }, { vm: vm1 }] }
`;
    const s = scenario(text);
    const t = valid(nativeTwin(s));
    expect(t.vms.map((v) => v.id)).toEqual(['vm1']);
    expect(t.vms[0]!.pinning).toEqual([3, 4]);
    expect(t.devices[0]!.hostCpu).toBe(2);
    expect(t.costs['kvm.vmexit@vm0']).toBeUndefined();
  });

  it('picks another host vector when the vCPU\'s pCPU already uses it', () => {
    const text = `
name: clash
host: { cpus: 3 }
vms: [{ id: vm0, vcpus: 1, pinning: [1] }]
devices:
  - { id: nic0, owner: vm0, hostCpu: 0, hostVector: 0x41, workload: { kind: rr } }
  - { id: disk0, owner: host, hostCpu: 1, hostVector: 0x41 }
`;
    const t = valid(nativeTwin(scenario(text)));
    expect(t.devices[0]!.hostCpu).toBe(1);
    expect(t.devices[0]!.hostVector).not.toBe(0x41);
  });

  it('native: true runs the twin: no VM exits, the NIC on a host driver', () => {
    const r = Lab.load(fixture('rr-msi'), { set: { native: 'true' } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const s = r.lab.runToEnd();
    expect(s.vmExits.total).toBe(0);
    expect(s.hopTimeNs['host.handler']!.count).toBeGreaterThan(0);
    expect(s.hopTimeNs['guest.handler']).toBeUndefined();
    expect(s.workloads!.nic0!.owner).toBe('host');
    expect(s.bareMetal).toBeUndefined();
  });

  it('native is a switch where a device has a workload, and only there (presets keep their switch lists)', () => {
    expect(switchesOf(scenario(fixture('rr-msi'))).native).toEqual(['false', 'true']);
    expect(switchesOf(scenario(preset('msi-emulated'))).native).toBeUndefined();
  });
});
