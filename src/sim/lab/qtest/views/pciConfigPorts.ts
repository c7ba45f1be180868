// PCI configuration mechanism #1 (CONFIG_ADDRESS at port 0xCF8, CONFIG_DATA at 0xCFC..0xCFF) over the host's PCI
// functions, as `virq qtest`'s x86 host view offers it: a device's BDF is its scenario `bdf`, else 00:<3+i>.0 for
// the i-th device. Absent functions read all ones, as a master abort does; writes to them are dropped.
import { bits, layout } from '../../../core/registers';
import { registerFileRegion, type MmioRegion } from '../../../core/mmio';
import type { RegisterFile } from '../../../core/registers';
import type { DeviceSpec } from '../../../scenario/schema';
import type { QtestView } from '../machineTarget';

/** CONFIG_ADDRESS (PCI Local Bus spec 3.0 §3.2.2.3.2). */
export const CONFIG_ADDRESS = layout(32, {
  enable: bits(31, 31, 'rw', 'configuration space mapping enabled'),
  bus: bits(23, 16, 'rw', 'bus number'),
  device: bits(15, 11, 'rw', 'device number'),
  function: bits(10, 8, 'rw', 'function number'),
  register: bits(7, 2, 'rw', 'dword register number'),
}, 'CONFIG_ADDRESS');

const CF8 = 0xcf8;
const CFC = 0xcfc;
const ALL_ONES: Record<1 | 2 | 4, bigint> = { 1: 0xffn, 2: 0xffffn, 4: 0xffffffffn };

/** "bb:dd.f" → the CONFIG_ADDRESS bits of that function. */
function bdfKey(bus: number, dev: number, fn: number): string {
  return `${bus}:${dev}.${fn}`;
}

export function pciConfigPorts(files: readonly RegisterFile[], devices: readonly DeviceSpec[]): NonNullable<QtestView['ports']> {
  const byBdf = new Map<string, MmioRegion>();
  devices.forEach((d, i) => {
    const file = files.find((f) => f.owner === 'host' && f.device === d.id && f.id.endsWith('/config'));
    if (!file) return;
    const [bus, dev, fn] = d.bdf ? d.bdf.split(/[:.]/).map((x) => parseInt(x, 16)) : [0, 3 + i, 0];
    byBdf.set(bdfKey(bus!, dev!, fn!), registerFileRegion(`${d.id} config`, file, 256));
  });
  let address = 0n;
  const target = (): { region: MmioRegion; offset: number } | null => {
    if (!CONFIG_ADDRESS.enable.on(address)) return null;
    const region = byBdf.get(bdfKey(CONFIG_ADDRESS.bus.num(address), CONFIG_ADDRESS.device.num(address), CONFIG_ADDRESS.function.num(address)));
    return region ? { region, offset: CONFIG_ADDRESS.register.num(address) * 4 } : null;
  };
  const unknown = (port: number) => `no port device at 0x${port.toString(16)} (the x86 host view has PCI configuration ports 0xcf8 and 0xcfc..0xcff)`;
  return {
    read(port, size) {
      if (port === CF8 && size === 4) return address;
      if (port >= CFC && port + size <= CFC + 4) {
        const t = target();
        return t ? t.region.read(t.offset + port - CFC, size, 0) : ALL_ONES[size];
      }
      return unknown(port);
    },
    write(port, size, value) {
      if (port === CF8 && size === 4) { address = value; return null; }
      if (port >= CFC && port + size <= CFC + 4) {
        const t = target();
        t?.region.write(t.offset + port - CFC, size, value, 0);
        return null;
      }
      return unknown(port);
    },
  };
}
