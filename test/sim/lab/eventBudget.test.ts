// A run has an event budget: past it the run stops, unfinished, and says so (never runs on for hours, never silently).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_EVENTS, Lab } from '../../../src/sim/lab/lab';

const preset = (name: string) => readFileSync(new URL(`../../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');
const load = (name: string, opts: Parameters<typeof Lab.load>[1] = {}) => {
  const r = Lab.load(preset(name), opts);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.lab;
};

describe('the event budget', () => {
  it('stops a run at its budget, with the status in the summary and the log, and names no flow stuck', () => {
    const lab = load('msi-emulated', { maxEvents: 5000 });
    const s = lab.runToEnd();
    expect(lab.finished).toBe(true);
    expect(lab.stoppedAtBudget).toBe(true);
    expect(s.events).toBe(5000);
    expect(s.stoppedAtBudget?.maxEvents).toBe(5000);
    expect(s.stoppedAtBudget?.message).toMatch(/^stopped at the event budget of 5000 events, [\d.]+ms into the run/);
    expect(s.hopTimeNs['run.event.budget']?.count).toBe(1);
    expect(s.hopTimeNs['flow.stuck']).toBeUndefined();
    expect(s.stuck).toEqual([]);
    expect(lab.advance(1000)).toBe(0);
  });

  it('leaves a run that fits its budget as it was: same log, no status', () => {
    const free = load('msi-emulated').runToEnd();
    const fitted = load('msi-emulated', { maxEvents: free.events }).runToEnd();
    expect(fitted.stoppedAtBudget).toBeUndefined();
    expect(fitted.logHash).toBe(free.logHash);
    expect(free.events).toBeLessThan(DEFAULT_MAX_EVENTS);
  });

  it('caps a single long advance too (regs --until, graph --until, a step of 1e15 events)', () => {
    const lab = load('msi-emulated', { maxEvents: 300 });
    expect(lab.advance(Number.MAX_SAFE_INTEGER, 15_000_000)).toBe(300);
    expect(lab.stoppedAtBudget).toBe(true);
  });
});
