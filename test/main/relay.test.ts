import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { Relay } from '../../src/main/relay/relay';
import { LabClient } from '../../src/shared/labClient';
import type { LabStatus, PortLike } from '../../src/shared/protocol';
import { emptyStatus } from '../../src/main/relay/emptyStatus';
import { recordingPort } from './helpers/recordingPort';

function setup() {
  const lines: string[] = [];
  const relay = new Relay((l) => lines.push(l));
  const page = recordingPort();
  const worker = recordingPort();
  const pageToken = relay.attachRenderer(page);
  relay.attachWorker(worker);
  return { relay, page, pageToken, worker, lines };
}

const status: LabStatus = { ...emptyStatus('x'), state: 'loaded', scenario: 'demo', stopReason: null };

describe('Relay: page → worker', () => {
  it('forwards a valid request under its own id and answers the page under the page’s id', () => {
    const { page, worker } = setup();
    page.deliver({ kind: 'request', id: 41, method: 'getPreset', params: { name: 'msi' } });
    expect(worker.sent).toEqual([{ kind: 'request', id: 1, method: 'getPreset', params: { name: 'msi' } }]);
    worker.deliver({ kind: 'response', id: 1, ok: true, result: { name: 'msi', text: 'a: 1' } });
    expect(page.sent).toEqual([{ kind: 'response', id: 41, ok: true, result: { name: 'msi', text: 'a: 1' } }]);
  });

  it('passes error responses back unchanged but for the id', () => {
    const { page, worker } = setup();
    page.deliver({ kind: 'request', id: 5, method: 'load', params: { text: '' } });
    worker.deliver({ kind: 'response', id: 1, ok: false, error: 'empty scenario' });
    expect(page.sent).toEqual([{ kind: 'response', id: 5, ok: false, error: 'empty scenario' }]);
  });

  it('answers an invalid request itself and never bothers the worker', () => {
    const { page, worker } = setup();
    page.deliver({ kind: 'request', id: 9, method: 'shutdown', params: null });
    expect(worker.sent).toEqual([]);
    expect(page.sent).toHaveLength(1);
    expect(page.sent[0]).toMatchObject({ kind: 'response', id: 9, ok: false });
    expect((page.sent[0] as { error: string }).error).toMatch(/invalid request: method/);
  });

  it('drops a message without a usable id, with a log line', () => {
    const { page, worker, lines } = setup();
    page.deliver({ kind: 'request', method: 'status' });
    page.deliver('hello');
    expect(worker.sent).toEqual([]);
    expect(page.sent).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/dropped a renderer message without an id/);
  });

  it('strips extra keys before the request reaches the worker', () => {
    const { page, worker } = setup();
    page.deliver({ kind: 'request', id: 1, method: 'status', params: undefined, sneaky: true });
    expect(Object.keys(worker.sent[0] as object).sort()).toEqual(['id', 'kind', 'method', 'params']);
  });
});

describe('Relay: worker → page', () => {
  it('forwards status pushes', () => {
    const { page, worker } = setup();
    worker.deliver({ kind: 'status', status });
    expect(page.sent).toEqual([{ kind: 'status', status }]);
  });

  it('drops malformed messages and answers to requests it never sent', () => {
    const { page, worker, lines } = setup();
    worker.deliver({ kind: 'response', id: 99, ok: true, result: 1 });
    worker.deliver({ kind: 'gossip' });
    worker.deliver(null);
    expect(page.sent).toEqual([]);
    expect(lines).toHaveLength(3);
  });

  it('answers each request once', () => {
    const { page, worker, relay } = setup();
    page.deliver({ kind: 'request', id: 1, method: 'status' });
    expect(relay.outstanding).toBe(1);
    worker.deliver({ kind: 'response', id: 1, ok: true, result: status });
    worker.deliver({ kind: 'response', id: 1, ok: true, result: status });
    expect(page.sent).toHaveLength(1);
    expect(relay.outstanding).toBe(0);
  });
});

describe('Relay: page reloads', () => {
  it('never hands an old page’s answer to a new page that reuses the id', () => {
    const { relay, page, worker } = setup();
    page.deliver({ kind: 'request', id: 1, method: 'run', params: {} });
    const newPage = recordingPort();
    relay.attachRenderer(newPage);
    newPage.deliver({ kind: 'request', id: 1, method: 'status' });
    expect(worker.sent).toMatchObject([{ id: 1, method: 'run' }, { id: 2, method: 'status' }]);
    worker.deliver({ kind: 'response', id: 1, ok: true, result: 'run result' });
    worker.deliver({ kind: 'response', id: 2, ok: true, result: 'status result' });
    expect(newPage.sent).toEqual([{ kind: 'response', id: 1, ok: true, result: 'status result' }]);
    expect(page.sent).toEqual([]);
  });

  it('ignores the old port once a new page is attached', () => {
    const { relay, page, worker } = setup();
    relay.attachRenderer(recordingPort());
    page.deliver({ kind: 'request', id: 1, method: 'status' });
    expect(worker.sent).toEqual([]);
  });

  it('detaching a page that was already replaced leaves the new page attached', () => {
    const { relay, worker, pageToken } = setup();
    const newPage = recordingPort();
    relay.attachRenderer(newPage);
    relay.detachRenderer(pageToken);
    worker.deliver({ kind: 'status', status });
    expect(newPage.sent).toEqual([{ kind: 'status', status }]);
  });

  it('sends status to nobody while no page is attached', () => {
    const { relay, page, worker } = setup();
    relay.detachRenderer();
    worker.deliver({ kind: 'status', status });
    expect(page.sent).toEqual([]);
  });
});

describe('Relay: the worker dies', () => {
  it('fails the outstanding requests, then says nothing is loaded', () => {
    const { relay, page } = setup();
    page.deliver({ kind: 'request', id: 10, method: 'run', params: {} });
    page.deliver({ kind: 'request', id: 11, method: 'queryLog', params: { start: 0, count: 10 } });
    relay.workerLost('lab host crashed: boom; restarting');
    expect(page.sent).toEqual([
      { kind: 'response', id: 10, ok: false, error: 'run failed: lab host crashed: boom; restarting' },
      { kind: 'response', id: 11, ok: false, error: 'queryLog failed: lab host crashed: boom; restarting' },
      { kind: 'status', status: emptyStatus('lab host crashed: boom; restarting') },
    ]);
    expect(relay.outstanding).toBe(0);
  });

  it('answers requests with the reason while no worker is attached, and resumes with a new one', () => {
    const { relay, page, worker } = setup();
    relay.workerLost('lab host crashed 6 times; gave up');
    page.sent.length = 0;
    page.deliver({ kind: 'request', id: 3, method: 'status' });
    expect(page.sent).toEqual([{ kind: 'response', id: 3, ok: false, error: 'status failed: lab host crashed 6 times; gave up' }]);

    const fresh = recordingPort();
    relay.attachWorker(fresh);
    page.deliver({ kind: 'request', id: 4, method: 'status' });
    expect(fresh.sent).toHaveLength(1);
    // The dead worker's late messages are not relayed.
    worker.deliver({ kind: 'status', status });
    expect(page.sent).toHaveLength(1);
  });

  it('answers a request that arrives before any worker exists', () => {
    const relay = new Relay();
    const page = recordingPort();
    relay.attachRenderer(page);
    page.deliver({ kind: 'request', id: 1, method: 'status' });
    expect(page.sent).toEqual([{ kind: 'response', id: 1, ok: false, error: 'status failed: lab host not started' }]);
  });
});

describe('Relay over real MessagePorts with a LabClient', () => {
  const open: MessagePort[] = [];
  afterEach(() => {
    for (const p of open.splice(0)) p.close();
  });

  function nodePort(p: MessagePort): PortLike {
    open.push(p);
    return { post: (m) => p.postMessage(m), listen: (fn) => void p.on('message', fn) };
  }

  it('carries calls and status pushes between a client and a worker end', async () => {
    const pageSide = new MessageChannel();
    const workerSide = new MessageChannel();
    const relay = new Relay();
    relay.attachRenderer(nodePort(pageSide.port2));
    relay.attachWorker(nodePort(workerSide.port1));
    // A scripted lab host on the far end: answers `status`, pushes one status first.
    const host = nodePort(workerSide.port2);
    host.listen((raw) => {
      const req = raw as { id: number; method: string };
      host.post({ kind: 'status', status });
      host.post({ kind: 'response', id: req.id, ok: true, result: { method: req.method } });
    });

    const client = new LabClient(nodePort(pageSide.port1));
    const pushed: LabStatus[] = [];
    client.onStatus((s) => pushed.push(s));
    await expect(client.call('status', undefined)).resolves.toEqual({ method: 'status' });
    await expect(client.call('metrics', undefined)).resolves.toEqual({ method: 'metrics' });
    expect(pushed).toEqual([status, status]);
    // An ill-formed call is refused by main, not by the host.
    await expect(client.call('nope' as 'status', undefined)).rejects.toThrow(/invalid request/);
  });
});
