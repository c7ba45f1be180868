// The VFIO device IRQ uapi (include/uapi/linux/vfio.h, facts §B.1, §B.2): the flag words of
// VFIO_DEVICE_GET_IRQ_INFO and VFIO_DEVICE_SET_IRQS declared once as layouts with their uapi bit positions, and the
// vfio-pci IRQ indexes. The constants below are the layouts' one-bit values, as userspace spells them.
import { bits, layout, type Field } from '../../core/registers';

/** struct vfio_irq_info.flags */
export const IRQ_INFO_FLAGS = layout(32, {
  noresize: bits(3, 3, 'ro', 'VFIO_IRQ_INFO_NORESIZE: the vector count cannot change while enabled'),
  automasked: bits(2, 2, 'ro', 'VFIO_IRQ_INFO_AUTOMASKED: the kernel masks the interrupt when it fires'),
  maskable: bits(1, 1, 'ro', 'VFIO_IRQ_INFO_MASKABLE: ACTION_MASK / ACTION_UNMASK are supported'),
  eventfd: bits(0, 0, 'ro', 'VFIO_IRQ_INFO_EVENTFD: signalled through an eventfd'),
}, 'vfio_irq_info.flags');

/** struct vfio_irq_set.flags: exactly one DATA_ type and one ACTION_ type. */
export const IRQ_SET_FLAGS = layout(32, {
  actionTrigger: bits(5, 5, 'rw', 'VFIO_IRQ_SET_ACTION_TRIGGER: set the trigger (or fire it)'),
  actionUnmask: bits(4, 4, 'rw', 'VFIO_IRQ_SET_ACTION_UNMASK: unmask (or set the unmask eventfd)'),
  actionMask: bits(3, 3, 'rw', 'VFIO_IRQ_SET_ACTION_MASK: mask (or set the mask eventfd)'),
  dataEventfd: bits(2, 2, 'rw', 'VFIO_IRQ_SET_DATA_EVENTFD: data holds one eventfd per vector'),
  dataBool: bits(1, 1, 'rw', 'VFIO_IRQ_SET_DATA_BOOL: data holds one bool per vector'),
  dataNone: bits(0, 0, 'rw', 'VFIO_IRQ_SET_DATA_NONE: no data'),
}, 'vfio_irq_set.flags');

const flag = (f: Field): number => Number(f.of(1));

export const VFIO_IRQ_INFO_EVENTFD = flag(IRQ_INFO_FLAGS.eventfd);
export const VFIO_IRQ_INFO_MASKABLE = flag(IRQ_INFO_FLAGS.maskable);
export const VFIO_IRQ_INFO_AUTOMASKED = flag(IRQ_INFO_FLAGS.automasked);
export const VFIO_IRQ_INFO_NORESIZE = flag(IRQ_INFO_FLAGS.noresize);

export const VFIO_IRQ_SET_DATA_NONE = flag(IRQ_SET_FLAGS.dataNone);
export const VFIO_IRQ_SET_DATA_BOOL = flag(IRQ_SET_FLAGS.dataBool);
export const VFIO_IRQ_SET_DATA_EVENTFD = flag(IRQ_SET_FLAGS.dataEventfd);
export const VFIO_IRQ_SET_ACTION_MASK = flag(IRQ_SET_FLAGS.actionMask);
export const VFIO_IRQ_SET_ACTION_UNMASK = flag(IRQ_SET_FLAGS.actionUnmask);
export const VFIO_IRQ_SET_ACTION_TRIGGER = flag(IRQ_SET_FLAGS.actionTrigger);

/** The DATA_ and ACTION_ flags of a vfio_irq_set, each group as the uapi's *_TYPE_MASK covers it. */
export const IRQ_SET_DATA_TYPES: readonly Field[] = [IRQ_SET_FLAGS.dataNone, IRQ_SET_FLAGS.dataBool, IRQ_SET_FLAGS.dataEventfd];
export const IRQ_SET_ACTION_TYPES: readonly Field[] = [IRQ_SET_FLAGS.actionMask, IRQ_SET_FLAGS.actionUnmask, IRQ_SET_FLAGS.actionTrigger];

export const VFIO_PCI_INTX_IRQ_INDEX = 0;
export const VFIO_PCI_MSI_IRQ_INDEX = 1;
export const VFIO_PCI_MSIX_IRQ_INDEX = 2;
export const VFIO_PCI_ERR_IRQ_INDEX = 3;
export const VFIO_PCI_REQ_IRQ_INDEX = 4;
export const VFIO_PCI_NUM_IRQS = 5;
