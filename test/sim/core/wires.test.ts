// Ports and wires: named connections that behave as calls and are recorded as a graph that can be walked.
import { describe, expect, it } from 'vitest';
import { fanOutPort, inPort, outPort, WireGraph, wireNode } from '../../../src/sim/core/wires';

describe('wires', () => {
  it('an out-port calls what it is connected to, and the connection is listed', () => {
    const g = new WireGraph();
    const dev = wireNode('nic0', 'pci-function');
    const pin = wireNode('host/ioapic', 'ioapic');
    const levels: boolean[] = [];
    const out = outPort(dev, 'intx', 'irq', (_l: boolean) => {});
    const inp = inPort(pin, 'pin19', 'irq', (l: boolean) => { levels.push(l); });
    out.send(true); // not connected yet: the default does nothing
    g.connect(out, inp);
    out.send(true);
    out.send(false);
    expect(levels).toEqual([true, false]);
    expect(g.edges()).toEqual([{ from: { node: 'nic0', port: 'intx' }, to: { node: 'host/ioapic', port: 'pin19' }, kind: 'irq' }]);
    expect(g.nodes().map((n) => n.id)).toEqual(['nic0', 'host/ioapic']);
  });

  it('a single-target port refuses a second connection; a fan-out port visits every target in order', () => {
    const g = new WireGraph();
    const a = wireNode('a', 'x');
    const out = outPort(a, 'o', 'call', () => 0);
    g.connect(out, inPort(wireNode('b', 'x'), 'i', 'call', () => 1));
    expect(() => g.connect(out, inPort(wireNode('c', 'x'), 'i', 'call', () => 2))).toThrow(/already connected/);
    const q = fanOutPort<(n: number) => number>(a, 'waiters', 'eventfd');
    const seen: number[] = [];
    const w1 = inPort(wireNode('irqfd1', 'irqfd'), 'wake', 'eventfd', (n: number) => seen.push(n * 10));
    const w2 = inPort(wireNode('irqfd2', 'irqfd'), 'wake', 'eventfd', (n: number) => seen.push(n * 100));
    g.connect(q, w1);
    g.connect(q, w2);
    q.each((fn) => fn(1));
    g.disconnect(q, w1);
    q.each((fn) => fn(2));
    expect(seen).toEqual([10, 100, 200]);
    expect(g.outOf('a').map((e) => e.to.node)).toEqual(['b', 'irqfd2']);
  });

  it('finds the shortest chain of connections between two parts', () => {
    const g = new WireGraph();
    const n = (id: string) => wireNode(id, 'x');
    const link = (from: string, to: string) => g.connect(outPort(n(from), `to-${to}`, 'call', () => {}), inPort(n(to), `from-${from}`, 'call', () => {}));
    link('dev', 'line');
    link('line', 'ioapic');
    link('ioapic', 'cpu0');
    link('dev', 'cpu0-slow');
    link('cpu0', 'handler');
    expect(g.path('dev', 'handler')!.map((e) => `${e.from.node}.${e.from.port}→${e.to.node}`)).toEqual([
      'dev.to-line→line', 'line.to-ioapic→ioapic', 'ioapic.to-cpu0→cpu0', 'cpu0.to-handler→handler',
    ]);
    expect(g.path('handler', 'dev')).toBeNull();
  });
});
