/**
 * Finding the header row by its content and deciding what a sheet is. Real ledgers have
 * title rows above the header, so the first rows are scanned for the first row that holds
 * three rectification headers or a union-name header with one more union column.
 */
import { cellText, columnCount, type RawSheet } from '../read/table.js';
import { matchField } from './headers.js';
import { IMMEDIATE_MARK, PROBLEM_CORE_FIELDS, PROBLEM_FIELDS, PROBLEM_RECOGNITION_THRESHOLD, UNION_FIELDS, type FieldSpec } from './schema.js';

/** How far down a header row may sit (title rows, a date line, a blank row…). */
export const HEADER_SEARCH_ROWS = 30;

export type SheetKind = 'problems' | 'immediate' | 'unions';

export interface ColumnMapping<F extends string> {
  /** field → the 1-based column it is read from */
  columns: Partial<Record<F, number>>;
  /** every header cell with what became of it, for the run log */
  headers: { column: number; header: string; field: F | null; ignoredFor?: F }[];
}

export function mapColumns<F extends string>(fields: Readonly<Record<F, FieldSpec>>, headerTexts: readonly string[]): ColumnMapping<F> {
  const columns: Partial<Record<F, number>> = {};
  const canonical: Partial<Record<F, boolean>> = {};
  const headers: ColumnMapping<F>['headers'] = [];
  headerTexts.forEach((text, index) => {
    const column = index + 1;
    if (text.trim() === '') return;
    const match = matchField(fields, text);
    if (!match) {
      headers.push({ column, header: text.trim(), field: null });
      return;
    }
    const taken = columns[match.field];
    // Several columns for one field: the canonical header wins, else the leftmost.
    if (taken === undefined || (match.canonical && !canonical[match.field])) {
      if (taken !== undefined) {
        const loser = headers.find((h) => h.column === taken);
        if (loser) {
          loser.ignoredFor = match.field;
          loser.field = null;
        }
      }
      columns[match.field] = column;
      canonical[match.field] = match.canonical;
      headers.push({ column, header: text.trim(), field: match.field });
    } else {
      headers.push({ column, header: text.trim(), field: null, ignoredFor: match.field });
    }
  });
  return { columns, headers };
}

export interface Detection {
  kind: SheetKind;
  headerRow: number;
  headerTexts: string[];
}

function rowTexts(sheet: RawSheet, row: number, width: number): string[] {
  const cells = sheet.cells[row - 1] ?? [];
  return Array.from({ length: width }, (_, i) => {
    const cell = cells[i];
    return cell ? cellText(cell) : '';
  });
}

/** The sheet's header row and kind, or null when no row looks like a ledger header. */
export function detectSheet(sheet: RawSheet): Detection | null {
  const width = columnCount(sheet);
  const last = Math.min(sheet.cells.length, HEADER_SEARCH_ROWS);
  for (let row = 1; row <= last; row++) {
    const texts = rowTexts(sheet, row, width);
    const problem = mapColumns(PROBLEM_FIELDS, texts);
    const core = PROBLEM_CORE_FIELDS.filter((f) => problem.columns[f] !== undefined).length;
    if (core >= PROBLEM_RECOGNITION_THRESHOLD) {
      const immediate = (sheet.sheet ?? sheet.file).includes(IMMEDIATE_MARK);
      return { kind: immediate ? 'immediate' : 'problems', headerRow: row, headerTexts: texts };
    }
    const union = mapColumns(UNION_FIELDS, texts);
    if (union.columns.name !== undefined && Object.keys(union.columns).length >= 2) {
      return { kind: 'unions', headerRow: row, headerTexts: texts };
    }
  }
  return null;
}
