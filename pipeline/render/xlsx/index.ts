/**
 * WorkbookModel → XLSX bytes with exceljs: a bold, filled header row under a merged title
 * row, frozen panes below the header, the model's column widths, real number, percent and
 * date formats, fills, and print set-up for A4 landscape with the header repeated on every
 * page.
 */
import type { Workbook } from 'exceljs';
import { ymd, type IsoDate } from '../../dates.js';
import { displayColumns } from '../../text/width.js';
import { rezipPackage } from '../../document/package.js';
import type { CellFormat, WorkbookModel } from '../../document/workbook.js';

const NUMBER_FORMATS: Record<CellFormat, string | undefined> = {
  text: '@',
  integer: '0',
  signedInteger: '+0;-0;0',
  percent: '0.0%',
  signedPercent: '+0.0%;-0.0%;0.0%',
  date: 'yyyy"年"m"月"d"日"',
};

const HEADER_FILL = 'FFD9E1F2';
const LINE_HEIGHT_PT = 15;

/** How many lines a text takes in a column `width` characters wide (a Chinese character is two). */
function linesFor(text: string, width: number): number {
  return Math.ceil(displayColumns(text) / Math.max(1, width - 1));
}
const THIN = { style: 'thin' as const, color: { argb: 'FF9E9E9E' } };

function dateOf(iso: string): Date {
  const { year, month, day } = ymd(iso as never);
  return new Date(Date.UTC(year, month - 1, day));
}

export async function renderXlsx(model: WorkbookModel): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook: Workbook = new ExcelJS.Workbook();
  workbook.creator = model.creator;
  workbook.lastModifiedBy = model.creator;
  workbook.created = dateOf(model.date);
  workbook.modified = dateOf(model.date);

  for (const sheet of model.sheets) {
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:2',
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
    });
    ws.columns = sheet.columns.map((c) => ({ width: c.width }));
    const width = sheet.columns.length;

    const title = ws.getRow(1);
    title.getCell(1).value = sheet.title;
    title.getCell(1).font = { bold: true, size: 14 };
    title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    title.height = 26;
    if (width > 1) ws.mergeCells(1, 1, 1, width);

    const header = ws.getRow(2);
    sheet.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    });
    header.height = 22;

    sheet.rows.forEach((row, r) => {
      const excelRow = ws.getRow(r + 3);
      // Excel fits wrapped rows when it opens a file, LibreOffice does not: set the height.
      const lines = Math.max(
        1,
        ...row.map((c, i) => (sheet.columns[i]?.wrap && typeof c.value === 'string' ? linesFor(c.value, sheet.columns[i]?.width ?? 10) : 1)),
      );
      if (lines > 1) excelRow.height = lines * LINE_HEIGHT_PT + 3;
      row.forEach((cellModel, i) => {
        const column = sheet.columns[i];
        if (!column) return;
        const format = cellModel.format ?? column.format;
        const cell = excelRow.getCell(i + 1);
        const { value } = cellModel;
        cell.value = value === null ? null : format === 'date' && typeof value === 'string' ? dateOf(value) : value;
        const numFmt = NUMBER_FORMATS[format];
        if (numFmt && value !== null) cell.numFmt = numFmt;
        cell.alignment = {
          vertical: 'top',
          wrapText: Boolean(column.wrap),
          horizontal: format === 'text' ? 'left' : 'right',
        };
        cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
        if (cellModel.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: cellModel.fill } };
      });
    });
    ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + sheet.rows.length, column: width } };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return rezipPackage(new Uint8Array(buffer as ArrayBuffer), model.date as IsoDate);
}
