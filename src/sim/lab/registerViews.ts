// Register files → the protocol's decoded views, and inspector writes through the declared access semantics.
import { activeFields, type RegisterFile } from '../core/registers';
import type { RegisterFileInfo, RegisterView, WriteRegisterResult } from '../../shared/protocol';

const hex = (v: bigint) => `0x${v.toString(16)}`;

export function fileInfo(f: RegisterFile): RegisterFileInfo {
  return { id: f.id, owner: f.owner, device: f.device, title: f.decl.title, virtual: f.virtual, registerCount: f.decl.registers.length };
}

export function registerView(f: RegisterFile, i: number): RegisterView {
  const d = f.decl.registers[i]!;
  const value = f.raw(i);
  return {
    name: d.name,
    offset: d.offset,
    width: d.width,
    value: hex(value),
    reset: hex(d.reset),
    meaning: d.meaning,
    // A register with variants (GICH_LR: HW = 0 / 1) decodes with the layout its selector picks now.
    fields: activeFields(d, value).map((fd) => {
      const v = fd.get(value);
      const named = fd.named(value);
      return { name: fd.name, msb: fd.msb, lsb: fd.lsb, access: fd.access, meaning: fd.meaning, value: hex(v), ...(named ? { valueName: named } : {}) };
    }),
  };
}

function parseValue(text: string): bigint | null {
  const t = text.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) return null;
  return BigInt(t);
}

/** A write from the inspector: the same software-write path a driver uses, so W1C clears and RO refuses. */
export function writeFromInspector(f: RegisterFile, register: string, field: string | undefined, text: string): WriteRegisterResult {
  if (!f.has(register)) return { ok: false, message: `${f.decl.title} has no register ${register}` };
  const i = f.index(register);
  const v = parseValue(text);
  if (v === null) return { ok: false, message: `"${text}" is not a number (decimal or 0x hex)` };
  let written = v;
  if (field !== undefined) {
    const fd = activeFields(f.decl.registers[i]!, f.raw(i)).find((x) => x.name === field);
    if (!fd) return { ok: false, message: `${register} has no field ${field}` };
    const width = fd.msb - fd.lsb + 1;
    if (v >= 1n << BigInt(width)) return { ok: false, message: `${v} does not fit ${register}.${field} (${width} bits)` };
    // Read-modify-write: other fields keep their value (W1C fields are written 0 so they are left alone).
    let base = f.raw(i);
    for (const other of activeFields(f.decl.registers[i]!, base)) if (other.access === 'w1c') base = other.set(base, 0);
    written = fd.set(base, v);
  } else if (v >= 1n << BigInt(f.decl.registers[i]!.width)) {
    return { ok: false, message: `${hex(v)} does not fit ${register} (${f.decl.registers[i]!.width} bits)` };
  }
  const out = f.write(i, written);
  const refused = out.refusedFields.length
    ? `; read-only field${out.refusedFields.length > 1 ? 's' : ''} ${out.refusedFields.join(', ')} left unchanged`
    : '';
  return {
    ok: out.refusedFields.length === 0,
    message: `${register}: ${hex(out.old)} → ${hex(out.value)}${refused}`,
    register: registerView(f, i),
  };
}

