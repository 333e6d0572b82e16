/**
 * A figure in the DOCX: its PNG inline in a centred paragraph of its own, at the figure's
 * printed size, then its caption centred below. The body style sets an exact line height (the
 * GB/T 9704 grid), which would clip an inline picture to one line: the picture's paragraph
 * sets single spacing instead, so Word and WPS give it its own height (rounded up to whole
 * grid lines).
 */
import type { Figure } from '../../document/ast.js';
import { STYLE_IDS } from './styles.js';

type Docx = typeof import('docx');

/** Word's picture sizes are in pixels at 96 to the inch. */
const px = (pt: number): number => Math.round((pt * 96) / 72);

/** `number`: the figure's place among the document's figures, from 1: its drawing's id (the library's own ids count on across documents). */
export function figureParagraphs(docx: Docx, node: Figure, number: number): InstanceType<Docx['Paragraph']>[] {
  const picture = new docx.Paragraph({
    style: STYLE_IDS.body,
    alignment: 'center',
    indent: { firstLine: 0 },
    spacing: { line: 240, lineRule: docx.LineRuleType.AUTO, before: 0, after: 0 },
    // with its caption, or (the tree's keep rule) with what follows
    keepNext: Boolean(node.caption) || Boolean(node.keepWithNext),
    children: [
      new docx.ImageRun({
        type: 'png',
        data: node.png,
        transformation: { width: px(node.widthPt), height: px(node.heightPt) },
        altText: { id: String(number), name: node.chart, title: node.title ?? node.chart, description: node.title ?? node.chart },
      }),
    ],
  });
  if (!node.caption) return [picture];
  const caption = new docx.Paragraph({
    style: STYLE_IDS.body,
    alignment: 'center',
    indent: { firstLine: 0 },
    ...(node.keepWithNext ? { keepNext: true } : {}),
    children: [new docx.TextRun(node.caption)],
  });
  return [picture, caption];
}
