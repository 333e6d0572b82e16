/**
 * A workbook as data: one sheet per document-tree table (ast.ts Table), with a title row above
 * it, the document's fonts and the page number in the footer. Compose fills it (every label,
 * figure and word); the XLSX writer only lays it out with exceljs, rendering each table as the
 * DOCX and PDF writers do: the same cells, shades, totals and notes, numbers kept as numbers.
 */
import type { Table } from './ast.js';

export interface SheetModel {
  name: string;
  /** a title row above the header, merged across the table */
  title: string;
  table: Table;
}

export interface WorkbookModel {
  creator: string;
  /** the report's date: the workbook's created/modified stamp */
  date: string;
  /** font names: the title row, the header and bold cells, the other cells */
  fonts: { title: string; header: string; body: string };
  /** what stands either side of the page number in each page's footer: `— 1 —` */
  pageNumber: { before: string; after: string };
  sheets: SheetModel[];
}
