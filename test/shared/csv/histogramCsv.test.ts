// Latency histograms as CSV: a row per bin of each group, its bounds in ns (the tail bin open above) and its count.
import { describe, expect, it } from 'vitest';
import { histogramCsv } from '../../../src/shared/csv/histogramCsv';
import type { LatencyHistograms } from '../../../src/shared/protocol';

const p = { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };

describe('histogram CSV', () => {
  it('writes every group\'s bins with lower and upper bounds; the last bin has no upper bound', () => {
    const h: LatencyHistograms = {
      edgesNs: [0, 500, 1000, 1500],
      groups: [
        { key: 'all', label: 'all flows', latencyNs: { ...p, count: 6 }, counts: [1, 3, 2] },
        { key: 'vm:vm0', label: 'VM vm0', latencyNs: { ...p, count: 4 }, counts: [0, 3, 1] },
      ],
    };
    expect(histogramCsv(h)).toBe('group,lowerNs,upperNs,count\n'
      + 'all,0,500,1\nall,500,1000,3\nall,1000,,2\n'
      + 'vm:vm0,0,500,0\nvm:vm0,500,1000,3\nvm:vm0,1000,,1\n');
  });
});
