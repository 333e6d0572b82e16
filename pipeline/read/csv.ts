/**
 * `.csv` bytes → one RawSheet. Chinese Excel saves CSV as GBK (a subset of GB18030); newer
 * Excel and WPS as UTF-8 with a BOM; "Unicode text" as UTF-16 with a BOM. The encoding is
 * found from the bytes: a BOM decides; otherwise bytes that are valid UTF-8 are UTF-8 (GBK text
 * of any length is almost never valid UTF-8), and anything else is GB18030.
 */
import { createRequire } from 'node:module';
import type { CellValue, ReadResult } from './table.js';
import { EMPTY } from './table.js';
import * as msg from '../messages.js';

/** papaparse, loaded with the first CSV file (most inputs folders hold none). */
const papaparse = () => createRequire(import.meta.url)('papaparse') as typeof import('papaparse');

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export function detectEncoding(bytes: Uint8Array): { encoding: CsvEncoding; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'gb18030', bomLength: 0 };
  }
}

export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const { encoding, bomLength } = detectEncoding(bytes);
  const text = new TextDecoder(encoding).decode(bytes.subarray(bomLength));
  return { text, encoding };
}

export function readCsv(file: string, bytes: Uint8Array): ReadResult & { encoding: CsvEncoding } {
  const { text, encoding } = decodeCsv(bytes);
  if (text.trim() === '') return { sheets: [], diagnostics: [msg.emptyFile(file)], encoding };
  // Excel's "Unicode text" is tab-separated; papaparse guesses the delimiter from the first rows.
  const parsed = papaparse().parse<string[]>(text, { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';', '|'] });
  const cells: CellValue[][] = parsed.data.map((row) => row.map((field): CellValue => (field.trim() === '' ? EMPTY : { kind: 'text', text: field })));
  // A final newline makes papaparse yield one empty row; drop trailing empty rows.
  while (cells.length > 0 && (cells[cells.length - 1] ?? []).every((c) => c.kind === 'empty')) cells.pop();
  return { sheets: [{ file, sheet: null, cells, merges: [], date1904: false }], diagnostics: [], encoding };
}
