// The id convention of the model's graph: `<owner>/<part>`, with a device's parts named after it ("host/nic0",
// "host/vfio/nic0/msi0", "vm0/eventfd/nic0-msi0", "vm0/guest/nic0 driver"). Used to tie a part to its device.

/** True when one of the id's path segments is `name`, or starts with it followed by "-" or " ". */
export function mentions(partId: string, name: string): boolean {
  return partId.split('/').some((s) => s === name || s.startsWith(`${name}-`) || s.startsWith(`${name} `));
}

/** The part's own name: the last segment of its id. */
export function partName(partId: string): string {
  return partId.slice(partId.lastIndexOf('/') + 1);
}
