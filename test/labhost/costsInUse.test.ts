// The lab method behind "Costs in use" and `virq costs`: the loaded scenario's costs, or a text's without replacing
// the loaded run; its params checked like every method's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabHost } from '../../src/labhost/labHost';

const preset = (name: string) => readFileSync(new URL(`../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');
const host = () => new LabHost({ presets: [], clock: { now: () => 0, defer: () => undefined } });

describe('costsInUse', () => {
  it('needs a loaded scenario unless given a text', () => {
    expect(() => host().handle('costsInUse', undefined)).toThrow(/no scenario loaded/);
  });

  it('answers for the loaded scenario, with its overrides', () => {
    const h = host();
    h.handle('load', { text: preset('msi-emulated'), set: { 'costs["pci.config.read"]': '2us' } });
    const r = h.handle('costsInUse', undefined);
    if (!r.ok) throw new Error('not ok');
    expect(r.scenario).toBe('msi-emulated');
    expect(r.costs.find((c) => c.name === 'pci.config.read')).toMatchObject({ overridden: true, ns: 2000, default: { ns: 1000 } });
  });

  it('given a text, answers for it and leaves the loaded run alone; a bad text gives its issues', () => {
    const h = host();
    h.handle('load', { text: preset('msi-emulated') });
    const r = h.handle('costsInUse', { text: preset('intx-shared-line'), set: { 'costs["kvm.vmexit"]': '3000 cycles' } });
    if (!r.ok) throw new Error('not ok');
    expect(r.scenario).toBe('intx-shared-line');
    expect(r.costs.find((c) => c.name === 'kvm.vmexit')!.overridden).toBe(true);
    expect(h.status().scenario).toBe('msi-emulated');
    const bad = h.handle('costsInUse', { text: `${preset('msi-emulated')}\ncosts: { "kvm.nope": 5 }\n` });
    expect(bad.ok).toBe(false);
    expect(() => h.handle('costsInUse', { text: 'x', bogus: 1 } as never)).toThrow(/costsInUse/);
  });
});
