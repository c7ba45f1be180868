// Scenario text → a validated Scenario, or every problem at once, each with its path and line.
import { COSTS } from '../core/catalog/costs';

/** Linux's vector for an IO-APIC pin in this model (see wire/intxDevice.ts). */
export const INTX_VECTOR = (pin: number) => 0x60 + pin;
import type { ScenarioIssue } from '../../shared/protocol';
import { applySet } from './overrides';
import { formatPath, type PathSeg } from './paths';
import { ScenarioSchema, type Scenario } from './schema';
import { quote } from './fields';
import { checkGvt } from './gvtValidate';
import { checkWorkloads } from './workloadValidate';
import { checkFaults } from './faultValidate';
import { checkVmm } from './vmmValidate';
import { parseSource } from './source';

export type LoadOutcome = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

export interface LoadOptions {
  seed?: number;
  /** `--set` overrides, path text → value text. Throws SetPathError for a path the schema does not have. */
  set?: Record<string, string>;
}

/** The longest scenario text read (the app opens files up to this size too): parsing takes ~35 bytes a character. */
export const MAX_SCENARIO_CHARS = 16 * 1024 * 1024;

export function loadScenario(text: string, opts: LoadOptions = {}): LoadOutcome {
  if (text.length > MAX_SCENARIO_CHARS) {
    return { ok: false, issues: [{ path: '(text)', message: `the text has ${text.length} characters; a scenario has at most ${MAX_SCENARIO_CHARS}`, line: 1, column: 1 }] };
  }
  const src = parseSource(text);
  if (src.syntaxErrors.length) {
    return { ok: false, issues: src.syntaxErrors.map((e) => ({ path: '(text)', message: e.message, line: e.line, column: e.column })) };
  }
  const data = src.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, issues: [{ path: '(scenario)', message: 'expected a mapping of scenario fields', line: 1, column: 1 }] };
  }
  for (const [p, v] of Object.entries(opts.set ?? {})) applySet(data, p, v);
  if (opts.seed !== undefined) (data as Record<string, unknown>).seed = opts.seed;

  const parsed = ScenarioSchema.safeParse(data, { reportInput: true });
  const issue = (path: readonly PathSeg[], message: string): ScenarioIssue => ({
    path: formatPath(path), message, ...src.locate(path),
  });
  if (!parsed.success) {
    return {
      ok: false,
      issues: capped(parsed.error.issues, (i) => {
        const path = i.path.filter((s): s is PathSeg => typeof s !== 'symbol');
        if (i.code === 'unrecognized_keys') {
          const listed = i.keys.slice(0, 10).map(quote).join(', ');
          return issue(path, `unknown field${i.keys.length > 1 ? 's' : ''} ${listed}${i.keys.length > 10 ? ` and ${i.keys.length - 10} more` : ''}`);
        }
        return issue(path, i.message);
      }),
    };
  }
  const problems = capped(crossCheck(parsed.data), ([p, m]) => issue(p, m));
  return problems.length ? { ok: false, issues: problems } : { ok: true, scenario: parsed.data };
}

/** At most this many issues are reported (each is located in the text: thousands of them would take long). */
export const MAX_ISSUES = 100;

function capped<T>(all: readonly T[], toIssue: (t: T) => ScenarioIssue): ScenarioIssue[] {
  const out = all.slice(0, MAX_ISSUES).map(toIssue);
  if (all.length > MAX_ISSUES) out.push({ path: '(scenario)', message: `${all.length - MAX_ISSUES} more problems not listed (fix these first)` });
  return out;
}

/** What the schema alone cannot say: references between fields and the skeleton's placement limits. */
function crossCheck(s: Scenario): [PathSeg[], string][] {
  const out: [PathSeg[], string][] = [];
  const vmIds = new Set<string>();
  const ids = new Set<string>();
  s.vms.forEach((vm, i) => {
    if (vmIds.has(vm.id) || vm.id === 'host') out.push([['vms', i, 'id'], `VM id "${vm.id}" is used twice or reserved`]);
    vmIds.add(vm.id);
    if (vm.pinning && vm.pinning.length !== vm.vcpus) {
      out.push([['vms', i, 'pinning'], `expected ${vm.vcpus} pCPU numbers (one per vCPU), got ${vm.pinning.length}`]);
    }
  });
  // Each vCPU needs a pCPU of its own, unless the host schedules vCPU threads (host.sched, x86).
  const shared = s.host.sched !== undefined && s.platform === 'x86';
  if (s.host.sched && s.platform !== 'x86') out.push([['host', 'sched'], 'vCPU scheduling is modelled on x86 hosts only']);
  if (s.host.haltPollNs > 0 && s.platform !== 'x86') out.push([['host', 'haltPollNs'], 'halt-polling is modelled on x86 hosts only']);
  const taken = new Map<number, string>();
  s.vms.forEach((vm, i) => {
    for (let c = 0; c < vm.vcpus; c++) {
      const p = vm.pinning?.[c] ?? defaultPcpu(s, i, c);
      const at: PathSeg[] = vm.pinning ? ['vms', i, 'pinning', c] : ['vms', i, 'vcpus'];
      if (p >= s.host.cpus) out.push([at, `vCPU ${c} needs pCPU ${p}, but host.cpus is ${s.host.cpus}`]);
      else if (taken.has(p) && !shared) out.push([at, `pCPU ${p} already runs ${taken.get(p)} (one vCPU per pCPU unless a host.sched section lets vCPUs share it)`]);
      else taken.set(p, `${vm.id}.vcpu${c}`);
    }
  });
  s.devices.forEach((d, i) => {
    const armIrq = d.irq === 'spi';
    if (s.platform === 'arm' && !armIrq) out.push([['devices', i, 'irq'], `an arm host signals with spi (a GIC SPI); got ${d.irq}`]);
    if (s.platform === 'x86' && armIrq) out.push([['devices', i, 'irq'], 'spi needs platform: arm']);
  });
  if (s.platform === 'arm') s.vms.forEach((vm, i) => {
    if (vm.delivery === 'posted') out.push([['vms', i, 'delivery'], 'posted delivery is x86 (VT-d); an arm host delivers through the vGIC']);
  });
  const spis = new Map<number, string>();
  s.devices.forEach((d, i) => {
    if (d.irq !== 'spi') return;
    if (spis.has(d.spi)) out.push([['devices', i, 'spi'], `INTID ${d.spi} is already ${spis.get(d.spi)}'s (SPIs are not shared here)`]);
    spis.set(d.spi, d.id);
  });
  const vectors = new Set<string>();
  const pinOwner = new Map<number, number>();
  s.devices.forEach((d, i) => { if (d.irq === 'intx' && !pinOwner.has(d.pin)) pinOwner.set(d.pin, i); });
  s.devices.forEach((d, i) => {
    if (ids.has(d.id)) out.push([['devices', i, 'id'], `device id "${d.id}" is used twice`]);
    ids.add(d.id);
    if (d.owner !== 'host' && !vmIds.has(d.owner)) {
      out.push([['devices', i, 'owner'], `expected "host" or one of the VM ids (${[...vmIds].join(', ') || 'none'}), got "${d.owner}"`]);
    }
    if (d.hostCpu >= s.host.cpus) out.push([['devices', i, 'hostCpu'], `expected a pCPU below host.cpus (${s.host.cpus}), got ${d.hostCpu}`]);
    if (d.hostCpus) {
      if (d.irq !== 'msix') out.push([['devices', i, 'hostCpus'], 'hostCpus places MSI-X vectors; use hostCpu for one vector or a line']);
      else if (d.hostCpus.length !== d.vectors) out.push([['devices', i, 'hostCpus'], `expected ${d.vectors} pCPU numbers (one per vector), got ${d.hostCpus.length}`]);
      d.hostCpus.forEach((c, k) => { if (c >= s.host.cpus) out.push([['devices', i, 'hostCpus', k], `expected a pCPU below host.cpus (${s.host.cpus}), got ${c}`]); });
    }
    if (d.irq === 'msi' || d.irq === 'msix') {
      const n = d.irq === 'msix' ? d.vectors : 1;
      if (d.hostVector + n - 1 > 0xef) out.push([['devices', i, 'vectors'], `host vectors 0x${d.hostVector.toString(16)}..0x${(d.hostVector + n - 1).toString(16)} run past 0xEF`]);
      if (d.guestVector + n - 1 > 0xef) out.push([['devices', i, 'vectors'], `guest vectors 0x${d.guestVector.toString(16)}..0x${(d.guestVector + n - 1).toString(16)} run past 0xEF`]);
      for (let k = 0; k < n; k++) {
        const cpu = d.hostCpus?.[k] ?? d.hostCpu;
        const key = `${cpu}:${d.hostVector + k}`;
        if (vectors.has(key)) out.push([['devices', i, 'hostVector'], `vector 0x${(d.hostVector + k).toString(16)} on cpu${cpu} is taken by another device`]);
        vectors.add(key);
      }
      for (let k = 0; k < n; k++) {
        const cpu = d.hostCpus?.[k] ?? d.hostCpu;
        const pinCpu = [...pinOwner.entries()].find(([pin, j]) => INTX_VECTOR(pin) === d.hostVector + k && s.devices[j]!.hostCpu === cpu);
        if (pinCpu) out.push([['devices', i, 'hostVector'], `vector 0x${(d.hostVector + k).toString(16)} on cpu${cpu} is IO-APIC pin ${pinCpu[0]}'s`]);
      }
    } else if (d.irq === 'intx') {
      const first = s.devices[pinOwner.get(d.pin)!]!;
      if (first.hostCpu !== d.hostCpu) out.push([['devices', i, 'hostCpu'], `pin ${d.pin} is routed to cpu${first.hostCpu} by ${first.id}; its sharers must use that CPU too`]);
      if (!d.pci23 && d.owner !== 'host' && d.intxMasking !== 'line') {
        out.push([['devices', i, 'intxMasking'], 'a function without PCI 2.3 INTx Disable can only be masked at the line']);
      }
    }
    const vm = s.vms.find((v) => v.id === d.owner);
    if (vm && d.guestVcpu >= vm.vcpus) out.push([['devices', i, 'guestVcpu'], `expected a vCPU of ${vm.id} (0..${vm.vcpus - 1}), got ${d.guestVcpu}`]);
  });
  for (const key of Object.keys(s.costs)) {
    const [name, scope] = key.split('@') as [string, string | undefined];
    if (!Object.hasOwn(COSTS, name)) out.push([['costs', key], out.length < MAX_ISSUES ? unknownCost(name) : `unknown cost entry ${quote(name)}`]);
    else if (scope !== undefined && !ids.has(scope) && !vmIds.has(scope)) out.push([['costs', key], `${quote(`@${scope}`)} names no device or VM`]);
  }
  out.push(...checkGvt(s));
  out.push(...checkWorkloads(s));
  out.push(...checkVmm(s));
  out.push(...checkFaults(s));
  return out;
}

/** "unknown cost entry …" with the (at most 3) known names closest to it, not the whole catalogue. */
function unknownCost(name: string): string {
  const probe = name.slice(0, 80);
  const near = Object.keys(COSTS).map((k) => [k, editDistance(probe, k)] as const)
    .filter(([k, d]) => d <= Math.max(2, Math.floor(k.length / 3))).sort((a, b) => a[1] - b[1]).slice(0, 3);
  return `unknown cost entry ${quote(name)}${near.length ? `; did you mean ${near.map(([k]) => `"${k}"`).join(', ')}?` : ' (the entries are in src/sim/core/catalog/)'}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** vCPUs without explicit pinning fill pCPUs from 1 upward (pCPU 0 is left to the host). */
export function defaultPcpu(s: Scenario, vmIndex: number, vcpu: number): number {
  let n = 1;
  for (let i = 0; i < vmIndex; i++) n += s.vms[i]!.vcpus;
  return (n + vcpu) % Math.max(1, s.host.cpus);
}
