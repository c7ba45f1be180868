// The GVT-g presets as a user sees them through virq: switches listed, summary figures, registers decoded.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const virq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('virq on the GVT-g presets', () => {
  it('lists the presets with their seeds and design switches', () => {
    const list = JSON.parse(virq('presets', '--json').out) as { name: string; seeds: string[]; switches: Record<string, string[]> }[];
    const by = (n: string) => list.find((p) => p.name === n)!;
    expect(by('gvt-three-vms').seeds).toEqual(['000', '002']);
    expect(by('gvt-three-vms').switches['gvt.hostInjection']).toEqual(['tasklet', 'hardirq-tail', 'self-ipi']);
    expect(by('gvt-pvinfo').switches['gvt.vgpus[2].pvInfo']).toEqual(['present', 'absent', 'wrong-version']);
    expect(by('gvt-pvinfo').switches['gvt.vgpus[0].pvInfo']).toBeUndefined(); // the host's view: not a switch
    expect(by('vfio-display-irq').switches['gvt.displayIrq']).toEqual(['eventfd-partitioned', 'irq-index']);
    expect(by('vfio-display-irq').switches['gvt.consumer.kind']).toEqual(['decoder', 'irqfd']);
  });

  it('run prints the fan-out per VM, the nested-emulation counter and the display accounting', () => {
    const r = virq('run', 'gvt-three-vms', '--set', 'gvt.hostInjection=hardirq-tail');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/GVT-g +hostInjection hardirq-tail .*nested emulations [1-9]/);
    expect(r.out).toMatch(/vm2 +fan-out delivered \d+ +masked \d+ \(RCS_MI_USER_INTERRUPT \d+\)/);
    const j = JSON.parse(virq('run', 'vfio-display-irq', '--json').out);
    expect(j.display.raised).toBe(j.display.consumed + j.display.misattributed + j.display.lost);
    expect(j.flows.pending).toBe(0);
    expect(virq('run', 'vfio-display-irq').out).toMatch(/display +raised \d+ = consumed \d+ \+ misattributed [1-9]\d* \+ lost \d+/);
  });

  it('regs shows every vGPU\'s virtual interrupt registers and PV INFO page, decoded, apart from the physical ones', () => {
    const r = virq('regs', 'gvt-three-vms', '--until', '2ms');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^host\/gpu0\/mmio +Intel gen8\+ GPU MMIO.*\)$/m);
    for (const f of ['vm0/vgpu1/mmio', 'vm1/vgpu2/mmio', 'vm2/vgpu3/mmio', 'vm0/vgpu1/pvinfo', 'vm2/vgpu3/pvinfo', 'vm1/i915/state']) {
      expect(r.out).toMatch(new RegExp(`^${f} .*\\(virtual\\)$`, 'm'));
    }
    expect(r.out).toMatch(/GT0_IMR .*RCS_MI_USER_INTERRUPT=0x1/); // vm2's mask, decoded
    expect(r.out).toMatch(/magic .*0x4776544776544776/);
    expect(r.out).toMatch(/VGPU .*outcome=0x1\(gvt \(PV features in use\)\)/);
  });
});
