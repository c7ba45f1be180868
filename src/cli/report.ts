// Human-readable CLI output: a run summary and register dumps.
import { formatNs } from '../sim/core/time';
import type { ReadRegistersResult, RunSummary, ScenarioIssue, WorkloadSummary } from '../shared/protocol';

export function formatIssue(label: string, i: ScenarioIssue): string {
  const at = i.line !== undefined ? `:${i.line}:${i.column ?? 1}` : '';
  return `${label}${at}: ${i.path}: ${i.message}`;
}

const pct = (p: RunSummary['latencyNs']) =>
  p.count === 0 ? 'n/a' : `p50 ${formatNs(p.p50)}  p90 ${formatNs(p.p90)}  p99 ${formatNs(p.p99)}  max ${formatNs(p.max)}`;

export function formatSummary(s: RunSummary): string {
  const lines: string[] = [];
  const f = s.flows;
  lines.push(`${s.scenario} (seed ${s.seed}): ${formatNs(s.simulatedNs)} simulated, ${s.events} events, ${s.hops} hops${s.hopsOverwritten ? ` (${s.hopsOverwritten} overwritten)` : ''}`);
  if (s.stoppedAtBudget) lines.push(`UNFINISHED ${s.stoppedAtBudget.message}`);
  lines.push(`flows      raised ${f.raised}  delivered ${f.delivered}  coalesced ${f.coalesced}  dropped ${f.dropped}  pending ${f.pending}`);
  lines.push(`latency    ${pct(s.latencyNs)}   (assertion → start of the servicing handler)`);
  lines.push(`completion ${pct(s.completionNs)}   (assertion → EOI / unmask)`);
  const ex = Object.entries(s.vmExits.byReason).map(([r, n]) => `${r} ${n}`).join(', ');
  lines.push(`VM exits   ${s.vmExits.total}${ex ? ` (${ex})` : ''}${f.raised ? `, ${(s.vmExits.total / f.raised).toFixed(2)} per flow` : ''}`);
  lines.push(`CPU time   host ${formatNs(s.cpuNs.hostNs)} (${formatNs(s.cpuNs.hostNsPerFlow)} per flow)  guest ${formatNs(s.cpuNs.guestNs)}  wire ${formatNs(s.cpuNs.wireNs)}`);
  for (const [vm, v] of Object.entries(s.perVm)) {
    if (v.flows.raised === 0) continue;
    lines.push(`  ${vm.padEnd(8)} flows ${v.flows.raised}  latency ${pct(v.latencyNs)}  exits ${v.vmExits.total}  host CPU ${formatNs(v.cpuNs.hostNsPerFlow)}/flow`);
  }
  if (s.gvt) {
    const g = s.gvt;
    lines.push(`GVT-g      hostInjection ${g.hostInjection}  pirqs ${g.pirqs}  guest traps ${g.guestTraps}  host hooks ${g.hostHooks}  nested emulations ${g.nestedEmulations} (${g.nestedAccesses} accesses)`);
    for (const [vm, v] of Object.entries(g.perVm)) {
      const masked = Object.entries(v.maskedByEvent).map(([e, n]) => `${e} ${n}`).join(', ');
      lines.push(`  ${vm.padEnd(8)} fan-out delivered ${v.delivered}  masked ${v.masked}${masked ? ` (${masked})` : ''}  coalesced ${v.coalesced}  vblank ${v.vblank.delivered}/${v.vblank.masked}/${v.vblank.coalesced}  injections ${v.injections}  PV INFO ${v.pvInfo}, ${v.fences} fences`);
    }
  }
  if (s.renderLoops) {
    const r = s.renderLoops;
    const sched = r.scheduler ? `, scheduler ${r.scheduler.policy} (${r.scheduler.switches} switches)` : '';
    lines.push(`render     ${r.native ? 'native' : 'mediated'}: ${r.totalFramesPerSec} frames/s in all${sched}`);
    for (const [vm, v] of Object.entries(r.perVm)) {
      lines.push(`  ${vm.padEnd(8)} ${v.framesPerSec} frames/s  (${v.completed} frames, ${formatNs(v.meanFrameNs)} submit → handled, ${v.flips} flips, ${v.vblanks} vblanks)`);
    }
  }
  if (s.display) {
    const d = s.display;
    lines.push(`display    raised ${d.raised} = consumed ${d.consumed} + misattributed ${d.misattributed} + lost ${d.lost}  (${d.wakeups} wake-ups, ${d.stalls} stalls, ${s.gvt?.displayIrq ?? ''})`);
  }
  lines.push(...formatWorkloads(s));
  lines.push('time per hop kind:');
  const kinds = Object.entries(s.hopTimeNs).sort((a, b) => b[1].totalNs - a[1].totalNs);
  for (const [k, v] of kinds) {
    lines.push(`  ${k.padEnd(24)} ${String(v.count).padStart(8)} hops  ${formatNs(v.totalNs).padStart(10)} total  ${formatNs(Math.round(v.totalNs / v.count)).padStart(8)} each`);
  }
  for (const f of s.setupFailures ?? []) lines.push(`SETUP FAILED at ${formatNs(f.atNs)}: ${f.device}: ${f.call}: ${f.error}`);
  for (const st of s.stuck.slice(0, 20)) lines.push(`STUCK flow ${st.flow} (${st.source} → ${st.vm}): ${st.reason}`);
  if (s.stuck.length > 20) lines.push(`… and ${s.stuck.length - 20} more stuck flows`);
  lines.push(`logHash ${s.logHash}`);
  return lines.join('\n');
}

export function formatRegisters(r: ReadRegistersResult): string {
  const f = r.file;
  const lines = [`${f.id}  ${f.title}${f.virtual ? ' (virtual)' : ''}`];
  for (const reg of r.registers) {
    const fields = reg.fields
      .map((x) => `${x.name}=${x.value}${x.valueName ? `(${x.valueName})` : ''}`)
      .join(' ');
    lines.push(`  0x${reg.offset.toString(16).padStart(3, '0')} ${reg.name.padEnd(12)} ${reg.value.padStart(18)}  ${fields}`);
  }
  return lines.join('\n');
}

const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

/** Throughput of each device with a workload, and the bare-metal twin's figures with "% of bare metal". */
export function formatWorkloads(s: RunSummary): string[] {
  const lines: string[] = [];
  const one = (w: WorkloadSummary): string => {
    const head = `${w.device} (${w.kind}, ${w.owner})`;
    const irqs = `interrupts ${rate(w.interruptsPerSec)}/s (${w.handlerRuns} handler runs)`;
    if (w.rr) {
      const l = w.rr.latencyNs;
      return `${head}: ${rate(w.rr.transactionsPerSec)} transactions/s, ${w.rr.clients} client${w.rr.clients > 1 ? 's' : ''}  latency mean ${formatNs(l.mean)} p50 ${formatNs(l.p50)} p99 ${formatNs(l.p99)}  ${irqs}  exits/transaction ${w.rr.exitsPerTransaction.toFixed(2)}`;
    }
    const st = w.stream!;
    return `${head}: ${st.gbps.toFixed(2)} Gbit/s of ${st.offeredGbps} offered, ${rate(st.packetsPerSec)} packets/s  ${irqs}  ${st.packetsPerInterrupt.toFixed(1)} packets/handler run  drops ${st.drops}  polls ${st.polls}  exits/interrupt ${st.exitsPerInterrupt.toFixed(2)}`;
  };
  const ws = Object.values(s.workloads ?? {});
  if (ws.length) lines.push('throughput:');
  for (const w of ws) lines.push(`  ${one(w)}`);
  const bm = s.bareMetal;
  if (bm) {
    lines.push(`bare metal (${bm.scenario}, logHash ${bm.logHash}):`);
    for (const w of Object.values(bm.workloads)) {
      const p = bm.pctOfBareMetal[w.device];
      const vs = p ? `  → this run: ${p.throughput.toFixed(1)} % of bare-metal throughput${p.latencyMean !== undefined ? `, latency ${p.latencyMean.toFixed(1)} % (p99 ${p.latencyP99!.toFixed(1)} %)` : ''}` : '';
      lines.push(`  ${one(w)}${vs}`);
    }
  }
  return lines;
}
