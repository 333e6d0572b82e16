/**
 * Diagnostics are data: a rule id, a severity, a message in Chinese, and the place as staff
 * see it (file › sheet › cell（header）). The CLI prints them one per line; the run log lists
 * them; tests assert on the fields, not on prose alone.
 */
export type Severity = 'error' | 'warning';

export interface Place {
  /** File name as in the inputs folder (or the folder itself for folder-wide problems). */
  file: string;
  /** Sheet name; absent for CSV files and whole-file problems. */
  sheet?: string;
  /** 1-based row as Excel numbers it. */
  row?: number;
  /** 1-based column; with `row`, the place is a cell. */
  column?: number;
  /** The column's header as written in the sheet. */
  header?: string;
  /** A template's line. */
  line?: number;
}

export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  place: Place;
  actual?: string;
  expected?: string;
}

/** A sheet's place (`sheet` is null for a CSV file), or a row's in it. */
export function sheetPlace(file: string, sheet: string | null, row?: number): Place {
  const place: Place = { file };
  if (sheet !== null) place.sheet = sheet;
  if (row !== undefined) place.row = row;
  return place;
}

export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** `台账.xlsx › 整改台账 › E4（整改状态）`, `台账.csv › E4（整改状态）`, `台账.xlsx › 整改台账 › 第4行`, `notice.md:12`. */
export function formatPlace(place: Place): string {
  if (place.line !== undefined) return `${place.file}:${place.line}`;
  const parts = [place.file];
  if (place.sheet !== undefined) parts.push(place.sheet);
  if (place.row !== undefined && place.column !== undefined) {
    const header = place.header ? `（${place.header}）` : '';
    parts.push(`${columnLetter(place.column)}${place.row}${header}`);
  } else if (place.row !== undefined) {
    parts.push(`第${place.row}行`);
  } else if (place.column !== undefined) {
    parts.push(`${columnLetter(place.column)}列${place.header ? `（${place.header}）` : ''}`);
  }
  return parts.join(' › ');
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.severity === 'error' ? '错误' : '警告'} ${formatPlace(d.place)}：${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

export function warningsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'warning');
}
