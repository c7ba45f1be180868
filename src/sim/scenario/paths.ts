// Paths into a scenario, written as users read them: vms[1].vcpus, costs["kvm.vmexit"].
export type PathSeg = string | number;

export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${seg.length <= 80 ? JSON.stringify(seg) : `${JSON.stringify(seg.slice(0, 80))}…`}]`;
  }
  return out || '(scenario)';
}

/** Parses "vms[0].delivery", 'costs["kvm.vmexit"]' or "costs[kvm.vmexit]"; null when malformed. */
export function parsePath(text: string): PathSeg[] | null {
  const out: PathSeg[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    if (s[i] === '[') {
      const close = s.indexOf(']', i);
      if (close < 0) return null;
      const inner = s.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^"[^"]*"$/.test(inner) || /^'[^']*'$/.test(inner)) out.push(inner.slice(1, -1));
      else if (inner.length > 0) out.push(inner);
      else return null;
      i = close + 1;
      if (s[i] === '.') i++;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(s.slice(i));
    if (!m) return null;
    out.push(m[0]);
    i += m[0].length;
    if (s[i] === '.') {
      i++;
      if (i >= s.length) return null;
    } else if (i < s.length && s[i] !== '[') return null;
  }
  return out.length > 0 ? out : null;
}
