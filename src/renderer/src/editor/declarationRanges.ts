// Where in the scenario text a part of the machine is declared, so a click on the diagram can select it: a part
// named after a device (its id is one of the part's path segments: "host/nic0", "host/vfio/nic0/msi0",
// "vm0/eventfd/nic0-msi0") is that device's entry; any other part of a VM is the VM's entry; a host part is `host:`.
import { isMap, parseDocument, type Document } from 'yaml';
import { mentions } from '../diagram/partNames';

export interface TextRange { from: number; to: number }

export interface DeclarationRanges {
  host: TextRange | null;
  devices: Map<string, TextRange>;
  vms: Map<string, TextRange>;
}

const NONE: DeclarationRanges = { host: null, devices: new Map(), vms: new Map() };

function rangeOf(doc: Document, path: (string | number)[]): TextRange | null {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range ? { from: node.range[0], to: node.range[1] } : null;
}

/** Ranges of `host:`, each device and each VM entry (by id); empty when the text is not a mapping. */
export function declarationRanges(text: string): DeclarationRanges {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (!isMap(doc.contents)) return NONE;
  const byId = (key: string) => {
    const out = new Map<string, TextRange>();
    const list = doc.get(key, true);
    const items = (list as { items?: unknown[] } | undefined)?.items ?? [];
    items.forEach((_, i) => {
      const id = doc.getIn([key, i, 'id']);
      const range = rangeOf(doc, [key, i]);
      if (typeof id === 'string' && range) out.set(id, range);
    });
    return out;
  };
  return { host: rangeOf(doc, ['host']), devices: byId('devices'), vms: byId('vms') };
}

/** The entry that declares a part of the graph, or null when the text has none for it. */
export function declarationOf(part: { id: string; vm: string }, ranges: DeclarationRanges): TextRange | null {
  for (const [device, range] of ranges.devices) if (mentions(part.id, device)) return range;
  if (part.vm !== 'host') return ranges.vms.get(part.vm) ?? null;
  return ranges.host;
}
