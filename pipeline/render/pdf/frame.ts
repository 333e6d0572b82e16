/**
 * The 公文 frame in the PDF (compose/frame.ts placed every part; this draws them where the
 * tree says):
 *
 * - 版头: each line and the red rule drawn at its place on page 1 (absolutePosition: a line's
 *   em box top `topPt` below the text block's top, so its baseline EM_BOX_ASCENT of its size
 *   below that, and pdfkit sets a text's baseline its font's ascent below the top it is given);
 *   the text flows on `heightPt` below the text block's top.
 * - 主送机关 and 附件说明: body text, through index.ts's line breaking.
 * - 版记: a block of its height, invisible, closes the flow, so the body never runs under it,
 *   after a mark of no height where the body ends. pdfmake's `pageBreakBefore` moves them: the
 *   block on an odd page goes on to the next; when the body ends on an even page without room
 *   for it, the mark goes on to the next page first (the block would go on to an odd page by
 *   itself, and one break moves it only from where it was), leaving that page empty. The footer
 *   of the last page draws the 版记 there, its last rule on the text block's foot. An empty
 *   page before the 版记's page leaves both without a page number (GB/T 9704 7.5).
 *
 * Where the 版记 went is reported (`ImprintPlacement`): the DOCX puts it on its own page when
 * the PDF did (render/docx/frame.ts).
 */
import type { Attachments, Block, Document, FontRole, FrameLine, FrameRule, Imprint, Letterhead, Recipients } from '../../document/ast.js';
import { EM_BOX_ASCENT, PT_PER_MM, textHeightPt, textWidthPt, type Layout } from '../../document/layout.js';

type Content = Record<string, unknown>;

/** What the frame needs of index.ts's text setting (passed in: index.ts imports this module). */
export interface FrameTools {
  layout: Layout;
  /** one line of text in a role's font: pdfmake inlines, the family, and how far its baseline lies below its top */
  line(role: FontRole, text: string, sizePt: number): { text: Content[]; font: string; ascentPt: number };
  /** body text broken into lines, one entry a line: the first `indentChars` in, the lines it wraps onto `wrapIndentChars` in */
  bodyText(text: string, indentChars: number, wrapIndentChars: number): Content[];
}

/** Where the 版记 went: on the body's last page, or on a page of its own (after an empty page). */
export interface ImprintPlacement {
  page: number;
  ownPage: boolean;
  blankPageBefore: boolean;
}

const IMPRINT_ID = 'tongbao-imprint';
const BODY_END_ID = 'tongbao-body-end';

/**
 * A line of the frame, absolutely placed; `originY`: the text block's top in the coordinates it
 * is drawn in. Each text stands in a column as wide as the text block, so that it is centred or
 * set against the right margin alike on a page and in a footer (which spans the whole page).
 */
function placedLine(line: FrameLine, tools: FrameTools, originY: number): Content[] {
  const { layout } = tools;
  const left = layout.margins.leftMm * PT_PER_MM;
  const width = textWidthPt(layout);
  const style = { fontSize: line.sizePt, characterSpacing: 0, lineHeight: 1, ...(line.color ? { color: `#${line.color}` } : {}) };
  const placed = (text: string, alignment: string, margin: number[]): Content => {
    const run = tools.line(line.role, text, line.sizePt);
    return {
      columns: [{ width, text: run.text, font: run.font, ...style, alignment, margin }],
      absolutePosition: { x: left, y: originY + line.topPt + EM_BOX_ASCENT * line.sizePt - run.ascentPt },
    };
  };
  const out = [placed(line.text, line.align, [line.indentChars * line.sizePt, 0, 0, 0])];
  if (line.right) out.push(placed(line.right.text, 'right', [0, 0, line.right.indentChars * line.sizePt, 0]));
  return out;
}

function placedRule(rule: FrameRule, layout: Layout, originY: number): Content {
  return {
    canvas: [{ type: 'rect', x: 0, y: 0, w: textWidthPt(layout), h: rule.thicknessPt, color: `#${rule.color ?? '000000'}` }],
    absolutePosition: { x: layout.margins.leftMm * PT_PER_MM, y: originY + rule.topPt },
  };
}

export function letterheadContent(node: Letterhead, tools: FrameTools): Content[] {
  const top = tools.layout.margins.topMm * PT_PER_MM;
  return [
    ...node.lines.flatMap((l) => placedLine(l, tools, top)),
    ...node.rules.map((r) => placedRule(r, tools.layout, top)),
    // the title and the text below it start heightPt below the text block's top (an empty
    // canvas: an empty text would add a line of its own)
    { canvas: [], margin: [0, node.heightPt, 0, 0] },
  ];
}

/** The 主送机关's lines. */
export function recipientsContent(node: Recipients, tools: FrameTools): Content[] {
  return tools.bodyText(node.text, 0, 0);
}

/** The 附件说明's lines, after one blank line (an empty canvas: an empty text would be a line of the default size). */
export function attachmentsContent(node: Attachments, tools: FrameTools): Content[] {
  return [{ canvas: [], margin: [0, tools.layout.linePitchPt, 0, 0] }, ...node.items.flatMap((i) => tools.bodyText(i.text, i.indentChars, i.wrapIndentChars))];
}

/** The 版记's height: from its first rule's top to the text block's foot. */
export function imprintHeight(node: Imprint, layout: Layout): number {
  return textHeightPt(layout) - (node.rules[0]?.topPt ?? textHeightPt(layout));
}

/** The mark where the body ends and the room for the 版记 at the end of the flow (drawn by the footer of the last page, `FramePages.footer`). */
export function imprintReservation(node: Imprint, tools: FrameTools): Content[] {
  const invisible = (h: number) => ({ type: 'rect', x: 0, y: 0, w: 1, h, color: '#ffffff', fillOpacity: 0 });
  return [
    { id: BODY_END_ID, canvas: [invisible(0)] },
    { id: IMPRINT_ID, canvas: [invisible(imprintHeight(node, tools.layout))] },
  ];
}

/** The frame's part in the page layout: which page the 版记 goes on, and what the footers draw. */
export class FramePages {
  private readonly imprint: Imprint | null;
  private placed: ImprintPlacement | null = null;

  constructor(
    doc: Document,
    private readonly tools: FrameTools,
  ) {
    this.imprint = (doc.blocks.findLast((b: Block) => b.type === 'imprint') as Imprint | undefined) ?? null;
  }

  get active(): boolean {
    return this.imprint !== null;
  }

  /** pdfmake's pageBreakBefore (see the top of this file). */
  pageBreakBefore(node: { id?: string; startPosition: { pageNumber: number; top: number } }): boolean {
    if (node.id !== BODY_END_ID && node.id !== IMPRINT_ID) return false;
    const { layout } = this.tools;
    const page = node.startPosition.pageNumber;
    if (node.id === BODY_END_ID) {
      const foot = (layout.page.heightMm - layout.margins.bottomMm) * PT_PER_MM;
      const room = node.startPosition.top + (this.imprint ? imprintHeight(this.imprint, layout) : 0) <= foot + 1e-6;
      return !room && page % 2 === 0;
    }
    // at the top of its page: nothing before it there (pdfmake's list of the nodes before it on
    // the page leaves out what an unbreakable block, such as the signature, holds)
    const first = Math.abs(node.startPosition.top - layout.margins.topMm * PT_PER_MM) < 0.5;
    const odd = page % 2 === 1;
    this.placed = odd ? { page: page + 1, ownPage: true, blankPageBefore: first } : { page, ownPage: first, blankPageBefore: false };
    return odd;
  }

  get placement(): ImprintPlacement | null {
    return this.placed;
  }

  /** A page number on this page? Not on an empty page before the 版记 nor on the 版记's page after one. */
  numbered(page: number, pageCount: number): boolean {
    return !(this.placed?.blankPageBefore && page >= pageCount - 1);
  }

  /** What the footer of this page draws besides its page number: the 版记 on the last page. */
  footer(page: number, pageCount: number): Content[] {
    if (!this.imprint || page !== pageCount) return [];
    // (a footer's absolute positions are from its own top, the text block's foot)
    const origin = -textHeightPt(this.tools.layout);
    return [
      ...this.imprint.lines.flatMap((l) => placedLine(l, this.tools, origin)),
      ...this.imprint.rules.map((r) => placedRule(r, this.tools.layout, origin)),
    ];
  }
}

/** The texts the frame's blocks set, by font role (for the check of characters a font lacks). */
export function frameTexts(block: Block): [FontRole, string][] {
  switch (block.type) {
    case 'letterhead':
    case 'imprint':
      return block.lines.flatMap((l): [FontRole, string][] =>
        l.right
          ? [
              [l.role, l.text],
              [l.role, l.right.text],
            ]
          : [[l.role, l.text]],
      );
    case 'recipients':
      return [['body', block.text]];
    case 'attachments':
      return block.items.map((i): [FontRole, string] => ['body', i.text]);
    default:
      return [];
  }
}
