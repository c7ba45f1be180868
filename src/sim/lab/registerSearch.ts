// Search by name across every register file: registers and fields whose name (or file title) contains the query.
import type { RegisterFile } from '../core/registers';
import type { RegisterHit } from '../../shared/protocol';

export function searchRegisters(files: readonly RegisterFile[], query: string, limit = 200): RegisterHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: RegisterHit[] = [];
  for (const f of files) {
    const base = { file: f.id, fileTitle: f.decl.title, owner: f.owner, device: f.device };
    for (const r of f.decl.registers) {
      if (r.name.toLowerCase().includes(q)) hits.push({ ...base, register: r.name, meaning: r.meaning });
      for (const fd of r.fields) {
        if (fd.name.toLowerCase().includes(q)) hits.push({ ...base, register: r.name, field: fd.name, meaning: fd.meaning });
      }
      if (hits.length >= limit) return hits.slice(0, limit);
    }
  }
  return hits;
}
