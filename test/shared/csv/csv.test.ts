// The one CSV writer: RFC 4180 quoting (only where needed), '\n' line ends, a header row first.
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, csvText } from '../../../src/shared/csv/csv';

describe('csv', () => {
  it('leaves plain fields alone and quotes those with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvCell('kvm.vmexit')).toBe('kvm.vmexit');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "EOI"')).toBe('"say ""EOI"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell('')).toBe('');
    expect(csvCell(' spaced ')).toBe(' spaced ');
  });

  it('writes numbers in their shortest exact form and nothing for a missing value', () => {
    expect(csvLine([0, 1500, 0.25, -3, 1e21, null, undefined, 'x'])).toBe('0,1500,0.25,-3,1e+21,,,x');
  });

  it('writes the header, then each row, every line ended by \\n', () => {
    expect(csvText(['name', 'value'], [['p50', 3550], ['note', 'a,b']])).toBe('name,value\np50,3550\nnote,"a,b"\n');
    expect(csvText(['only'], [])).toBe('only\n');
  });

  it('round-trips through a reader that follows RFC 4180', () => {
    const rows = [['a"b', 'c,d', 'e\nf', 'plain']];
    const text = csvText(['w', 'x', 'y', 'z'], rows);
    expect(parse(text)).toEqual([['w', 'x', 'y', 'z'], ...rows]);
  });
});

/** A minimal RFC 4180 reader (quoted fields may hold commas, quotes doubled, line breaks). */
function parse(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); out.push(row); row = []; cell = ''; } else cell += c;
  }
  return out;
}
