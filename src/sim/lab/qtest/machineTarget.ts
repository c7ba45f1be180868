// A built machine as a qtest target: simulated time, one address space (the host's, or one VM's as its vCPUs see it),
// the interrupt inputs a script may drive, and interception. What the address space and inputs are is the view's
// business (views/x86.ts, views/arm.ts); here are the clock, the CPU selection and the protocol's error rules.
// Unmapped addresses and unknown paths answer FAIL with what is there instead, never a silent 0.
import type { AddressMap } from '../../core/mmio';
import type { Lab } from '../lab';
import type { AccessSize } from './protocol';
import type { QtestResult, QtestTarget } from './session';

/** An interrupt input a script may drive: `set_irq_in PATH NAME NUM LEVEL`. */
export interface IrqInput {
  /** Inputs it has (a GSI, an INTID): null when `num` is in range, else why not. */
  check(num: number): string | null;
  set(num: number, level: boolean): void;
}

/** A device whose lines can be intercepted: its inputs (pins) or outputs (messages). */
export interface Interceptable {
  /** Starts printing `IRQ raise N` / `IRQ lower N` instead of passing the lines on; null, or why it cannot. */
  intercept(emit: (line: string) => void): string | null;
}

/** What a view gives: its address space, port I/O, and its interrupt inputs and interceptable devices by path. */
export interface QtestView {
  /** "host", or the VM's name. */
  readonly name: string;
  readonly map: AddressMap;
  /** CPUs (vCPUs) a script may select with `cpu M`. */
  readonly cpus: number;
  readonly ports: { read(port: number, size: 1 | 2 | 4, cpu: number): bigint | string; write(port: number, size: 1 | 2 | 4, value: bigint, cpu: number): string | null } | null;
  readonly inputs: ReadonlyMap<string, IrqInput>;
  readonly interceptIn: ReadonlyMap<string, Interceptable>;
  readonly interceptOut: ReadonlyMap<string, Interceptable>;
  /** System registers of a CPU (GICv3), or null where the view has none. */
  readonly sysregs: ((cpu: number) => { read(name: string): bigint; write(name: string, value: bigint): void }) | null;
  /** After each command: print the level changes of intercepted outputs it caused. */
  poll?(): void;
  /** What the view says when a name is unknown: the names it has. */
  describe(): string;
}

/** A view is built on a loaded lab, reporting interrupts its CPUs take through `emit`. */
export type ViewFactory = (lab: Lab, emit: (line: string) => void) => QtestView;

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** Never step past this in one command: a script asking for years of simulated time is refused, not hung. */
/** Events one clock_step or clock_set may process by default (a few seconds of wall time; ~10 s on datacenter-8vm). */
export const MAX_STEP_EVENTS = 5_000_000;

const MAX_STEP_NS = 3_600_000_000_000n;

export class MachineTarget implements QtestTarget {
  private cpu = 0;
  private readonly view: QtestView;
  private intercepted: { in: string | null; out: string | null } = { in: null, out: null };
  private readonly interceptedInputs = new Set<string>();

  constructor(private readonly lab: Lab, factory: ViewFactory, private readonly emit: (line: string) => void, cpu = 0, private readonly maxStepEvents = MAX_STEP_EVENTS) {
    this.view = factory(lab, emit);
    const r = this.selectCpu(cpu);
    if (r !== true) throw new Error(r.fail);
  }

  get viewName(): string {
    return this.view.name;
  }

  get now(): bigint {
    return BigInt(this.lab.sim.now);
  }

  clockStep(ns: bigint | null): QtestResult<bigint> {
    const sim = this.lab.sim;
    if (ns === null) {
      if (sim.queue.length === 0) return this.now;
      return this.runTo(sim.queue.peekTime(), 'clock_step');
    }
    if (ns > MAX_STEP_NS) return { fail: `clock_step ${ns}: more than ${MAX_STEP_NS} ns (an hour) in one step` };
    return this.clockSet(this.now + ns, 'clock_step');
  }

  clockSet(ns: bigint, op = 'clock_set'): QtestResult<bigint> {
    if (ns - this.now > MAX_STEP_NS) return { fail: `clock_set ${ns}: more than ${MAX_STEP_NS} ns (an hour) ahead` };
    if (ns > this.now) return this.runTo(Number(ns), op);
    return this.now;
  }

  /**
   * Runs to t, within MAX_STEP_EVENTS: a step that would take longer (a storm, sources left running) stops where the
   * budget ran out and FAILs saying so, so one request never holds the lab for minutes.
   */
  private runTo(t: number, op: string): QtestResult<bigint> {
    const sim = this.lab.sim;
    const n = sim.runUntil(t, this.maxStepEvents);
    if (n >= this.maxStepEvents && sim.queue.length > 0 && sim.queue.peekTime() <= t) {
      return { fail: `${op}: stopped at ${sim.now} ns after ${this.maxStepEvents} events (one request's budget); step in smaller pieces` };
    }
    if (sim.now < t) sim.now = t;
    return this.now;
  }

  read(addr: bigint, size: AccessSize): QtestResult<bigint> {
    const hit = this.find(addr, size);
    if ('fail' in hit) return hit;
    return hit.region.read(hit.offset, size, this.cpu);
  }

  write(addr: bigint, size: AccessSize, value: bigint): QtestResult {
    const hit = this.find(addr, size);
    if ('fail' in hit) return hit;
    hit.region.write(hit.offset, size, value, this.cpu);
    return true;
  }

  private find(addr: bigint, size: AccessSize) {
    if (addr % BigInt(size) !== 0n) return { fail: `${hex(addr)}: a ${size}-byte access must be aligned to ${size} bytes` };
    const hit = this.view.map.find(addr, size);
    if (hit) return hit;
    const regions = this.view.map.list().map((m) => `${m.region.name} ${hex(m.base)}..${hex(m.base + BigInt(m.region.size) - 1n)}`);
    return { fail: `${this.view.name}: no device at ${hex(addr)} (size ${size}); mapped: ${regions.join(', ')}` };
  }

  portIn(addr: number, size: 1 | 2 | 4): QtestResult<bigint> {
    const p = this.view.ports;
    if (!p) return { fail: `${this.view.name}: this platform has no port I/O` };
    const r = p.read(addr, size, this.cpu);
    return typeof r === 'string' ? { fail: r } : r;
  }

  portOut(addr: number, size: 1 | 2 | 4, value: bigint): QtestResult {
    const p = this.view.ports;
    if (!p) return { fail: `${this.view.name}: this platform has no port I/O` };
    const r = p.write(addr, size, value, this.cpu);
    return r === null ? true : { fail: r };
  }

  setIrqIn(path: string, name: string, num: number, level: number): QtestResult {
    const input = this.view.inputs.get(path);
    if (!input) return { fail: `${this.view.name}: no interrupt input "${path}"; ${this.view.describe()}` };
    if (name !== 'unnamed-gpio-in') return { fail: `${path}: no GPIO "${name}" (its inputs are unnamed-gpio-in)` };
    const why = input.check(num);
    if (why) return { fail: `${path}: ${why}` };
    if (this.interceptedInputs.has(path)) {
      this.emit(`IRQ ${level ? 'raise' : 'lower'} ${num}`);
      return true;
    }
    input.set(num, level !== 0);
    return true;
  }

  intercept(dir: 'in' | 'out', path: string, name: string | null): QtestResult {
    if (name !== null && name !== (dir === 'in' ? 'unnamed-gpio-in' : 'unnamed-gpio-out')) return { fail: `${path}: no GPIO "${name}"` };
    const already = this.intercepted[dir];
    if (already !== null) return already === path ? true : { fail: `interception already in place on ${already}` };
    const dev = (dir === 'in' ? this.view.interceptIn : this.view.interceptOut).get(path);
    if (!dev) {
      const have = [...(dir === 'in' ? this.view.interceptIn : this.view.interceptOut).keys()];
      return { fail: `${this.view.name}: no device "${path}" with ${dir === 'in' ? 'inputs' : 'outputs'} to intercept (have: ${have.join(', ') || 'none'})` };
    }
    const why = dev.intercept(this.emit);
    if (why) return { fail: `${path}: ${why}` };
    this.intercepted[dir] = path;
    if (dir === 'in') this.interceptedInputs.add(path);
    return true;
  }

  sysregRead(name: string): QtestResult<bigint> {
    const s = this.view.sysregs;
    if (!s) return { fail: `${this.view.name}: no system registers here (GICv3 only)` };
    try {
      return s(this.cpu).read(name);
    } catch (e) {
      return { fail: e instanceof Error ? e.message : String(e) };
    }
  }

  sysregWrite(name: string, value: bigint): QtestResult {
    const s = this.view.sysregs;
    if (!s) return { fail: `${this.view.name}: no system registers here (GICv3 only)` };
    try {
      s(this.cpu).write(name, value);
    } catch (e) {
      return { fail: e instanceof Error ? e.message : String(e) };
    }
    return true;
  }

  /** Prints what the last command changed on intercepted outputs (the session calls it before each reply). */
  poll(): void {
    this.view.poll?.();
  }

  selectCpu(index: number): QtestResult {
    if (index >= this.view.cpus) return { fail: `${this.view.name} has ${this.view.cpus} ${this.view.name === 'host' ? 'CPUs' : 'vCPUs'} (0..${this.view.cpus - 1}); no cpu ${index}` };
    this.cpu = index;
    return true;
  }
}
