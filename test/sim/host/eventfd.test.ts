import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../src/sim/core/costModel';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { Simulator } from '../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../src/sim/core/wires';
import { EVENTFD_MAX, Eventfd } from '../../../src/sim/host/eventfd';

const newEventfd = () => new Eventfd(new Simulator(16), new CostModel(COSTS, 3), 't');

describe('eventfd', () => {
  it('adds every write to the counter; a read returns the sum and resets it (signals coalesce)', () => {
    const e = newEventfd();
    e.signal(1n, [1]);
    e.signal(1n, [2]);
    e.signal(3n, [3]);
    expect(e.read()).toEqual({ value: 5n, flows: [1, 2, 3] });
    expect(e.read()).toEqual({ value: 0n, flows: [] });
  });

  it('wakes every waiter on every signal, in the signaller context', () => {
    const e = newEventfd();
    const seen: number[][] = [];
    e.addWaiter(inPort(wireNode('waiter', 'test'), 'wake', 'eventfd', (f: number[]) => { seen.push(f); }));
    e.signal(1n, [7]);
    e.signal(1n, [8]);
    expect(seen).toEqual([[7], [8]]);
  });
});

describe('eventfd on the wire graph', () => {
  it('its wait queue is a fan-out port: every waiter is listed as a connection, in the order added', () => {
    const sim = new Simulator(16);
    const e = new Eventfd(sim, new CostModel(COSTS, 3), 'nic0-msi0', 'vm0');
    const a = inPort(wireNode('vm0/irqfd/gsi0', 'irqfd', 'vm0'), 'wake', 'eventfd', () => []);
    const b = inPort(wireNode('vm0/irqfd/gsi1', 'irqfd', 'vm0'), 'wake', 'eventfd', () => []);
    e.addInlineWaiter(a);
    e.addInlineWaiter(b);
    expect(sim.wires.outOf('vm0/eventfd/nic0-msi0').map((x) => x.to.node)).toEqual(['vm0/irqfd/gsi0', 'vm0/irqfd/gsi1']);
    e.removeInlineWaiter(a);
    expect(sim.wires.outOf('vm0/eventfd/nic0-msi0').map((x) => x.to.node)).toEqual(['vm0/irqfd/gsi1']);
  });
});

describe('the eventfd counter is bounded (fs/eventfd.c)', () => {
  it('eventfd_signal saturates at ULLONG_MAX instead of growing past 64 bits, and poll then reports EPOLLERR', () => {
    const e = newEventfd();
    e.signal(EVENTFD_MAX - 1n, [1]);
    expect(e.overflowed).toBe(false);
    expect(e.signal(5n, [2])).toBe(1n); // only what fits is added
    expect(e.count).toBe(EVENTFD_MAX);
    expect(e.overflowed).toBe(true);
    expect(e.signal(1n, [3])).toBe(0n);
    expect(e.read()).toEqual({ value: EVENTFD_MAX, flows: [1, 2, 3] });
  });

  it('a write that would take the counter past ULLONG_MAX - 1 blocks, or fails with EAGAIN when non-blocking', () => {
    const e = newEventfd();
    expect(e.write(EVENTFD_MAX - 2n, [1])).toBe('written');
    expect(e.write(1n, [2])).toBe('written'); // ULLONG_MAX - 1: the highest a write can reach
    expect(e.write(1n, [3])).toBe('would-block'); // it would reach ULLONG_MAX
    expect(e.write(1n, [3], true)).toBe('-EAGAIN');
    expect(e.count).toBe(EVENTFD_MAX - 1n);
    expect(e.write(EVENTFD_MAX, [], true)).toBe('-EINVAL');
    e.read();
    expect(e.write(1n, [2], true)).toBe('written'); // the read made room
    expect(e.count).toBe(1n);
  });
});
