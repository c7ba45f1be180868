// Checks a message from the renderer before main lets it reach the lab worker (the renderer is untrusted).
import { z } from 'zod';
import { LAB_METHODS, type LabRequestMsg } from '../../shared/protocol';

const requestSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int(),
  method: z.enum(LAB_METHODS),
  // Optional: a void method's params may be undefined, which some senders omit altogether.
  params: z.unknown().optional(),
});

export type RequestCheck =
  | { ok: true; request: LabRequestMsg }
  | { ok: false; error: string; /** The message's own id when it has a usable one, so the caller can answer. */ id: number | null };

export function validateRequest(raw: unknown): RequestCheck {
  const parsed = requestSchema.safeParse(raw);
  // Unknown keys are stripped: only kind, id, method and params travel on.
  if (parsed.success) return { ok: true, request: parsed.data as LabRequestMsg };
  return { ok: false, error: `invalid request: ${describeIssues(parsed.error.issues)}`, id: usableId(raw) };
}

function usableId(raw: unknown): number | null {
  if (raw === null || typeof raw !== 'object' || !('id' in raw)) return null;
  const id = (raw as { id: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`).join('; ');
}
