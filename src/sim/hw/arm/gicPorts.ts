// What travels on the GIC's wires (core/wires.ts ports): interrupt inputs as levels, the IRQ signal into a CPU, SGI
// requests, and the deactivation of a physical interrupt that a guest's HW = 1 list register was linked to.
import type { FlowGroup } from '../../core/flows';

/** A level input (an SPI from a device, a PPI from a timer or the maintenance output): high or low, with its flows. */
export type LevelIn = (level: boolean, flows?: FlowGroup) => void;

/** Something may be signalled now (the distributor to a CPU interface, a CPU interface to its core). */
export type Signal = () => void;

/** Raise SGI `intid` from CPU `source` on each CPU of `targets`. */
export type SgiIn = (intid: number, source: number, targets: readonly number[], flows?: FlowGroup) => void;

/** A guest deactivated an HW = 1 list register: deactivate `pintid` in the distributor (flows that rode on it). */
export type HwDeactivate = (pintid: number, flows: FlowGroup) => void;

/** The physical interrupt was deactivated by a guest (told to whoever forwarded it). */
export type Deactivated = (flows: FlowGroup) => void;
