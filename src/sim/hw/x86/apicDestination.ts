// Which LAPICs an interrupt message reaches: its destination (physical ID, logical set, broadcast) matched against
// each candidate LAPIC (Lapic.matchesDestination), then its delivery mode. Fixed delivery reaches every match; a
// lowest-priority message reaches one of them, chosen by the bus's `LowestPriority` (KVM: vector hashing; the physical
// APIC bus: not modelled, refused). Other delivery modes (SMI, NMI, INIT, ExtINT) are refused: the caller logs the
// reason and the interrupt is lost, never delivered as if it were fixed.
import { MSI_DATA, DELIVERY_FIXED, DELIVERY_LOWEST_PRIORITY, type MsiMessage } from '../pci/msiMessage';
import type { Lapic } from './lapic';

/** Among the matching targets of a lowest-priority message: the one it reaches, or why it is refused. */
export type LowestPriority = <T>(matches: readonly T[], vector: number) => T | { refused: string };

/**
 * KVM with vector hashing (the kvm module's default, vector_hashing=true): the (vector mod n)-th matching vCPU
 * (kvm_vector_to_index, used by kvm_irq_delivery_to_apic and kvm_apic_map_get_dest_lapic).
 */
export const kvmVectorHashing: LowestPriority = (matches, vector) => matches[vector % matches.length]!;

/** The physical APIC bus: lowest-priority arbitration (by task priority, model-specific) is not modelled. */
export const arbitrationNotModelled: LowestPriority = () => ({ refused: 'lowest-priority arbitration on the physical APIC bus is not modelled' });

/** The targets a message reaches, or why it reaches none (a refusal the caller logs). */
export type Resolution<T> = { targets: T[] } | { refused: string };

/** How a message's destination reads in the log. */
export function describeDestination(msg: MsiMessage): string {
  return msg.logical ? `logical destination 0x${msg.destId.toString(16)}` : `APIC ID ${msg.destId}`;
}

/** `noun`: what the candidates are called in a refusal ("LAPIC", "vCPU"). */
export function resolveDestination<T>(candidates: readonly T[], lapicOf: (t: T) => Lapic, msg: MsiMessage, lowest: LowestPriority, noun: string): Resolution<T> {
  const mode = msg.deliveryMode ?? DELIVERY_FIXED;
  if (mode !== DELIVERY_FIXED && mode !== DELIVERY_LOWEST_PRIORITY) {
    return { refused: `delivery mode ${MSI_DATA.deliveryMode.values?.[mode] ?? mode} is not modelled: refused` };
  }
  const matches = candidates.filter((t) => lapicOf(t).matchesDestination(msg.destId, msg.logical ?? false));
  if (matches.length === 0) return { refused: msg.logical ? `no ${noun} matches ${describeDestination(msg)}` : `no ${noun} with APIC ID ${msg.destId}` };
  if (mode === DELIVERY_FIXED) return { targets: matches };
  const one = lowest(matches, msg.vector);
  return typeof one === 'object' && one !== null && 'refused' in one ? one : { targets: [one as T] };
}
