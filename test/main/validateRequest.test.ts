import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../src/main/relay/validateRequest';
import { LAB_METHODS } from '../../src/shared/protocol';

describe('validateRequest', () => {
  it('accepts a request for every lab method', () => {
    for (const method of LAB_METHODS) {
      const check = validateRequest({ kind: 'request', id: 7, method, params: { any: 'thing' } });
      expect(check, method).toEqual({ ok: true, request: { kind: 'request', id: 7, method, params: { any: 'thing' } } });
    }
  });

  it('accepts a request whose params are absent (void methods)', () => {
    expect(validateRequest({ kind: 'request', id: 1, method: 'status' }).ok).toBe(true);
    expect(validateRequest({ kind: 'request', id: 1, method: 'status', params: undefined }).ok).toBe(true);
  });

  it('strips keys the protocol does not define', () => {
    const check = validateRequest({ kind: 'request', id: 2, method: 'pause', params: null, __proto_hack: 1, extra: 'x' });
    expect(check.ok && Object.keys(check.request).sort()).toEqual(['id', 'kind', 'method', 'params']);
  });

  it('rejects an unknown method, keeping the id so the page can be answered', () => {
    const check = validateRequest({ kind: 'request', id: 3, method: 'eval', params: 'process.exit()' });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.id).toBe(3);
      expect(check.error).toMatch(/^invalid request: method: /);
    }
  });

  it('rejects a message that is not a request', () => {
    const check = validateRequest({ kind: 'response', id: 4, method: 'status' });
    expect(check).toMatchObject({ ok: false, id: 4 });
    if (!check.ok) expect(check.error).toMatch(/kind/);
  });

  it('rejects ids that are not integers, and then has no id to answer', () => {
    for (const id of [1.5, '1', null, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      const check = validateRequest({ kind: 'request', id, method: 'status' });
      expect(check, String(id)).toMatchObject({ ok: false, id: null });
    }
  });

  it('rejects values that are not objects', () => {
    for (const raw of [null, undefined, 'request', 42, [1, 2]]) {
      expect(validateRequest(raw), String(raw)).toMatchObject({ ok: false, id: null });
    }
  });
});
