// Main's relay between the renderer's port and the lab worker. Electron-free, so it is tested in Node.
//
// Request ids are renumbered on the way to the worker: a reloaded page starts its ids at 1 again, and an
// answer meant for the old page must never resolve a new page's request that happens to share its id.
import type { LabMethod, LabResponseMsg, LabRestartMsg, LabToClientMsg, PortLike } from '../../shared/protocol';
import { emptyStatus } from './emptyStatus';
import { validateRequest } from './validateRequest';

interface Pending {
  /** Which renderer attachment sent it. */
  rendererGen: number;
  clientId: number;
  method: LabMethod;
}

export type RelayLog = (line: string) => void;

export class Relay {
  private renderer: PortLike | null = null;
  private rendererGen = 0;
  private worker: PortLike | null = null;
  private workerGen = 0;
  /** Why there is no worker, answered to requests that arrive meanwhile. */
  private noWorkerReason = 'lab host not started';
  private nextWorkerId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly log: RelayLog = () => {}) {}

  /** A new renderer port (first load or reload); the previous one is forgotten. Returns a token for detachRenderer. */
  attachRenderer(port: PortLike): number {
    const gen = ++this.rendererGen;
    this.renderer = port;
    port.listen((msg) => {
      if (gen === this.rendererGen) this.fromRenderer(msg);
    });
    return gen;
  }

  /** The page is gone: answers still on their way to it are dropped. With a token, only if that page is still the current one. */
  detachRenderer(token?: number): void {
    if (token !== undefined && token !== this.rendererGen) return;
    this.rendererGen++;
    this.renderer = null;
  }

  attachWorker(port: PortLike): void {
    const gen = ++this.workerGen;
    this.worker = port;
    port.listen((msg) => {
      if (gen === this.workerGen) this.fromWorker(msg);
    });
  }

  /** The worker died or was stopped: fail what it owed the page, and tell the page nothing is loaded. */
  workerLost(reason: string): void {
    this.workerGen++;
    this.worker = null;
    this.noWorkerReason = reason;
    const owed = [...this.pending.values()];
    this.pending.clear();
    for (const p of owed) {
      if (p.rendererGen === this.rendererGen) this.toRenderer(errorResponse(p.clientId, `${p.method} failed: ${reason}`));
    }
    this.toRenderer({ kind: 'status', status: emptyStatus(reason) });
  }

  /** Tells the page the supervisor restarted the worker (or gave up on it), after workerLost has failed what it owed. */
  notify(msg: LabRestartMsg): void {
    this.toRenderer(msg);
  }

  /** Requests sent to the worker and not yet answered. */
  get outstanding(): number {
    return this.pending.size;
  }

  private fromRenderer(raw: unknown): void {
    const check = validateRequest(raw);
    if (!check.ok) {
      if (check.id === null) this.log(`relay: dropped a renderer message without an id (${check.error})`);
      else this.toRenderer(errorResponse(check.id, check.error));
      return;
    }
    const req = check.request;
    if (!this.worker) {
      this.toRenderer(errorResponse(req.id, `${req.method} failed: ${this.noWorkerReason}`));
      return;
    }
    const workerId = this.nextWorkerId++;
    this.pending.set(workerId, { rendererGen: this.rendererGen, clientId: req.id, method: req.method });
    this.worker.post({ kind: 'request', id: workerId, method: req.method, params: req.params });
  }

  private fromWorker(raw: unknown): void {
    const msg = raw as LabToClientMsg | null;
    if (msg && typeof msg === 'object' && msg.kind === 'status') {
      this.toRenderer(msg);
      return;
    }
    if (!msg || typeof msg !== 'object' || msg.kind !== 'response' || typeof msg.id !== 'number') {
      this.log('relay: dropped a malformed message from the lab worker');
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) {
      this.log(`relay: dropped a worker response to unknown request ${msg.id}`);
      return;
    }
    this.pending.delete(msg.id);
    if (p.rendererGen !== this.rendererGen) return; // meant for a page that has since reloaded
    this.toRenderer({ ...msg, id: p.clientId });
  }

  private toRenderer(msg: LabToClientMsg): void {
    this.renderer?.post(msg);
  }
}

function errorResponse(id: number, error: string): LabResponseMsg {
  return { kind: 'response', id, ok: false, error };
}
