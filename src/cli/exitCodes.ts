// What each exit code of `virq` means, and the one line an unexpected exception becomes.
import { UsageError } from './args';

export const EXIT = {
  ok: 0,
  /** The scenario does not validate: one "path: problem" per line. */
  invalid: 1,
  /** Unknown command, preset or option, unreadable file, a bad --set path or value. */
  usage: 2,
  /** A bug in the lab: one line saying so (the stack with VIRQ_DEBUG=1). */
  internal: 3,
} as const;

/** The exit code and the text for stderr of an exception that reached the top of the CLI. */
export function failure(e: unknown, env: Record<string, string | undefined>): { code: number; text: string } {
  if (e instanceof UsageError) return { code: EXIT.usage, text: `virq: ${e.message}` };
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
  const line = `virq: internal error: ${message} — please report it with the command line (VIRQ_DEBUG=1 shows the stack)`;
  const stack = env.VIRQ_DEBUG === '1' && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  return { code: EXIT.internal, text: line + stack };
}
