// Stop points: breakpoints on hop kinds (pause at the next hop of a kind) and register watchpoints (pause when a
// register or field changes or takes a value). Checked after every event while any is set, so a run stops exactly
// at the event that recorded the hop or changed the register.
import { fieldValue, type RegisterFile } from '../core/registers';
import type { StopHit, StopPoints, WatchpointSpec } from '../../shared/protocol';
import type { Lab } from './lab';

interface ArmedWatch {
  spec: WatchpointSpec;
  file: RegisterFile;
  index: number;
  field: RegisterFile['decl']['registers'][number]['fields'][number] | null;
  target: bigint | null;
  last: bigint;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

export class StopSet {
  private kinds: string[] = [];
  private kindIds = new Set<number>();
  private watches: ArmedWatch[] = [];
  private resolvedFor: Lab | null = null;
  private specs: WatchpointSpec[] = [];
  private stringsSeen = -1;

  /** The stop points set, as given. */
  points(): StopPoints {
    return { hopKinds: [...this.kinds], watchpoints: this.specs.map((w) => ({ ...w })) };
  }

  get empty(): boolean {
    return this.kinds.length === 0 && this.specs.length === 0;
  }

  /** Replaces the stop points; throws on a watchpoint naming a file, register or field that does not exist. */
  set(points: StopPoints, lab: Lab | null): StopPoints {
    this.kinds = [...new Set(points.hopKinds.map((k) => k.trim()).filter(Boolean))];
    this.specs = points.watchpoints.map((w) => ({ ...w }));
    this.resolvedFor = null;
    if (lab) this.arm(lab);
    return { hopKinds: [...this.kinds], watchpoints: this.specs.map((w) => ({ ...w })) };
  }

  /** Binds names to the lab's string ids and registers, and takes the current values as the baseline. */
  arm(lab: Lab): void {
    this.resolvedFor = lab;
    this.resolveKinds(lab);
    this.watches = this.specs.map((spec) => armWatch(lab, spec));
  }

  /** Advances at most `maxEvents`, one at a time, stopping at the first stop point hit. */
  advance(lab: Lab, maxEvents: number, pauseAtNs: number): { ran: number; hit: StopHit | null } {
    if (this.resolvedFor !== lab) this.arm(lab);
    const log = lab.sim.log;
    let ran = 0;
    while (ran < maxEvents && !lab.finished) {
      const before = log.total;
      const n = lab.advance(1, pauseAtNs);
      if (n === 0) break;
      ran += n;
      const hit = this.check(lab, before);
      if (hit) return { ran, hit };
    }
    return { ran, hit: null };
  }

  /** Kind names → string ids. Never interns (that would change the ids and so the log hash): a kind not seen yet
   * is looked up again whenever the string table grows. */
  private resolveKinds(lab: Lab): void {
    const s = lab.sim.log.strings;
    this.stringsSeen = s.size;
    this.kindIds = new Set(this.kinds.map((k) => s.find(k)).filter((id) => id >= 0));
  }

  private check(lab: Lab, hopsBefore: number): StopHit | null {
    const log = lab.sim.log;
    if (this.kinds.length && log.strings.size !== this.stringsSeen) this.resolveKinds(lab);
    if (this.kindIds.size && log.total > hopsBefore) {
      const firstHeld = log.total - log.held;
      for (let seq = Math.max(hopsBefore, firstHeld); seq < log.total; seq++) {
        const c = log.column(seq - firstHeld);
        if (this.kindIds.has(c.kind)) {
          const kind = log.strings.str(c.kind);
          const where = log.strings.str(c.where);
          return { kind: 'breakpoint', seq, simNs: lab.sim.now, message: `breakpoint: ${kind} at ${where}, flow ${c.flow} (hop #${seq})` };
        }
      }
    }
    for (const w of this.watches) {
      const v = current(w);
      if (v === w.last) continue;
      const old = w.last;
      w.last = v;
      const name = `${w.spec.file} ${w.spec.register}${w.field ? `.${w.field.name}` : ''}`;
      if (w.spec.when === 'change') {
        return { kind: 'watchpoint', simNs: lab.sim.now, message: `watchpoint: ${name} changed ${hex(old)} → ${hex(v)}` };
      }
      if (w.target !== null && v === w.target) {
        return { kind: 'watchpoint', simNs: lab.sim.now, message: `watchpoint: ${name} became ${hex(v)}` };
      }
    }
    return null;
  }
}

function armWatch(lab: Lab, spec: WatchpointSpec): ArmedWatch {
  const file = lab.machine.registerFiles.find((f) => f.id === spec.file);
  if (!file) throw new Error(`watchpoint: no register file "${spec.file}"`);
  if (!file.has(spec.register)) throw new Error(`watchpoint: ${file.decl.title} has no register ${spec.register}`);
  const index = file.index(spec.register);
  const field = spec.field ? file.decl.registers[index]!.fields.find((f) => f.name === spec.field) ?? null : null;
  if (spec.field && !field) throw new Error(`watchpoint: ${spec.register} has no field ${spec.field}`);
  let target: bigint | null = null;
  if (spec.when === 'equals') {
    const t = (spec.value ?? '').trim();
    if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) throw new Error(`watchpoint: "${spec.value ?? ''}" is not a number (decimal or 0x hex)`);
    target = BigInt(t);
  }
  const w: ArmedWatch = { spec, file, index, field, target, last: 0n };
  w.last = current(w);
  return w;
}

function current(w: ArmedWatch): bigint {
  const raw = w.file.raw(w.index);
  return w.field ? fieldValue(raw, w.field) : raw;
}

/** Step to the next hop: runs event by event until a hop (of `kind`, when given) is recorded, at most `maxEvents`. */
export function advanceToHop(lab: Lab, kind: string | undefined, maxEvents: number): { ran: number; hit: StopHit | null } {
  if (kind) {
    const once = new StopSet();
    once.set({ hopKinds: [kind], watchpoints: [] }, lab);
    return once.advance(lab, maxEvents, Infinity);
  }
  const log = lab.sim.log;
  const before = log.total;
  let ran = 0;
  while (ran < maxEvents && !lab.finished && log.total === before) ran += lab.advance(1);
  if (log.total === before) return { ran, hit: null };
  const h = log.at(log.held - (log.total - before));
  return { ran, hit: { kind: 'breakpoint', seq: h.seq, simNs: lab.sim.now, message: `next hop: ${h.kind} at ${h.where}, flow ${h.flow} (hop #${h.seq})` } };
}
