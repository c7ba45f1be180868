// @vitest-environment happy-dom
// The register store's reads: a step keeps the objects of the registers that read the same (their rows are not
// rendered again), and gives new objects, marked changed, to those that moved.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { toRaw } from 'vue';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, presetText } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { useRegistersStore } = await import('../../../src/renderer/src/stores/registers');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');

const FILE = 'host/cpu0/lapic';

describe('register store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    lab.api = inProcessLab();
  });

  it('a step keeps the unchanged registers as the same objects and replaces the changed ones', async () => {
    const labStore = useLabStore();
    const regs = useRegistersStore();
    await labStore.call('load', { text: presetText('msi-emulated') });
    await labStore.control('run', { untilNs: 2e6 });
    await vi.waitFor(() => expect(labStore.state).toBe('paused'), { timeout: 10_000 });
    regs.select(FILE);
    await regs.pull();
    // Step until some register of the file moves (the LAPIC takes an interrupt every few µs here).
    const moved = () => regs.registers.filter((r) => regs.hasChanged(r.name)).length;
    let before = regs.registers.map((r) => toRaw(r));
    for (let i = 0; i < 2000 && moved() === 0; i++) {
      before = regs.registers.map((r) => toRaw(r));
      await labStore.control('step', { events: 1 });
      await regs.pull();
    }
    expect(moved()).toBeGreaterThan(0);
    expect(moved()).toBeLessThan(regs.registers.length);
    const after = regs.registers.map((r) => toRaw(r));
    expect(after.map((r) => r.name)).toEqual(before.map((r) => r.name));
    after.forEach((r, i) => {
      if (regs.hasChanged(r.name)) {
        expect(r).not.toBe(before[i]);
        expect(r.value).not.toBe(before[i]!.value);
      } else {
        expect(r).toBe(before[i]);
      }
    });
    // A reload gives a new machine: nothing is kept from the old one.
    await labStore.call('load', { text: presetText('msi-emulated') });
    await labStore.control('step', { events: 1 });
    await regs.pull();
    expect(regs.registers.some((r, i) => toRaw(r) === after[i])).toBe(false);
  });
});
