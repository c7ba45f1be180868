// CSV as every export of the lab writes it (RFC 4180 fields, '\n' line ends, a header row first): the CLI's
// `virq run --csv`, `virq trace --csv` and `virq sweep`, and the app's Compare, Log, histogram and Sweep exports, so
// the same figures give the same bytes wherever they are written.

/** One cell's value: text as is, a number in JavaScript's shortest round-trip form, null or undefined as empty. */
export type CsvValue = string | number | null | undefined;

/** A field quoted when it holds a comma, a double quote or a line break (quotes doubled inside), else as is. */
export function csvCell(value: CsvValue): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, without its line end. */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/** A whole file: the header, then each row, every line ended by '\n'. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  let out = `${csvLine(header)}\n`;
  for (const r of rows) out += `${csvLine(r)}\n`;
  return out;
}
