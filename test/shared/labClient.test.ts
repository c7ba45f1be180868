// The LabClient: every call is answered, fails with the host's error, or times out naming its method.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CALL_TIMEOUT_MS, LabClient } from '../../src/shared/labClient';
import type { LabRestartNotice, PortLike } from '../../src/shared/protocol';

/** A port whose other end the test plays: what the client sent, and a way to answer. */
function fakeHost() {
  const sent: { id: number; method: string }[] = [];
  let deliver: (msg: unknown) => void = () => {};
  const port: PortLike = { post: (m) => sent.push(m as { id: number; method: string }), listen: (fn) => { deliver = fn; } };
  return { port, sent, answer: (msg: unknown) => deliver(msg) };
}

describe('LabClient', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves a call with its answer and rejects one with the host\'s error', async () => {
    const host = fakeHost();
    const client = new LabClient(host.port);
    const a = client.call('status', undefined);
    const b = client.call('getPreset', { name: 'x' });
    host.answer({ kind: 'response', id: host.sent[0]!.id, ok: true, result: { state: 'empty' } });
    host.answer({ kind: 'response', id: host.sent[1]!.id, ok: false, error: 'unknown preset "x"' });
    await expect(a).resolves.toEqual({ state: 'empty' });
    await expect(b).rejects.toThrow('unknown preset "x"');
    expect(client.outstanding).toBe(0);
  });

  it('fails a call the host never answers, naming the method, after the default bound', async () => {
    const client = new LabClient(fakeHost().port);
    const p = client.call('pause', undefined);
    const seen = expect(p).rejects.toThrow('pause: the lab did not answer within 30 s');
    await vi.advanceTimersByTimeAsync(DEFAULT_CALL_TIMEOUT_MS - 1);
    expect(client.outstanding).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await seen;
    expect(client.outstanding).toBe(0);
  });

  it('gives the methods that build a whole scenario longer, and takes bounds per method', async () => {
    const client = new LabClient(fakeHost().port, { timeoutsMs: { status: 500 } });
    expect(client.timeoutOf('load')).toBeGreaterThan(DEFAULT_CALL_TIMEOUT_MS);
    expect(client.timeoutOf('step')).toBe(DEFAULT_CALL_TIMEOUT_MS);
    const p = client.call('status', undefined);
    const seen = expect(p).rejects.toThrow('status: the lab did not answer within 0.5 s');
    await vi.advanceTimersByTimeAsync(500);
    await seen;
  });

  it('drops an answer that arrives after its call timed out', async () => {
    const host = fakeHost();
    const client = new LabClient(host.port, { defaultTimeoutMs: 100 });
    const p = client.call('status', undefined);
    const seen = expect(p).rejects.toThrow(/did not answer/);
    await vi.advanceTimersByTimeAsync(100);
    await seen;
    expect(() => host.answer({ kind: 'response', id: host.sent[0]!.id, ok: true, result: 1 })).not.toThrow();
  });

  it('passes a restart notice from the transport to its listeners', () => {
    const host = fakeHost();
    const client = new LabClient(host.port);
    const heard: LabRestartNotice[] = [];
    client.onRestart((n) => heard.push(n));
    host.answer({ kind: 'restart', reason: 'lab host stopped answering for 10 s', restarted: true, silentMs: 10_000 });
    expect(heard).toEqual([{ reason: 'lab host stopped answering for 10 s', restarted: true, silentMs: 10_000 }]);
  });
});
