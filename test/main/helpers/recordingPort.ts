// A PortLike that records what is posted to it and lets a test deliver messages to its listener, synchronously.
import type { PortLike } from '../../../src/shared/protocol';

export interface RecordingPort extends PortLike {
  readonly sent: unknown[];
  /** Deliver a message as if it came from the other end. */
  deliver(msg: unknown): void;
}

export function recordingPort(): RecordingPort {
  const sent: unknown[] = [];
  let listener: ((msg: unknown) => void) | null = null;
  return {
    sent,
    post: (msg) => sent.push(msg),
    listen: (fn) => {
      listener = fn;
    },
    deliver: (msg) => {
      if (!listener) throw new Error('nobody listens on this port');
      listener(msg);
    },
  };
}
