// VFIO_DEVICE_GET_IRQ_INFO / VFIO_DEVICE_SET_IRQS as the uapi header and vfio-pci define them (facts §B.1, §B.2).
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../src/sim/core/costModel';
import { Simulator } from '../../../../src/sim/core/simulator';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import { inPort, wireNode } from '../../../../src/sim/core/wires';
import { Eventfd } from '../../../../src/sim/host/eventfd';
import { IoapicChip } from '../../../../src/sim/host/genirq/ioapicChip';
import { IrqDesc } from '../../../../src/sim/host/genirq/irqDesc';
import { PCpu } from '../../../../src/sim/host/pcpu';
import { createIntxMasking } from '../../../../src/sim/host/vfio/intxMasking';
import { VfioIntx } from '../../../../src/sim/host/vfio/vfioIntx';
import { VfioPciMsi } from '../../../../src/sim/host/vfio/vfioPciMsi';
import {
  VFIO_IRQ_INFO_AUTOMASKED, VFIO_IRQ_INFO_EVENTFD, VFIO_IRQ_INFO_MASKABLE, VFIO_IRQ_INFO_NORESIZE,
  VFIO_IRQ_SET_ACTION_MASK, VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_ACTION_UNMASK, VFIO_IRQ_SET_DATA_BOOL,
  VFIO_IRQ_SET_DATA_EVENTFD, VFIO_IRQ_SET_DATA_NONE, VFIO_PCI_ERR_IRQ_INDEX, VFIO_PCI_INTX_IRQ_INDEX,
  VFIO_PCI_MSIX_IRQ_INDEX, VFIO_PCI_MSI_IRQ_INDEX, VFIO_PCI_NUM_IRQS, VFIO_PCI_REQ_IRQ_INDEX, VfioPciIrqs,
} from '../../../../src/sim/host/vfio/vfioPciIrqs';
import { IRQ_INFO_FLAGS, IRQ_SET_FLAGS } from '../../../../src/sim/host/vfio/vfioUapi';
import { PciFunction } from '../../../../src/sim/hw/pci/pciFunction';
import { Ioapic } from '../../../../src/sim/hw/x86/ioapic';
import { Lapic } from '../../../../src/sim/hw/x86/lapic';
import { LapicPort } from '../../../../src/sim/host/x86/lapicPort';

function setup() {
  const sim = new Simulator(1000);
  const costs = new CostModel(COSTS, 3);
  const cpu = new PCpu(sim, costs, 0, new LapicPort(new Lapic(0, 'host/cpu0/lapic', 'host', 'cpu0', false)));
  const fn = new PciFunction('host/nic0/config', 'host', 'nic0', { vendorId: 0x8086, deviceId: 0x10d3, baseClass: 2, subClass: 0 }, false);
  const desc = new IrqDesc(sim, costs, 16, new IoapicChip(sim, costs, new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false), 16), cpu);
  const intx = new VfioIntx(sim, costs, fn, desc, createIntxMasking('device'));
  const msi = new VfioPciMsi(sim, 'nic0', 'MSI');
  return { sim, costs, cpu, desc, intx, msi, irqs: new VfioPciIrqs(fn, { intx, msi }) };
}

describe('VFIO device IRQ API', () => {
  it('uses the uapi flag and index values', () => {
    expect([VFIO_IRQ_INFO_EVENTFD, VFIO_IRQ_INFO_MASKABLE, VFIO_IRQ_INFO_AUTOMASKED, VFIO_IRQ_INFO_NORESIZE]).toEqual([1, 2, 4, 8]);
    expect([VFIO_IRQ_SET_DATA_NONE, VFIO_IRQ_SET_DATA_BOOL, VFIO_IRQ_SET_DATA_EVENTFD, VFIO_IRQ_SET_ACTION_MASK, VFIO_IRQ_SET_ACTION_UNMASK, VFIO_IRQ_SET_ACTION_TRIGGER])
      .toEqual([1, 2, 4, 8, 16, 32]);
    expect([VFIO_PCI_INTX_IRQ_INDEX, VFIO_PCI_MSI_IRQ_INDEX, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_PCI_ERR_IRQ_INDEX, VFIO_PCI_REQ_IRQ_INDEX, VFIO_PCI_NUM_IRQS])
      .toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('declares the flag words once, each flag by name at its uapi bit', () => {
    const at = (f: { msb: number; lsb: number }) => (f.msb === f.lsb ? f.lsb : -1);
    expect([IRQ_INFO_FLAGS.eventfd, IRQ_INFO_FLAGS.maskable, IRQ_INFO_FLAGS.automasked, IRQ_INFO_FLAGS.noresize].map(at)).toEqual([0, 1, 2, 3]);
    expect([IRQ_SET_FLAGS.dataNone, IRQ_SET_FLAGS.dataBool, IRQ_SET_FLAGS.dataEventfd, IRQ_SET_FLAGS.actionMask, IRQ_SET_FLAGS.actionUnmask, IRQ_SET_FLAGS.actionTrigger].map(at))
      .toEqual([0, 1, 2, 3, 4, 5]);
    expect(IRQ_SET_FLAGS.actionTrigger.on(BigInt(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER))).toBe(true);
    expect(IRQ_INFO_FLAGS.automasked.on(BigInt(VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE))).toBe(false);
  });

  it('describes INTx as maskable and automasked, MSI as NORESIZE, and refuses an index past NUM_IRQS', () => {
    const { irqs } = setup();
    expect(irqs.getIrqInfo(VFIO_PCI_INTX_IRQ_INDEX)).toEqual({ index: 0, count: 1, flags: VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED });
    expect(irqs.getIrqInfo(VFIO_PCI_MSI_IRQ_INDEX)).toEqual({ index: 1, count: 1, flags: VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE });
    expect(irqs.getIrqInfo(VFIO_PCI_MSIX_IRQ_INDEX)).toMatchObject({ count: 0 });
    expect(irqs.getIrqInfo(5)).toEqual({ errno: '-EINVAL' });
  });

  it('validates the header: one data type, one action, vectors within the index, count 0 only to disable', () => {
    const { irqs, cpu, sim: sim_, costs: costs_ } = setup();
    const e = new Eventfd(sim_, costs_, 't');
    const set = (flags: number, start = 0, count = 1, data?: (Eventfd | null)[] | boolean[]) => irqs.setIrqs({ flags, index: VFIO_PCI_INTX_IRQ_INDEX, start, count, data }, cpu);
    expect(set(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, [e])).toMatchObject({ ok: false, errno: '-EINVAL' });
    expect(set(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK | VFIO_IRQ_SET_ACTION_UNMASK)).toMatchObject({ ok: false, errno: '-EINVAL' });
    expect(set(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, 1, 1, [e])).toMatchObject({ ok: false, errno: '-EINVAL' });
    expect(set(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0)).toMatchObject({ ok: false, errno: '-EINVAL' });
    expect(set(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, [])).toMatchObject({ ok: false, errno: '-EINVAL' });
    expect(set(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_MASK, 0, 1, [e])).toMatchObject({ ok: false, errno: '-ENOTTY' });
    expect(irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK, index: VFIO_PCI_MSI_IRQ_INDEX, start: 0, count: 1 }, cpu)).toMatchObject({ ok: false, errno: '-ENOTTY' });
  });

  it('enables INTx with a trigger eventfd (request_irq) and disables it with count 0 (free_irq)', () => {
    const { irqs, cpu, desc, intx, sim: sim_, costs: costs_ } = setup();
    const e = new Eventfd(sim_, costs_, 'nic0-intx');
    const on = irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 1, data: [e] }, cpu);
    expect(on.ok).toBe(true);
    expect(desc.actions).toEqual([intx.action]);
    expect(intx.triggerFd).toBe(e);
    const off = irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 0 }, cpu);
    expect(off.ok).toBe(true);
    expect(desc.actions).toEqual([]);
    expect(intx.triggerFd).toBeNull();
  });

  it('fires the trigger from userspace (loopback), reaching every waiter on the eventfd', () => {
    const { irqs, cpu, msi, sim: sim_, costs: costs_ } = setup();
    const e = new Eventfd(sim_, costs_, 'nic0-msi0');
    let woken = 0;
    e.addInlineWaiter(inPort(wireNode('vm0/irqfd/gsi0', 'irqfd'), 'wake', 'eventfd', () => { woken++; return []; }));
    irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_MSI_IRQ_INDEX, start: 0, count: 1, data: [e] }, cpu);
    expect(msi.triggers[0]).toBe(e);
    const r = irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_MSI_IRQ_INDEX, start: 0, count: 1, data: [true] }, cpu);
    expect(r.ok && r.steps.length).toBeGreaterThan(0);
    expect(woken).toBe(1);
  });

  it('stores ERR and REQ trigger eventfds', () => {
    const { irqs, cpu, sim: sim_, costs: costs_ } = setup();
    const e = new Eventfd(sim_, costs_, 'err');
    expect(irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_ERR_IRQ_INDEX, start: 0, count: 1, data: [e] }, cpu).ok).toBe(true);
    expect(irqs.errTrigger).toBe(e);
    expect(irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK, index: VFIO_PCI_REQ_IRQ_INDEX, start: 0, count: 1 }, cpu).ok).toBe(false);
  });
});
