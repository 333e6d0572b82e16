/** Types for scale-ledgers.mjs (used by the tests). */
export type GeneratedCell = string | number | { date: number } | null;
export interface GeneratedSheet {
  name: string;
  rows?: Iterable<GeneratedCell[]>;
  /** The worksheet part as written, instead of rows. */
  xml?: string;
  merges?: string[];
  cells?: { ref: string; text: GeneratedCell }[];
}
export function columnName(column: number): string;
export function zip(entries: ({ name: string; data: string | Uint8Array } | { name: string; raw: Uint8Array; size: number; crc: number })[]): Buffer;
export function workbook(sheets: GeneratedSheet[], options?: { sharedStrings?: string }): Buffer;
export function unionLedger(count: number): Buffer;
export function problemLedger(count: number, options?: { status?: string }): Buffer;
export function zipBomb(options?: { gib?: number; declaredBytes?: number; crc?: boolean }): Buffer;
