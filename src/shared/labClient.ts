// The client half of the lab protocol: numbered requests over any PortLike, answered by a LabHost.
// Host-free (no DOM, Node or Electron): the renderer, the CLI and the tests all use this one class.
import type {
  LabApi,
  LabMethod,
  LabStatus,
  LabToClientMsg,
  ParamsOf,
  PortLike,
  ResultOf,
} from './protocol';

export class LabClient implements LabApi {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly statusListeners = new Set<(s: LabStatus) => void>();

  constructor(private readonly port: PortLike) {
    port.listen((raw) => this.receive(raw as LabToClientMsg));
  }

  call<M extends LabMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.post({ kind: 'request', id, method, params });
    });
  }

  onStatus(listener: (status: LabStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private receive(msg: LabToClientMsg): void {
    if (!msg || typeof msg !== 'object') return;
    if (msg.kind === 'status') {
      for (const l of this.statusListeners) l(msg.status);
      return;
    }
    if (msg.kind !== 'response') return;
    const w = this.waiting.get(msg.id);
    if (!w) return;
    this.waiting.delete(msg.id);
    if (msg.ok) w.resolve(msg.result);
    else w.reject(new Error(msg.error));
  }
}
