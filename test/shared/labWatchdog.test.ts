// The watchdog: pings a lab host with `status` under negative ids, swallows the answers, and says when one goes
// unanswered too long; the restart budget stops a host that dies on start from being restarted forever.
import { describe, expect, it } from 'vitest';
import { LabWatchdog, RestartBudget, type WatchdogTimers } from '../../src/shared/labWatchdog';

function manualTimers() {
  let now = 0;
  let fn: (() => void) | null = null;
  const timers: WatchdogTimers = { setInterval: (f) => { fn = f; return 1; }, clearInterval: () => { fn = null; }, now: () => now };
  return { timers, advance: (ms: number, step = 100) => { for (let t = 0; t < ms; t += step) { now += step; fn?.(); } }, get running() { return fn !== null; } };
}

type Ping = { kind: string; id: number; method: string };

describe('LabWatchdog', () => {
  it('pings with a status request under a negative id and swallows only the answers', () => {
    const t = manualTimers();
    const sent: Ping[] = [];
    const dog = new LabWatchdog((m) => sent.push(m as Ping), () => {}, { timers: t.timers, intervalMs: 100, timeoutMs: 1000 });
    dog.start();
    expect(sent).toEqual([{ kind: 'request', id: -1, method: 'status', params: undefined }]);
    expect(dog.receive({ kind: 'response', id: -1, ok: true, result: {} })).toBe(true);
    expect(dog.receive({ kind: 'response', id: 7, ok: true, result: {} })).toBe(false);
    expect(dog.receive({ kind: 'status', status: {} })).toBe(false);
    t.advance(100);
    expect(sent.map((p) => p.id)).toEqual([-1, -2]);
  });

  it('says a host is hung once, when a ping has gone unanswered for the bound', () => {
    const t = manualTimers();
    const hung: number[] = [];
    const dog = new LabWatchdog(() => {}, (ms) => hung.push(ms), { timers: t.timers, intervalMs: 100, timeoutMs: 1000 });
    dog.start();
    t.advance(900);
    expect(hung).toEqual([]);
    t.advance(100);
    expect(hung).toEqual([1000]);
    expect(t.running).toBe(false);
  });

  it('never calls a host hung that answers, however long it is watched', () => {
    const t = manualTimers();
    const hung: number[] = [];
    const queue: Ping[] = [];
    const dog = new LabWatchdog((m) => queue.push(m as Ping), (ms) => hung.push(ms), { timers: t.timers, intervalMs: 100, timeoutMs: 300 });
    dog.start();
    for (let i = 0; i < 100; i++) {
      for (const p of queue.splice(0)) dog.receive({ kind: 'response', id: p.id, ok: true, result: {} });
      t.advance(100);
    }
    expect(hung).toEqual([]);
    dog.stop();
  });
});

describe('RestartBudget', () => {
  it('allows `max` restarts within the window, then refuses, and forgets deaths older than the window', () => {
    let now = 0;
    const b = new RestartBudget(2, 1000, () => now);
    expect([b.allow(), b.allow(), b.allow()]).toEqual([true, true, false]);
    now = 2000;
    expect(b.allow()).toBe(true);
    expect(b.recent).toBe(1);
  });
});
