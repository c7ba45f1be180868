// The x86 MSI message, declared once (Intel SDM vol. 3 §11.11; facts §D): the address a function writes to
// (0xFEE in bits 31:20, the destination APIC ID in 19:12) and the data it writes (vector, delivery mode, trigger).
// The MSI capability, the MSI-X table, the GPU's 32-bit capability and KVM's MSI routes all read and build messages
// through these, never by shifting by hand.
import { bits, layout } from '../../core/registers';

/** Bits 31:20 of every interrupt message address. */
export const MSI_ADDRESS_BASE = 0xfee;

export const MSI_ADDRESS = layout(32, {
  base: bits(31, 20, 'rw', 'must be 0xFEE (the interrupt address range)'),
  destId: bits(19, 12, 'rw', 'destination APIC ID'),
  redirHint: bits(3, 3, 'rw', 'redirection hint'),
  destMode: bits(2, 2, 'rw', '0 physical, 1 logical', { 0: 'physical', 1: 'logical' }),
}, 'MSI address');

export const MSI_DATA = layout(16, {
  trigger: bits(15, 15, 'rw', 'trigger mode', { 0: 'edge', 1: 'level' }),
  level: bits(14, 14, 'rw', 'level for level-triggered messages'),
  deliveryMode: bits(10, 8, 'rw', 'delivery mode', { 0: 'fixed', 1: 'lowest priority', 2: 'SMI', 4: 'NMI', 5: 'INIT', 7: 'ExtINT' }),
  vector: bits(7, 0, 'rw', 'interrupt vector'),
}, 'MSI data');

/** A decoded MSI message as the function would send it now. */
export interface MsiMessage {
  destId: number;
  vector: number;
  level: boolean;
  /** Logical destination mode (absent: physical). */
  logical?: boolean;
  /** MSI_DATA.deliveryMode (absent: fixed). */
  deliveryMode?: number;
}

/** Delivery modes a message can name (MSI_DATA.deliveryMode, RTE.deliveryMode). */
export const DELIVERY_FIXED = 0;
export const DELIVERY_LOWEST_PRIORITY = 1;

/** The address a driver programs for `destId` (physical destination mode, no redirection hint). */
export function msiAddress(destId: number): bigint {
  return MSI_ADDRESS.destId.set(MSI_ADDRESS.base.of(MSI_ADDRESS_BASE), destId);
}

/** The data a driver programs: the vector, fixed delivery, edge. */
export function msiData(vector: number): bigint {
  return MSI_DATA.vector.of(vector);
}

/** The message an address/data pair makes, or why it is no interrupt message. */
export function decodeMsi(address: bigint, data: bigint): MsiMessage | { blocked: string } {
  if (!MSI_ADDRESS.base.is(address, MSI_ADDRESS_BASE)) return { blocked: 'message address outside 0xFEExxxxx' };
  const msg: MsiMessage = { destId: MSI_ADDRESS.destId.num(address), vector: MSI_DATA.vector.num(data), level: MSI_DATA.trigger.on(data) };
  if (MSI_ADDRESS.destMode.on(address)) msg.logical = true;
  if (!MSI_DATA.deliveryMode.is(data, DELIVERY_FIXED)) msg.deliveryMode = MSI_DATA.deliveryMode.num(data);
  return msg;
}
