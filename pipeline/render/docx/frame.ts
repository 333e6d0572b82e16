/**
 * The 公文 frame in the DOCX (compose/frame.ts placed every part; this sets them where the tree
 * says, in paragraphs staff can edit in Word and WPS):
 *
 * - 版头: one paragraph per line at the top of page 1, each exactly as high as its characters
 *   (w:lineRule="exact" at the line's size: the line's box is its em box), the space above it
 *   as w:spacing w:before; the red rule the bottom border of an empty paragraph reaching down
 *   to it (a border adds its width below its paragraph, as the tree's rule does); a last empty
 *   paragraph down to the title's line. Where a line of exact height puts its characters:
 *   ECMA-376 (§17.3.1.33, and Microsoft's notes on it) centres the text in the line, and
 *   clips it from the top when the line is too small; Word and WPS follow that, and the
 *   characters of a 仿宋/小标宋 font, ascent and descent one em together, fill a line of their
 *   size. LibreOffice sets the baseline four fifths of a fixed line's height below its top
 *   (sw/source/core/text/itrform2.cxx), which puts the em box 0.08 em higher (2 pt for the
 *   标志): test/render/frame-libreoffice.slow.test.ts measures it. A line taller than its
 *   characters would put them 0.8 of the way down in LibreOffice and half way in Word: so no
 *   line of the frame is taller than its size, and gaps are spacing, which all three keep.
 * - 主送机关 and 附件说明: paragraphs in styles of their own (主送机关: flush left; 附件说明: a
 *   hanging indent, so a name that wraps lines up under its first character).
 * - 版记: a text box anchored at the foot of the text block (wp:anchor, positionV margin bottom,
 *   wrapTopAndBottom: body text never runs beside or under it), holding its lines and rules as
 *   paragraphs and borders the same way, anchored in a last, 1 pt paragraph. Word, WPS and
 *   LibreOffice put it at the foot of the page its anchor falls on, and move it on with its
 *   anchor when the body leaves no room. Which page that is, is a matter of pagination that a
 *   DOCX cannot make depend on page parity without fields LibreOffice does not run; so the DOCX
 *   follows the PDF's layout (render/pdf/frame.ts): where the PDF put the 版记 on a page of its
 *   own, the anchor starts a section of type evenPage (Word's 偶数页 section break; LibreOffice
 *   inserts the empty page itself), whose footers are empty when an empty page comes before it
 *   (GB/T 9704 7.5: neither page numbered).
 */
import { createRequire } from 'node:module';
import type { IParagraphOptions, ISectionOptions, ParagraphChild } from 'docx';
import type { Attachments, Document, FrameLine, FrameRule, Imprint, Letterhead, Recipients } from '../../document/ast.js';
import { textHeightPt, textWidthPt, wordProcessorCharSpacingPt, type Layout } from '../../document/layout.js';
import { bodyCharTwips, rFonts, size, style } from './styles.js';

type Docx = typeof import('docx');
type Shapes = typeof import('docx/shapes');
type DocxParagraph = InstanceType<Docx['Paragraph']>;

const require = createRequire(import.meta.url);

const twips = (pt: number): number => Math.round(pt * 20);
const halfPoints = (pt: number): number => Math.round(pt * 2);
/** DrawingML's sizes in the docx library: pixels at 96 a inch. */
const pixels = (pt: number): number => (pt * 96) / 72;
/** Border widths: eighths of a point. */
const eighths = (pt: number): number => Math.max(2, Math.round(pt * 8));

export const FRAME_STYLE_IDS = { line: 'FrameLine', recipients: 'Recipients', attachments: 'Attachments', imprint: 'Imprint' } as const;

/**
 * The frame's paragraph styles (版头, 主送机关, 附件说明, 版记), based on no other style, each
 * saying outright that its first line is not indented: the body style's indent in characters
 * (w:firstLineChars) would otherwise win over their own indents in Word, and LibreOffice bases
 * a style without w:basedOn on the default one.
 */
export function frameStyles(layout: Layout, body: string): string[] {
  const grid = '<w:snapToGrid w:val="0"/>';
  const line = `<w:spacing w:line="${twips(layout.linePitchPt)}" w:lineRule="exact"/>`;
  const flush = '<w:ind w:firstLineChars="0" w:firstLine="0"/>';
  const bodyRun = `${rFonts(body)}<w:spacing w:val="${twips(wordProcessorCharSpacingPt(layout))}"/>${size(layout.sizes.bodyPt)}`;
  const frameRun = (sizePt: number) => `${rFonts(body)}<w:spacing w:val="0"/>${size(sizePt)}`;
  return [
    style({ id: FRAME_STYLE_IDS.line, name: '版头', pPr: `${grid}${flush}<w:jc w:val="left"/>`, rPr: frameRun(layout.sizes.bodyPt) }),
    style({ id: FRAME_STYLE_IDS.recipients, name: '主送机关', pPr: `${grid}${line}${flush}<w:jc w:val="both"/>`, rPr: bodyRun }),
    style({ id: FRAME_STYLE_IDS.attachments, name: '附件说明', pPr: `${grid}${line}${flush}<w:jc w:val="both"/>`, rPr: bodyRun }),
    style({ id: FRAME_STYLE_IDS.imprint, name: '版记', pPr: `${grid}${flush}<w:jc w:val="left"/>`, rPr: frameRun(layout.frame.imprintPt) }),
  ];
}

interface FrameContext {
  docx: Docx;
  doc: Document;
}

function border(docx: Docx, rule: FrameRule) {
  return { style: docx.BorderStyle.SINGLE, size: eighths(rule.thicknessPt), color: rule.color ?? '000000', space: 0 };
}

/** A line of the frame: exactly its size high (its em box), `beforePt` below what precedes it. */
function lineParagraph(ctx: FrameContext, styleId: string, line: FrameLine, beforePt: number): DocxParagraph {
  const { docx, doc } = ctx;
  const run = (text: string) =>
    new docx.TextRun({ text, font: doc.fonts[line.role], size: halfPoints(line.sizePt), ...(line.color ? { color: line.color } : {}) });
  const children: ParagraphChild[] = [run(line.text)];
  const options: { -readonly [K in keyof IParagraphOptions]: IParagraphOptions[K] } = {
    style: styleId,
    alignment: line.align === 'center' ? 'center' : 'left',
    spacing: { line: twips(line.sizePt), lineRule: 'exact', before: Math.max(0, twips(beforePt)), after: 0 },
  };
  if (line.indentChars > 0) options.indent = { left: twips(line.indentChars * line.sizePt) };
  if (line.right) {
    // 印发日期 against a right tab stop `indentChars` in from the right margin (tab stops are measured from the left margin)
    options.tabStops = [{ type: docx.TabStopType.RIGHT, position: twips(textWidthPt(doc.layout) - line.right.indentChars * line.sizePt) }];
    children.push(new docx.TextRun({ children: [new docx.Tab(), line.right.text], font: doc.fonts[line.role], size: halfPoints(line.sizePt) }));
  }
  return new docx.Paragraph({ ...options, children });
}

/**
 * An empty paragraph `heightPt` high (at least a twip), its bottom border the rule that follows
 * it: a paragraph's border spans its indents, so rules are never borders of indented lines.
 */
function spacer(ctx: FrameContext, styleId: string, heightPt: number, rule: FrameRule | null): DocxParagraph {
  return new ctx.docx.Paragraph({
    style: styleId,
    spacing: { line: Math.max(1, twips(heightPt)), lineRule: 'exact', before: 0, after: 0 },
    ...(rule ? { border: { bottom: border(ctx.docx, rule) } } : {}),
  });
}

/**
 * The frame's lines and rules as paragraphs in flow from `startPt` (a position below the text
 * block's top), each line's em box ending at its paragraph's foot; up to `endPt` when given.
 * A rule right at the start stands under a paragraph one twip high.
 */
function flow(
  ctx: FrameContext,
  styleId: string,
  lines: readonly FrameLine[],
  rules: readonly FrameRule[],
  startPt: number,
  endPt: number | null,
): DocxParagraph[] {
  const items = [...lines.map((line) => ({ top: line.topPt, line })), ...rules.map((rule) => ({ top: rule.topPt, rule }))].sort((a, b) => a.top - b.top);
  const out: DocxParagraph[] = [];
  let cursor = startPt;
  for (const item of items) {
    if ('rule' in item) {
      out.push(spacer(ctx, styleId, item.top - cursor, item.rule));
      cursor = item.top + item.rule.thicknessPt;
    } else {
      out.push(lineParagraph(ctx, styleId, item.line, item.line.topPt - cursor));
      cursor = item.line.topPt + item.line.sizePt;
    }
  }
  const EPS = 0.025;
  if (endPt !== null && endPt - cursor > EPS) out.push(spacer(ctx, styleId, endPt - cursor, null));
  return out;
}

export function letterheadParagraphs(docx: Docx, doc: Document, node: Letterhead): DocxParagraph[] {
  return flow({ docx, doc }, FRAME_STYLE_IDS.line, node.lines, node.rules, 0, node.heightPt);
}

export function recipientsParagraphs(docx: Docx, node: Recipients): DocxParagraph[] {
  return [new docx.Paragraph({ style: FRAME_STYLE_IDS.recipients, children: [new docx.TextRun(node.text)] })];
}

export function attachmentsParagraphs(docx: Docx, doc: Document, node: Attachments): DocxParagraph[] {
  const pitch = bodyCharTwips(doc.layout);
  return node.items.map(
    (item, i) =>
      new docx.Paragraph({
        style: FRAME_STYLE_IDS.attachments,
        indent: { left: Math.round(item.wrapIndentChars * pitch), hanging: Math.round((item.wrapIndentChars - item.indentChars) * pitch) },
        // one blank line above the first
        ...(i === 0 ? { spacing: { before: twips(doc.layout.linePitchPt) } } : {}),
        // kept whole and with the signature (compose/keep.ts): each line with the next, the last as the tree says
        ...(i < node.items.length - 1 || node.keepWithNext ? { keepNext: true } : {}),
        ...(node.keepTogether ? { keepLines: true } : {}),
        children: [new docx.TextRun(item.text)],
      }),
  );
}

/** The 版记's text box, anchored in a last paragraph 1 pt high. */
export function imprintParagraphs(docx: Docx, doc: Document, node: Imprint): DocxParagraph[] {
  const { ShapeRun } = require('docx/shapes') as Shapes;
  const { layout } = doc;
  const top = node.rules[0]?.topPt ?? 0;
  // (with the twip above the first rule)
  const height = textHeightPt(layout) - top + 0.05;
  const box = new ShapeRun({
    type: 'rectangle',
    transformation: { width: pixels(textWidthPt(layout)), height: pixels(height) },
    fill: 'none',
    line: 'none',
    floating: {
      horizontalPosition: { relative: docx.HorizontalPositionRelativeFrom.MARGIN, align: docx.HorizontalPositionAlign.CENTER },
      verticalPosition: { relative: docx.VerticalPositionRelativeFrom.MARGIN, align: docx.VerticalPositionAlign.BOTTOM },
      wrap: { type: docx.TextWrappingType.TOP_AND_BOTTOM },
      allowOverlap: false,
    },
    textOptions: { verticalAlignment: 'bottom', margins: { top: 0, right: 0, bottom: 0, left: 0 }, wrap: true },
    children: flow({ docx, doc }, FRAME_STYLE_IDS.imprint, node.lines, node.rules, top, null),
    altText: { name: '版记' },
  });
  return [new docx.Paragraph({ style: FRAME_STYLE_IDS.imprint, spacing: { line: 20, lineRule: 'exact', before: 0, after: 0 }, children: [box] })];
}

/** Where the PDF put the 版记 (render/pdf/frame.ts `ImprintPlacement`). */
export interface ImprintPage {
  ownPage: boolean;
  blankPageBefore: boolean;
}

/**
 * The document's sections: one; or, when the PDF put the 版记 on a page of its own, a second
 * of type evenPage holding the 版记's anchor (the last paragraph), with no page numbers when an
 * empty page comes before it.
 */
export function frameSections(docx: Docx, doc: Document, section: ISectionOptions, imprint: ImprintPage | null): ISectionOptions[] {
  if (doc.blocks.at(-1)?.type !== 'imprint' || !imprint?.ownPage) return [section];
  const anchor = section.children.at(-1);
  const blank = () => new docx.Footer({ children: [new docx.Paragraph({})] });
  return [
    { ...section, children: section.children.slice(0, -1) },
    {
      ...section,
      properties: { ...section.properties, type: docx.SectionType.EVEN_PAGE },
      ...(imprint.blankPageBefore ? { footers: { default: blank(), even: blank() } } : {}),
      children: anchor ? [anchor] : [],
    },
  ];
}
