import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { EXIT, failure } from '../../src/cli/exitCodes';

describe('virq exit codes', () => {
  it('a usage error is exit 2 with its message', () => {
    expect(failure(new UsageError('unknown preset "x"'), {})).toEqual({ code: EXIT.usage, text: 'virq: unknown preset "x"' });
  });

  it('anything else is an internal error: exit 3, one line to report, the stack only with VIRQ_DEBUG=1', () => {
    const e = new RangeError('The number Infinity cannot be converted to a BigInt\nsecond line');
    const quiet = failure(e, {});
    expect(quiet.code).toBe(3);
    expect(quiet.text).toBe('virq: internal error: The number Infinity cannot be converted to a BigInt — please report it with the command line (VIRQ_DEBUG=1 shows the stack)');
    const loud = failure(e, { VIRQ_DEBUG: '1' });
    expect(loud.text.split('\n')[0]).toBe(quiet.text);
    expect(loud.text).toContain(e.stack!.split('\n')[1]!);
    expect(failure('a string', {}).text).toMatch(/^virq: internal error: a string — /);
  });
});
