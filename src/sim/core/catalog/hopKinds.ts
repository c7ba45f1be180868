// The one hop-kind catalog. `HopKind` is closed: a misspelt kind does not compile, and each kind's layer, class
// and costs come from here (see hopKind.ts).
import type { HopClassName, HopKindDecl } from './hopKind';
import { ARM_HOPS } from './hops/armHops';
import { GVT_HOPS } from './hops/gvtHops';
import { HOST_HOPS } from './hops/hostHops';
import { LAB_HOPS } from './hops/labHops';
import { SCHED_HOPS } from './hops/schedHops';
import { VMM_HOPS } from './hops/vmmHops';
import { NET_HOPS } from './hops/netHops';
import { FAULT_HOPS } from './hops/faultHops';

export const HOP_KINDS = { ...HOST_HOPS, ...ARM_HOPS, ...GVT_HOPS, ...LAB_HOPS, ...NET_HOPS, ...VMM_HOPS, ...SCHED_HOPS, ...FAULT_HOPS } satisfies Record<string, HopKindDecl>;

export type HopKind = keyof typeof HOP_KINDS;

/** The cost entries a step of kind K may take its time from. */
export type CostOf<K extends HopKind> = (typeof HOP_KINDS)[K]['costs'][number];

declare const hopKindBrand: unique symbol;

/**
 * An interned hop kind, as `sim.kind(k)` returns it: the log's number for the kind, remembering which kind it is, so
 * a step builder can ask for a cost that kind's entry names (`step(kind: KindId<K>, cost: CostOf<K>)`).
 */
export type KindId<K extends HopKind = HopKind> = number & { readonly [hopKindBrand]: K };

export function isHopKind(s: string): s is HopKind {
  return Object.prototype.hasOwnProperty.call(HOP_KINDS, s);
}

/** The class of a kind by name (an unknown name is host time, as before the catalog). */
export function hopClassOf(kind: string): HopClassName {
  return isHopKind(kind) ? HOP_KINDS[kind].class : 'host';
}
