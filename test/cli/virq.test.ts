// The CLI as a user runs it: node bin/virq.js …, exit codes and output.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const virq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** virq with a module loaded first that makes JSON.stringify throw: a stand-in for a bug in the lab. */
const virqWithBug = (env: Record<string, string>, ...args: string[]) => {
  const bug = 'data:text/javascript,JSON.stringify=()=>{throw new Error("boom")}';
  const r = spawnSync(process.execPath, ['--import', bug, bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('virq CLI', () => {
  it('lists presets with seeds and switches as JSON', () => {
    const r = virq('presets', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out);
    const p = list.find((x: { name: string }) => x.name === 'msi-emulated');
    expect(p.seeds).toEqual(['004']);
    expect(p.switches['vms[0].delivery']).toEqual(['emulated', 'posted']);
    expect(p.description.length).toBeGreaterThan(20);
  });

  it('runs a preset and prints the summary fields with a stable logHash', () => {
    const a = virq('run', 'msi-emulated', '--json');
    expect(a.code).toBe(0);
    const s = JSON.parse(a.out);
    for (const k of ['scenario', 'seed', 'simulatedNs', 'events', 'hops', 'flows', 'latencyNs', 'completionNs', 'vmExits', 'perVm', 'logHash']) {
      expect(s, k).toHaveProperty(k);
    }
    expect(Object.keys(s.flows).sort()).toEqual(['coalesced', 'delivered', 'dropped', 'pending', 'raised']);
    expect(Object.keys(s.latencyNs)).toEqual(expect.arrayContaining(['p50', 'p90', 'p99', 'max']));
    expect(s.perVm).toHaveProperty('host');
    expect(s.perVm).toHaveProperty('vm0');
    expect(s.flows.pending).toBe(0);
    expect(virq('run', 'msi-emulated', '--json').out).toBe(a.out);
  });

  it('applies --seed, --until and --set', () => {
    const base = JSON.parse(virq('run', 'msi-emulated', '--json').out);
    const seeded = JSON.parse(virq('run', 'msi-emulated', '--seed', '9', '--json').out);
    expect(seeded.seed).toBe(9);
    expect(seeded.logHash).not.toBe(base.logHash);
    const short = JSON.parse(virq('run', 'msi-emulated', '--until', '5ms', '--json').out);
    expect(short.flows.raised).toBeLessThan(base.flows.raised / 2);
    const slow = JSON.parse(virq('run', 'msi-emulated', '--set', 'costs["kvm.vmexit"]=6000 cycles', '--json').out);
    expect(slow.latencyNs.p50).toBeGreaterThan(base.latencyNs.p50);
  });

  it('validates: exit 0, or exit 1 with one path per line', () => {
    expect(virq('validate', 'msi-emulated').code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'virq-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'name: bad\nhost: { cpus: 2 }\nvms:\n  - { id: vm0, vcpus: two }\ndevices:\n  - { id: nic0, rate: fast }\n');
    const r = virq('validate', f);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => /:4:\d+: vms\[0\]\.vcpus: expected integer 1\.\.64, got "two"$/.test(l))).toBe(true);
    expect(lines.some((l) => /devices\[0\]\.rate: expected a number 0\.001\.\.10000000 per second, got "fast"$/.test(l))).toBe(true);
  });

  it('exits 2 with one line for an unknown preset, an unreadable file, a bad --set path or a --set value that is not YAML', () => {
    for (const args of [['run', 'no-such-preset'], ['run', './missing.yaml'], ['run', 'msi-emulated', '--set', 'vms[0].colour=red'],
      ['run', 'msi-emulated', '--set', 'vms[0].idle=[x'], ['run', 'msi-emulated', '--set', 'toString=1']]) {
      const r = virq(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^virq: /);
    }
  });

  it('exits 3 with one line to report for an internal error, the stack only with VIRQ_DEBUG=1', () => {
    const r = virqWithBug({}, 'presets', '--json');
    expect(r.code).toBe(3);
    expect(r.err).toBe('virq: internal error: boom — please report it with the command line (VIRQ_DEBUG=1 shows the stack)\n');
    const debug = virqWithBug({ VIRQ_DEBUG: '1' }, 'presets', '--json');
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(/\nError: boom\n\s+at /);
  });

  it('stops a run at --max-events, saying so on stderr and in the summary', () => {
    const r = virq('run', 'msi-emulated', '--max-events', '5000', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).stoppedAtBudget.maxEvents).toBe(5000);
    expect(r.err).toMatch(/^virq: stopped at the event budget of 5000 events, .* \(raise it with --max-events\)\n$/);
    expect(virq('run', 'msi-emulated', '--max-events', '0').code).toBe(2);
  });

  it('documents its exit codes in its help', () => {
    expect(virq('help').out).toMatch(/Exit codes: 0 ok, 1 invalid scenario, 2 usage error[^]*3 internal error/);
  });

  it('dumps every register file decoded, physical and virtual', () => {
    const r = virq('regs', 'msi-emulated', '--until', '3ms', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    const ids = out.files.map((f: { file: { id: string } }) => f.file.id);
    expect(ids).toEqual(expect.arrayContaining(['host/cpu0/lapic', 'vm0/vcpu0/vlapic', 'host/nic0/config', 'vm0/nic0/config']));
    const vcfg = out.files.find((f: { file: { id: string } }) => f.file.id === 'vm0/nic0/config');
    expect(vcfg.file.virtual).toBe(true);
    const addr = vcfg.registers.find((x: { name: string }) => x.name === 'MSI_ADDR');
    expect(addr.fields.find((f: { name: string }) => f.name === 'base').value).toBe('0xfee');
  });
});

describe('virq trace', () => {
  it('prints Chrome Trace Event JSON for a window of the run', () => {
    const r = virq('trace', 'msi-emulated', '--to', '300us');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out);
    expect(t.displayTimeUnit).toBe('ns');
    expect(t.traceEvents.some((e: { ph: string }) => e.ph === 'X')).toBe(true);
    expect(t.traceEvents.filter((e: { ph: string }) => e.ph === 'X').every((e: { ts: number }) => e.ts <= 300)).toBe(true);
    expect(virq('trace', 'msi-emulated', '--max', '0').code).toBe(2);
  });
});
