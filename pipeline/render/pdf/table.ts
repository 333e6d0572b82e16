/**
 * A Table node → pdfmake content. The caption (表1 …) is the first header row, borderless and
 * across every column, so that it repeats with the column headers on each page the table runs
 * onto; the header rows are kept with the first two rows (`keepWithHeaderRows`), no row is split
 * across pages (`dontBreakRows`), cells take their shade (a warning colour) as their fill, bold
 * cells (headers, totals) are set in the 黑体 role (pdfkit has no synthetic bold), and the notes
 * (the legend) follow in the table's size. Column widths are compose's, in body characters.
 *
 * pdfmake drops a block it is told to keep together when the block is taller than a page, so
 * nothing here asks for more than the header and two rows to stay together.
 */
import type { Table, TableCell } from '../../document/ast.js';
import { tableTextWidthPt, type Layout } from '../../document/layout.js';

type Content = Record<string, unknown>;

/** What the PDF writer lends this module: its fonts by how a cell is set, as inlines and line heights. */
export interface TableFonts {
  layout: Layout;
  /** the text of a cell as pdfmake inlines in the font that sets it (plain cells: body; bold: 黑体) */
  inlines(text: string, bold: boolean): Content[];
  /** the pdfmake family and line-height factor of that font at the table's size */
  font(bold: boolean): { family: string; lineHeight: number };
}

/** Rows kept with the header rows at a page foot. */
export const ROWS_KEPT_WITH_HEADER = 2;

export function tableContent(node: Table, fonts: TableFonts): Content {
  const { layout } = fonts;
  const size = layout.sizes.tablePt;
  const cellText = (c: TableCell, i: number, kind: 'header' | 'row'): Content => {
    const bold = kind === 'header' || Boolean(c.bold);
    const font = fonts.font(bold);
    const cell: Content = {
      // (a cell may wrap: its inlines may break)
      text: fonts.inlines(c.text, bold),
      font: font.family,
      fontSize: size,
      lineHeight: font.lineHeight,
      alignment: c.align ?? (kind === 'header' ? 'center' : (node.columns[i]?.align ?? 'left')),
    };
    if (c.shade) cell.fillColor = `#${c.shade}`;
    return cell;
  };
  const span = node.columns.length;
  const captionRows: Content[][] = node.caption
    ? [
        [
          {
            ...cellText({ text: node.caption, align: 'center' }, 0, 'header'),
            colSpan: span,
            border: [false, false, false, false],
            margin: [0, 0, 0, 2],
          },
          ...Array.from({ length: span - 1 }, () => ({})),
        ],
      ]
    : [];
  const rows = [...node.rows, ...(node.totals ?? [])];
  const headerRows = captionRows.length + node.header.length;
  const body = [
    ...captionRows,
    ...node.header.map((r) => r.map((c, i) => cellText(c, i, 'header'))),
    ...rows.map((r) => r.map((c, i) => cellText(c, i, 'row'))),
  ];
  const font = fonts.font(false);
  const notes = (node.notes ?? []).map((note) => ({ text: fonts.inlines(note, false), font: font.family, fontSize: size, lineHeight: font.lineHeight }));
  return {
    stack: [
      {
        table: {
          headerRows,
          keepWithHeaderRows: Math.min(ROWS_KEPT_WITH_HEADER, rows.length),
          dontBreakRows: true,
          // pdfmake's widths exclude the cells' padding and rules: take them off each column
          widths: node.columns.map((c) => tableTextWidthPt(layout, c.widthChars)),
          body,
        },
        layout: {
          // no rule above the caption: it stands over the table
          hLineWidth: (i: number) => (i === 0 && captionRows.length > 0 ? 0 : 0.5),
          vLineWidth: () => 0.5,
          paddingLeft: () => layout.tableCellPaddingPt,
          paddingRight: () => layout.tableCellPaddingPt,
          paddingTop: () => 2,
          paddingBottom: () => 2,
        },
      },
      ...(notes.length > 0 ? [{ stack: notes, margin: [0, 2, 0, 0] }] : []),
    ],
    margin: [0, 0, 0, layout.linePitchPt / 2],
  };
}

/** The text each font role sets in a table (for the check of missing characters). */
export function tableTextByRole(node: Table): { bold: string[]; plain: string[] } {
  const bold: string[] = [];
  const plain: string[] = [];
  if (node.caption) bold.push(node.caption);
  for (const row of node.header) bold.push(row.map((c) => c.text).join(''));
  for (const row of [...node.rows, ...(node.totals ?? [])]) for (const c of row) (c.bold ? bold : plain).push(c.text);
  plain.push(...(node.notes ?? []));
  return { bold, plain };
}
