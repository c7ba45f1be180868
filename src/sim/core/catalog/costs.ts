// The one cost catalog: host (PCI, x86, genirq, VFIO, KVM, guest), ARM GIC and GPU mediation entries, merged so
// every hop and every scenario override sees the same names. `CostName` is closed: a misspelt name does not compile.
import type { CostCatalog } from './costEntry';
import { ARM_COSTS } from './armCosts';
import { GVT_COSTS } from './gvtCosts';
import { HOST_COSTS } from './hostCosts';
import { SCHED_COSTS } from './schedCosts';
import { VMM_COSTS } from './vmmCosts';
import { NET_COSTS } from './netCosts';

export const COSTS = { ...HOST_COSTS, ...ARM_COSTS, ...GVT_COSTS, ...NET_COSTS, ...VMM_COSTS, ...SCHED_COSTS } satisfies CostCatalog;

export type CostName = keyof typeof COSTS;
