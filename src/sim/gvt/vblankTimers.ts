// Virtual vblank on the host: one hrtimer per vGPU at its refresh while its pipe is enabled, stopping with the sources.
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import type { FanoutCounts, FlowOutcomes } from './flowOutcomes';
import type { GvtHops } from './hops';
import type { PropagateOutcome } from './interrupt';
import type { VblankEmulation } from './vblank';
import type { EmulationEffect, Vgpu } from './vgpu';

export class VblankTimers {
  private readonly timerOn = new Set<Vgpu>();

  constructor(
    private readonly hops: GvtHops,
    private readonly vblank: Map<Vgpu, VblankEmulation>,
    private readonly outcomes: FlowOutcomes,
    /** Per vGPU: virtual vblank (and flip-done) flows. */
    private readonly vblanks: Map<string, FanoutCounts>,
    private readonly effectSteps: (effects: EmulationEffect[], cpu: PCpu) => Step[],
  ) {}

  /** The pipe was enabled: start the vGPU's timer unless it runs already. */
  start(v: Vgpu): void {
    if (this.timerOn.has(v)) return;
    this.timerOn.add(v);
    const { sim, cpu } = this.hops;
    const vb = this.vblank.get(v)!;
    const tick = () => {
      if (sim.now >= sim.sourcesUntil || !vb.running) {
        this.timerOn.delete(v);
        return;
      }
      const vmId = sim.sid(v.name);
      const flow = sim.raiseFlow(sim.sid(`${v.name}.vblank`), vmId);
      // Each vblank is also a display event where the display IRQ carries them (the vGPU's vblank port).
      v.vblank.send('vblank');
      // The hrtimer asks GVT's service thread to run emulate_vblank.
      cpu.wakeThread(() => {
        let effects: EmulationEffect[] = [];
        return [this.hops.step('gvt.vblank.timer', 'gvt.vblank.timer', flow, `${v.name}: emulate_vblank (${(1e9 / vb.periodNs).toFixed(1)} Hz)`, {
          vm: v.name,
          then: () => {
            const r = vb.fire([flow]);
            effects = r.effects;
            // One flow per expiry: delivered if any of its events latched, else coalesced, else masked.
            const o = r.fired.map((f) => f.outcome);
            const outcome: PropagateOutcome = o.includes('delivered') ? 'delivered' : o.includes('coalesced') ? 'coalesced' : 'masked';
            const event = r.fired.find((f) => f.outcome === outcome)?.event ?? 'PIPE_A_VBLANK';
            this.outcomes.note(v, [{ flow, event, outcome }], this.vblanks);
          },
          next: () => this.effectSteps(effects, cpu),
        })];
      });
      sim.after(vb.periodNs, tick);
    };
    sim.after(vb.periodNs, tick);
  }
}
