import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab } from '../../../src/sim/lab/lab';

const preset = readFileSync(new URL('../../../resources/presets/msi-emulated.yaml', import.meta.url), 'utf8');

function lab() {
  const r = Lab.load(preset);
  if (!r.ok) throw new Error('bad preset');
  r.lab.runToEnd();
  return r.lab;
}

describe('Chrome trace export', () => {
  it('names a process per VM and a thread per place, in µs, with one arrow per interrupt from device to handler', () => {
    const l = lab();
    const t = l.chromeTrace({ toNs: 200_000 });
    const meta = t.traceEvents.filter((e) => e.ph === 'M');
    expect(meta.filter((e) => e.name === 'process_name').map((e) => e.args!.name)).toEqual(expect.arrayContaining(['VM vm0']));
    expect(meta.filter((e) => e.name === 'thread_name').map((e) => e.args!.name)).toEqual(expect.arrayContaining(['nic0', 'cpu0', 'vm0.vcpu0']));
    const rows = l.queryLog({ start: 0, count: 5000 }).rows.filter((r) => r.timeNs <= 200_000);
    const slices = t.traceEvents.filter((e) => e.ph === 'X' || e.ph === 'i');
    expect(slices).toHaveLength(rows.length);
    expect(slices[0]!.ts).toBe(rows[0]!.timeNs / 1000);
    // Each slice's category is its kind's layer and class in the hop catalog.
    expect(slices.find((e) => e.name === 'kvm.vmexit')!.cat).toBe('kvm,host');
    expect(slices.find((e) => e.name === 'guest.handler')!.cat).toBe('guest,guest');
    expect(slices.find((e) => e.name === 'pci.msi.write')!.cat).toBe('device,wire');
    // Flow 1 goes from the NIC's MSI write to the guest's EOI: one start, one finish, steps between.
    const f1 = t.traceEvents.filter((e) => e.id === 1);
    expect(f1[0]!.ph).toBe('s');
    expect(f1[f1.length - 1]!.ph).toBe('f');
    expect(f1.length).toBe(rows.filter((r) => r.flow === 1).length);
    expect(t.otherData).toEqual({ hopsExported: rows.length, hopsInWindow: rows.length, truncated: false });
  });

  it('cuts at the hop cap and says so', () => {
    const t = lab().chromeTrace({ maxHops: 100 });
    expect(t.otherData.hopsExported).toBe(100);
    expect(t.otherData.truncated).toBe(true);
  });
});
