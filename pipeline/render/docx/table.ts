/**
 * A Table node → DOCX: the caption a borderless first header row across the table, header rows
 * (the caption's too, as in the PDF) repeated on every page (tblHeader), no row split across pages (cantSplit), the header
 * kept with the first two rows (keepNext on the paragraphs of the rows before them: Word's and
 * WPS's way of keeping rows together), cells shaded with their warning colour, bold cells
 * (headers, totals, the caption) in the 黑体 role as the PDF sets them, and the notes (the
 * legend) below in the table's style. Column widths and cell padding from the layout.
 */
import type { Document, Table, TableCell } from '../../document/ast.js';
import { STYLE_IDS, bodyCharTwips } from './styles.js';

type Docx = typeof import('docx');
type DocxBlock = InstanceType<Docx['Paragraph']> | InstanceType<Docx['Table']>;

/** Rows kept with the header at a page foot (as the PDF's ROWS_KEPT_WITH_HEADER). */
const ROWS_KEPT_WITH_HEADER = 2;

const twips = (pt: number): number => Math.round(pt * 20);

export function tableBlocks(docx: Docx, doc: Document, node: Table): DocxBlock[] {
  const pitch = bodyCharTwips(doc.layout);
  const widths = node.columns.map((c) => Math.round(c.widthChars * pitch));
  const border = { style: docx.BorderStyle.SINGLE, size: 4, color: '000000' };
  const padding = twips(doc.layout.tableCellPaddingPt);
  const boldFont = doc.fonts.heading1;
  const run = (text: string, bold: boolean) =>
    new docx.TextRun(bold ? { text, font: { ascii: boldFont, hAnsi: boldFont, eastAsia: boldFont, cs: boldFont } } : { text });
  const rows = [...node.rows, ...(node.totals ?? [])];
  const row = (cells: readonly TableCell[], header: boolean, keepNext: boolean) =>
    new docx.TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (c, i) =>
          new docx.TableCell({
            width: { size: widths[i] ?? 0, type: docx.WidthType.DXA },
            verticalAlign: docx.VerticalAlign.CENTER,
            ...(c.shade ? { shading: { fill: c.shade, type: docx.ShadingType.CLEAR, color: 'auto' } } : {}),
            children: [
              new docx.Paragraph({
                style: STYLE_IDS.table,
                keepNext,
                alignment: c.align ?? (header ? 'center' : (node.columns[i]?.align ?? 'left')),
                children: [run(c.text, header || Boolean(c.bold))],
              }),
            ],
          }),
      ),
    });
  const none = { style: docx.BorderStyle.NONE, size: 0, color: 'auto' };
  // the caption: a header row of one borderless cell across the table, repeated with the header as the PDF does
  const caption = node.caption
    ? [
        new docx.TableRow({
          tableHeader: true,
          cantSplit: true,
          children: [
            new docx.TableCell({
              columnSpan: widths.length,
              width: { size: widths.reduce((a, b) => a + b, 0), type: docx.WidthType.DXA },
              borders: { top: none, left: none, right: none, bottom: border },
              margins: { left: padding, right: padding, top: 0, bottom: 0 },
              children: [new docx.Paragraph({ style: STYLE_IDS.table, alignment: 'center', keepNext: true, children: [run(node.caption, true)] })],
            }),
          ],
        }),
      ]
    : [];
  const blocks: DocxBlock[] = [
    new docx.Table({
      layout: docx.TableLayoutType.FIXED,
      width: { size: widths.reduce((a, b) => a + b, 0), type: docx.WidthType.DXA },
      columnWidths: widths,
      // rules and padding once for the table (w:tblBorders, w:tblCellMar), not in every cell
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
      margins: { left: padding, right: padding, top: 0, bottom: 0 },
      rows: [
        ...caption,
        ...node.header.map((r) => row(r, true, true)),
        ...rows.map((r, k) => row(r, false, k < ROWS_KEPT_WITH_HEADER - 1 && k < rows.length - 1)),
      ],
    }),
  ];
  for (const note of node.notes ?? []) blocks.push(new docx.Paragraph({ style: STYLE_IDS.table, children: [run(note, false)] }));
  return blocks;
}
