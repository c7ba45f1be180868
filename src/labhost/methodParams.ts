// The parameters of every lab-protocol method, validated before a handler runs: a request from a UI is untrusted
// input (a cast would let `step {events: 1e15}` run to the end in one call). One schema per method, beside the
// handler table in labHost.ts: adding a method is its type in shared/protocol/methods.ts, its schema here, its handler.
import { z } from 'zod';
import type { LabMethod, ParamsOf } from '../shared/protocol';

/** Largest event count one request may ask for; a request also stops after REQUEST_BUDGET_MS of work (labHost.ts). */
export const MAX_EVENTS_PER_REQUEST = 10_000_000;

/**
 * Largest trace one `exportTrace` may build, in one synchronous request: 1.6 M hops took 18 s on a busy 2-core
 * machine (the watchdog gives up on a host silent for 10 s); 500 k is about 5 s there. The app asks for 200 k.
 */
export const MAX_TRACE_HOPS_PER_REQUEST = 500_000;

const none = z.undefined().or(z.null()).or(z.object({}).strict()).transform(() => undefined);
/** An object of optional fields that may also be sent as nothing. */
const optional = <S extends z.ZodRawShape>(shape: S) => z.preprocess((v) => v ?? {}, z.object(shape).strict());
const ns = z.number().finite().nonnegative();
const count = z.number().int().min(0).max(1_000_000);
const overrides = z.record(z.string().max(1000), z.string().max(100_000));
const text = z.string().max(50_000_000, 'scenario text over 50 MB');
const seed = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();
const logFilter = z.object({
  vm: z.string().optional(), device: z.string().optional(), kind: z.string().optional(), flow: z.number().int().optional(),
}).strict();
const hopFilter = logFilter.extend({ fromNs: ns.optional(), toNs: ns.optional() }).strict();
const window = { start: z.number().int().min(-1_000_000_000).max(1_000_000_000), count };
const watchpoint = z.object({
  file: z.string(), register: z.string(), field: z.string().optional(),
  when: z.enum(['change', 'equals']), value: z.string().optional(),
}).strict();
const side = z.object({ label: z.string().max(200), set: overrides }).strict();

export const METHOD_PARAMS: { [M in LabMethod]: z.ZodType<ParamsOf<M>, unknown> } = {
  listPresets: none,
  getPreset: z.object({ name: z.string() }).strict(),
  load: z.object({ text, seed, set: overrides.optional(), label: z.string().max(200).optional() }).strict(),
  run: optional({ untilNs: ns.optional() }),
  pause: none,
  step: optional({ events: z.number().int().min(1).max(MAX_EVENTS_PER_REQUEST).optional() }),
  reset: none,
  status: none,
  listRegisterFiles: none,
  readRegisters: z.object({ file: z.string(), start: z.number().int().min(0).optional(), count: count.optional(), writers: z.boolean().optional() }).strict(),
  writeRegister: z.object({ file: z.string(), register: z.string(), field: z.string().optional(), value: z.string().max(100) }).strict(),
  queryLog: z.object({ ...window, filter: logFilter.optional() }).strict(),
  metrics: none,
  validate: z.object({ text, seed, set: overrides.optional() }).strict(),
  setStopPoints: z.object({ hopKinds: z.array(z.string()).max(1000), watchpoints: z.array(watchpoint).max(1000) }).strict(),
  lastStop: none,
  stepToHop: optional({ kind: z.string().optional(), maxEvents: z.number().int().min(1).max(MAX_EVENTS_PER_REQUEST).optional() }),
  queryHops: z.object({ ...window, filter: hopFilter.optional() }).strict(),
  logVocabulary: none,
  latencyHistogram: optional({ bins: z.number().int().min(1).max(10_000).optional() }),
  searchRegisters: z.object({ query: z.string().max(1000), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  compare: z.object({ text, seed, a: side, b: side }).strict(),
  compareHops: z.object({ side: z.union([z.literal(0), z.literal(1)]), query: z.object({ ...window, filter: hopFilter.optional() }).strict() }).strict(),
  compareProgress: none,
  exportTrace: optional({ fromNs: ns.optional(), toNs: ns.optional(), maxHops: z.number().int().min(1).max(MAX_TRACE_HOPS_PER_REQUEST).optional() }),
  machineGraph: optional({ text: text.optional(), seed, set: overrides.optional() }),
  hopCatalog: none,
  costsInUse: optional({ text: text.optional(), seed, set: overrides.optional() }),
  sweep: z.object({
    text, seed, vary: z.array(z.string().max(10_000)).min(1).max(2), seeds: z.number().int().min(1).max(100).optional(),
    metrics: z.array(z.string().max(200)).max(20).optional(), untilNs: ns.optional(),
  }).strict(),
  sweepProgress: none,
  cancelSweep: none,
  runQtest: z.object({
    text, seed, set: overrides.optional(), script: z.string().max(5_000_000, 'qtest script over 5 MB'),
    vm: z.number().int().min(0).max(10_000).optional(), vcpu: z.number().int().min(0).max(10_000).optional(),
  }).strict(),
  snapshot: none,
  // The document itself is checked field by field by parseSnapshot (sim/lab/snapshot/snapshot.ts), with its messages.
  restore: z.object({ snapshot: z.object({ text }).passthrough() }).strict() as unknown as z.ZodType<ParamsOf<'restore'>, unknown>,
  stepBack: optional({ events: z.number().int().min(1).max(MAX_EVENTS_PER_REQUEST).optional() }),
  reverseContinue: optional({ kind: z.string().min(1).max(200).optional(), watch: watchpoint.optional() })
    .refine((p) => p.kind === undefined || p.watch === undefined, 'give a hop kind or a watchpoint, not both'),
  snapshotRing: none,
  restoreRing: z.object({ events: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
  lastWriter: z.object({ file: z.string().max(1000), register: z.string().max(1000) }).strict(),
};

/** Parses a method's params, or throws an Error naming the method and the bad field. */
export function parseParams<M extends LabMethod>(method: M, params: unknown): ParamsOf<M> {
  const schema = METHOD_PARAMS[method] as z.ZodType<ParamsOf<M>, unknown> | undefined;
  if (!schema) throw new Error(`unknown method "${String(method)}"`);
  const r = schema.safeParse(params);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`);
  throw new Error(`${method}: ${issues.slice(0, 3).join('; ')}`);
}
