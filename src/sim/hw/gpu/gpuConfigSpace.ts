// The GPU's PCI configuration space: the type-0 header of hw/pci/configSpace.ts reused as declared, with the
// capability the Intel integrated GPU really has: a 32-bit MSI capability (no 64-bit address, no per-vector
// masking, one message) at 0xAC on SKL (0x90 on BDW) (facts A.3: gvt.c at commit c8fe6a68).
// Why not the shared MSI capability at 0x50: that one is 64-bit capable (MSI_CTRL reset 0x80, data at cap+0xC).
// GVT reads control at cap+2, address at cap+4 and DATA AT CAP+8, which is the 32-bit layout, and refuses any
// control bit 15:1 ("only support one MSI format"): with the shared 64-bit capability every injection would be
// refused. So the vGPU's virtual config space (a copy of the physical one, as GVT's firmware cfg_space) uses this.
// Not modelled: the PCIe, power-management and vendor-specific capabilities (CAP_PTR points straight at MSI).
import { reg, type RegisterDecl, registerFile, type RegisterFile } from '../../core/registers';
import { MSI_CTRL, PCI_CONFIG_REGS } from '../pci/configSpace';
import { msiAddress, msiData } from '../pci/msiMessage';

export const GPU_MSI_CAP_OFFSET_SKL = 0xac;
export const GPU_MSI_CAP_OFFSET_BDW = 0x90;
export const GPU_MSI_CAP_OFFSET = GPU_MSI_CAP_OFFSET_SKL;

/** Intel vendor ID and an SKL GT2 device ID (HD Graphics 530), class 0x03 display / 0x00 VGA. */
export const GPU_IDENTITY = { vendorId: 0x8086, deviceId: 0x1912, baseClass: 0x03, subClass: 0x00 } as const;

function from(name: string, offset: number, reset?: bigint): RegisterDecl {
  const d = PCI_CONFIG_REGS.registers.find((r) => r.name === name);
  if (!d) throw new Error(`PCI_CONFIG_REGS has no ${name}`);
  return { ...d, offset, reset: reset ?? d.reset };
}

const C = GPU_MSI_CAP_OFFSET;

/** The 32-bit capability's message control: the same fields as every MSI capability (one message, no 64-bit
 * address, no per-vector masking: its reset says so). */
export const GPU_MSI_CTRL = MSI_CTRL;

/** The command register's bits a driver sets to let the function send MSI writes. */
const COMMAND = Object.fromEntries(from('COMMAND', 0x04).fields.map((f) => [f.name, f]));
const header = PCI_CONFIG_REGS.registers.filter((r) => r.offset < 0x40 && r.name !== 'CAP_PTR');

export const GPU_PCI_CONFIG_REGS = registerFile('GPU PCI configuration space (32-bit MSI at 0xAC)', [
  ...header,
  from('CAP_PTR', 0x34, BigInt(C)),
  from('MSI_CAP_ID', C),
  from('MSI_NEXT', C + 1),
  reg('MSI_CTRL', C + 2, 16, GPU_MSI_CTRL, { meaning: 'MSI message control' }), // 64bit- Count=1/1 Maskable-
  from('MSI_ADDR', C + 4),
  from('MSI_DATA', C + 8),
]);

/** Identity registers of a freshly made GPU config file (hardware-side values). */
export function initGpuConfig(f: RegisterFile): void {
  f.set(f.index('VENDOR_ID'), BigInt(GPU_IDENTITY.vendorId));
  f.set(f.index('DEVICE_ID'), BigInt(GPU_IDENTITY.deviceId));
  f.set(f.index('BASECLASS'), BigInt(GPU_IDENTITY.baseClass));
  f.set(f.index('SUBCLASS'), BigInt(GPU_IDENTITY.subClass));
}

/** The MSI capability as GVT's inject_virtual_interrupt reads it: control cap+2, address cap+4, data cap+8. */
export interface MsiCapRead {
  control: bigint;
  address: bigint;
  data: bigint;
}

export function readMsiCap(f: RegisterFile): MsiCapRead {
  return { control: f.get('MSI_CTRL'), address: f.get('MSI_ADDR'), data: f.get('MSI_DATA') };
}

/** MSI Enable in the capability's control. */
export function msiEnabled(cap: MsiCapRead): boolean {
  return GPU_MSI_CTRL.enable.on(cap.control);
}

/** What a driver does to enable MSI on the function (software writes through the declared access kinds). */
export function programGpuMsi(f: RegisterFile, destId: number, vector: number): void {
  f.write(f.index('MSI_ADDR'), msiAddress(destId));
  f.write(f.index('MSI_DATA'), msiData(vector));
  const cmd = f.index('COMMAND');
  f.write(cmd, COMMAND.busMaster!.set(COMMAND.memory!.set(f.raw(cmd), 1), 1));
  const ctrl = f.index('MSI_CTRL');
  f.write(ctrl, GPU_MSI_CTRL.enable.set(f.raw(ctrl), 1));
}
