// Scenario support for vCPU scheduling (scenario/wire/vcpuScheduling.ts, validate.ts): vCPUs may share a pCPU only
// with a host.sched section (x86), halt-polling is x86 only, and the summary carries the scheduler's figures only
// when a scenario asks for scheduling or polling.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../src/sim/lab/lab';
import { loadScenario } from '../../../src/sim/scenario/validate';
import { switchesOf } from '../../../src/sim/scenario/switches';

const shared = readFileSync(new URL('../host/sched/fixtures/shared-pcpu.yaml', import.meta.url), 'utf8');
const preset = readFileSync(new URL('../../../resources/presets/msi-halted-vcpu.yaml', import.meta.url), 'utf8');

describe('vCPU scheduling in a scenario', () => {
  it('refuses two vCPUs on one pCPU without host.sched, naming the section that allows it', () => {
    const r = loadScenario(shared.replace('  sched: { sliceUs: 3000 }\n', ''));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(['vms[1].pinning[0]']);
    expect(r.issues[0]!.message).toContain('pCPU 1 already runs vm0.vcpu0');
    expect(r.issues[0]!.message).toContain('host.sched');
  });

  it('accepts an overcommitted host with host.sched and fills the scheduler defaults', () => {
    const r = loadScenario(shared.replace('  sched: { sliceUs: 3000 }\n', '  sched: {}\n'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.host.sched).toEqual({ sliceUs: 3000, wakeupPreemption: 'on', wakeupGranularityUs: 4000 });
    expect(r.scenario.host.haltPollNs).toBe(0);
    expect(switchesOf(r.scenario)['host.sched.wakeupPreemption']).toEqual(['on', 'off']);
  });

  it('keeps scheduling and halt-polling to x86 hosts', () => {
    const arm = loadScenario(`name: a
platform: arm
host: { cpus: 2, haltPollNs: 1000, sched: {} }
vms: [{ id: vm0, vcpus: 1, pinning: [1] }]
devices: [{ id: d0, irq: spi, owner: vm0 }]
`);
    expect(arm.ok).toBe(false);
    if (arm.ok) return;
    expect(arm.issues.map((i) => i.path).sort()).toEqual(['host.haltPollNs', 'host.sched']);
  });

  it('a scenario without host.sched and haltPollNs has no scheduler figures; one with them has them', () => {
    const plain = Lab.load(preset, { untilNs: 2_000_000 });
    if (!plain.ok) throw new Error('preset');
    expect(plain.lab.runToEnd().sched).toBeUndefined();
    const polled = Lab.load(preset, { untilNs: 2_000_000, set: { 'host.haltPollNs': '200000' } });
    if (!polled.ok) throw new Error('preset');
    const s = polled.lab.runToEnd().sched!;
    expect(s.vmSwitches).toBe(0);
    expect(Object.keys(s.vcpus)).toEqual(['vm0.vcpu0', 'vm0.vcpu1']);
    expect(s.haltPoll!.attempted).toBeGreaterThan(0);
  });
});
