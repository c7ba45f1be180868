// A list register as the hypervisor writes it and the virtual CPU interface reads it, encoded and decoded through
// its declared layout: the common fields (state, HW, group, priority, vINTID) and the variant its HW bit selects
// (HW = 0: the EOI-maintenance bit and, on GICv2, the SGI source CPUID; HW = 1: the physical INTID). GICH_LR and
// ICH_LR<n>_EL2 declare the same field names at different positions (virtRegisters.ts); one codec serves both.
import type { Field, Layout } from '../../core/registers';

export type LrState = 'invalid' | 'pending' | 'active' | 'pending+active';

export const LR_STATE_CODE: Readonly<Record<LrState, number>> = { invalid: 0, pending: 1, active: 2, 'pending+active': 3 };
const STATE_NAME: readonly LrState[] = ['invalid', 'pending', 'active', 'pending+active'];

/** A decoded list register. */
export interface ListRegister {
  state: LrState;
  vintid: number;
  /** 8-bit priority (the LR holds the top bits its field has: v2 5 bits, v3 8 bits). */
  priority: number;
  group: 0 | 1;
  hw: boolean;
  /** HW = 1: the physical INTID deactivated with the virtual one (0 when HW = 0). */
  pintid: number;
  /** HW = 0: maintenance interrupt when the guest deactivates it (false when HW = 1). */
  eoi: boolean;
  /** v2, HW = 0: SGI source CPU (0 otherwise). */
  cpuid: number;
}

export type ListRegisterInit = Pick<ListRegister, 'state' | 'vintid' | 'priority'> & Partial<Omit<ListRegister, 'state' | 'vintid' | 'priority'>>;

/** The declared layout of one version's list registers, by handle. */
export interface LrLayout {
  /** Fields every value has; `hw` selects the variant. */
  common: Layout<'state' | 'hw' | 'group' | 'priority' | 'vINTID'>;
  /** HW = 0: EOI (maintenance on deactivate) and, where the version has it, the SGI source CPUID. */
  virtual: { readonly EOI: Field; readonly CPUID?: Field };
  /** HW = 1: the physical INTID. */
  physical: { readonly pINTID: Field };
  /** The part of an 8-bit priority the priority field holds (v2 bits 7:3, v3 all 8). */
  heldPriority: Field;
}

/** Every bit a field of the variant `hw` selects covers: the rest of the register is reserved and reads 0. */
export function lrMask(L: LrLayout, hw: boolean): bigint {
  const c = L.common;
  let m = c.state.mask | c.hw.mask | c.group.mask | c.priority.mask | c.vINTID.mask;
  if (hw) m |= L.physical.pINTID.mask;
  else m |= L.virtual.EOI.mask | (L.virtual.CPUID?.mask ?? 0n);
  return m;
}

export function encodeLr(L: LrLayout, lr: ListRegisterInit): bigint {
  const c = L.common;
  let v = c.vINTID.of(lr.vintid)
    | c.priority.of(L.heldPriority.get(BigInt(lr.priority)))
    | c.state.of(LR_STATE_CODE[lr.state])
    | c.group.of(lr.group ?? 1);
  if (lr.hw) {
    v = L.physical.pINTID.set(c.hw.set(v, 1), lr.pintid ?? 0);
  } else {
    if (lr.eoi) v = L.virtual.EOI.set(v, 1);
    if (L.virtual.CPUID && lr.cpuid) v = L.virtual.CPUID.set(v, lr.cpuid);
  }
  return v;
}

export function decodeLr(L: LrLayout, raw: bigint): ListRegister {
  const c = L.common;
  const hw = c.hw.on(raw);
  return {
    state: STATE_NAME[c.state.num(raw)]!,
    vintid: c.vINTID.num(raw),
    priority: Number(L.heldPriority.of(c.priority.get(raw))),
    group: c.group.num(raw) as 0 | 1,
    hw,
    pintid: hw ? L.physical.pINTID.num(raw) : 0,
    eoi: !hw && L.virtual.EOI.on(raw),
    cpuid: !hw && L.virtual.CPUID ? L.virtual.CPUID.num(raw) : 0,
  };
}
