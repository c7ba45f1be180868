// The machine a scenario describes, read from its text for the diagram: devices and how they signal, the host's
// pCPUs, the VMs and their vCPUs, each with where it is in the text (so a click can jump there).
import { isMap, isSeq, parseDocument, type Document } from 'yaml';

export interface TextRange { from: number; to: number }

export interface DeviceNode {
  id: string;
  kind: string;
  irq: string;
  bdf: string;
  owner: string;
  hostCpu: number | null;
  guestVcpu: number | null;
  rate: string;
  range: TextRange;
}

export interface VmNode {
  id: string;
  vcpus: number;
  pinning: number[];
  idle: string;
  delivery: string;
  range: TextRange;
}

export interface MachineModel {
  platform: string;
  cpus: number;
  hostRange: TextRange | null;
  devices: DeviceNode[];
  vms: VmNode[];
}

function rangeOf(doc: Document, path: (string | number)[]): TextRange | null {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range ? { from: node.range[0], to: node.range[1] } : null;
}

const str = (v: unknown, d = '') => (v === undefined || v === null ? d : String(v));
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** The machine, or null when the text is not a mapping yet. Tolerates missing and wrong fields (shown as they are). */
export function machineOf(text: string): MachineModel | null {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (!isMap(doc.contents)) return null;
  const data = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
  const host = (data.host ?? {}) as Record<string, unknown>;
  const devices = Array.isArray(data.devices) ? (data.devices as Record<string, unknown>[]) : [];
  const vms = Array.isArray(data.vms) ? (data.vms as Record<string, unknown>[]) : [];
  const seqLen = (key: string) => (isSeq(doc.get(key, true)) ? (doc.get(key, true) as { items: unknown[] }).items.length : 0);
  return {
    platform: str(data.platform, 'x86'),
    cpus: int(host.cpus) ?? 0,
    hostRange: rangeOf(doc, ['host']),
    devices: devices.slice(0, seqLen('devices')).map((d, i) => ({
      id: str(d?.id, `device ${i}`),
      kind: str(d?.kind, 'nic'),
      irq: str(d?.irq, 'msi'),
      bdf: str(d?.bdf),
      owner: str(d?.owner, 'host'),
      hostCpu: int(d?.hostCpu),
      guestVcpu: int(d?.guestVcpu),
      rate: str(d?.rate),
      range: rangeOf(doc, ['devices', i]) ?? { from: 0, to: 0 },
    })),
    vms: vms.slice(0, seqLen('vms')).map((v, i) => ({
      id: str(v?.id, `vm ${i}`),
      vcpus: int(v?.vcpus) ?? 0,
      pinning: Array.isArray(v?.pinning) ? (v.pinning as unknown[]).map((p) => int(p) ?? -1) : [],
      idle: str(v?.idle, 'busy'),
      delivery: str(v?.delivery, 'emulated'),
      range: rangeOf(doc, ['vms', i]) ?? { from: 0, to: 0 },
    })),
  };
}
