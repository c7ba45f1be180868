// A qtest session: each input line is parsed, carried out on a target (a built machine, host or guest view) and
// answered; interrupts the target reports while a command runs are printed before its reply, as QEMU does.
// Nothing a line says can throw out of here: a target's exception becomes a FAIL reply.
import { okIn, okRead, parseQtestLine, type AccessSize } from './protocol';

export type QtestResult<T = true> = T | { fail: string };

/** What a qtest session drives: one machine, seen from the host or from one VM. */
export interface QtestTarget {
  /** Advance to the next pending event (ns = null) or by ns; the new simulated time. */
  clockStep(ns: bigint | null): QtestResult<bigint>;
  /** Advance to ns (nothing when already past); the new simulated time. */
  clockSet(ns: bigint): QtestResult<bigint>;
  read(addr: bigint, size: AccessSize): QtestResult<bigint>;
  write(addr: bigint, size: AccessSize, value: bigint): QtestResult;
  portIn(addr: number, size: 1 | 2 | 4): QtestResult<bigint>;
  portOut(addr: number, size: 1 | 2 | 4, value: bigint): QtestResult;
  setIrqIn(path: string, name: string, num: number, level: number): QtestResult;
  intercept(dir: 'in' | 'out', path: string, name: string | null): QtestResult;
  /** Following accesses come from CPU (or vCPU) `index`. */
  selectCpu(index: number): QtestResult;
  /** A system register of the accessing CPU, by name or encoding. */
  sysregRead(name: string): QtestResult<bigint>;
  sysregWrite(name: string, value: bigint): QtestResult;
  /** Print the level changes of intercepted outputs since the last call. */
  poll?(): void;
}

export class QtestSession {
  /** Lines answered so far (for a summary at the end). */
  commands = 0;
  failures = 0;

  constructor(private readonly target: QtestTarget, private readonly out: (line: string) => void) {}

  /** Handles one input line; prints any interrupt lines it caused, then its reply (nothing for a blank line). */
  handle(line: string): void {
    const cmd = parseQtestLine(line);
    if (cmd === null) return;
    this.commands++;
    if ('fail' in cmd) return this.reply({ fail: cmd.fail });
    try {
      const t = this.target;
      switch (cmd.op) {
        case 'clock_step': return this.reply(t.clockStep(cmd.ns), (v) => `OK ${v}`);
        case 'clock_set': return this.reply(t.clockSet(cmd.ns), (v) => `OK ${v}`);
        case 'read': return this.reply(t.read(cmd.addr, cmd.size), okRead);
        case 'write': return this.reply(t.write(cmd.addr, cmd.size, cmd.value));
        case 'in': return this.reply(t.portIn(cmd.addr, cmd.size), okIn);
        case 'out': return this.reply(t.portOut(cmd.addr, cmd.size, cmd.value));
        case 'set_irq_in': return this.reply(t.setIrqIn(cmd.path, cmd.name, cmd.num, cmd.level));
        case 'irq_intercept': return this.reply(t.intercept(cmd.dir, cmd.path, cmd.name));
        case 'cpu': return this.reply(t.selectCpu(cmd.index));
        case 'sysreg_read': return this.reply(t.sysregRead(cmd.name), okRead);
        case 'sysreg_write': return this.reply(t.sysregWrite(cmd.name, cmd.value));
      }
    } catch (e) {
      this.reply({ fail: `internal error: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private reply<T>(r: QtestResult<T>, ok: (v: T) => string = () => 'OK'): void {
    this.target.poll?.();
    if (typeof r === 'object' && r !== null && 'fail' in r) {
      this.failures++;
      this.out(`FAIL ${r.fail.replace(/\s+/g, ' ')}`);
    } else this.out(ok(r as T));
  }
}
