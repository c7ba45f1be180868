// The i915 gen8 interrupt handler as a program of MMIO accesses (i915 gen8_irq_handler: master off, read the
// master, for each pending group read its IIR and write it back to clear, master on). The same program runs for a
// guest's i915 (each access trapped: an exit) and the host's (each access redirected by the mediator's hooks), and
// synchronously inside another emulation (hardirq-tail's nested case): the `MmioPath` decides how an access happens
// and what it costs. Not modelled: the handler's work per event (CSB processing, waking waiters) beyond one body
// cost charged by the caller, PCH/SDE second-level IIRs.
import { GEN8_IRQ_MAP, GEN8_MASTER_IRQ, IRQ_BANK_FIELDS, IRQ_GROUPS, IRQ_GROUP_INFO, MASTER_IRQ_CONTROL, type IrqGroup } from '../hw/gpu/gen8Registers';
import type { FlowGroup } from '../core/flows';
import type { Step } from '../host/step';
import type { MmioAccess } from './mediator';
import type { Vgpu } from './vgpu';

export interface MmioPath {
  /**
   * One access: `before` runs right before it is made, `after` returns what follows it (steps, or nothing when the
   * path runs synchronously). Returns the steps of the access itself, followed by `after`'s.
   */
  access(op: 'read' | 'write', offset: number, value: bigint, after: (a: MmioAccess) => Step[], before?: () => void): Step[];
}

export interface IrqHandlerHooks {
  /** The handler read an IIR: the flows riding on its set bits are being serviced. */
  serviced(flows: FlowGroup): void;
  /** The handler cleared IIR bits: the flows that rode on them are done. */
  cleared(flows: FlowGroup): void;
}

/** Flows riding on the given bits of a group's virtual IIR (flows ride only on named event bits), lowest bit first. */
export function flowsOnBits(v: Vgpu, g: IrqGroup, bitsSet: bigint): FlowGroup {
  const out: FlowGroup = [];
  const base = IRQ_GROUPS.indexOf(g) * 32;
  for (const bit of IRQ_BANK_FIELDS[g]) {
    if (!bit.on(bitsSet)) continue;
    for (const f of v.flowsByBit.get(base + bit.lsb) ?? []) out.push(f);
  }
  return out;
}

/** Groups whose master status bit is set, in map order, each once. */
export function groupsOfMaster(master: bigint): IrqGroup[] {
  const out: IrqGroup[] = [];
  for (const m of GEN8_IRQ_MAP) {
    if (m.master.on(master) && !out.includes(m.group)) out.push(m.group);
  }
  return out;
}

/** The master enable alone: what the handler writes back at its end. */
const MASTER_ON = MASTER_IRQ_CONTROL.of(1);

/** gen8_irq_handler's accesses on vGPU `v` through `path`. */
export function gen8IrqHandler(path: MmioPath, v: Vgpu, hooks: IrqHandlerHooks): Step[] {
  const banks = (gs: IrqGroup[], i: number): Step[] => {
    if (i === gs.length) return path.access('write', GEN8_MASTER_IRQ, MASTER_ON, () => []);
    const g = gs[i]!;
    const iir = IRQ_GROUP_INFO[g].at.iir;
    return path.access('read', iir, 0n, (r) => {
      if (r.value === 0n) return banks(gs, i + 1);
      let clearing: FlowGroup = [];
      return path.access('write', iir, r.value, () => {
        hooks.cleared(clearing);
        return banks(gs, i + 1);
      }, () => {
        // Flows that joined these bits after the read are cleared with them: serviced by this same pass.
        clearing = flowsOnBits(v, g, r.value);
        hooks.serviced(clearing);
      });
    }, () => hooks.serviced(flowsOnBits(v, g, v.regs.raw(v.groupIdx[g].iir) & v.regs.raw(v.groupIdx[g].ier))));
  };
  return path.access('write', GEN8_MASTER_IRQ, 0n, () =>
    path.access('read', GEN8_MASTER_IRQ, 0n, (m) => banks(groupsOfMaster(MASTER_IRQ_CONTROL.set(m.value, 0)), 0)));
}
