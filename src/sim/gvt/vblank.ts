// Virtual vblank, per vGPU (facts A.3, F11): gvt/display.c keeps one hrtimer per vGPU with period
// DIV64_U64_ROUND_CLOSEST(NSEC_PER_SEC * MSEC_PER_SEC, vrefresh_k), default vrefresh_k = 60 * 1000 (60 Hz →
// 16,666,667 ns), running only while the guest has a virtual pipe enabled (PIPECONF/TRANSCONF bit 31, see the
// vblank-timer effect of emulation.ts). Each expiry (emulate_vblank) walks the enabled pipes: flip-done events
// queued since the guest's flip first, then PIPE_x_VBLANK, each through trigger_virtual_event.
// This is a description the caller schedules: it owns time, calls fire() at each expiry and reads periodNs.
// The original design used one global 16 ms timer (VBLANK_TIMER_PERIOD); `legacyFixedPeriod` selects it.
import { PIPECONF, PIPES, PIPE_PRIMARY_FLIP_EVENT, PIPE_VBLANK_EVENT, type GpuEvent, type Pipe } from '../hw/gpu/gen8Registers';
import type { FlowGroup } from '../core/flows';
import { triggerVirtualEvent, type CheckPendingResult, type PropagateOutcome } from './interrupt';
import type { EmulationEffect, Vgpu } from './vgpu';

export const GVT_DEFAULT_REFRESH_RATE = 60;
export const VBLANK_TIMER_PERIOD_LEGACY_NS = 16_000_000;

/** DIV64_U64_ROUND_CLOSEST(1e9 * 1e3, vrefresh_k): the vblank period in ns for a refresh rate in mHz. */
export function vblankPeriodNs(vrefreshK = GVT_DEFAULT_REFRESH_RATE * 1000): number {
  if (vrefreshK <= 0) throw new Error(`refresh rate must be positive (got ${vrefreshK} mHz)`);
  return Math.floor((1e12 + vrefreshK / 2) / vrefreshK);
}

export interface VblankFire {
  event: GpuEvent;
  outcome: PropagateOutcome;
  pending: CheckPendingResult;
}

export class VblankEmulation {
  private vrefreshK: number;

  constructor(readonly vgpu: Vgpu, opts: { refreshHz?: number; legacyFixedPeriod?: boolean } = {}) {
    this.vrefreshK = Math.round((opts.refreshHz ?? GVT_DEFAULT_REFRESH_RATE) * 1000);
    this.legacy = opts.legacyFixedPeriod ?? false;
  }

  private readonly legacy: boolean;

  get periodNs(): number {
    return this.legacy ? VBLANK_TIMER_PERIOD_LEGACY_NS : vblankPeriodNs(this.vrefreshK);
  }

  /** The guest changed its mode: the period is recomputed (vgpu_update_refresh_rate). */
  setRefreshHz(hz: number): void {
    this.vrefreshK = Math.round(hz * 1000);
  }

  /** Pipes whose virtual PIPECONF enable bit is set. */
  enabledPipes(): Pipe[] {
    return PIPES.filter((p) => PIPECONF.ENABLE.on(this.vgpu.regs.get(`PIPECONF_${p}`)));
  }

  /** The timer runs while any virtual pipe is enabled. */
  get running(): boolean {
    return this.enabledPipes().length > 0;
  }

  /** A primary-plane flip the guest made on `pipe`: its flip-done event is delivered at the next vblank. */
  queueFlip(pipe: Pipe): void {
    this.vgpu.pendingFlips.add(pipe);
  }

  /** One timer expiry: the events emulate_vblank triggers, with their outcomes and effects. */
  fire(flows: FlowGroup = []): { fired: VblankFire[]; effects: EmulationEffect[] } {
    const v = this.vgpu;
    const { value, effects } = v.collect(() => {
      const out: VblankFire[] = [];
      for (const p of this.enabledPipes()) {
        if (v.pendingFlips.delete(p)) {
          const ev = PIPE_PRIMARY_FLIP_EVENT[p];
          out.push({ event: ev, ...triggerVirtualEvent(v, ev, flows) });
        }
        const ev = PIPE_VBLANK_EVENT[p];
        out.push({ event: ev, ...triggerVirtualEvent(v, ev, flows) });
      }
      return out;
    });
    return { fired: value, effects };
  }
}
