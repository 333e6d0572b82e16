/**
 * `.xlsx` bytes → one RawSheet per worksheet, in workbook order.
 *
 * exceljs does the unzipping and XML; here we only flatten its cell values: formulas to their
 * cached results, rich text and hyperlinks to plain text, Excel dates to calendar days, and
 * merged areas to their master's value (so a category written once over five rows reads five
 * times). Numbers in Chinese date formats stay numbers: the ledger stage knows which columns
 * hold dates and turns serials into days there.
 */
import { createRequire } from 'node:module';
import type { Workbook, Worksheet, CellValue as ExcelCellValue } from 'exceljs';
import { utcDateToIso } from '../dates.js';
import type { Diagnostic } from '../diagnostics.js';
import * as msg from '../messages.js';
import { EMPTY, type CellValue, type MergeRange, type RawSheet, type ReadResult } from './table.js';

/**
 * exceljs's package entry requires a few hundred modules (≈350 ms before the first cell is
 * read); its bundled build without browser polyfills loads in ≈70 ms and reads a workbook from
 * bytes the same way. Reading only; writing workbooks uses the package entry.
 */
function loadExcelJs(): { Workbook: new () => Workbook } {
  const require = createRequire(import.meta.url);
  return require('exceljs/dist/exceljs.bare.min.js') as { Workbook: new () => Workbook };
}

/**
 * The parts of a worksheet exceljs need not model: a ledger is read for its cells and merged
 * areas (a hyperlink cell reads as its text either way). Real workbooks carry conditional
 * formats, validation lists, print settings and extensions that are otherwise modelled for
 * nothing.
 */
const IGNORED_SHEET_PARTS = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'autoFilter',
  'rowBreaks',
  'hyperlinks',
  'pageMargins',
  'dataValidations',
  'pageSetup',
  'headerFooter',
  'printOptions',
  'picture',
  'drawing',
  'sheetProtection',
  'tableParts',
  'conditionalFormatting',
  'extLst',
];

const ZIP_MAGIC = [0x50, 0x4b];
/** OLE compound files: legacy .xls/.et, and encrypted .xlsx (an OLE wrapper around the zip). */
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** An encrypted OOXML file is a compound file holding an `EncryptedPackage` stream. */
function isEncryptedPackage(bytes: Uint8Array): boolean {
  const needle = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

export async function readXlsx(file: string, bytes: Uint8Array): Promise<ReadResult> {
  const fail = (d: Diagnostic): ReadResult => ({ sheets: [], diagnostics: [d] });
  if (bytes.byteLength === 0) return fail(msg.emptyFile(file));
  if (startsWith(bytes, CFB_MAGIC)) {
    return fail(isEncryptedPackage(bytes) ? msg.encryptedWorkbook(file) : msg.legacyWorkbook(file));
  }
  if (!startsWith(bytes, ZIP_MAGIC)) return fail(msg.notAWorkbook(file));

  const workbook: Workbook = new (loadExcelJs().Workbook)();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer, { ignoreNodes: IGNORED_SHEET_PARTS } as never);
  } catch (error) {
    return fail(msg.damagedWorkbook(file, error instanceof Error ? error.message : String(error)));
  }
  // A zip that is not a workbook (a .docx or .zip renamed .xlsx) loads with no workbook part:
  // no properties and no worksheets.
  if (workbook.worksheets.length === 0) return fail(msg.notAWorkbook(file));
  const date1904 = Boolean((workbook.properties as { date1904?: boolean } | undefined)?.date1904);
  return { sheets: workbook.worksheets.map((ws) => sheetOf(file, ws, date1904)), diagnostics: [] };
}

function sheetOf(file: string, worksheet: Worksheet, date1904: boolean): RawSheet {
  const cells: CellValue[][] = [];
  // Merged areas by their master's address, from the cells in them (exceljs's public Cell API:
  // every cell of a merged area has `isMerged`, and its `master`).
  const merged = new Map<string, MergeRange>();
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      values[columnNumber - 1] = flatten(cell.value);
      if (cell.isMerged) {
        const master = cell.master.fullAddress;
        const range = merged.get(master.address) ?? { top: master.row, left: master.col, bottom: master.row, right: master.col };
        range.bottom = Math.max(range.bottom, rowNumber);
        range.right = Math.max(range.right, columnNumber);
        merged.set(master.address, range);
      }
    });
    cells[rowNumber - 1] = Array.from(values, (v) => v ?? EMPTY);
  });
  const merges = [...merged.values()];
  for (const m of merges) {
    const master = cells[m.top - 1]?.[m.left - 1] ?? EMPTY;
    for (let r = m.top; r <= m.bottom; r++) {
      const row = (cells[r - 1] ??= []);
      for (let c = m.left; c <= m.right; c++) row[c - 1] = master;
    }
  }
  // Rows exceljs skipped (never written) are empty, not holes.
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r] ?? [];
    cells[r] = Array.from(row, (v) => v ?? EMPTY);
  }
  return { file, sheet: worksheet.name, cells, merges, date1904 };
}

function flatten(value: ExcelCellValue | undefined): CellValue {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) {
    const date = utcDateToIso(value);
    return date ? { kind: 'date', date } : EMPTY;
  }
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return { kind: 'text', text: (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('') };
    }
    if ('error' in v && typeof v.error === 'string') return { kind: 'error', text: v.error };
    if ('formula' in v || 'sharedFormula' in v) {
      return 'result' in v ? flatten(v.result as ExcelCellValue) : EMPTY;
    }
    if ('hyperlink' in v || 'text' in v) return flatten(v.text as ExcelCellValue);
  }
  return { kind: 'text', text: String(value) };
}
