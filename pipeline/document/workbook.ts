/**
 * A workbook as data: sheets of typed cells with their formats, fills and print set-up.
 * Compose fills it (every label and figure); the XLSX writer only lays it out with exceljs.
 */
export type CellFormat = 'text' | 'integer' | 'signedInteger' | 'percent' | 'signedPercent' | 'date';

export interface Cell {
  /** numbers stay numbers and dates `YYYY-MM-DD`, so Excel can compute with them */
  value: string | number | null;
  format?: CellFormat;
  /** ARGB fill, e.g. a traffic light */
  fill?: string;
}

export interface Column {
  header: string;
  /** width in characters (a Chinese character counts two) */
  width: number;
  format: CellFormat;
  wrap?: boolean;
}

export interface SheetModel {
  name: string;
  /** a title row above the header, merged across the table */
  title: string;
  columns: Column[];
  rows: Cell[][];
}

export interface WorkbookModel {
  creator: string;
  /** the report's date: the workbook's created/modified stamp */
  date: string;
  sheets: SheetModel[];
}
