// What validation says about workloads and per-vector host CPUs.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/sim/scenario/validate';

const base = (device: string) => `
name: v
host: { cpus: 4 }
vms: [{ id: vm0, vcpus: 2 }]
devices: [${device}]
`;
const issues = (text: string) => {
  const r = loadScenario(text);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('workload validation', () => {
  it('accepts rr and stream on msi, msix and intx NICs, with defaults filled in', () => {
    for (const irq of ['msi', 'msix', 'intx']) {
      expect(issues(base(`{ id: nic0, irq: ${irq}, owner: vm0, workload: { kind: rr } }`)), irq).toEqual([]);
      expect(issues(base(`{ id: nic0, irq: ${irq}, owner: host, workload: { kind: stream, coalesceUs: 20 } }`)), irq).toEqual([]);
    }
    const r = loadScenario(base('{ id: nic0, owner: vm0, workload: { kind: rr } }'));
    expect(r.ok && r.scenario.devices[0]!.workload).toEqual({ kind: 'rr', wireNs: '20us', wireJitter: 0, appWork: '10us', clients: 1, txIrq: false });
  });

  it('refuses an unknown kind, unknown fields and a workload on a GPU', () => {
    expect(issues(base('{ id: nic0, workload: { kind: udp } }')).join()).toMatch(/workload\.kind: expected a workload with kind rr or stream, got "udp"/);
    expect(issues(base('{ id: nic0, workload: { kind: rr, gbps: 10 } }')).join()).toMatch(/unknown field "gbps"/);
    expect(issues(base('{ id: gpu0, kind: gpu, workload: { kind: stream } }')).join()).toMatch(/runs on a nic; gpu0 is a gpu/);
  });

  it('checks hostCpus: MSI-X only, one per vector, existing pCPUs, and vectors free on each', () => {
    expect(issues(base('{ id: nic0, irq: msix, vectors: 2, hostCpus: [1, 2] }'))).toEqual([]);
    expect(issues(base('{ id: nic0, irq: msi, hostCpus: [1] }')).join()).toMatch(/hostCpus places MSI-X vectors/);
    expect(issues(base('{ id: nic0, irq: msix, vectors: 2, hostCpus: [1] }')).join()).toMatch(/expected 2 pCPU numbers/);
    expect(issues(base('{ id: nic0, irq: msix, vectors: 2, hostCpus: [1, 9] }')).join()).toMatch(/hostCpus\[1\]: expected a pCPU below host.cpus/);
    expect(issues(base('{ id: nic0, irq: msix, vectors: 2, hostCpus: [1, 2] }, { id: disk0, hostCpu: 2, hostVector: 0x42 }')).join())
      .toMatch(/vector 0x42 on cpu2 is taken/);
  });
});
