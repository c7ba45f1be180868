// Serves a LabHost over any PortLike (Web Worker scope, worker_threads parentPort, a MessagePort): requests in,
// responses and throttled status pushes out. Errors become error responses; the host never dies of a bad request.
import type { LabMethod, LabRequestMsg, PortLike } from '../shared/protocol';
import type { LabHost } from './labHost';

export function servePort(host: LabHost, port: PortLike): void {
  host.onStatus((status) => port.post({ kind: 'status', status }));
  port.listen((raw) => {
    const msg = raw as Partial<LabRequestMsg>;
    if (!msg || msg.kind !== 'request' || typeof msg.id !== 'number') return;
    const id = msg.id;
    try {
      const result = host.handle(msg.method as LabMethod, msg.params as never);
      port.post({ kind: 'response', id, ok: true, result });
    } catch (e) {
      port.post({ kind: 'response', id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
