// A sweep's grid: --vary lists and ranges, grid order, shards.
import { describe, expect, it } from 'vitest';
import { gridPoints, parseShard, parseVary, shardPoints, SweepSpecError } from '../../../../src/sim/lab/sweep/grid';

describe('sweep grid', () => {
  it('reads value lists and linear, log, duration and cycle ranges as --set values', () => {
    expect(parseVary('devices[0].intxMasking=line,device,adaptive')).toEqual({ path: 'devices[0].intxMasking', values: ['line', 'device', 'adaptive'] });
    expect(parseVary('devices[1].rate=1k..200k:3log').values).toEqual(['1000', '14142', '200000']);
    expect(parseVary('devices[1].rate=1k,50k,2.5M,300').values).toEqual(['1000', '50000', '2500000', '300']);
    expect(parseVary('devices[1].rate=0..100:5').values).toEqual(['0', '25', '50', '75', '100']);
    expect(parseVary('vms[0].x=0.5..2:4').values).toEqual(['0.5', '1', '1.5', '2']);
    expect(parseVary('duration=1ms..4ms:4').values).toEqual(['1000000ns', '2000000ns', '3000000ns', '4000000ns']);
    expect(parseVary('costs["kvm.vmexit"]=500 cycles..2000 cycles:2').values).toEqual(['500 cycles', '2000 cycles']);
  });

  it('refuses what it cannot read, naming the parameter', () => {
    for (const bad of ['nopath', 'a=', 'a=x,,y', 'a=x,x', 'a=1k..2ms:3', 'a=1..2:1', 'a=0..10:3log', 'a=1..2:99999', 'a=one..two:3']) {
      expect(() => parseVary(bad), bad).toThrow(SweepSpecError);
    }
  });

  it('orders points with the first parameter outermost, and shards them by index mod N', () => {
    const points = gridPoints([parseVary('a=x,y'), parseVary('b=1,2,3')]);
    expect(points.map((p) => `${p.set.a}${p.set.b}`)).toEqual(['x1', 'x2', 'x3', 'y1', 'y2', 'y3']);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const shards = [0, 1, 2, 3].map((i) => shardPoints(points, { index: i, count: 4 }).map((p) => p.index));
    expect(shards).toEqual([[0, 4], [1, 5], [2], [3]]);
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const bad of ['4/4', '1', '-1/2', '0/0']) expect(() => parseShard(bad), bad).toThrow(SweepSpecError);
    expect(() => gridPoints([parseVary('a=1..1000:1000'), parseVary('b=1..1000:1000'), parseVary('c=1..1000:1000')])).toThrow(/at most/);
  });
});
