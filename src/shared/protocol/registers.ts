// Register files as the inspector sees them: decoded views, writes, search, watchpoints.
import type { Ns } from './run';

export type FieldAccess = 'rw' | 'ro' | 'w1c' | 'wo';

export interface FieldView {
  name: string;
  msb: number;
  lsb: number;
  access: FieldAccess;
  meaning: string;
  /** Hex string of the field's value. */
  value: string;
  /** Named value when the declaration names it (e.g. "level"). */
  valueName?: string;
}

export interface RegisterView {
  name: string;
  offset: number;
  width: number;
  /** Hex strings (values may exceed 2^53). */
  value: string;
  reset: string;
  meaning: string;
  fields: FieldView[];
}

export interface RegisterFileInfo {
  /** Unique path, e.g. "host/cpu0/lapic" or "vm0/vcpu1/vlapic". */
  id: string;
  /** Who owns it: "host" for physical, else the VM id. */
  owner: string;
  /** The device it belongs to, e.g. "cpu0", "nic0". */
  device: string;
  /** The register file's title, e.g. "Local APIC". */
  title: string;
  virtual: boolean;
  registerCount: number;
}

export interface ReadRegistersParams {
  file: string;
  /** First register index, default 0. */
  start?: number;
  /** How many, default all. */
  count?: number;
  /** Also answer who last wrote each register (what `lastWriter` answers), in `writers`. */
  writers?: boolean;
}

export interface ReadRegistersResult {
  file: RegisterFileInfo;
  simNs: Ns;
  registers: RegisterView[];
  /** With `writers`: each register's last writer, in the order of `registers`. */
  writers?: (LastWriter | null)[];
}

export interface WriteRegisterParams {
  file: string;
  register: string;
  /** Write only this field (read-modify-write of the register). */
  field?: string;
  /** Decimal or 0x-hex. */
  value: string;
}

export interface WriteRegisterResult {
  ok: boolean;
  message: string;
  register?: RegisterView;
}

export interface RegisterHit {
  file: string;
  fileTitle: string;
  owner: string;
  device: string;
  register: string;
  field?: string;
  meaning: string;
}

/** A register (or one of its fields) whose change, or match with a value, pauses a run. */
export interface WatchpointSpec {
  file: string;
  register: string;
  field?: string;
  /** 'change': any change of value; 'equals': the value becomes `value`. */
  when: 'change' | 'equals';
  /** Decimal or 0x-hex, for 'equals'. */
  value?: string;
}

/** The last write to a register (any write path: software writes and the hardware's own updates), and the hop. */
export interface LastWriter {
  simNs: Ns;
  /** The hop most recently recorded when the write was made (for a step's work, the step's own hop); null: the
   *  write came before any hop, or from the inspector. */
  hop: { seq: number; kind: string; where: string; flow: number; simNs: Ns } | null;
  /** "inspector" for a write made from the inspector, "model" otherwise. */
  by: 'model' | 'inspector';
  /** False when the hop has left the log's ring (only its seq is known). */
  held: boolean;
}
