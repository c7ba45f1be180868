// The hop log as CSV: a row per hop in the header's columns, pulled in chunks through a page query under the
// filter, capped (and saying so) at the trace export's bound.
import { describe, expect, it } from 'vitest';
import { HOP_CSV_CHUNK, HOP_CSV_HEADER, hopCsv, hopCsvLine, MAX_CSV_HOPS } from '../../../src/shared/csv/hopCsv';
import { MAX_TRACE_HOPS_PER_REQUEST } from '../../../src/labhost/methodParams';
import type { HopQuery, HopRow, LogPage } from '../../../src/shared/protocol';

const hop = (seq: number): HopRow => ({ seq, timeNs: seq * 10, durNs: 3, flow: seq % 3, kind: 'kvm.vmexit', where: 'vm0.vcpu0', vm: 'vm0', detail: `exit ${seq}` });

/** A log of n hops served a page at a time (at most 5,000 rows, as the lab does), recording each query. */
function fakeLog(n: number) {
  const queries: HopQuery[] = [];
  const page = (q: HopQuery): LogPage => {
    queries.push(q);
    const count = Math.min(q.count, 5000);
    const rows = Array.from({ length: Math.max(0, Math.min(count, n - q.start)) }, (_, i) => hop(q.start + i));
    return { total: n, overwritten: 0, start: q.start, rows };
  };
  return { page, queries };
}

describe('hop CSV', () => {
  it('writes time, duration, kind, where, flow (empty for none), vm and detail', () => {
    expect(HOP_CSV_HEADER.join(',')).toBe('timeNs,durNs,kind,where,flow,vm,detail');
    expect(hopCsvLine(hop(4))).toBe('40,3,kvm.vmexit,vm0.vcpu0,1,vm0,exit 4');
    expect(hopCsvLine({ ...hop(3), detail: 'vector 0x41, "edge"' })).toBe('30,3,kvm.vmexit,vm0.vcpu0,,vm0,"vector 0x41, ""edge"""');
  });

  it('pulls every page in chunks with the filter, oldest first', async () => {
    const log = fakeLog(12_345);
    const filter = { vm: 'vm0', fromNs: 5 };
    const csv = await hopCsv(log.page, filter);
    const lines = csv.text.split('\n');
    expect(lines[0]).toBe(HOP_CSV_HEADER.join(','));
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(12_345 + 2);
    expect(lines[1]).toBe(hopCsvLine(hop(0)));
    expect(lines[12_345]).toBe(hopCsvLine(hop(12_344)));
    expect(csv).toMatchObject({ hops: 12_345, matching: 12_345, truncated: false });
    expect(log.queries.map((q) => [q.start, q.count])).toEqual([[0, HOP_CSV_CHUNK], [5000, 5000], [10_000, 2345]]);
    expect(log.queries.every((q) => q.filter === filter)).toBe(true);
  });

  it('stops at the cap and says how many matched', async () => {
    const log = fakeLog(9000);
    const csv = await hopCsv(log.page, {}, 7000);
    expect(csv).toMatchObject({ hops: 7000, matching: 9000, truncated: true });
    expect(csv.text.split('\n')).toHaveLength(7002);
    expect(log.queries.map((q) => [q.start, q.count])).toEqual([[0, 5000], [5000, 2000]]);
  });

  it('writes only the header for an empty log', async () => {
    expect(await hopCsv(fakeLog(0).page)).toEqual({ text: 'timeNs,durNs,kind,where,flow,vm,detail\n', hops: 0, matching: 0, truncated: false });
  });

  it('caps at the bound of one trace export', () => {
    expect(MAX_CSV_HOPS).toBe(MAX_TRACE_HOPS_PER_REQUEST);
  });
});
