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
  /** cells[row - 1][column - 1]; rows may be ragged; merged areas already carry the master's value. */
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

export function mergeAt(sheet: RawSheet, row: number, column: number): MergeRange | undefined {
  return sheet.merges.find((m) => row >= m.top && row <= m.bottom && column >= m.left && column <= m.right);
}

export function rowCount(sheet: RawSheet): number {
  return sheet.cells.length;
}

export function columnCount(sheet: RawSheet): number {
  return sheet.cells.reduce((max, row) => Math.max(max, row.length), 0);
}
