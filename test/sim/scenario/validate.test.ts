import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadScenario } from '../../../src/sim/scenario/validate';
import { SetPathError } from '../../../src/sim/scenario/overrides';
import { ScenarioSchema } from '../../../src/sim/scenario/schema';
import { acceptedSwitches, switchesOf } from '../../../src/sim/scenario/switches';
import { formatPath, parsePath } from '../../../src/sim/scenario/paths';

const preset = readFileSync(new URL('../../../resources/presets/msi-emulated.yaml', import.meta.url), 'utf8');

describe('scenario validation', () => {
  it('accepts the shipped preset and fills defaults', () => {
    const r = loadScenario(preset);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.log.capacity).toBe(1_000_000);
  });

  it('reports every problem at once, each with its path and line', () => {
    const bad = preset
      .replace('vcpus: 2', 'vcpus: two')
      .replace('rate: 3000', 'rate: -5')
      .replace('idle: busy', 'idle: sleepy\n    colour: blue');
    const r = loadScenario(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = bad.split('\n');
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i]));
    expect(byPath['vms[0].vcpus']!.message).toBe('expected integer 1..64, got "two"');
    expect(lines[byPath['vms[0].vcpus']!.line! - 1]).toContain('vcpus: two');
    expect(byPath['devices[1].rate']!.message).toBe('expected a number 0.001..10000000 per second, got -5');
    expect(lines[byPath['devices[1].rate']!.line! - 1]).toContain('rate: -5');
    expect(byPath['vms[0].idle']!.message).toBe('expected busy | halt, or one of them per vCPU, got "sleepy"');
    expect(byPath['vms[0]']!.message).toBe('unknown field "colour"');
  });

  it('checks references between fields', () => {
    const r = loadScenario(preset.replace('owner: vm0', 'owner: vm9').replace('pinning: [1, 2]', 'pinning: [1, 9]'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(['devices[0].owner', 'vms[0].pinning[1]']);
  });

  it('points a YAML syntax error at its line', () => {
    const r = loadScenario('name: x\nhost: { cpus: 2\nvms: []\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.line).toBeGreaterThan(1);
  });

  it('reports too many YAML aliases (an alias bomb, or only 101 of them) as an issue at the first alias, not a throw', () => {
    const many = `name: x\nhost: { cpus: 1 }\na: &a [1]\ndevices: [${Array(101).fill('*a').join(', ')}]\n`;
    const laughs = ['name: x', 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    for (const [text, line] of [[many, 4], [laughs, 3]] as const) {
      const r = loadScenario(text);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]!.message).toMatch(/^too many YAML aliases/);
      expect(r.issues[0]!.line).toBe(line);
    }
    const unresolved = loadScenario('name: x\nhost: { cpus: 1 }\ndevices: *nope\n');
    expect(unresolved.ok || unresolved.issues[0]).toMatchObject({ line: 3, message: expect.stringMatching(/Unresolved alias/) });
  });

  it('reads JSON as well as YAML', () => {
    const r = loadScenario(JSON.stringify({ name: 'j', host: { cpus: 1 }, devices: [{ id: 'd0', rate: 10 }] }));
    expect(r.ok).toBe(true);
  });

  it('applies --set overrides and refuses paths the schema does not have', () => {
    const r = loadScenario(preset, { set: { 'vms[0].idle': 'halt', 'costs["kvm.vmexit"]': '1500 cycles' } });
    expect(r.ok && r.scenario.vms[0]!.idle).toBe('halt');
    expect(r.ok && r.scenario.costs['kvm.vmexit']).toBe('1500 cycles');
    expect(() => loadScenario(preset, { set: { 'vms[0].idel': 'halt' } })).toThrow(SetPathError);
    expect(() => loadScenario(preset, { set: { 'vms[5].idle': 'halt' } })).toThrow(SetPathError);
    const bad = loadScenario(preset, { set: { 'vms[0].idle': 'nap' } });
    expect(bad.ok).toBe(false);
  });

  it('refuses a --set value that is not YAML, and paths that only Object.prototype has', () => {
    expect(() => loadScenario(preset, { set: { 'vms[0].idle': '[x' } })).toThrow(/^--set vms\[0\]\.idle: the value is not YAML \(Flow sequence/);
    expect(() => loadScenario(preset, { set: { 'vms[0].idle': '*nope' } })).toThrow(SetPathError);
    for (const p of ['toString', 'vms[0].constructor', 'host.hasOwnProperty', 'costs["__proto__"]']) {
      expect(() => loadScenario(preset, { set: { [p]: '1' } }), p).toThrow(/the scenario has no field/);
    }
  });

  it('lists the design switches from the schema tags', () => {
    const r = loadScenario(preset);
    expect(r.ok && switchesOf(r.scenario)).toEqual({ 'vms[0].delivery': ['emulated', 'posted'], 'vms[0].irqchip': ['kernel', 'split'], 'vms[0].pvEoi': ['off', 'on'] });
  });

  it('lists for a preset only the switch values it accepts (an arm host has no posted delivery to switch to)', () => {
    const arm = readFileSync(new URL('../../../resources/presets/arm-forwarding.yaml', import.meta.url), 'utf8');
    const r = loadScenario(arm);
    if (!r.ok) throw new Error('arm-forwarding does not validate');
    expect(switchesOf(r.scenario)['vms[0].delivery']).toEqual(['emulated', 'posted']);
    const accepted = acceptedSwitches(arm, r.scenario);
    expect(accepted['vms[0].delivery']).toBeUndefined();
    expect(accepted.gic).toEqual(['v2', 'v3']);
  });

  it('round-trips paths', () => {
    for (const p of ['vms[1].vcpus', 'costs["kvm.vmexit"]', 'devices[0].owner']) expect(formatPath(parsePath(p)!)).toBe(p);
    expect(parsePath('costs[kvm.vmexit]')).toEqual(['costs', 'kvm.vmexit']);
    expect(parsePath('vms[')).toBeNull();
  });

  it('ships a JSON Schema generated from the same zod schema (npm run schema)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../../resources/scenario.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }));
  });
});

describe('every number has a range a real machine can have', () => {
  const presetText = (name: string) => readFileSync(new URL(`../../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');
  const rejects = (name: string, path: string, value: string, range: string) => {
    const r = loadScenario(presetText(name), { set: { [path]: value } });
    expect(r.ok, `${path}=${value}`).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path), `${path}=${value}`).toEqual([path]);
    expect(r.issues[0]!.message).toContain(range);
  };

  it('refuses clocks that reach the builder as Infinity or a zero period (timerHz 1e-300, refreshHz 0.0004)', () => {
    rejects('arm-forwarding', 'vms[0].timerHz', '1e-300', '1..100000 Hz');
    rejects('gvt-pvinfo', 'gvt.vgpus[0].refreshHz', '0.0004', '1..1000 Hz');
    rejects('msi-emulated', 'host.cpuGhz', '1e300', '0.1..10 GHz');
  });

  it('refuses a burst, a poll period or a stall of no time', () => {
    rejects('vfio-display-irq', 'gvt.vgpus[1].display.burst.every', '0', '1µs..3600s');
    rejects('vfio-display-irq', 'gvt.consumer.readPeriod', '0ns', '1µs..3600s');
    rejects('vfio-display-irq', 'gvt.consumer.stall', '0', '1µs..3600s');
  });

  it('refuses durations past an hour, also written as strings of 2^53 ns and more', () => {
    for (const v of ['9007199254740993ns', '"9007199254740993"', '9223372036854775808', '10000000000000000000000s', '3601s']) {
      rejects('msi-emulated', 'duration', v, '0ns..3600s');
    }
    rejects('msi-emulated', 'devices[0].driver.loadAt', '2h', '0ns..3600s');
    expect(loadScenario(presetText('msi-emulated'), { set: { duration: '3600s' } }).ok).toBe(true);
  });

  it('refuses rates near 2^32 per second and beyond (1e300, 2^53 + 1)', () => {
    for (const v of ['1e300', String(2 ** 53 + 1), String(2 ** 32 - 1), '1e8', '0', '1e-9']) {
      rejects('msi-emulated', 'devices[0].rate', v, '0.001..10000000 per second');
    }
    rejects('gvt-three-vms', 'gvt.vgpus[0].render.rate', '1e300', 'per second');
    rejects('vfio-display-irq', 'gvt.vgpus[1].display.cursorHz', '4294967296', 'per second');
    expect(loadScenario(presetText('msi-emulated'), { set: { 'devices[0].rate': '1e7' } }).ok).toBe(true);
  });

  it('refuses costs past 10 s a hop', () => {
    rejects('msi-emulated', 'costs["kvm.vmexit"]', '1e300', '0..10s');
    rejects('msi-emulated', 'costs["kvm.vmexit"]', '1e300 cycles', '0..10000000000 cycles');
    rejects('msi-emulated', 'costs["kvm.vmexit"]', '11s', '0..10s');
  });

  it('rejects a 100k-character bad duration or cost at once, naming its path', () => {
    const t0 = Date.now();
    for (const bad of [' '.repeat(100_000), `1${' '.repeat(100_000)}x`]) {
      const r = loadScenario(JSON.stringify({ name: 'x', host: { cpus: 1 }, duration: bad, costs: { 'kvm.vmexit': bad }, devices: [{ id: 'd0', rate: 10 }] }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['costs["kvm.vmexit"]', 'duration']);
    }
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('gives every number in the schema a lower and an upper bound', () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if ((n.type === 'number' || n.type === 'integer') && (typeof n.minimum !== 'number' && typeof n.exclusiveMinimum !== 'number' || typeof n.maximum !== 'number')) unbounded.push(at);
      for (const [k, v] of Object.entries(n)) walk(v, `${at}/${k}`);
    };
    walk(z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }), '#');
    expect(unbounded).toEqual([]);
  });
});

describe('messages stay short, whatever the input', () => {
  const base = { name: 'x', host: { cpus: 1 }, devices: [{ id: 'd0', rate: 10 }] };
  const issuesOf = (data: unknown) => {
    const r = loadScenario(JSON.stringify(data));
    if (r.ok) throw new Error('accepted');
    return r.issues;
  };

  it('quotes at most 80 characters of a bad value or key, and says how long it was', () => {
    const big = 'z'.repeat(1_000_000);
    const issues = issuesOf({ ...base, duration: big, name: big, [big]: 1 });
    expect(issues.map((i) => i.path).sort()).toEqual(['(scenario)', 'duration', 'name']);
    for (const i of issues) {
      expect(i.message.length).toBeLessThan(300);
      expect(i.message).toContain('… (1000000 chars)');
    }
  });

  it('names the closest cost entries for an unknown one, never the whole catalogue', () => {
    const issues = issuesOf({ ...base, costs: { 'kvm.vmexti': 5, 'nope.x': 1 } });
    expect(issues.find((i) => i.path === 'costs["kvm.vmexti"]')!.message).toMatch(/^unknown cost entry "kvm.vmexti"; did you mean "kvm.vmexit"/);
    for (const i of issues) expect(i.message.length).toBeLessThan(200);
  });

  it('lists at most 100 problems, then how many more, and reads 40k keys in linear time', () => {
    const costs = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`kvm.vmexit${i}`, 1]));
    const t0 = Date.now();
    const issues = issuesOf({ ...base, costs });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(issues).toHaveLength(101);
    expect(issues[100]!.message).toBe('39900 more problems not listed (fix these first)');
  });

  it('refuses a text over 16 MiB before parsing it', () => {
    const issues = issuesOf({ ...base, description: ' '.repeat(17 * 1024 * 1024) });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/a scenario has at most 16777216$/);
  });

  it('still reports a key said twice in one mapping, at its line', () => {
    const r = loadScenario('name: x\nhost: { cpus: 1 }\nname: y\ndevices: [{ id: a, id: b }]\n');
    expect(r.ok || r.issues.map((i) => [i.line, i.message])).toEqual([[3, 'Map keys must be unique'], [4, 'Map keys must be unique']]);
  });
});
