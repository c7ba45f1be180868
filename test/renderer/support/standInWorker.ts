// A stand-in for the web build's lab Web Worker, for the supervisor's tests in Node: a real LabHost behind the
// Worker surface the supervisor uses, answering asynchronously as a worker would. hang() makes it a worker stuck in
// one piece of work (it answers nothing more, not even pings); crash() raises the error event a throwing worker does.
import { servePort } from '../../../src/labhost/servePort';
import type { BrowserWorkerLike } from '../../../src/renderer/src/transport/workerSupervisor';
import { inProcessLab } from './inProcessLab';

export interface StandInWorker extends BrowserWorkerLike {
  terminated: boolean;
  received: unknown[];
  hang(): void;
  crash(message: string): void;
}

export function standInWorker(): StandInWorker {
  let toHost: (msg: unknown) => void = () => {};
  let hung = false;
  const w: StandInWorker = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    terminated: false,
    received: [],
    postMessage(msg) {
      if (w.terminated || hung) return;
      w.received.push(msg);
      setTimeout(() => toHost(structuredClone(msg)), 0);
    },
    terminate() {
      w.terminated = true;
    },
    hang() {
      hung = true;
    },
    crash(message) {
      setTimeout(() => w.onerror?.({ message }), 0);
    },
  };
  servePort(inProcessLab(), {
    post: (msg) => {
      if (w.terminated || hung) return;
      const copy = structuredClone(msg);
      setTimeout(() => !w.terminated && !hung && w.onmessage?.({ data: copy }), 0);
    },
    listen: (fn) => {
      toHost = fn;
    },
  });
  return w;
}
