// genirq as the kernel behaves (facts §C), driven through small scenarios of host drivers on IOAPIC lines.
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../../src/sim/lab/lab';
import { SPURIOUS_WINDOW } from '../../../../src/sim/host/genirq/spurious';

function run(yaml: string, set: Record<string, string> = {}) {
  const r = Lab.load(yaml, { set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { lab: r.lab, s: r.lab.runToEnd() };
}

const twoDrivers = (aThread: string, bThread: string) => `
name: genirq
duration: 6ms
host: { cpus: 2 }
costs: { "host.driver.handler@diska": "200us" }
devices:
  - { id: diska, irq: intx, pin: 10, owner: host, rate: 1000, arrival: periodic, driver: ${aThread} }
  - { id: diskb, irq: intx, pin: 10, owner: host, rate: 1000, arrival: periodic, driver: ${bThread} }
`;

function latencies(lab: Lab, source: string): number[] {
  const fl = lab.sim.flows;
  const id = lab.sim.log.strings.find(source);
  const out: number[] = [];
  for (let f = 1; f <= fl.count; f++) if (fl.sourceOf(f) === id) out.push(fl.deliveredOf(f) - fl.raisedOf(f));
  return out;
}

describe('genirq', () => {
  it('ONESHOT: a slow thread holds a shared line masked, so the other sharer waits for it', () => {
    const oneshot = '{ threaded: true, oneshot: true, loadAt: 0 }';
    const late = '{ threaded: true, oneshot: true, loadAt: 50us }'; // diskb fires 50 µs into diska's 200 µs thread
    const { lab, s } = run(twoDrivers(oneshot, late));
    expect(s.flows.pending).toBe(0);
    const b = latencies(lab, 'diskb');
    expect(Math.min(...b)).toBeGreaterThan(140_000);
    // On a line of its own with a primary handler, diskb preempts diska's thread on the same CPU and is served at
    // once. (Another IRQ thread would not: SCHED_FIFO threads of equal priority do not preempt each other.)
    const { lab: lab2 } = run(twoDrivers(oneshot, late).replace('pin: 10, owner: host, rate: 1000, arrival: periodic, driver: { threaded: true, oneshot: true, loadAt: 50us }',
      'pin: 11, owner: host, rate: 1000, arrival: periodic, driver: { loadAt: 50us }'));
    expect(Math.max(...latencies(lab2, 'diskb'))).toBeLessThan(10_000);
    expect(lab2.queryLog({ start: 0, count: 1, filter: { kind: 'sched.switch' } }).total).toBeGreaterThan(0);
  });

  it('refuses a sharer whose IRQF_ONESHOT disagrees (-EBUSY), logs it, and the run goes on', () => {
    const { lab, s } = run(twoDrivers('{ threaded: true, oneshot: true }', '{ threaded: false, oneshot: false, loadAt: 10us }'));
    const req = lab.queryLog({ start: 0, count: 10, filter: { kind: 'genirq.request' } }).rows.map((r) => r.detail);
    expect(req.some((d) => /request_irq\(diskb-driver\) failed: -EBUSY: .*IRQF_ONESHOT/.test(d))).toBe(true);
    expect(s.perVm.host!.flows.delivered).toBeGreaterThan(0); // diska is still served
  });

  it('nobody cared: a stuck line with no claiming handler is disabled after 99,900 of 100,000 unhandled', () => {
    const { lab, s } = run(`
name: stuck
duration: 600ms
host: { cpus: 2 }
devices:
  - { id: good, irq: intx, pin: 11, owner: host, rate: 200, arrival: periodic }
  - { id: bad, irq: intx, pin: 11, owner: host, stuck: true, driver: { loadAt: 1ms } }
`);
    const disable = lab.queryLog({ start: 0, count: 5, filter: { kind: 'genirq.spurious.disable' } }).rows;
    expect(disable).toHaveLength(1);
    expect(disable[0]!.detail).toMatch(/irq 11: nobody cared .*Disabling IRQ #11/);
    const unhandled = s.hopTimeNs['genirq.flow']!.count;
    expect(unhandled).toBeGreaterThanOrEqual(SPURIOUS_WINDOW);
    // The good sharer is still served, by the 100 ms poll: late.
    const polls = lab.queryLog({ start: 0, count: 10, filter: { kind: 'genirq.spurious.poll' } }).rows;
    expect(polls.length).toBeGreaterThan(0);
    expect(s.stuck.some((st) => st.source === 'bad')).toBe(true);
  });

  it('a stuck line whose sharer is threaded is still found: IRQ_WAKE_THREAD is judged by what the thread returned', () => {
    const { s } = run(`
name: stuck-threaded
duration: 1500ms
host: { cpus: 2 }
log: { capacity: 1000 }
devices:
  - { id: good, irq: intx, pin: 11, owner: host, rate: 200, arrival: periodic, driver: { threaded: true, oneshot: true } }
  - { id: bad, irq: intx, pin: 11, owner: host, stuck: true, driver: { loadAt: 1ms } }
`);
    // Counted as handled at once, the woken thread would hide the stuck device forever (the run would end at the drain limit).
    expect(s.hopTimeNs['genirq.spurious.disable']?.count).toBe(1);
    expect(s.hopTimeNs['run.drain.limit']).toBeUndefined();
    expect(s.hopTimeNs['genirq.spurious.poll']!.count).toBeGreaterThan(0);
    expect(s.hopTimeNs['genirq.flow']!.count).toBeGreaterThan(SPURIOUS_WINDOW);
  });
});
