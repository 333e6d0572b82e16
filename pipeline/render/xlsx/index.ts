/**
 * WorkbookModel → XLSX bytes with exceljs: each sheet one document-tree table, rendered as the
 * DOCX and PDF writers render it — a merged title row (the table's caption), the header row in
 * the header font under it, the rows with their alignment and shades, the totals row bold, the
 * notes (the legend) below — with numbers, percentages and dates kept as values in real number
 * formats, frozen panes below the header, a filter over the rows, the document's fonts, and
 * print set-up for A4 landscape with the header repeated on every page and the page number in
 * the footer.
 */
import type { Workbook, Worksheet } from 'exceljs';
import { ymd, type IsoDate } from '../../dates.js';
import type { CellValue, TableCell, TableColumn } from '../../document/ast.js';
import { displayColumns } from '../../text/width.js';
import { rezipPackage } from '../../document/package.js';
import type { SheetModel, WorkbookModel } from '../../document/workbook.js';

const HEADER_FILL = 'FFD9E1F2';
const LINE_HEIGHT_PT = 15;
const FONT_SIZE = 11;
/** A body character of the page is this many Excel width units: landscape A4 is wider than the page's text, so the columns are too. */
const UNITS_PER_CHAR = 3.4;
const THIN = { style: 'thin' as const, color: { argb: 'FF9E9E9E' } };
const BORDER = { top: THIN, bottom: THIN, left: THIN, right: THIN };

function dateOf(iso: string): Date {
  const { year, month, day } = ymd(iso as IsoDate);
  return new Date(Date.UTC(year, month - 1, day));
}

/** Excel's number format of a value: `0`, `+0;-0;0`, `0.0%`, `+0.00"个百分点";-0.00"个百分点";0`, `yyyy"年"m"月"d"日"`. */
export function numberFormat(value: CellValue): string {
  if (value.kind === 'date') return value.month ? 'yyyy"年"m"月"' : 'yyyy"年"m"月"d"日"';
  const places = value.kind === 'integer' ? 0 : value.decimals;
  const number = `0${places > 0 ? `.${'0'.repeat(places)}` : ''}`;
  const digits = value.kind === 'percent' ? `${number}%` : value.kind === 'decimal' && value.suffix ? `${number}"${value.suffix.replace(/"/gu, '')}"` : number;
  // a zero change prints as the page prints it: 0
  return value.signed ? `+${digits};-${digits};0` : digits;
}

/** How many lines a text takes in a column `width` units wide (a Chinese character is two). */
function linesFor(text: string, width: number): number {
  return Math.max(1, Math.ceil(displayColumns(text) / Math.max(1, width - 1)));
}

/** `&` is Excel's header/footer code mark: a literal one is doubled. */
const footerText = (text: string) => text.replace(/&/gu, '&&');

function columnWidth(column: TableColumn, header: string): number {
  return Math.max(Math.round(column.widthChars * UNITS_PER_CHAR), displayColumns(header) + 3);
}

function renderSheet(ws: Worksheet, sheet: SheetModel, model: WorkbookModel): void {
  const { table } = sheet;
  const header = table.header[table.header.length - 1] ?? [];
  const widths = table.columns.map((c, i) => columnWidth(c, header[i]?.text ?? ''));
  ws.columns = widths.map((width) => ({ width }));
  const span = table.columns.length;
  const font = (bold: boolean) => ({ name: bold ? model.fonts.header : model.fonts.body, size: FONT_SIZE, bold });

  const title = ws.getRow(1);
  title.getCell(1).value = sheet.title;
  title.getCell(1).font = { name: model.fonts.title, bold: true, size: 14 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 26;
  if (span > 1) ws.mergeCells(1, 1, 1, span);

  let r = 2;
  for (const row of table.header) {
    const excelRow = ws.getRow(r++);
    row.forEach((c, i) => {
      const cell = excelRow.getCell(i + 1);
      cell.value = c.text;
      cell.font = font(true);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    });
    excelRow.height = 22;
  }
  const headerRows = r - 1;
  const write = (row: readonly TableCell[], bold: boolean) => {
    const excelRow = ws.getRow(r++);
    // Excel fits wrapped rows when it opens a file, LibreOffice does not: set the height.
    const lines = Math.max(1, ...row.map((c, i) => (table.columns[i]?.wraps ? linesFor(c.text, widths[i] ?? 10) : 1)));
    if (lines > 1) excelRow.height = lines * LINE_HEIGHT_PT + 3;
    row.forEach((c, i) => {
      const column = table.columns[i];
      if (!column) return;
      const cell = excelRow.getCell(i + 1);
      if (c.value) {
        cell.value = c.value.kind === 'date' ? dateOf(c.value.value) : c.value.value;
        cell.numFmt = numberFormat(c.value);
      } else cell.value = c.text === '' ? null : c.text;
      cell.font = font(bold || Boolean(c.bold));
      cell.alignment = { vertical: 'top', wrapText: Boolean(column.wraps), horizontal: c.align ?? column.align };
      cell.border = BORDER;
      if (c.shade) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${c.shade}` } };
    });
  };
  for (const row of table.rows) write(row, false);
  const lastRow = r - 1;
  for (const row of table.totals ?? []) write(row, true);
  for (const note of table.notes ?? []) {
    const excelRow = ws.getRow(r++);
    const cell = excelRow.getCell(1);
    cell.value = note;
    cell.font = font(false);
    cell.alignment = { vertical: 'top', wrapText: true, horizontal: 'left' };
    if (span > 1) ws.mergeCells(excelRow.number, 1, excelRow.number, span);
    excelRow.height =
      linesFor(
        note,
        widths.reduce((a, b) => a + b, 0),
      ) *
        LINE_HEIGHT_PT +
      3;
  }
  ws.autoFilter = { from: { row: headerRows, column: 1 }, to: { row: Math.max(headerRows, lastRow), column: span } };
}

export async function renderXlsx(model: WorkbookModel): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook: Workbook = new ExcelJS.Workbook();
  workbook.creator = model.creator;
  workbook.lastModifiedBy = model.creator;
  workbook.created = dateOf(model.date);
  workbook.modified = dateOf(model.date);
  const footer = `&C${footerText(model.pageNumber.before)}&P${footerText(model.pageNumber.after)}`;

  for (const sheet of model.sheets) {
    const headerRows = 1 + sheet.table.header.length;
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: headerRows }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `1:${headerRows}`,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: footer, evenFooter: footer, differentOddEven: false, differentFirst: false },
    });
    renderSheet(ws, sheet, model);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return rezipPackage(new Uint8Array(buffer as ArrayBuffer), model.date as IsoDate);
}
