// Snapshots: a point of a run kept as a small versioned JSON document — the scenario text, the load options (seed,
// `--set` overrides, until, event budget), the position (events processed, simulated ns, hops recorded), the log hash
// there, and any register written from the inspector on the way.
//
// A snapshot is restored by deterministic re-execution, not by serializing model objects: the model's events hold
// closures, which cannot be written to a file, while the same text + options + seed always give the same run. So a
// restore loads the scenario again and runs it to exactly the snapshot's event (replay.ts), re-applying the
// inspector's writes where they were made, then checks the log hash there equals the snapshot's. A snapshot taken
// with another version of the model (or edited by hand) does not reach the same hash and is refused, saying so.
import {
  SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type LabSnapshot, type SnapshotLoad, type SnapshotWrite,
} from '../../../shared/protocol';
import type { Lab } from '../lab';

/** A snapshot that cannot be read or restored; its message says why, in a sentence for the user. */
export class SnapshotError extends Error {}

/** The loaded run's point as a snapshot (the position it is at now). */
export function takeSnapshot(lab: Lab, extra: { label?: string; takenAt?: string } = {}): LabSnapshot {
  if (lab.opts.sources === false) {
    throw new SnapshotError('a qtest session cannot be snapshotted (its script is not replayed): reset the run first');
  }
  const sim = lab.sim;
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    scenario: lab.scenario.name,
    text: lab.text,
    load: loadOf(lab),
    position: { events: sim.events, simNs: sim.now, hops: sim.log.total },
    logHash: sim.log.hash(),
    writes: lab.inspectorWrites.map((w) => ({ ...w })),
    ...(extra.takenAt ? { takenAt: extra.takenAt } : {}),
    ...(extra.label ? { label: extra.label } : {}),
  };
}

/** The options a re-execution loads the text with: those of the run, made explicit. */
export function loadOf(lab: Lab): SnapshotLoad {
  const o = lab.opts;
  return {
    seed: lab.scenario.seed,
    ...(o.set && Object.keys(o.set).length ? { set: { ...o.set } } : {}),
    untilNs: lab.untilNs,
    maxEvents: lab.maxEvents,
    ...(o.bareMetal !== undefined ? { bareMetal: o.bareMetal } : {}),
  };
}

/** Reads a snapshot document (parsed JSON, or its text), checking its format, version and every field's type. */
export function parseSnapshot(input: unknown): LabSnapshot {
  let v = input;
  if (typeof input === 'string') {
    try {
      v = JSON.parse(input);
    } catch (e) {
      throw new SnapshotError(`not a snapshot: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const o = obj(v, 'the document');
  if (o.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`not a snapshot: format is ${JSON.stringify(o.format)}, expected "${SNAPSHOT_FORMAT}"`);
  if (o.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(`snapshot version ${JSON.stringify(o.version)} is not supported: this vIRQ Lab reads version ${SNAPSHOT_VERSION}`);
  }
  const load = obj(o.load, 'load');
  const pos = obj(o.position, 'position');
  const set = load.set === undefined ? undefined : obj(load.set, 'load.set');
  if (set) for (const [k, x] of Object.entries(set)) if (typeof x !== 'string') throw new SnapshotError(`snapshot: load.set["${k}"] is not a string`);
  const writes = o.writes === undefined ? [] : o.writes;
  if (!Array.isArray(writes)) throw new SnapshotError('snapshot: writes is not a list');
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    scenario: typeof o.scenario === 'string' ? o.scenario : '',
    text: str(o.text, 'text'),
    load: {
      ...(load.seed !== undefined ? { seed: count(load.seed, 'load.seed') } : {}),
      ...(set ? { set: set as Record<string, string> } : {}),
      ...(load.untilNs !== undefined ? { untilNs: count(load.untilNs, 'load.untilNs') } : {}),
      ...(load.maxEvents !== undefined ? { maxEvents: count(load.maxEvents, 'load.maxEvents') } : {}),
      ...(load.bareMetal !== undefined ? { bareMetal: bool(load.bareMetal, 'load.bareMetal') } : {}),
    },
    position: { events: count(pos.events, 'position.events'), simNs: count(pos.simNs, 'position.simNs'), hops: count(pos.hops, 'position.hops') },
    logHash: hash(o.logHash),
    writes: writes.map((w, i) => write(w, i)),
    ...(typeof o.takenAt === 'string' ? { takenAt: o.takenAt } : {}),
    ...(typeof o.label === 'string' ? { label: o.label } : {}),
  };
}

function write(v: unknown, i: number): SnapshotWrite {
  const w = obj(v, `writes[${i}]`);
  return {
    events: count(w.events, `writes[${i}].events`),
    file: str(w.file, `writes[${i}].file`),
    register: str(w.register, `writes[${i}].register`),
    ...(w.field !== undefined ? { field: str(w.field, `writes[${i}].field`) } : {}),
    value: str(w.value, `writes[${i}].value`),
  };
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SnapshotError(`not a snapshot: ${what} is not an object`);
  return v as Record<string, unknown>;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new SnapshotError(`snapshot: ${what} is not a string`);
  return v;
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new SnapshotError(`snapshot: ${what} is not true or false`);
  return v;
}

function count(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new SnapshotError(`snapshot: ${what} is not a whole number ≥ 0`);
  return v;
}

function hash(v: unknown): string {
  if (typeof v !== 'string' || !/^[0-9a-f]{16}$/.test(v)) throw new SnapshotError('snapshot: logHash is not 16 hex digits');
  return v;
}
