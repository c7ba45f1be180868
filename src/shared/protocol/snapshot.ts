// Snapshots and time travel: a point of a run kept as a small versioned document, the ring of automatic ones, and
// who last wrote a register. A snapshot is restored by deterministic re-execution (load the same text with the same
// options, run to the same event), not by serializing model objects: see src/sim/lab/snapshot/snapshot.ts.
import type { Ns } from './run';
import type { WatchpointSpec } from './registers';

export const SNAPSHOT_FORMAT = 'virq-snapshot';
export const SNAPSHOT_VERSION = 1;

/** How the run was loaded: everything a re-execution needs besides the scenario text. */
export interface SnapshotLoad {
  seed?: number;
  /** `--set` overrides. */
  set?: Record<string, string>;
  /** Sources stop raising here (default: the scenario's duration). */
  untilNs?: Ns;
  /** The run's event budget. */
  maxEvents?: number;
  /** The bare-metal twin, when it was asked for explicitly. */
  bareMetal?: boolean;
}

/** A point of a run: events processed (the position a re-execution stops at), simulated time, hops recorded. */
export interface SnapshotPosition {
  events: number;
  simNs: Ns;
  hops: number;
}

/** A register written from the inspector (or a qtest session) at a position: re-applied there on restore. */
export interface SnapshotWrite {
  events: number;
  file: string;
  register: string;
  field?: string;
  value: string;
}

export interface LabSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** The scenario's name (for people; the text is what counts). */
  scenario: string;
  text: string;
  load: SnapshotLoad;
  position: SnapshotPosition;
  /** The log hash at the position: a restore that does not reach it is refused. */
  logHash: string;
  writes: SnapshotWrite[];
  /** When (wall time, ISO 8601) and by what it was taken: for people only. */
  takenAt?: string;
  label?: string;
}

/** An automatic snapshot of the loaded run: a position and its hash (the run's text and options are the host's). */
export interface RingSnapshot extends SnapshotPosition {
  logHash: string;
}

/** Reverse continue: to the previous hit of a hop-kind breakpoint or of a register watchpoint. */
export interface ReverseContinueParams {
  kind?: string;
  watch?: WatchpointSpec;
}
