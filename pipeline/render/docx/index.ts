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
import type { IParagraphStyleOptions, IRunOptions, ParagraphChild } from 'docx';
import { dispatch, type Block, type BlockHandlers, type Document, type FontRole, type Inline } from '../../document/ast.js';
import { charPitchPt, PT_PER_MM, type Layout } from '../../document/layout.js';
import { fixedZip, corePropertiesXml } from './package.js';

type Docx = typeof import('docx');

const twips = (pt: number): number => Math.round(pt * 20);
const mmTwips = (mm: number): number => twips(mm * PT_PER_MM);
const halfPoints = (pt: number): number => Math.round(pt * 2);

export const STYLE_IDS = {
  body: 'Normal',
  title: 'Title',
  heading: ['Heading1', 'Heading2', 'Heading3', 'Heading4'],
  issuer: 'Signature',
  date: 'SignatureDate',
  pageNumber: 'PageNumber',
} as const;

/** docGrid charSpace that makes the grid pitch fit `charsPerLine` body characters (rounded down, so they do fit). */
export function gridCharSpace(layout: Layout): number {
  return Math.floor((charPitchPt(layout) - layout.sizes.bodyPt) * 4096);
}

/** The grid's character pitch in twips: what Word means by "one character" in this section. */
function charTwips(layout: Layout): number {
  return (layout.sizes.bodyPt + gridCharSpace(layout) / 4096) * 20;
}

function fontsOf(name: string): { ascii: string; hAnsi: string; eastAsia: string; cs: string } {
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

function styles(doc: Document): IParagraphStyleOptions[] {
  const { layout, fonts } = doc;
  const exactLine = { line: twips(layout.linePitchPt), lineRule: 'exact' as const };
  const bodyIndent = {
    firstLineChars: layout.firstLineIndentChars * 100,
    firstLine: Math.round(layout.firstLineIndentChars * charTwips(layout)),
  };
  const run = (role: FontRole, sizePt: number, bold = false) => ({ font: fontsOf(fonts[role]), size: halfPoints(sizePt), bold });
  const headingFonts: FontRole[] = ['heading1', 'heading2', 'heading3', 'heading3'];
  return [
    {
      id: STYLE_IDS.body,
      name: 'Normal',
      run: run('body', layout.sizes.bodyPt),
      paragraph: { alignment: 'both', spacing: exactLine, indent: bodyIndent },
    },
    {
      id: STYLE_IDS.title,
      name: 'Title',
      basedOn: STYLE_IDS.body,
      next: STYLE_IDS.body,
      // The title's 22 pt characters must not snap to the 16 pt character grid (they would take two cells each).
      run: { ...run('title', layout.sizes.titlePt), snapToGrid: false },
      paragraph: {
        alignment: 'center',
        indent: { firstLine: 0, firstLineChars: 0 },
        spacing: { ...exactLine, after: twips(layout.linePitchPt) },
        keepNext: true,
      },
    },
    ...STYLE_IDS.heading.map(
      (id, i): IParagraphStyleOptions => ({
        id,
        name: `heading ${i + 1}`,
        basedOn: STYLE_IDS.body,
        next: STYLE_IDS.body,
        quickFormat: true,
        run: run(headingFonts[i] as FontRole, layout.sizes.bodyPt, i === 2 && layout.boldLevel3),
        paragraph: { outlineLevel: i, keepNext: true, keepLines: true },
      }),
    ),
    {
      id: STYLE_IDS.issuer,
      name: '署名',
      basedOn: STYLE_IDS.body,
      next: STYLE_IDS.date,
      // One blank line above the signature block.
      paragraph: { indent: { firstLine: 0, firstLineChars: 0 }, spacing: { ...exactLine, before: twips(layout.linePitchPt) }, keepNext: true },
    },
    {
      id: STYLE_IDS.date,
      name: '成文日期',
      basedOn: STYLE_IDS.body,
      next: STYLE_IDS.body,
      paragraph: { indent: { firstLine: 0, firstLineChars: 0 } },
    },
    {
      id: STYLE_IDS.pageNumber,
      name: '页码',
      basedOn: STYLE_IDS.body,
      run: { ...run('pageNumber', layout.sizes.pageNumberPt), snapToGrid: false },
      paragraph: { indent: { firstLine: 0, firstLineChars: 0 }, spacing: { line: twips(layout.sizes.pageNumberPt), lineRule: 'exact' } },
    },
  ];
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

type DocxBlock = InstanceType<Docx['Paragraph']>[];

const handlers: BlockHandlers<Context, DocxBlock> = {
  title: (node, { docx }) => [new docx.Paragraph({ style: STYLE_IDS.title, children: [new docx.TextRun(node.text)] })],
  heading: (node, ctx) => [new ctx.docx.Paragraph({ style: STYLE_IDS.heading[node.level - 1], children: runs(ctx, node.content) })],
  paragraph: (node, ctx) => [new ctx.docx.Paragraph({ style: STYLE_IDS.body, children: runs(ctx, node.content) })],
  signature: (node, { docx, doc }) => {
    const pitch = charTwips(doc.layout);
    const line = (style: string, l: typeof node.issuer) =>
      new docx.Paragraph({
        style,
        alignment: l.align === 'right' ? 'right' : 'left',
        indent: l.align === 'right' ? { right: Math.round(l.indentChars * pitch) } : { left: Math.round(l.indentChars * pitch) },
        children: [new docx.TextRun(l.text)],
      });
    return [line(STYLE_IDS.issuer, node.issuer), line(STYLE_IDS.date, node.date)];
  },
  pageBreak: (_node, { docx }) => [new docx.Paragraph({ children: [new docx.PageBreak()] })],
};

function pageNumberFooter(docx: Docx, layout: Layout, side: 'odd' | 'even') {
  const indent = twips(layout.pageNumberIndentChars * layout.sizes.pageNumberPt);
  return new docx.Footer({
    children: [
      new docx.Paragraph({
        style: STYLE_IDS.pageNumber,
        alignment: side === 'odd' ? 'right' : 'left',
        indent: side === 'odd' ? { right: indent } : { left: indent },
        children: [new docx.TextRun({ children: ['— ', docx.PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

export async function renderDocx(doc: Document): Promise<Uint8Array> {
  const docx = await import('docx');
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
    styles: { paragraphStyles: styles(doc) },
    sections: [
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
    ],
  });
  const overrides = [{ path: 'docProps/core.xml', data: corePropertiesXml(doc.meta) }];
  const bytes = await docx.Packer.toBuffer(file, false, overrides);
  return fixedZip(new Uint8Array(bytes), doc.meta.date);
}
