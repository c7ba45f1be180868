// Faults a scenario injects on purpose (its `faults:` list): what the parts ask at the points where a fault can
// strike — "is the guest's EOI lost now?", "is this unmask lost?". A fault is armed for a target (a VM or device
// id) from a time, for a number of hits (Infinity: until the run ends). Faults that act by themselves (a storm, a
// stuck line, a device that ignores DisINTx, spurious MSIs, a descheduled vCPU, a stalled eventfd) are scheduled by
// the scenario's wiring (scenario/wire/faults.ts).
// Not modelled: faults on arm hosts; a fault's own cost (each is an instant hop).

/** The faults a part asks about at run time. */
export type FaultPoint = 'lost-eoi' | 'guest-stops-eoi' | 'lost-unmask';

interface Armed {
  point: FaultPoint;
  target: string;
  from: number;
  left: number;
  hits: number;
}

export class FaultPoints {
  private readonly armed: Armed[] = [];

  /** Arms a fault: from `from` ns, the next `count` times `point` is asked for `target`. */
  arm(point: FaultPoint, target: string, from: number, count = Infinity): void {
    this.armed.push({ point, target, from, left: count, hits: 0 });
  }

  /**
   * Whether a fault of `point` strikes `target` now; if so it is used up once and its description returned
   * (e.g. "lost-eoi 1 of 1"), else null. Cheap when nothing is armed (the common case, on hot paths).
   */
  take(point: FaultPoint, target: string, now: number): string | null {
    if (this.armed.length === 0) return null;
    for (const a of this.armed) {
      if (a.point !== point || a.target !== target || now < a.from || a.left <= 0) continue;
      a.left--;
      a.hits++;
      return a.left === Infinity ? `${point} (#${a.hits})` : `${point} ${a.hits} of ${a.hits + a.left}`;
    }
    return null;
  }
}
