// virq: the headless runner. Same lab as the app, in-process.
import { z } from 'zod';
import { Lab } from '../sim/lab/lab';
import { SetPathError } from '../sim/scenario/overrides';
import { ScenarioSchema } from '../sim/scenario/schema';
import { loadScenario } from '../sim/scenario/validate';
import { PresetCatalog } from '../labhost/presetCatalog';
import { formatNs, parseDuration } from '../sim/core/time';
import { MAX_DURATION_NS } from '../sim/scenario/fields';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { EXIT, failure } from './exitCodes';
import { formatIssue, formatRegisters, formatSummary } from './report';
import { formatDot, formatGraph } from './graphReport';
import { formatCosts } from './costsReport';
import { presets, readScenarioInput } from './scenarioInput';
import { createInterface } from 'node:readline';
import { openQtest } from '../sim/lab/qtest/qtest';
import { flowPath } from '../sim/lab/flowPath';
import { HopLog } from '../sim/core/hopLog';
import { sweepCommand } from './sweep/sweepCommand';
import { reproduceCommand } from './reproduce/reproduceCommand';
import { traceCsv } from './traceCsv';
import { runSummaryCsv } from '../shared/csv/summaryCsv';
import { catalogRank } from '../shared/compareRows';
import { hopCatalog } from '../sim/lab/machineViews';
import { labFromSnapshotFile, writeSnapshotAt } from './snapshotFiles';

const HELP = `virq — vIRQ Lab headless runner

  virq presets [--json]                 list the shipped presets (name, description; --json adds seeds and switches)
  virq validate FILE|PRESET             check a scenario: exit 0, or exit 1 with one "path: problem" per line
  virq run FILE|PRESET [options]        run headless and print the summary (a run over a second shows its progress on a
                                        terminal's stderr; Ctrl-C stops it)
      --seed N                          override the scenario's seed
      --until T                         sources stop raising at T (e.g. 20ms; default: the scenario's duration), then the run drains
      --set path=value                  override a field, e.g. --set vms[0].idle=halt --set 'costs["kvm.vmexit"]=1500 cycles' (repeatable)
      --max-events N                    the run's event budget (default 200000000, also for regs, trace, path, graph): a run
                                        that reaches it stops there, says so on stderr and in the summary (stoppedAtBudget)
      --native                          run the bare-metal twin instead (every NIC a VM owns on a native host driver, no VM
                                        for it; the same as --set native=true)
      --bare-metal                      also run the twin and report "% of bare metal" (done by default when a device a
                                        VM owns has a workload)
      --json                            one JSON object: scenario, seed, simulatedNs, events, hops, flows, latencyNs, completionNs, vmExits, perVm,
                                        workloads (throughput of devices with a workload), bareMetal, logHash, …
      --csv                             the summary as CSV: section,name,value,unit, one row per figure (the rows of the
                                        app's Compare table, for one run; units ns, count, rate, pct; empty: no value)
      --snapshot-at T --snapshot-out FILE
                                        write a snapshot of the run at simulated time T (every event up to T) to FILE, then
                                        run on to the end as usual
      --log-budget SIZE                 memory for the hop log, e.g. 64MB (default: the scenario's log.capacity, 1,000,000
                                        hops ≈ 32 MB); the newest hops are kept, the summary stays exact
  virq run --from-snapshot FILE [--json|--csv]
                                        resume a run from a snapshot: restored by deterministic re-execution (the same
                                        text and options run to the same event, checked against the snapshot's log hash;
                                        a snapshot that does not reach it is refused, exit 2), then run to the end
  virq regs FILE|PRESET [--until T] [--set …] [--json]
                                        every register file (physical and each VM's virtual ones), decoded, at simulated time T (default: end of run)
  virq trace FILE|PRESET [--from T] [--to T] [--max N] [--seed N] [--set …] [--csv]
                                        run, then print the log as Chrome Trace Event JSON (open it in ui.perfetto.dev):
                                        a process per VM, a thread per CPU/vCPU/device, arrows along each interrupt
      --csv                             the log as CSV instead: timeNs,durNs,kind,where,flow,vm,detail, a row per hop
                                        from --from to --to (both included), oldest first, at most --max (default
                                        500000, the app's Log export cap; the JSON's is 200000); flow empty for none
  virq path FILE|PRESET --flow N|--kind K [--seed N] [--set …]
                                        run, then print interrupt N's hops (or every hop of kind K) in order, one per
                                        line: where (CPU, vCPU or device), hop kind, detail, [+ns since the first] —
                                        the context each step ran in (the conformance suite's *.path checks read this)
  virq graph FILE|PRESET [--dot|--json] [--until T] [--set …]
                                        the built machine as a graph of named ports: each device's chain of wires to the
                                        handlers it reaches, then every part's wires; --dot for Graphviz (a cluster per
                                        VM), --json for {nodes, edges}. Read once every driver has loaded (some wires are
                                        made then: VFIO_DEVICE_SET_IRQS, KVM_IRQFD, request_irq), or at --until T
  virq qtest FILE|PRESET [--vm N [--vcpu M]] [--sources] [--set …]
                                        QEMU's qtest protocol on stdin/stdout: one command per line (clock_step [NS],
                                        clock_set NS, read{b,w,l,q} ADDR, write{b,w,l,q} ADDR VALUE, in{b,w,l}/out{b,w,l},
                                        set_irq_in PATH unnamed-gpio-in N LEVEL, irq_intercept_in|out PATH, and ours:
                                        cpu M), each answered "OK …" or "FAIL reason"; interrupts a CPU takes print as
                                        "IRQ raise <vector|INTID> cpu <n>". The machine starts with every driver loaded
                                        and its sources quiet (--sources lets them run). Without --vm: host-physical
                                        addresses; with --vm N: VM N's guest-physical ones, from its vCPU M.
                                        Address map — x86: IOAPIC 0xfec00000 (IOREGSEL +0x0, IOWIN +0x10), LAPIC
                                        0xfee00000 (banked per CPU), host PCI config ports 0xcf8/0xcfc, a GPU's (or the
                                        VM's vGPU's) BAR0 from 0xe0000000 (PV INFO page at +0x78000); inputs "ioapic"
                                        (pin = GSI) and, on the host, each INTx device by id.
                                        arm (QEMU virt): GICD 0x08000000, GICC 0x08010000, GICH 0x08030000, GICV 0x08040000,
                                        GICR 0x080a0000 (v3); input "gic" (N = SPI INTID). Details: docs/conformance.md
  virq sweep FILE|PRESET --vary PATH=V1,V2,… | --vary PATH=FROM..TO:N[log] … [options]
                                        run a grid (every combination of the varied parameters, the first outermost)
                                        at --seeds N seeds each; one row per point with each metric's mean and 95 %
                                        interval, in grid order (the same bytes with any --jobs or --shard)
      --metric PATH                     a summary figure, as virq run --json names it (repeatable; default:
                                        latencyNs.p50/p99, completionNs.p50/p99, vmExits.total, cpuNs.hostNsPerFlow,
                                        flows.delivered/coalesced/dropped), e.g. perVm.vm0.latencyNs.p99,
                                        hopTimeNs.kvm.vmexit.totalNs
      --seeds N  --seed S               N seeds from S (default: the scenario's seed)
      --jobs N                          runs at once: N worker threads, 1 in this thread (default: the number of cores)
      --csv | --jsonl                   output format (default CSV)
      --out FILE                        write there; run again with the same FILE to resume (points there are skipped)
      --shard I/N                       only the points whose index is I mod N (0 ≤ I < N), for a cluster's job array
      --until T, --set path=value       as for virq run
  virq sweep merge FILES… [--out FILE]  join shard outputs into the file a single run writes
  virq reproduce [CLAIM…] [options]     run each published claim (ELI, PV EOI, VFIO INTx under split irqchip, seed 003's
                                        masking, gVirt …) on its preset with the default costs and print: the paper's
                                        figure, the lab's (mean ± 95 % interval over seeds), a verdict (reproduced /
                                        direction only / not reproduced), and which estimated costs change the verdict
                                        when moved across their ranges
      --seed N  --seeds N               first seed and seeds per side (default 1 and 5)
      --jobs N                          runs at once: N worker threads, 1 in this thread (default: the number of cores)
      --json | --markdown               the report as JSON, or as docs/validation.md's Markdown
      --write                           regenerate docs/validation.md and resources/validation.json (the app's page)
  virq costs FILE|PRESET [--set …] [--json]
                                        the costs the scenario runs with: every catalog entry's figure in use and in ns
                                        at its host clock, the default where overridden (*), the plausible range of an
                                        estimate (~) and where the figure comes from; --json: {scenario, cpuGhz, costs}
  virq schema                           print the scenario JSON Schema

Exit codes: 0 ok, 1 invalid scenario, 2 usage error (unknown preset, unreadable file, bad --set path or value),
3 internal error (a bug: one line to report with the command line; VIRQ_DEBUG=1 prints the stack).`;

/** A run's progress on a terminal's stderr once it has taken a second (simulated time, events/s); Ctrl-C stops it. */
function runProgress(): ((lab: Lab) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const t0 = performance.now();
  let shown = false;
  return (lab) => {
    const ms = performance.now() - t0;
    if (ms < 1000) return;
    const until = lab.untilNs;
    const pct = until > 0 ? Math.min(100, Math.floor((lab.sim.now / until) * 100)) : 0;
    process.stderr.write(`\rvirq: ${pct}% of ${formatNs(until)} simulated · ${(lab.sim.events / ms / 1000).toFixed(2)} M events/s · Ctrl-C stops\x1b[K`);
    shown = true;
    if (lab.finished && shown) process.stderr.write('\n');
  };
}

/** --log-budget 64MB: the hop ring's capacity for that many bytes (the summary stays exact; older hops are dropped). */
function logBudgetSet(a: ParsedArgs): void {
  const t = a.options.get('log-budget');
  if (t === undefined) return;
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(k|K|M|G)?i?B?$/.exec(t.trim());
  if (!m) throw new UsageError(`--log-budget needs a size such as 64MB or 1GB, got "${t.slice(0, 40)}"`);
  const bytes = Number(m[1]) * ({ k: 1e3, K: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1);
  const hops = Math.floor(bytes / HopLog.BYTES_PER_HOP);
  if (hops < 1000 || hops > 50_000_000) throw new UsageError(`--log-budget ${t}: ${hops} hops; the ring holds 1,000 to 50,000,000 hops (${HopLog.BYTES_PER_HOP} bytes each)`);
  a.sets.push(['log.capacity', String(hops)]);
}

/** Loads FILE|PRESET with --seed/--until/--set; `sources` false keeps the sources quiet (`virq qtest`). */
function load(a: ParsedArgs, untilForSources: boolean, sources = true): Lab {
  logBudgetSet(a);
  if (a.flags.has('native')) a.sets.push(['native', 'true']);
  const input = readScenarioInput(a.positional[1]);
  const seedText = a.options.get('seed');
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new UsageError(`--seed needs a non-negative integer, got "${seedText}"`);
  const untilText = a.options.get('until');
  const until = untilText === undefined ? undefined : parseDuration(untilText);
  if (until === null || (until !== undefined && until > MAX_DURATION_NS)) throw new UsageError(`--until needs a duration 0ns..${formatNs(MAX_DURATION_NS)} such as 20ms, got "${untilText}"`);
  const maxText = a.options.get('max-events');
  const maxEvents = maxText === undefined ? undefined : Number(maxText);
  if (maxEvents !== undefined && !(/^\d+$/.test(maxText!) && Number.isSafeInteger(maxEvents) && maxEvents >= 1)) {
    throw new UsageError(`--max-events needs a positive integer, got "${maxText}"`);
  }
  let r;
  try {
    r = Lab.load(input.text, { seed, set: Object.fromEntries(a.sets), untilNs: untilForSources ? until : undefined, sources, maxEvents,
      ...(a.flags.has('bare-metal') ? { bareMetal: true } : {}) });
  } catch (e) {
    if (e instanceof SetPathError) throw new UsageError(e.message);
    throw e;
  }
  if (!r.ok) {
    for (const i of r.issues) console.error(formatIssue(input.label, i));
    process.exit(EXIT.invalid);
  }
  return r.lab;
}

/** `virq run`'s lab: loaded (and snapshotted at --snapshot-at), or restored from --from-snapshot. */
function runLab(a: ParsedArgs): Lab {
  const from = a.options.get('from-snapshot');
  if (from !== undefined) {
    const extra = [...a.positional.slice(1), ...['seed', 'until', 'max-events', 'log-budget', 'snapshot-at'].filter((o) => a.options.has(o)).map((o) => `--${o}`),
      ...(a.sets.length ? ['--set'] : [])];
    if (extra.length) throw new UsageError(`--from-snapshot takes the scenario and its options from the snapshot: drop ${extra.join(', ')}`);
    return labFromSnapshotFile(from);
  }
  const atText = a.options.get('snapshot-at');
  const out = a.options.get('snapshot-out');
  if ((atText === undefined) !== (out === undefined)) throw new UsageError('--snapshot-at T and --snapshot-out FILE go together');
  const lab = load(a, true);
  if (atText !== undefined) {
    const at = parseDuration(atText);
    if (at === null) throw new UsageError(`--snapshot-at needs a duration such as 2ms, got "${atText}"`);
    writeSnapshotAt(lab, at, out!);
  }
  return lab;
}

/** Once a command has run its lab: a run cut at its event budget says so on stderr (its output covers the run so far). */
function sayIfStopped(lab: Lab): void {
  if (lab.stoppedAtBudget) console.error(`virq: ${lab.summary().stoppedAtBudget!.message} (raise it with --max-events)`);
}

function main(argv: string[]): number | Promise<number> {
  const a = parseArgs(argv);
  const cmd = a.positional[0];
  const json = a.flags.has('json');
  switch (cmd) {
    case 'presets': {
      const list = new PresetCatalog(presets()).list();
      if (json) console.log(JSON.stringify(list, null, 2));
      else for (const p of list) console.log(`${p.name.padEnd(20)} ${p.description.split(/(?<=\.)\s/)[0]}`);
      return 0;
    }
    case 'validate': {
      const input = readScenarioInput(a.positional[1]);
      const r = loadScenario(input.text);
      if (r.ok) { console.log(`${input.label}: ok`); return 0; }
      for (const i of r.issues) console.log(formatIssue(input.label, i));
      return 1;
    }
    case 'run': {
      const lab = runLab(a);
      const s = lab.runToEnd(runProgress());
      if (a.flags.has('csv')) process.stdout.write(runSummaryCsv(s, catalogRank(hopCatalog())));
      else console.log(json ? JSON.stringify(s, null, 2) : formatSummary(s));
      sayIfStopped(lab);
      return 0;
    }
    case 'regs': {
      const lab = load(a, false);
      const untilText = a.options.get('until');
      if (untilText !== undefined) lab.advance(Number.MAX_SAFE_INTEGER, parseDuration(untilText)!);
      else lab.runToEnd();
      sayIfStopped(lab);
      const files = lab.registerFiles().map((f) => lab.readRegisters({ file: f.id }));
      if (json) console.log(JSON.stringify({ simNs: lab.sim.now, files }, null, 2));
      else console.log(`at ${lab.sim.now} ns\n\n${files.map(formatRegisters).join('\n\n')}`);
      return 0;
    }
    case 'trace': {
      const lab = load(a, true);
      lab.runToEnd();
      sayIfStopped(lab);
      const dur = (name: string) => {
        const t = a.options.get(name);
        if (t === undefined) return undefined;
        const ns = parseDuration(t);
        if (ns === null) throw new UsageError(`--${name} needs a duration such as 2ms, got "${t}"`);
        return ns;
      };
      const maxText = a.options.get('max');
      const maxHops = maxText === undefined ? undefined : Number(maxText);
      if (maxHops !== undefined && (!Number.isInteger(maxHops) || maxHops < 1)) throw new UsageError(`--max needs a positive integer, got "${maxText}"`);
      if (a.flags.has('csv')) return traceCsv(lab, { fromNs: dur('from'), toNs: dur('to'), maxHops });
      const trace = lab.chromeTrace({ fromNs: dur('from'), toNs: dur('to'), maxHops });
      if (trace.otherData.truncated) console.error(`virq: trace cut at ${trace.otherData.hopsExported} of ${trace.otherData.hopsInWindow} hops in the window (use --from/--to or --max)`);
      console.log(JSON.stringify(trace));
      return 0;
    }
    case 'path': {
      const flowText = a.options.get('flow');
      const kind = a.options.get('kind');
      if (kind === undefined && (flowText === undefined || !/^[1-9]\d*$/.test(flowText))) throw new UsageError(`path needs --flow N (a flow number, 1 or more) or --kind K, got ${flowText === undefined ? 'none' : `"${flowText}"`}`);
      const lab = load(a, true);
      lab.runToEnd();
      sayIfStopped(lab);
      const lines = flowPath(lab, kind === undefined ? Number(flowText) : { kind });
      if (lines.length === 0) throw new UsageError(kind === undefined ? `flow ${flowText} has no hops in this run` : `no hop of kind "${kind}" in this run`);
      for (const l of lines) console.log(l);
      return 0;
    }
    case 'graph': {
      const lab = load(a, false);
      const untilText = a.options.get('until');
      let when = 'every driver loaded';
      if (untilText !== undefined) {
        const until = parseDuration(untilText);
        if (until === null) throw new UsageError(`--until needs a duration such as 2ms, got "${untilText}"`);
        lab.advance(Number.MAX_SAFE_INTEGER, until);
        when = `at ${untilText}`;
      } else lab.runSetup();
      sayIfStopped(lab);
      const g = lab.machineGraph();
      if (json) console.log(JSON.stringify(g, null, 2));
      else if (a.flags.has('dot')) console.log(formatDot(lab.scenario.name, g));
      else console.log(formatGraph(lab.scenario.name, g, lab.scenario.devices.map((d) => d.id), when));
      return 0;
    }
    case 'qtest': {
      const lab = load(a, false, a.flags.has('sources'));
      const num = (name: string) => {
        const t = a.options.get(name);
        if (t === undefined) return undefined;
        if (!/^\d+$/.test(t)) throw new UsageError(`--${name} needs a non-negative integer, got "${t}"`);
        return Number(t);
      };
      const vm = num('vm');
      const vcpu = num('vcpu');
      let opened;
      try {
        opened = openQtest(lab, { vm, vcpu }, (l) => process.stdout.write(`${l}\n`));
      } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
      const { session } = opened;
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
      rl.on('line', (line) => session.handle(line));
      rl.on('close', () => { process.exitCode = 0; });
      return 0;
    }
    case 'costs': {
      const lab = load(a, false, false);
      const c = lab.costsInUse();
      console.log(json ? JSON.stringify(c, null, 2) : formatCosts(c));
      return 0;
    }
    case 'sweep':
      return sweepCommand(a);
    case 'reproduce':
      return reproduceCommand(a);
    case 'schema':
      console.log(JSON.stringify(z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }), null, 2));
      return 0;
    case undefined:
    case 'help':
      console.log(HELP);
      return 0;
    default:
      throw new UsageError(`unknown command "${cmd}" (try: virq help)`);
  }
}

function failed(e: unknown): void {
  const f = failure(e, process.env);
  console.error(f.text);
  process.exitCode = f.code;
}

// `virq qtest` handles its input in callbacks, `virq sweep` in promises: an exception there ends the run the same way.
process.on('uncaughtException', (e) => { failed(e); process.exit(); });
process.on('unhandledRejection', (e) => { failed(e); process.exit(); });
try {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => { process.exitCode = c; }, failed);
} catch (e) {
  failed(e);
}
