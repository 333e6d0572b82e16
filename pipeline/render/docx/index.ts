/**
 * Document tree → DOCX bytes, with the `docx` package.
 *
 * Thin by rule: one handler per block type, every number from `doc.layout` (converted to
 * Word's units here and nowhere else), every word from the tree. The look lives in named
 * paragraph styles (正文, 标题, 标题 1–4, 署名, 成文日期, 页码) so staff can restyle in Word.
 *
 * Word's units: twips (1/20 pt), half-points for font sizes, and docGrid's charSpace in
 * 1/4096 pt added to the body size to give the grid's character pitch.
 */
import { createRequire } from 'node:module';
import type { IRunOptions, ParagraphChild } from 'docx';
import { dispatch, type Block, type BlockHandlers, type Document, type Inline } from '../../document/ast.js';
import { PT_PER_MM, type Layout } from '../../document/layout.js';
import { corePropertiesXml, rezipPackage } from '../../document/package.js';
import { figureParagraphs } from './figure.js';
import { fontTableXml } from './font-table.js';
import { settingsXml } from './settings.js';
import { tableBlocks } from './table.js';
import { bodyCharTwips, STYLE_IDS, stylesXml } from './styles.js';
import { attachmentsParagraphs, frameSections, frameStyles, imprintParagraphs, letterheadParagraphs, recipientsParagraphs, type ImprintPage } from './frame.js';

export type { ImprintPage };

export { STYLE_IDS };

type Docx = typeof import('docx');

const require = createRequire(import.meta.url);

const twips = (pt: number): number => Math.round(pt * 20);
const mmTwips = (mm: number): number => twips(mm * PT_PER_MM);

/** The text width as Word sees it: page width less margins, each rounded to whole twips. */
function textWidthTwips(layout: Layout): number {
  return mmTwips(layout.page.widthMm) - mmTwips(layout.margins.leftMm) - mmTwips(layout.margins.rightMm);
}

/**
 * docGrid charSpace that makes the grid pitch fit `charsPerLine` body characters in the text
 * width (rounded down, so they do fit): 16 pt + charSpace/4096 pt = 8845 twips / 28.
 *
 * The section's `w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"`:
 * - Word (ECMA-376 §17.6.5) and WPS: Page Setup › 文档网格 shows 指定行和字符网格, 28 characters
 *   a line and 22 lines a page, the standard a reviewer checks. Paragraphs that snap to the
 *   grid set characters at its pitch; the body styles do not snap (styles.ts), so their lines
 *   come from the exact line spacing and the character spacing alone.
 * - LibreOffice 7.4: a non-zero charSpace makes a "lines and characters" text grid whose cell
 *   is the default size plus charSpace, its fraction truncated to whole twips (15.75 pt), and
 *   narrows the text block to whole cells (28 × 15.75 = 441 pt, centred); charSpace 0 would
 *   give a lines-only grid. Body characters are set tighter than that cell (styles.ts).
 */
export function gridCharSpace(layout: Layout): number {
  const pitchPt = textWidthTwips(layout) / 20 / layout.charsPerLine;
  return Math.floor((pitchPt - layout.sizes.bodyPt) * 4096);
}

interface Context {
  docx: Docx;
  doc: Document;
}

function runs(ctx: Context, content: readonly Inline[]): ParagraphChild[] {
  return content.map((inline) => {
    const options: IRunOptions = inline.bold ? { text: inline.text, bold: true } : { text: inline.text };
    return new ctx.docx.TextRun(options);
  });
}

type DocxBlock = (InstanceType<Docx['Paragraph']> | InstanceType<Docx['Table']>)[];

const handlers: BlockHandlers<Context, DocxBlock> = {
  title: (node, { docx }) => [
    new docx.Paragraph({
      style: STYLE_IDS.title,
      // the lines compose chose, as line breaks within the one title paragraph
      children: node.lines.map((line, i) => new docx.TextRun({ text: line, break: i > 0 ? 1 : 0 })),
    }),
  ],
  // (the heading styles keep with what follows and keep whole; the body style keeps neither: styles.ts)
  heading: (node, ctx) => [
    new ctx.docx.Paragraph({
      style: STYLE_IDS.heading[node.level - 1],
      ...(node.keepWithNext ? {} : { keepNext: false }),
      ...(node.keepTogether ? {} : { keepLines: false }),
      children: runs(ctx, node.content),
    }),
  ],
  paragraph: (node, ctx) => [
    new ctx.docx.Paragraph({
      style: STYLE_IDS.body,
      ...(node.keepWithNext ? { keepNext: true } : {}),
      ...(node.keepTogether ? { keepLines: true } : {}),
      children: runs(ctx, node.content),
    }),
  ],
  signature: (node, { docx, doc }) => {
    const pitch = bodyCharTwips(doc.layout);
    const line = (style: string, l: typeof node.issuer, options: { spacing?: { before: number }; keepNext?: boolean } = {}) =>
      new docx.Paragraph({
        style,
        alignment: l.align === 'right' ? 'right' : 'left',
        indent: l.align === 'right' ? { right: Math.round(l.indentChars * pitch) } : { left: Math.round(l.indentChars * pitch) },
        ...(options.spacing ? { spacing: options.spacing } : {}),
        ...(options.keepNext ? { keepNext: true } : {}),
        children: [new docx.TextRun(l.text)],
      });
    // the 署名 style has one blank line above; a sealed signature two (room for the seal)
    const before = node.blankLinesBefore === 1 ? undefined : { spacing: { before: twips(node.blankLinesBefore * doc.layout.linePitchPt) } };
    // the 附注 under the date, in the date's style; the date and the 附注's lines kept with what follows them
    const note = node.note ?? [];
    return [
      line(STYLE_IDS.issuer, node.issuer, before),
      line(STYLE_IDS.date, node.date, { keepNext: note.length > 0 }),
      ...note.map((l, i) => line(STYLE_IDS.date, l, { keepNext: i < note.length - 1 })),
    ];
  },
  pageBreak: (_node, { docx }) => [new docx.Paragraph({ children: [new docx.PageBreak()] })],
  letterhead: (node, { docx, doc }) => letterheadParagraphs(docx, doc, node),
  recipients: (node, { docx }) => recipientsParagraphs(docx, node),
  attachments: (node, { docx, doc }) => attachmentsParagraphs(docx, doc, node),
  imprint: (node, { docx, doc }) => imprintParagraphs(docx, doc, node),
  figure: (node, { docx, doc }) => figureParagraphs(docx, node, doc.blocks.filter((b) => b.type === 'figure').indexOf(node) + 1),
  table: (node, { docx, doc }) => tableBlocks(docx, doc, node),
};

function pageNumberFooter(docx: Docx, layout: Layout, side: 'odd' | 'even') {
  const indent = twips(layout.pageNumberIndentChars * layout.sizes.pageNumberPt);
  return new docx.Footer({
    children: [
      new docx.Paragraph({
        style: STYLE_IDS.pageNumber,
        alignment: side === 'odd' ? 'right' : 'left',
        indent: side === 'odd' ? { right: indent } : { left: indent },
        children: [new docx.TextRun({ children: [layout.pageNumberDecoration.before, docx.PageNumber.CURRENT, layout.pageNumberDecoration.after] })],
      }),
    ],
  });
}

/** Loads the docx library (and its shapes, for the 版记) ahead of a render that must wait (write.ts). */
export function preloadDocxWriter(): void {
  require('docx');
  require('docx/shapes');
}

/** Whether the document has a part of the 公文 frame (whose styles it then needs). */
function hasFrame(doc: Document): boolean {
  return doc.blocks.some((b) => b.type === 'letterhead' || b.type === 'recipients' || b.type === 'attachments' || b.type === 'imprint');
}

/** `imprint`: where the PDF put the 版记 (render/docx/frame.ts); without it, on the page the body ends on. */
export async function renderDocx(doc: Document, options: { imprint?: ImprintPage | null } = {}): Promise<Uint8Array> {
  // The CommonJS build (the same code as the ES module one), loaded on first use.
  const docx = require('docx') as Docx;
  const { layout } = doc;
  const ctx: Context = { docx, doc };
  const children = doc.blocks.flatMap((block: Block) => dispatch(handlers, block, ctx));
  // The footer line's top sits pageNumberGapMm below the text block: the footer distance is
  // measured from the page's bottom edge to the footer line's bottom.
  const footerDistance = mmTwips(layout.margins.bottomMm - layout.pageNumberGapMm) - twips(layout.sizes.pageNumberPt);
  const file = new docx.Document({
    creator: doc.meta.issuer,
    lastModifiedBy: doc.meta.issuer,
    title: doc.meta.title,
    evenAndOddHeaderAndFooters: true,
    sections: frameSections(
      docx,
      doc,
      {
        properties: {
          page: {
            size: { width: mmTwips(layout.page.widthMm), height: mmTwips(layout.page.heightMm) },
            margin: {
              top: mmTwips(layout.margins.topMm),
              bottom: mmTwips(layout.margins.bottomMm),
              left: mmTwips(layout.margins.leftMm),
              right: mmTwips(layout.margins.rightMm),
              header: mmTwips(15),
              footer: footerDistance,
              gutter: 0,
            },
          },
          grid: { type: docx.DocumentGridType.LINES_AND_CHARS, linePitch: twips(layout.linePitchPt), charSpace: gridCharSpace(layout) },
        },
        footers: { default: pageNumberFooter(docx, layout, 'odd'), even: pageNumberFooter(docx, layout, 'even') },
        children,
      },
      options.imprint ?? null,
    ),
  });
  const overrides = [
    { path: 'word/styles.xml', data: stylesXml(layout, doc.fonts, hasFrame(doc) ? frameStyles(layout, doc.fonts.body) : []) },
    { path: 'word/fontTable.xml', data: fontTableXml(Object.values(doc.fonts)) },
    { path: 'word/settings.xml', data: settingsXml() },
    { path: 'docProps/core.xml', data: corePropertiesXml(doc.meta) },
  ];
  // Packer zips with the clock's time on every entry: the parts are zipped again with the
  // document's date (render/package.ts), so the same inputs give the same bytes.
  const packed = await docx.Packer.toBuffer(file, undefined, overrides);
  return rezipPackage(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength), doc.meta.date);
}
