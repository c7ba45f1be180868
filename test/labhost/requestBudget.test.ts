// Long requests are bounded so Pause (and the transport's watchdog ping) are always answered soon: a `step` or
// `stepToHop` stops after REQUEST_BUDGET_MS of work, paused, saying how far it got; `run` is sliced; a trace export
// is capped.
import { describe, expect, it } from 'vitest';
import { LabHost, REQUEST_BUDGET_MS } from '../../src/labhost/labHost';
import { MAX_TRACE_HOPS_PER_REQUEST } from '../../src/labhost/methodParams';
import { readPresetDir } from '../../src/labhost/node/presetFiles';

const presets = readPresetDir(new URL('../../resources/presets/', import.meta.url).pathname);
const text = (name: string) => presets.find((p) => p.name === name)!.text;

/** A clock that moves 400 ms each time it is read: three looks at it are over a 1 s budget. */
function slowClock() {
  let t = 0;
  return { now: () => (t += 400), defer: (fn: () => void) => void setImmediate(fn) };
}

function loaded(clock = slowClock(), name = 'msi-emulated') {
  const h = new LabHost({ presets, clock });
  expect(h.handle('load', { text: text(name), set: { duration: '10s' } }).ok).toBe(true);
  return h;
}

describe('request budget', () => {
  it('a step of many events stops after the budget, paused, saying how far it got', () => {
    const s = loaded().handle('step', { events: 10_000_000 });
    expect(s.state).toBe('paused');
    expect(s.events).toBe(15_000); // three chunks of 5 000, the clock read after each
    expect(s.stopReason).toBe('step: 15000 of 10000000 events, stopped after 1 s to stay responsive');
  });

  it('a step within the budget runs every event asked for', () => {
    const h = new LabHost({ presets, clock: { now: () => 0, defer: (fn) => void setImmediate(fn) } });
    h.handle('load', { text: text('msi-emulated'), set: { duration: '10s' } });
    expect(h.handle('step', { events: 123_456 })).toMatchObject({ events: 123_456, stopReason: 'step' });
  });

  it('a step to a hop kind that never comes stops after the budget too', () => {
    const s = loaded().handle('stepToHop', { kind: 'no.such.hop', maxEvents: 10_000_000 });
    expect(s.state).toBe('paused');
    expect(s.events).toBe(15_000);
    expect(s.stopReason).toBe('no no.such.hop in 15000 events, stopped after 1 s to stay responsive');
  });

  it('a step to the next hop still stops at that hop', () => {
    const h = loaded();
    const s = h.handle('stepToHop', {});
    expect(s.stopReason).toMatch(/^next hop: /);
    expect(h.handle('lastStop', undefined)?.kind).toBe('breakpoint');
  });

  it('holds on a real clock, on the heaviest preset', () => {
    const h = loaded({ now: () => performance.now(), defer: (fn) => void setImmediate(fn) }, 'datacenter-8vm');
    const t0 = performance.now();
    const s = h.handle('step', { events: 10_000_000 });
    expect(performance.now() - t0).toBeLessThan(REQUEST_BUDGET_MS + 2000);
    expect(s.events).toBeLessThan(10_000_000);
    expect(s.stopReason).toMatch(/stopped after 1 s/);
  });

  it('run is sliced: it answers at once, and Pause lands between slices', async () => {
    const h = loaded({ now: () => performance.now(), defer: (fn) => void setImmediate(fn) }, 'datacenter-8vm');
    const t0 = performance.now();
    expect(h.handle('run', {}).state).toBe('running');
    await new Promise((r) => setTimeout(r, 50));
    const paused = h.handle('pause', undefined);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(paused.state).toBe('paused');
    expect(paused.events).toBeGreaterThan(0);
  });

  it('refuses a trace export larger than one request may build', () => {
    const h = loaded();
    expect(() => h.handle('exportTrace', { maxHops: MAX_TRACE_HOPS_PER_REQUEST + 1 })).toThrow(/^exportTrace: maxHops/);
  });
});
