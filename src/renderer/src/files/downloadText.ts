// A text file handed to the browser's download (in Electron: its save dialog), for exports that may be large: the
// native Save of scenario files refuses over 16 MiB, and a log's CSV can reach 40 MB.

/** "msi-emulated: line vs device" → "msi-emulated-line-vs-device": a name safe for any file system. */
export function fileSlug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'virq';
}

export function downloadText(text: string, name: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
