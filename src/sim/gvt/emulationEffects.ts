// The steps that follow an emulated access (or a virtual event), one for each effect it emitted.
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import type { Engine } from '../hw/gpu/gen8Registers';
import type { GvtHops } from './hops';
import type { InjectDecision } from './interrupt';
import type { Mediator } from './mediator';
import type { EmulationEffect, Vgpu } from './vgpu';

/** Where each effect leads: an injection's kick-off, the physical engines, the vGPU's vblank timer. */
export interface EffectTargets {
  inject(v: Vgpu, d: InjectDecision, cpu: PCpu): Step[];
  /** For an injection already handled inside emulation: the steps that charge it, else null. */
  takeNested(e: EmulationEffect): Step[] | null;
  enqueue(v: Vgpu, engine: Engine): void;
  startVblank(v: Vgpu): void;
}

export class EmulationEffects {
  constructor(
    private readonly hops: GvtHops,
    private readonly mediator: Mediator,
    private readonly to: EffectTargets,
  ) {}

  steps(effects: EmulationEffect[], cpu: PCpu): Step[] {
    const out: Step[] = [];
    for (const e of effects) {
      switch (e.kind) {
        case 'inject': {
          const v = this.mediator.vgpu(e.vgpu);
          const charge = this.to.takeNested(e);
          if (charge) out.push(...charge);
          else out.push(...this.to.inject(v, e.decision, cpu));
          break;
        }
        case 'submit': {
          const v = this.mediator.vgpu(e.vgpu);
          out.push(this.hops.step('gvt.elsp.submit', 'gvt.elsp.submit', 0, `${e.engine}: workload from ${e.vgpu} (context 0x${e.element0.toString(16)})`, {
            where: cpu.where, vm: e.vgpu, then: () => this.to.enqueue(v, e.engine),
          }));
          break;
        }
        case 'vblank-timer': {
          const v = this.mediator.vgpu(e.vgpu);
          out.push(this.hops.step('gvt.pipeconf', null, 0, `${e.vgpu} pipe ${e.pipe} ${e.on ? 'enabled: vblank timer on' : 'disabled: vblank timer off'}`, { where: cpu.where, vm: e.vgpu }));
          if (e.on) this.to.startVblank(v);
          break;
        }
        case 'g2v-notify':
          out.push(this.hops.step('gvt.g2v.notify', null, 0, `${e.vgpu}: ${e.name}`, { where: cpu.where, vm: e.vgpu }));
          break;
        case 'display-ready':
          out.push(this.hops.step('gvt.display.ready', null, 0, `${e.vgpu}: display_ready = ${e.value}`, { where: cpu.where, vm: e.vgpu }));
          break;
        case 'check-pending':
          break;
      }
    }
    return out;
  }
}
