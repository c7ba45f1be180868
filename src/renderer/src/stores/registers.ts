// The register inspector: the lab's register files as a tree, the one file on screen, and what changed between pulls.
// The file on screen is held register by register (a name → view map read per key): a step sets only the registers
// whose read differs, so only their rows render again, and the list of rows is not rebuilt.
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive, shallowRef } from 'vue';
import type { LastWriter, RegisterFileInfo, RegisterView, WriteRegisterResult } from '../../../shared/protocol';
import { sameHex } from '../format';
import { useLabStore } from './lab';

/** machine → owner (host, vm0…) → device → files. */
export interface OwnerNode {
  owner: string;
  devices: { device: string; files: RegisterFileInfo[] }[];
}

export const useRegistersStore = defineStore('registers', () => {
  const lab = useLabStore();
  const files = ref<RegisterFileInfo[]>([]);
  const selectedId = ref<string | null>(null);
  /** The selected file's register names in the file's order: a new array only when the list itself changes. */
  const names = shallowRef<readonly string[]>([]);
  /** register name → its view as last read, kept as the same object while it reads the same. */
  const views = shallowReactive(new Map<string, RegisterView>());
  /** register name → who last wrote it, as of the last read (absent: not read yet), kept the same way. */
  const writers = shallowReactive(new Map<string, LastWriter | null>());
  /** Registers whose value differs from the previous pull of the same file. */
  const changed = shallowReactive(new Set<string>());
  /** The file's registers as last read, in order (for what needs the whole list: the "only differing" filter). */
  const registers = computed(() => names.value.map((n) => views.get(n)!));
  const pulledAtNs = ref<number | null>(null);
  /** register name → the lab's answer to the last write. */
  const writeResults = ref<Record<string, WriteRegisterResult>>({});
  /** What values are compared with: the previous pull (changed since last step), the reset values, or a snapshot. */
  const compareWith = ref<'previous' | 'reset' | 'snapshot'>('previous');
  /** file id → register name → value, taken by the user. */
  const snapshot = ref<Map<string, Map<string, string>> | null>(null);
  const snapshotAtNs = ref<number | null>(null);
  /** A register to bring into view and mark (from search). */
  const focusRegister = ref<string | null>(null);
  let writes = 0;

  const tree = computed<OwnerNode[]>(() => {
    const owners = new Map<string, Map<string, RegisterFileInfo[]>>();
    for (const f of files.value) {
      const devices = owners.get(f.owner) ?? new Map<string, RegisterFileInfo[]>();
      owners.set(f.owner, devices);
      const list = devices.get(f.device) ?? [];
      list.push(f);
      devices.set(f.device, list);
    }
    return [...owners.entries()]
      .sort(([a], [b]) => ownerOrder(a) - ownerOrder(b) || a.localeCompare(b, 'en', { numeric: true }))
      .map(([owner, devices]) => ({
        owner,
        devices: [...devices.entries()]
          .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
          .map(([device, list]) => ({ device, files: list })),
      }));
  });

  /** device → its files: the physical one first, then each VM's virtual ones beside it. */
  const deviceTree = computed(() => {
    const byDevice = new Map<string, RegisterFileInfo[]>();
    for (const f of files.value) byDevice.set(f.device, [...(byDevice.get(f.device) ?? []), f]);
    return [...byDevice.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([device, list]) => ({
        device,
        files: [...list].sort((a, b) => Number(a.virtual) - Number(b.virtual) || ownerOrder(a.owner) - ownerOrder(b.owner) || a.owner.localeCompare(b.owner, 'en', { numeric: true })),
      }));
  });
  const groupBy = ref<'owner' | 'device'>('owner');

  const selectedFile = computed(() => files.value.find((f) => f.id === selectedId.value) ?? null);

  function hasChanged(name: string): boolean {
    return changed.has(name);
  }

  function view(name: string): RegisterView | undefined {
    return views.get(name);
  }

  function writerOf(name: string): LastWriter | null | undefined {
    return writers.get(name);
  }

  async function loadFiles(): Promise<void> {
    // Nothing loaded yet: no files to list (asking would only raise "no scenario loaded" in the error bar).
    if (lab.state === 'empty') {
      files.value = [];
      return;
    }
    files.value = await lab.call('listRegisterFiles', undefined);
    if (selectedId.value && !files.value.some((f) => f.id === selectedId.value)) select(null);
  }

  function select(id: string | null): void {
    focusRegister.value = null;
    if (id === selectedId.value) return;
    selectedId.value = id;
    clearRead();
    writeResults.value = {};
    pulledAtNs.value = null;
  }

  /** Re-reads the selected file only, noting which registers changed since the previous pull. */
  async function pull(): Promise<void> {
    const id = selectedId.value;
    if (!id) return;
    const writesBefore = writes;
    const result = await lab.call('readRegisters', { file: id, writers: true });
    // Stale: another file was selected, or a write landed while this read was in flight.
    if (id !== selectedId.value || writesBefore !== writes) return;
    // Time going backwards means the lab reloaded or reset: nothing "changed", the machine is new.
    const sameRun = pulledAtNs.value !== null && result.simNs >= pulledAtNs.value;
    const read = result.registers;
    if (!sameRun || !sameNames(names.value, read)) {
      clearRead();
      names.value = read.map((r) => r.name);
    }
    read.forEach((r, i) => {
      const before = views.get(r.name);
      // Only what moved is set (a register's row, its writer, its change mark): the rest stay untouched.
      const moved = before !== undefined && !sameHex(before.value, r.value);
      if (moved !== changed.has(r.name)) {
        if (moved) changed.add(r.name);
        else changed.delete(r.name);
      }
      if (!before || !sameView(before, r)) views.set(r.name, r);
      const w = result.writers?.[i] ?? null;
      const wBefore = writers.get(r.name);
      if (wBefore === undefined || !sameWriter(wBefore, w)) writers.set(r.name, w);
    });
    pulledAtNs.value = result.simNs;
  }

  /** Forgets the file's last read (another file, or a new machine). */
  function clearRead(): void {
    names.value = [];
    views.clear();
    writers.clear();
    changed.clear();
  }

  async function write(register: string, value: string, field?: string): Promise<void> {
    const id = selectedId.value;
    if (!id) return;
    const result = await lab.call('writeRegister', { file: id, register, value, ...(field ? { field } : {}) });
    writeResults.value = { ...writeResults.value, [register]: result };
    writes++;
    if (result.register && views.has(result.register.name)) views.set(result.register.name, result.register);
    // A write's side effects may reach other registers of the file (TPR → PPR): read the file again.
    await pull();
  }

  /** The value a register is compared with under the current mode (undefined: nothing to compare). */
  function baselineOf(r: RegisterView): string | undefined {
    if (compareWith.value === 'reset') return r.reset;
    if (compareWith.value === 'snapshot') return snapshot.value?.get(selectedId.value ?? '')?.get(r.name);
    return undefined;
  }

  function differs(r: RegisterView): boolean {
    if (compareWith.value === 'previous') return hasChanged(r.name);
    const base = baselineOf(r);
    return base !== undefined && !sameHex(base, r.value);
  }

  /** Reads every register file once and keeps the values to diff against. */
  async function takeSnapshot(): Promise<void> {
    const list = await lab.call('listRegisterFiles', undefined);
    const snap = new Map<string, Map<string, string>>();
    let at = 0;
    for (const f of list) {
      const result = await lab.call('readRegisters', { file: f.id });
      snap.set(f.id, new Map(result.registers.map((r) => [r.name, r.value])));
      at = result.simNs;
    }
    snapshot.value = snap;
    snapshotAtNs.value = at;
    compareWith.value = 'snapshot';
  }

  function reveal(file: string, register: string): void {
    select(file);
    focusRegister.value = register;
  }

  return {
    files, tree, deviceTree, groupBy, selectedId, selectedFile, names, registers, pulledAtNs, writeResults, compareWith, snapshot, snapshotAtNs, focusRegister,
    hasChanged, view, writerOf, baselineOf, differs, loadFiles, select, pull, write, takeSnapshot, reveal,
  };
});

function sameNames(names: readonly string[], read: readonly RegisterView[]): boolean {
  return names.length === read.length && read.every((r, i) => r.name === names[i]);
}

function sameWriter(a: LastWriter | null, b: LastWriter | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.simNs !== b.simNs || a.by !== b.by || a.held !== b.held) return false;
  if (a.hop === null || b.hop === null) return a.hop === b.hop;
  return a.hop.seq === b.hop.seq && a.hop.kind === b.hop.kind && a.hop.where === b.hop.where && a.hop.flow === b.hop.flow && a.hop.simNs === b.hop.simNs;
}

function sameView(a: RegisterView, b: RegisterView): boolean {
  if (a.value !== b.value || a.reset !== b.reset || a.meaning !== b.meaning || a.offset !== b.offset || a.width !== b.width) return false;
  if (a.fields.length !== b.fields.length) return false;
  return a.fields.every((f, i) => {
    const g = b.fields[i]!;
    return f.name === g.name && f.value === g.value && f.valueName === g.valueName && f.meaning === g.meaning && f.access === g.access && f.msb === g.msb && f.lsb === g.lsb;
  });
}

function ownerOrder(owner: string): number {
  return owner === 'host' ? 0 : 1;
}
