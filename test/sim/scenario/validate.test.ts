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
    expect(byPath['devices[1].rate']!.message).toBe('expected a number > 0, got -5');
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

  it('lists the design switches from the schema tags', () => {
    const r = loadScenario(preset);
    expect(r.ok && switchesOf(r.scenario)).toEqual({ 'vms[0].delivery': ['emulated', 'posted'] });
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
