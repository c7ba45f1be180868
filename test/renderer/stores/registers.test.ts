// @vitest-environment happy-dom
// The register store's reads: a step keeps the objects of the registers that read the same (their rows are not
// rendered again), and gives new objects, marked changed, to those that moved; each register's last writer comes
// with the same read.
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

  it('each register\'s last writer comes with the read, as the lab\'s lastWriter answers it, kept while it reads the same', async () => {
    const labStore = useLabStore();
    const regs = useRegistersStore();
    await labStore.call('load', { text: presetText('msi-emulated') });
    await labStore.control('run', { untilNs: 2e6 });
    await vi.waitFor(() => expect(labStore.state).toBe('paused'), { timeout: 10_000 });
    regs.select(FILE);
    expect(regs.writerOf('ISR2')).toBeUndefined();
    await regs.pull();
    for (const name of regs.names) expect(regs.writerOf(name)).toEqual(await labStore.call('lastWriter', { file: FILE, register: name }));
    expect(regs.names.some((n) => regs.writerOf(n)?.hop)).toBe(true);
    const before = new Map(regs.names.map((n) => [n, toRaw(regs.writerOf(n))]));
    let moved: string[] = [];
    for (let i = 0; i < 2000 && !moved.length; i++) {
      await labStore.control('step', { events: 1 });
      await regs.pull();
      moved = regs.names.filter((n) => toRaw(regs.writerOf(n)) !== before.get(n));
    }
    expect(moved.length).toBeGreaterThan(0);
    for (const name of regs.names) {
      const now = await labStore.call('lastWriter', { file: FILE, register: name });
      expect(regs.writerOf(name)).toEqual(now);
      if (!moved.includes(name)) expect(toRaw(regs.writerOf(name))).toBe(before.get(name));
    }
    // A write from the inspector is its own writer.
    await regs.write('TPR', '0x20');
    expect(regs.writerOf('TPR')).toMatchObject({ by: 'inspector', hop: null });
  });
});
