/**
 * Builds real .xlsx bytes in code (never binary fixtures), from a compact description:
 *
 *   await xlsx([{ name: '整改台账', rows: [['标题'], ['序号', '反馈问题', …], [1, '类别', …]],
 *                 merges: ['A1:E1', 'B3:B5'] }])
 *
 * A cell is anything exceljs accepts as a value (string, number, Date, { formula, result },
 * { richText }, { text, hyperlink }), or `{ v, numFmt }` for a custom number format, or
 * `{ v, builtin: 31 }` for one of Excel's built-in format ids. exceljs can only write custom
 * formats (ids ≥ 164), so built-in ones are written as a placeholder custom format and then
 * patched into `xl/styles.xml` with JSZip: the cell's xf then points at the built-in id and
 * no <numFmt> element defines it — exactly what Chinese Excel and WPS write.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { RawSheet, CellValue } from '../../pipeline/read/table.js';

export type CellSpec = ExcelJS.CellValue | { v: ExcelJS.CellValue; numFmt?: string; builtin?: number };

export interface SheetSpec {
  name: string;
  /** rows[0] is row 1; `null`/`undefined` cells and `[]` rows stay empty. */
  rows: CellSpec[][];
  /** Ranges such as 'A1:F1'. */
  merges?: string[];
}

function isWrapped(cell: CellSpec): cell is { v: ExcelJS.CellValue; numFmt?: string; builtin?: number } {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && 'v' in cell;
}

const BUILTIN_MARK = 'TONGBAO_BUILTIN_';

/** A Date at UTC midnight: exceljs stores it as exactly that day's serial. */
export function day(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** Excel's 1900-system serial of a day (2025-06-30 → 45838). */
export function serialOf(iso: string): number {
  return Math.round(day(iso).getTime() / 86_400_000) + 25569;
}

export async function xlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2025, 0, 1));
  wb.modified = wb.created;
  let usesBuiltin = false;
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    spec.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell === null || cell === undefined) return;
        const target = ws.getCell(r + 1, c + 1);
        if (isWrapped(cell)) {
          target.value = cell.v;
          if (cell.builtin !== undefined) {
            target.numFmt = `${BUILTIN_MARK}${cell.builtin}`;
            usesBuiltin = true;
          } else if (cell.numFmt !== undefined) target.numFmt = cell.numFmt;
        } else target.value = cell;
      });
    });
    for (const range of spec.merges ?? []) ws.mergeCells(range);
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return usesBuiltin ? patchBuiltinNumFmts(bytes) : bytes;
}

/** Points every xf that uses a placeholder format at the built-in id it names. */
export async function patchBuiltinNumFmts(bytes: Uint8Array): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const entry = zip.file('xl/styles.xml');
  if (!entry) throw new Error('no xl/styles.xml in the workbook');
  let styles = await entry.async('string');
  const customToBuiltin = new Map<string, string>();
  styles = styles.replace(new RegExp(`<numFmt numFmtId="(\\d+)" formatCode="${BUILTIN_MARK}(\\d+)"\\s*/>`, 'g'), (_all, custom: string, builtin: string) => {
    customToBuiltin.set(custom, builtin);
    return '';
  });
  if (customToBuiltin.size === 0) throw new Error('placeholder number formats not found in styles.xml');
  styles = styles.replace(/<numFmts count="\d+">/, () => `<numFmts count="${(styles.match(/<numFmt /g) ?? []).length}">`);
  styles = styles.replace(/<xf [^>]*>/g, (xf) =>
    xf.replace(/numFmtId="(\d+)"/, (attr, id: string) => {
      const builtin = customToBuiltin.get(id);
      return builtin ? `numFmtId="${builtin}"` : attr;
    }),
  );
  zip.file('xl/styles.xml', styles);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** The numFmtId of each <xf> in cellXfs, to check a patch took effect. */
export async function cellXfNumFmtIds(bytes: Uint8Array): Promise<number[]> {
  const zip = await JSZip.loadAsync(bytes);
  const styles = (await zip.file('xl/styles.xml')?.async('string')) ?? '';
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  return [...cellXfs.matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map((m) => Number(m[1]));
}

// ── RawSheets in memory, for ledger and stats tests that need no file format ─────────────

export type RawSpec = string | number | null | undefined | CellValue;

function rawCell(spec: RawSpec): CellValue {
  if (spec === null || spec === undefined || spec === '') return { kind: 'empty' };
  if (typeof spec === 'string') return { kind: 'text', text: spec };
  if (typeof spec === 'number') return { kind: 'number', value: spec };
  return spec;
}

/** A RawSheet as a reader would hand it on (merged areas already filled, merges listed). */
export function rawSheet(rows: RawSpec[][], options: { file?: string; sheet?: string | null; merges?: RawSheet['merges']; date1904?: boolean } = {}): RawSheet {
  return {
    file: options.file ?? '台账.xlsx',
    sheet: options.sheet === undefined ? '整改台账' : options.sheet,
    cells: rows.map((row) => row.map(rawCell)),
    merges: options.merges ?? [],
    date1904: options.date1904 ?? false,
  };
}

export const dateCell = (iso: string): CellValue => ({ kind: 'date', date: iso as never });

/** The rectification header in canonical words. */
export const PROBLEM_HEADER = ['序号', '反馈问题', '具体问题', '整改结果', '整改情况', '整改时限', '完成时间'];
export const UNION_HEADER = ['工会名称', '所属乡镇', '单位类型', '财务检查日期', '计划审计时间', '审计完成日期'];
