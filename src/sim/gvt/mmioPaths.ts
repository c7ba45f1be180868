// How a vGPU's MMIO access happens and what it costs: a guest's traps (EPT_MISCONFIG), the host driver's is hooked.
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import type { GuestBinding } from './guestBinding';
import type { GvtHops } from './hops';
import type { MmioPath } from './i915Irq';
import type { Mediator, MmioAccess } from './mediator';
import type { EmulationEffect, Vgpu } from './vgpu';

/** An access as the log names it: `read REG`, `write REG ← 0x…`. */
const accessDetail = (op: 'read' | 'write', name: string, value: bigint): string =>
  `${op} ${name}${op === 'write' ? ` ← 0x${value.toString(16)}` : ''}`;

export class MmioPaths {
  constructor(
    private readonly hops: GvtHops,
    private readonly mediator: Mediator,
    private readonly guests: Map<Vgpu, GuestBinding>,
    /** The steps that follow an access for what its emulation emitted. */
    private readonly effectSteps: (effects: EmulationEffect[], cpu: PCpu) => Step[],
  ) {}

  /** Details said before, interned, by what they say (an access is said in the same words each time: the text is
   *  built and hashed once, not per access — a write's value in hex was a BigInt printed per access). */
  private readonly accessIds = { read: new Map<string, Map<bigint, number>>(), write: new Map<string, Map<bigint, number>>() };
  private readonly hookIds = new Map<Vgpu, { read: Map<string, number>; write: Map<string, number> }>();

  /** `read REG`, `write REG ← 0x…`, interned. */
  private accessId(op: 'read' | 'write', name: string, value: bigint): number {
    const byName = this.accessIds[op];
    let byValue = byName.get(name);
    if (!byValue) byName.set(name, (byValue = new Map()));
    const v = op === 'write' ? value : 0n;
    let id = byValue.get(v);
    if (id === undefined) byValue.set(v, (id = this.hops.sim.sid(accessDetail(op, name, value))));
    return id;
  }

  /** `vm0 write REG`: the host hook's detail, interned. */
  private hookId(v: Vgpu, op: 'read' | 'write', name: string): number {
    let byOp = this.hookIds.get(v);
    if (!byOp) this.hookIds.set(v, (byOp = { read: new Map(), write: new Map() }));
    let id = byOp[op].get(name);
    if (id === undefined) byOp[op].set(name, (id = this.hops.sim.sid(`${v.name} ${op} ${name}`)));
    return id;
  }

  /** The cost of a guest's access already made (a probe's reads): the trap, the emulation, the re-entry. */
  guestCharge(v: Vgpu, detail: string): Step[] {
    const vcpu = this.guests.get(v)!.vcpu;
    return [...vcpu.exitSteps('EPT_MISCONFIG', 0),
      this.hops.step('gvt.mmio.emulate', 'gvt.mmio.emulate', 0, detail, { where: vcpu.where, vm: v.name }),
      ...vcpu.reentrySteps()];
  }

  /** The cost of the host driver's access already made: the hook, then the emulation. */
  hostCharge(v: Vgpu, detail: string, cpu: PCpu): Step[] {
    return [this.hops.step('gvt.mmio.hostHook', 'gvt.mmio.hostHook', 0, detail, { where: cpu.where, vm: v.name }),
      this.hops.step('gvt.mmio.emulate', 'gvt.mmio.emulate', 0, detail, { where: cpu.where, vm: v.name })];
  }

  /** The host driver's path: the mediator's hooks redirect each access (no trap on KVM's host). */
  hostPath(cpu: PCpu, v: Vgpu): MmioPath {
    return {
      access: (op, offset, value, after, before) => {
        let a: MmioAccess | null = null;
        const entry = this.mediator.trapTable.lookup(offset);
        const name = entry?.register ?? `0x${offset.toString(16)}`;
        const emu = entry?.mode === 'passthrough' ? (op === 'read' ? 'gpu.mmio.read' : 'gpu.mmio.write') : 'gvt.mmio.emulate';
        return [
          this.hops.step('gvt.mmio.hostHook', 'gvt.mmio.hostHook', 0, this.hookId(v, op, name), { where: cpu.where, vm: v.name }),
          this.hops.step(entry?.mode === 'passthrough' ? 'gvt.mmio.hostHook' : 'gvt.mmio.emulate', emu, 0, this.accessId(op, name, value), {
            where: cpu.where, vm: v.name,
            then: () => { before?.(); a = this.mediator.access(v, op, offset, value); },
            next: () => [...this.effectSteps(a!.effects, cpu), ...after(a!)],
          }),
        ];
      },
    };
  }

  /**
   * A guest's path: the access traps (EPT misconfiguration on GVT's MMIO range), is emulated, and KVM re-enters.
   * Inside the guest's interrupt handler (interrupts off in the guest) KVM re-enters without injecting; from process
   * context (boot, submissions) the entry injects what is pending and the guest takes it before going on.
   */
  guestPath(v: Vgpu, inHandler: boolean): MmioPath {
    const g = this.guests.get(v)!;
    const vcpu = g.vcpu;
    return {
      access: (op, offset, value, after, before) => {
        let a: MmioAccess | null = null;
        const name = this.mediator.trapTable.lookup(offset)?.register ?? `0x${offset.toString(16)}`;
        const resume = (): Step[] => {
          if (inHandler) return [...vcpu.reentrySteps(), ...after(a!)];
          return [...(vcpu.entrySteps() ?? vcpu.reentrySteps()), { kind: 0, where: vcpu.where, flow: 0, detail: 0, dur: 0, silent: true,
            then: () => vcpu.queueGuestWork(() => after(a!), true) }];
        };
        return [
          ...vcpu.exitSteps('EPT_MISCONFIG', 0),
          this.hops.step('gvt.mmio.emulate', 'gvt.mmio.emulate', 0, this.accessId(op, name, value), {
            where: vcpu.where, vm: v.name,
            then: () => { before?.(); a = this.mediator.access(v, op, offset, value); },
            next: () => [...this.effectSteps(a!.effects, vcpu.pcpu), ...resume()],
          }),
        ];
      },
    };
  }
}
