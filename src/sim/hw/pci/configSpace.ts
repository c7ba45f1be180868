// PCI type-0 configuration header, an MSI capability (64-bit address, no per-vector masking) at 0x50 and an MSI-X
// capability at 0x70 (its table and PBA live in BAR 0, see msixTable.ts).
// Offsets and bits: PCI Local Bus 3.0; COMMAND bit 10 INTx Disable and STATUS bit 3 Interrupt Status
// as used by pci_check_and_mask_intx (facts §C.3).
import { bits, layout, reg, registerFile } from '../../core/registers';
import { MSI_ADDRESS, MSI_DATA } from './msiMessage';

export const MSI_CAP_OFFSET = 0x50;
export const MSIX_CAP_OFFSET = 0x70;

export const COMMAND = layout(16, {
  intxDisable: bits(10, 10, 'rw', 'INTx Disable: the function may not assert INTx (DisINTx, PCI 2.3)'),
  busMaster: bits(2, 2, 'rw', 'bus master enable: needed to send MSI writes'),
  memory: bits(1, 1, 'rw', 'memory space enable'),
  io: bits(0, 0, 'rw', 'I/O space enable'),
}, 'COMMAND');

export const STATUS = layout(16, {
  capList: bits(4, 4, 'ro', 'capabilities list present'),
  intStatus: bits(3, 3, 'ro', 'Interrupt Status: the function has an INTx cause pending (even while DisINTx masks it)'),
}, 'STATUS');

export const MSI_CTRL = layout(16, {
  perVectorMask: bits(8, 8, 'ro', 'per-vector masking capable'),
  addr64: bits(7, 7, 'ro', '64-bit message address capable'),
  mme: bits(6, 4, 'rw', 'multiple message enable (log2 of vectors granted)'),
  mmc: bits(3, 1, 'ro', 'multiple message capable (log2 of vectors requested)'),
  enable: bits(0, 0, 'rw', 'MSI enable: the function signals with MSI writes instead of INTx'),
}, 'MSI_CTRL');

export const MSIX_CTRL = layout(16, {
  enable: bits(15, 15, 'rw', 'MSI-X enable: the function signals through its MSI-X table'),
  functionMask: bits(14, 14, 'rw', 'function mask: every vector is masked (pending bits still latch)'),
  tableSize: bits(10, 0, 'ro', 'table size minus 1'),
}, 'MSIX_CTRL');

export const PCI_CONFIG_REGS = registerFile('PCI configuration space', [
  reg('VENDOR_ID', 0x00, 16, { id: bits(15, 0, 'ro', 'vendor') }, { meaning: 'vendor ID' }),
  reg('DEVICE_ID', 0x02, 16, { id: bits(15, 0, 'ro', 'device') }, { meaning: 'device ID' }),
  reg('COMMAND', 0x04, 16, COMMAND, { meaning: 'command' }),
  reg('STATUS', 0x06, 16, STATUS, { reset: STATUS.capList.of(1), meaning: 'status' }),
  reg('REVISION', 0x08, 8, { id: bits(7, 0, 'ro', 'revision') }, { meaning: 'revision ID' }),
  reg('CLASS', 0x09, 8, { progIf: bits(7, 0, 'ro', 'programming interface') }, { meaning: 'programming interface' }),
  reg('SUBCLASS', 0x0a, 8, { code: bits(7, 0, 'ro', 'sub-class') }, { meaning: 'sub-class code' }),
  reg('BASECLASS', 0x0b, 8, { code: bits(7, 0, 'ro', 'base class (0x02 network, 0x01 storage, 0x03 display)') }, { meaning: 'base class code' }),
  reg('HEADER_TYPE', 0x0e, 8, { layout: bits(6, 0, 'ro', 'header layout (0 = type 0)'), multi: bits(7, 7, 'ro', 'multi-function') }, { meaning: 'header type' }),
  reg('BAR0', 0x10, 32, {
    base: bits(31, 4, 'rw', 'memory base address'),
    prefetchable: bits(3, 3, 'ro', 'prefetchable'),
    type: bits(2, 1, 'ro', 'memory type (0 = 32-bit, 2 = 64-bit)', { 0: '32-bit', 2: '64-bit' }),
    space: bits(0, 0, 'ro', '0 = memory, 1 = I/O', { 0: 'memory', 1: 'io' }),
  }, { meaning: 'base address 0' }),
  reg('CAP_PTR', 0x34, 8, { ptr: bits(7, 0, 'ro', 'offset of the first capability') }, { reset: MSI_CAP_OFFSET, meaning: 'capabilities pointer' }),
  reg('INT_LINE', 0x3c, 8, { line: bits(7, 0, 'rw', 'interrupt line (software-owned)') }, { meaning: 'interrupt line' }),
  reg('INT_PIN', 0x3d, 8, { pin: bits(7, 0, 'ro', 'INTx pin used', { 0: 'none', 1: 'INTA#', 2: 'INTB#', 3: 'INTC#', 4: 'INTD#' }) }, { reset: 1, meaning: 'interrupt pin' }),
  reg('MSI_CAP_ID', MSI_CAP_OFFSET, 8, { id: bits(7, 0, 'ro', 'capability ID (0x05 = MSI)') }, { reset: 0x05, meaning: 'MSI capability ID' }),
  reg('MSI_NEXT', MSI_CAP_OFFSET + 1, 8, { next: bits(7, 0, 'ro', 'next capability (0 = end)') }, { reset: MSIX_CAP_OFFSET, meaning: 'next capability pointer' }),
  reg('MSI_CTRL', MSI_CAP_OFFSET + 2, 16, MSI_CTRL, { reset: MSI_CTRL.addr64.of(1), meaning: 'MSI message control' }),
  reg('MSI_ADDR', MSI_CAP_OFFSET + 4, 32, MSI_ADDRESS, { meaning: 'MSI message address (low)' }),
  reg('MSI_ADDR_HI', MSI_CAP_OFFSET + 8, 32, { addr: bits(31, 0, 'rw', 'upper 32 bits of the message address') }, { meaning: 'MSI message address (high)' }),
  reg('MSI_DATA', MSI_CAP_OFFSET + 0xc, 16, MSI_DATA, { meaning: 'MSI message data' }),
  reg('MSIX_CAP_ID', MSIX_CAP_OFFSET, 8, { id: bits(7, 0, 'ro', 'capability ID (0x11 = MSI-X)') }, { reset: 0x11, meaning: 'MSI-X capability ID' }),
  reg('MSIX_NEXT', MSIX_CAP_OFFSET + 1, 8, { next: bits(7, 0, 'ro', 'next capability (0 = end)') }, { meaning: 'next capability pointer' }),
  reg('MSIX_CTRL', MSIX_CAP_OFFSET + 2, 16, MSIX_CTRL, { meaning: 'MSI-X message control' }),
  reg('MSIX_TABLE', MSIX_CAP_OFFSET + 4, 32, {
    offset: bits(31, 3, 'ro', 'offset of the table in its BAR (in 8-byte units)'),
    bir: bits(2, 0, 'ro', 'BAR holding the table'),
  }, { meaning: 'MSI-X table offset / BIR' }),
  reg('MSIX_PBA', MSIX_CAP_OFFSET + 8, 32, {
    offset: bits(31, 3, 'ro', 'offset of the pending-bit array in its BAR (in 8-byte units)'),
    bir: bits(2, 0, 'ro', 'BAR holding the PBA'),
  }, { reset: 0x1000, meaning: 'MSI-X PBA offset / BIR' }),
]);

export type { MsiMessage } from './msiMessage';
