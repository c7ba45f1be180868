// Wires, not callbacks: how the parts of a machine are joined, as QEMU's qemu_irq / GPIO lines and Renode's GPIO
// connections do it. A part declares its ports (an interrupt line out of a PCI function, the MSI input of the
// interrupt remapper, an eventfd's wait queue, an EOI notification out of a virtual IOAPIC); the scenario builder
// connects an out-port to an in-port, and the graph of every connection can be listed (`virq graph`), drawn (the
// machine diagram) and walked (a test follows the path of one interrupt).
//
// A port is a typed function slot: `out.send(...)` calls the connected in-port's function, as a callback would, so
// the hot path costs the same; what changes is that the connection has names and is recorded. Most out-ports have
// one target; a fan-out port (an eventfd's wait queue, a line's sharers) keeps an ordered list and `each` visits it.
// Routing decided by register contents at run time (an MSI's destination, a vector's handler) is drawn as the edges
// that routing can take: the APIC bus to every LAPIC, a CPU's vector to the handler requested for it.

/** What travels on a wire. */
export type WireKind =
  | 'irq'      // an interrupt line's level, or "an interrupt is pending" into a CPU
  | 'msi'      // a message write (MSI, MSI-X, an IOAPIC's message, a GIC's forwarded interrupt)
  | 'vector'   // a CPU dispatching a vector / INTID to the handler requested for it, a Linux IRQ to its actions
  | 'eventfd'  // an eventfd signal and its wait queue
  | 'eoi'      // an end-of-interrupt notification (ack notifiers, resample, deactivate)
  | 'ipi'      // an inter-processor interrupt (kick, notification)
  | 'mmio'     // a register access that reaches another part
  | 'call';    // any other named connection

/** A part of the machine that owns ports: "host/ioapic", "vm0/vcpu0", "eventfd nic0-msi0". */
export interface WireNode {
  id: string;
  /** What the part is: "pci-function", "ioapic", "lapic", "pcpu", "irq-desc", "vfio-intx", "eventfd", "irqfd", … */
  kind: string;
  /** The VM the part belongs to, or "host". */
  vm: string;
  /** A short label for drawings (default: the id). */
  label?: string;
}

export interface PortRef {
  node: string;
  port: string;
}

export interface WireEdge {
  from: PortRef;
  to: PortRef;
  kind: WireKind;
}

// Ports are typed by the function they carry; the graph does not look inside.
type Fn = (...args: any[]) => any;

/** An in-port: a named function of a part that others may be connected to. */
export class InPort<F extends Fn = Fn> {
  constructor(readonly node: WireNode, readonly name: string, readonly kind: WireKind, readonly fn: F) {}

  get ref(): PortRef {
    return { node: this.node.id, port: this.name };
  }
}

/** An out-port: calls the in-port(s) it is connected to. */
export class OutPort<F extends Fn = Fn> {
  readonly targets: InPort<F>[] = [];
  /** The connected in-port's function (the first target), or the default until connected. */
  send: F;

  constructor(readonly node: WireNode, readonly name: string, readonly kind: WireKind, private readonly dflt: F, readonly fanOut = false) {
    this.send = dflt;
  }

  get ref(): PortRef {
    return { node: this.node.id, port: this.name };
  }

  get connected(): boolean {
    return this.targets.length > 0;
  }

  /** Every target's function, in connection order (a fan-out port). */
  each(visit: (fn: F) => void): void {
    for (const t of this.targets) visit(t.fn);
  }

  /** @internal — use WireGraph.connect so the connection is recorded. */
  attach(to: InPort<F>): void {
    if (!this.fanOut && this.targets.length > 0) {
      throw new Error(`${this.node.id}.${this.name} is already connected to ${this.targets[0]!.node.id}.${this.targets[0]!.name}`);
    }
    this.targets.push(to);
    this.send = this.targets[0]!.fn;
  }

  /** @internal — use WireGraph.disconnect. */
  detach(to: InPort<F>): boolean {
    const i = this.targets.indexOf(to);
    if (i < 0) return false;
    this.targets.splice(i, 1);
    this.send = this.targets[0]?.fn ?? this.dflt;
    return true;
  }
}

/** A node and the constructors of its ports. */
export function wireNode(id: string, kind: string, vm = 'host', label?: string): WireNode {
  return label === undefined ? { id, kind, vm } : { id, kind, vm, label };
}

export function inPort<F extends Fn>(node: WireNode, name: string, kind: WireKind, fn: F): InPort<F> {
  return new InPort(node, name, kind, fn);
}

export function outPort<F extends Fn>(node: WireNode, name: string, kind: WireKind, dflt: F): OutPort<F> {
  return new OutPort(node, name, kind, dflt);
}

/** An out-port with several targets, visited in connection order (an eventfd's wait queue). */
export function fanOutPort<F extends Fn>(node: WireNode, name: string, kind: WireKind): OutPort<F> {
  return new OutPort(node, name, kind, (() => undefined) as unknown as F, true);
}

/** Every connection made while the machine was built (and later, at run time), in order. */
export class WireGraph {
  private readonly nodesById = new Map<string, WireNode>();
  private readonly edgeList: WireEdge[] = [];
  /** The out-ports connected to each in-port (for interception). */
  private readonly sendersOf = new Map<InPort, OutPort[]>();

  /** Records a part that has no connection yet (so a drawing shows it). */
  addNode(n: WireNode): void {
    if (!this.nodesById.has(n.id)) this.nodesById.set(n.id, n);
  }

  connect<F extends Fn>(from: OutPort<F>, to: InPort<F>): void {
    from.attach(to);
    (this.sendersOf.get(to) ?? this.sendersOf.set(to, []).get(to)!).push(from as OutPort);
    this.addNode(from.node);
    this.addNode(to.node);
    this.edgeList.push({ from: from.ref, to: to.ref, kind: from.kind });
  }

  disconnect<F extends Fn>(from: OutPort<F>, to: InPort<F>): void {
    if (!from.detach(to)) return;
    const senders = this.sendersOf.get(to);
    senders?.splice(senders.indexOf(from as OutPort), 1);
    const i = this.edgeList.findIndex((e) => e.from.node === from.node.id && e.from.port === from.name && e.to.node === to.node.id && e.to.port === to.name);
    if (i >= 0) this.edgeList.splice(i, 1);
  }

  /**
   * As QEMU's qemu_irq_intercept_in: every out-port connected to `to` now calls `fn` instead of it.
   * The connections stay listed; only where their signals go changes (`virq qtest`'s irq_intercept_in).
   */
  intercept<F extends Fn>(to: InPort<F>, fn: F): void {
    for (const out of this.sendersOf.get(to) ?? []) if (out.targets[0] === to) out.send = fn;
  }

  nodes(): WireNode[] {
    return [...this.nodesById.values()];
  }

  edges(): WireEdge[] {
    return this.edgeList.slice();
  }

  node(id: string): WireNode | undefined {
    return this.nodesById.get(id);
  }

  /** Edges leaving a node, in connection order. */
  outOf(id: string): WireEdge[] {
    return this.edgeList.filter((e) => e.from.node === id);
  }

  /**
   * The shortest chain of connections from node `from` to node `to` (breadth first, edges in connection order),
   * or null when `to` cannot be reached.
   */
  path(from: string, to: string): WireEdge[] | null {
    const prev = new Map<string, WireEdge | null>([[from, null]]);
    const queue = [from];
    while (queue.length) {
      const id = queue.shift()!;
      if (id === to) break;
      for (const e of this.outOf(id)) {
        if (prev.has(e.to.node)) continue;
        prev.set(e.to.node, e);
        queue.push(e.to.node);
      }
    }
    if (!prev.has(to)) return null;
    const chain: WireEdge[] = [];
    for (let e = prev.get(to)!; e; e = prev.get(e.from.node)!) chain.unshift(e);
    return chain;
  }
}
