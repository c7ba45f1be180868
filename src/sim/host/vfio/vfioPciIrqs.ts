// The VFIO device IRQ API of a vfio-pci device (include/uapi/linux/vfio.h, facts §B.1, §B.2): what userspace
// (QEMU) calls to learn and set up the device's interrupts. VFIO_DEVICE_GET_IRQ_INFO describes each index;
// VFIO_DEVICE_SET_IRQS validates its header as vfio_set_irqs_validate_and_prepare does, then acts by index and action.
import type { Field } from '../../core/registers';
import type { PciFunction } from '../../hw/pci/pciFunction';
import type { Eventfd } from '../eventfd';
import type { PCpu } from '../pcpu';
import type { Step } from '../step';
import type { VfioIntx } from './vfioIntx';
import type { VfioPciMsi } from './vfioPciMsi';
import { MSI_CTRL } from '../../hw/pci/configSpace';
import {
  IRQ_SET_ACTION_TYPES, IRQ_SET_DATA_TYPES, VFIO_IRQ_INFO_AUTOMASKED, VFIO_IRQ_INFO_EVENTFD,
  VFIO_IRQ_INFO_MASKABLE, VFIO_IRQ_INFO_NORESIZE, VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_ACTION_UNMASK,
  VFIO_IRQ_SET_DATA_BOOL, VFIO_IRQ_SET_DATA_EVENTFD, VFIO_IRQ_SET_DATA_NONE, VFIO_PCI_ERR_IRQ_INDEX,
  VFIO_PCI_INTX_IRQ_INDEX, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_PCI_MSI_IRQ_INDEX, VFIO_PCI_NUM_IRQS, VFIO_PCI_REQ_IRQ_INDEX,
} from './vfioUapi';

export {
  VFIO_IRQ_INFO_AUTOMASKED, VFIO_IRQ_INFO_EVENTFD, VFIO_IRQ_INFO_MASKABLE, VFIO_IRQ_INFO_NORESIZE,
  VFIO_IRQ_SET_ACTION_MASK, VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_ACTION_UNMASK, VFIO_IRQ_SET_DATA_BOOL,
  VFIO_IRQ_SET_DATA_EVENTFD, VFIO_IRQ_SET_DATA_NONE, VFIO_PCI_ERR_IRQ_INDEX, VFIO_PCI_INTX_IRQ_INDEX,
  VFIO_PCI_MSIX_IRQ_INDEX, VFIO_PCI_MSI_IRQ_INDEX, VFIO_PCI_NUM_IRQS, VFIO_PCI_REQ_IRQ_INDEX,
} from './vfioUapi';

export interface VfioIrqInfo {
  flags: number;
  index: number;
  count: number;
}

export interface VfioIrqSet {
  flags: number;
  index: number;
  start: number;
  count: number;
  /** DATA_EVENTFD: one eventfd per vector (null = the -1 fd: de-assign); DATA_BOOL: one bool per vector. */
  data?: (Eventfd | null)[] | boolean[];
}

/** A refused call may still have run steps (request_irq's failure is logged where it happened). */
export type SetIrqsResult = { ok: true; steps: Step[] } | { ok: false; errno: '-EINVAL' | '-ENOTTY' | '-EBUSY'; why: string; steps?: Step[] };

/** The one flag of `group` set in `flags` (its value), or 0 when none or several are. */
function oneOf(flags: bigint, group: readonly Field[]): number {
  const set = group.filter((f) => f.on(flags));
  return set.length === 1 ? Number(set[0]!.mask) : 0;
}

/** Every flag the uapi defines. */
const KNOWN_FLAGS = [...IRQ_SET_DATA_TYPES, ...IRQ_SET_ACTION_TYPES].reduce((m, f) => m | f.mask, 0n);

export class VfioPciIrqs {
  /** ERR and REQ triggers (AER errors, device release requests): stored, signalled by nothing modelled yet. */
  errTrigger: Eventfd | null = null;
  reqTrigger: Eventfd | null = null;

  constructor(
    readonly fn: PciFunction,
    private readonly parts: { intx?: VfioIntx; msi?: VfioPciMsi; msix?: VfioPciMsi },
  ) {}

  /** VFIO_DEVICE_GET_IRQ_INFO */
  getIrqInfo(index: number): VfioIrqInfo | { errno: '-EINVAL' } {
    if (!Number.isInteger(index) || index < 0 || index >= VFIO_PCI_NUM_IRQS) return { errno: '-EINVAL' };
    const c = this.fn.config;
    switch (index) {
      case VFIO_PCI_INTX_IRQ_INDEX: {
        const count = c.get('INT_PIN') !== 0n && this.parts.intx ? 1 : 0;
        return { index, count, flags: VFIO_IRQ_INFO_EVENTFD | (count ? VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED : 0) };
      }
      case VFIO_PCI_MSI_IRQ_INDEX: {
        const mmc = MSI_CTRL.mmc.num(c.raw(c.index('MSI_CTRL'))); // log2 of the vectors the function requests
        return { index, count: this.parts.msi ? 2 ** mmc : 0, flags: VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE };
      }
      case VFIO_PCI_MSIX_IRQ_INDEX:
        // Newer kernels add MSI-X vectors dynamically: no NORESIZE (facts §B.1).
        return { index, count: this.parts.msix ? this.fn.msix?.size ?? 0 : 0, flags: VFIO_IRQ_INFO_EVENTFD };
      default:
        return { index, count: 1, flags: VFIO_IRQ_INFO_EVENTFD }; // ERR (a PCIe function), REQ
    }
  }

  /** VFIO_DEVICE_SET_IRQS, from a userspace thread on `cpu`: the steps it causes in the kernel. */
  setIrqs(set: VfioIrqSet, cpu: PCpu): SetIrqsResult {
    const bad = (why: string): SetIrqsResult => ({ ok: false, errno: '-EINVAL', why });
    const info = this.getIrqInfo(set.index);
    if ('errno' in info) return bad(`index ${set.index} is not a vfio-pci IRQ index`);
    const flags = BigInt(set.flags);
    const data = oneOf(flags, IRQ_SET_DATA_TYPES);
    const action = oneOf(flags, IRQ_SET_ACTION_TYPES);
    if (!data || !action) return bad('exactly one DATA_ and one ACTION_ flag');
    if ((flags & ~KNOWN_FLAGS) !== 0n) return bad('unknown flags');
    if (set.count === 0 && !(data === VFIO_IRQ_SET_DATA_NONE && action === VFIO_IRQ_SET_ACTION_TRIGGER)) return bad('count 0 only disables (DATA_NONE | ACTION_TRIGGER)');
    if (set.count > 0 && (set.start >= info.count || set.start + set.count > info.count)) return bad(`start ${set.start} + count ${set.count} exceeds the index's ${info.count}`);
    if (data !== VFIO_IRQ_SET_DATA_NONE && (set.data?.length ?? 0) !== set.count) return bad('one data element per vector');
    const efd = data === VFIO_IRQ_SET_DATA_EVENTFD ? (set.data![0] as Eventfd | null) : undefined;
    const yes = data === VFIO_IRQ_SET_DATA_NONE || (data === VFIO_IRQ_SET_DATA_BOOL && (set.data![0] as boolean));
    const ok = (steps: Step[] = []): SetIrqsResult => ({ ok: true, steps });
    const notty = (why: string): SetIrqsResult => ({ ok: false, errno: '-ENOTTY', why });

    switch (set.index) {
      case VFIO_PCI_INTX_IRQ_INDEX: {
        const intx = this.parts.intx!;
        if (action === VFIO_IRQ_SET_ACTION_TRIGGER) {
          if (set.count === 0) return ok(intx.setTrigger(null, cpu.where).steps);
          if (efd !== undefined) {
            const r = intx.setTrigger(efd, cpu.where);
            return r.refused === undefined ? ok(r.steps) : { ok: false, errno: '-EBUSY', why: r.refused, steps: r.steps };
          }
          return ok(intx.triggerFd && yes ? this.loopback(cpu, intx.triggerFd) : []);
        }
        if (action === VFIO_IRQ_SET_ACTION_UNMASK) {
          if (efd !== undefined) { intx.setUnmaskEventfd(efd); return ok(); }
          return ok(yes ? intx.unmaskNow(cpu) : []);
        }
        return notty('INTx mask through an eventfd is not implemented in vfio-pci; DATA_NONE/BOOL masking not modelled');
      }
      case VFIO_PCI_MSI_IRQ_INDEX:
      case VFIO_PCI_MSIX_IRQ_INDEX: {
        const msi = set.index === VFIO_PCI_MSI_IRQ_INDEX ? this.parts.msi! : this.parts.msix!;
        const other = set.index === VFIO_PCI_MSI_IRQ_INDEX ? this.parts.msix : this.parts.msi;
        if (action !== VFIO_IRQ_SET_ACTION_TRIGGER) return notty(`vfio-pci has no ${msi.kind} mask/unmask`);
        if (set.count === 0) { msi.triggers.forEach((_t, v) => msi.setTrigger(v, null)); return ok(); }
        if (data === VFIO_IRQ_SET_DATA_EVENTFD) {
          // vfio-pci runs one interrupt type at a time (INTx, MSI or MSI-X).
          if (other?.enabled || this.parts.intx?.triggerFd) return bad(`another interrupt type is enabled; disable it before ${msi.kind}`);
          (set.data as (Eventfd | null)[]).forEach((e, k) => msi.setTrigger(set.start + k, e));
          return ok();
        }
        const fire = (set.data as boolean[] | undefined) ?? [];
        return ok(Array.from({ length: set.count }, (_, k) => set.start + k)
          .filter((_v, k) => data === VFIO_IRQ_SET_DATA_NONE || fire[k])
          .flatMap((v) => (msi.triggers[v] ? this.loopback(cpu, msi.triggers[v]!) : [])));
      }
      case VFIO_PCI_ERR_IRQ_INDEX:
      case VFIO_PCI_REQ_IRQ_INDEX: {
        if (action !== VFIO_IRQ_SET_ACTION_TRIGGER || data !== VFIO_IRQ_SET_DATA_EVENTFD) return bad('ERR and REQ take a trigger eventfd only');
        if (set.index === VFIO_PCI_ERR_IRQ_INDEX) this.errTrigger = efd ?? null;
        else this.reqTrigger = efd ?? null;
        return ok();
      }
      default:
        return bad('no vectors at this index');
    }
  }

  /** TRIGGER with DATA_NONE/BOOL: the kernel signals the trigger eventfd on userspace's behalf (a loopback). */
  private loopback(cpu: PCpu, trigger: Eventfd): Step[] {
    return trigger.signalSteps(cpu.where, [], `${trigger.name} += 1 (fired by userspace)`);
  }
}
