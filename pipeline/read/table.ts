/**
 * What the readers hand on: every cell as found, with enough about it (its kind, whether it
 * sits in a merge) for the ledger stage to decide what it means. Readers never interpret
 * headers or values; they only turn file formats into tables.
 */
import type { IsoDate } from '../dates.js';
import type { Diagnostic } from '../diagnostics.js';

export type CellValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; date: IsoDate }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; text: string };

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface RawSheet {
  file: string;
  /** null for a CSV file, which has no sheets. */
  sheet: string | null;
  /**
   * cells[row - 1][column - 1]; rows may be ragged, and sparse (holes, or missing rows, are empty
   * cells: read them with `cellAt`); merged areas already carry the master's value.
   */
  cells: CellValue[][];
  merges: MergeRange[];
  /** Excel's 1904 date system: serial numbers in date columns count from 1904. */
  date1904: boolean;
}

export interface ReadResult {
  sheets: RawSheet[];
  diagnostics: Diagnostic[];
}

export const EMPTY: CellValue = Object.freeze({ kind: 'empty' });

export function cellAt(sheet: RawSheet, row: number, column: number): CellValue {
  return sheet.cells[row - 1]?.[column - 1] ?? EMPTY;
}

export function isEmptyCell(value: CellValue): boolean {
  return value.kind === 'empty' || (value.kind === 'text' && value.text.trim() === '');
}

/** Plain text of a cell, as staff would read it in the sheet. */
export function cellText(value: CellValue): string {
  switch (value.kind) {
    case 'empty':
      return '';
    case 'text':
      return value.text;
    case 'number':
      return String(value.value);
    case 'date':
      return value.date;
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'error':
      return value.text;
  }
}

/**
 * Per sheet, the merged areas by the rows they cover: looking a cell up costs the few areas in
 * its row, not all of the sheet's (a ledger with a merged category per group has thousands). Built
 * on first use; its size is bounded by the merged cells the reader lets through (limits.ts).
 */
const mergesByRow = new WeakMap<RawSheet, { merges: MergeRange[]; rows: Map<number, MergeRange[]> }>();

function mergeIndex(sheet: RawSheet): Map<number, MergeRange[]> {
  const known = mergesByRow.get(sheet);
  if (known && known.merges === sheet.merges) return known.rows;
  const rows = new Map<number, MergeRange[]>();
  for (const m of sheet.merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      const list = rows.get(r);
      if (list) list.push(m);
      else rows.set(r, [m]);
    }
  }
  mergesByRow.set(sheet, { merges: sheet.merges, rows });
  return rows;
}

export function mergeAt(sheet: RawSheet, row: number, column: number): MergeRange | undefined {
  if (sheet.merges.length === 0) return undefined;
  return mergeIndex(sheet)
    .get(row)
    ?.find((m) => column >= m.left && column <= m.right);
}

export function rowCount(sheet: RawSheet): number {
  return sheet.cells.length;
}

export function columnCount(sheet: RawSheet): number {
  // (a loop, not reduce: `cells` may be sparse, and reduce would skip holes anyway)
  let max = 0;
  for (const row of sheet.cells) if (row && row.length > max) max = row.length;
  return max;
}
