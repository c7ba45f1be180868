// "Who last wrote this register": the write stamps a register file keeps (core/registers.ts WriteStamps) read
// against the hop log. The writer is the hop most recently recorded when the write was made: for work a step does
// when it starts (the usual place a driver, KVM or the guest writes), the step's own hop, recorded just before.
import type { HopLog } from '../core/hopLog';
import type { RegisterFile } from '../core/registers';
import type { LastWriter } from '../../shared/protocol';

export function lastWriter(log: HopLog, file: RegisterFile, register: string): LastWriter | null {
  if (!file.has(register)) throw new Error(`${file.decl.title} has no register ${register}`);
  const st = file.stamps;
  if (!st) return null;
  const i = file.index(register);
  const simNs = st.ns[i]!;
  const hops = st.hops[i]!;
  if (simNs < 0) return null;
  if (hops === -2) return { simNs, hop: null, by: 'inspector', held: false };
  if (hops <= 0) return { simNs, hop: null, by: 'model', held: false };
  const seq = hops - 1;
  const firstHeld = log.total - log.held;
  if (seq < firstHeld) return { simNs, hop: { seq, kind: '', where: '', flow: 0, simNs: -1 }, by: 'model', held: false };
  const h = log.at(seq - firstHeld);
  return { simNs, hop: { seq, kind: h.kind, where: h.where, flow: h.flow, simNs: h.timeNs }, by: 'model', held: true };
}
