/**
 * The keep rules in the PDF: which lines no page break may part (the tree's `Keep` marks and
 * the layout's widow control, document/ast.ts), turned into pdfmake's one means, an
 * unbreakable stack. A run of lines with no allowed break between them becomes one stack,
 * which pdfmake moves to the next page whole when it does not fit; every other line stands
 * alone and pdfmake breaks the page before the first that does not fit. That is how a word
 * processor paginates with the same rules (fill each page, break at the last place allowed),
 * so the PDF breaks its pages where Word, WPS and LibreOffice break the DOCX's:
 *
 * - widow control: no break after a paragraph's first line or before its last (a paragraph of
 *   two or three lines stays whole);
 * - keepTogether: no break inside the block;
 * - keepWithNext: no break between the block's last line and the next block's first;
 * - an atomic block (the title, the signature, a figure) is one unit; a table breaks itself
 *   (pdfmake moves its rows) and is never tied to a line.
 *
 * A run taller than a page cannot stay together (pdfmake would clip what does not fit): it
 * gives up its keepWithNext ties first, then its widow control, as a word processor overrides
 * keep rules that cannot all hold (ECMA-376 starts such a run on a new page first; a run of
 * headings a page long does not occur in a notice).
 */

type Content = Record<string, unknown>;

export interface FlowBlock {
  /** the block's content: one entry per line for text, one entry for an atomic block */
  lines: Content[];
  /** each entry's height in points */
  heights: number[];
  /** widow control applies (a paragraph or heading of the body) */
  widowControl: boolean;
  keepTogether: boolean;
  keepWithNext: boolean;
  /** laid out across pages by pdfmake itself (a table): never held in a stack */
  breaksItself: boolean;
}

/** Why no page break may fall before a line: the tie that holds it to the line before, weakest first. */
const TIE = {
  none: 0,
  /** keepWithNext between two blocks */
  next: 1,
  /** widow control inside a paragraph */
  widow: 2,
  /** keepTogether, or the lines of one atomic block */
  together: 3,
} as const;
type Tie = (typeof TIE)[keyof typeof TIE];

interface Line {
  content: Content;
  height: number;
  /** the tie to the line before (None for the first) */
  tie: Tie;
}

function linesOf(blocks: readonly FlowBlock[], widowControl: boolean): Line[] {
  const lines: Line[] = [];
  blocks.forEach((block, b) => {
    const previous = blocks[b - 1];
    const n = block.lines.length;
    block.lines.forEach((content, i) => {
      let tie: Tie = TIE.none;
      if (i === 0) {
        if (previous?.keepWithNext && !previous.breaksItself && !block.breaksItself) tie = TIE.next;
      } else if (block.keepTogether) tie = TIE.together;
      else if (widowControl && block.widowControl && (i === 1 || i === n - 1)) tie = TIE.widow;
      lines.push({ content, height: block.heights[i] as number, tie });
    });
  });
  return lines;
}

/** Runs of lines, each line joined to the run before it when its tie is at least `weakest`. */
function runs(lines: readonly Line[], weakest: number): Line[][] {
  const out: Line[][] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (last && line.tie >= weakest) last.push(line);
    else out.push([line]);
  }
  return out;
}

const heightOf = (run: readonly Line[]) => run.reduce((sum, l) => sum + l.height, 0);

/** A run cut at its weakest ties, then at stronger ones, until each part fits a page. */
function fitting(run: Line[], pageHeightPt: number, weakest: number): Line[][] {
  if (run.length === 1 || heightOf(run) <= pageHeightPt + 1e-6) return [run];
  if (weakest >= TIE.together) return run.map((l) => [l]);
  return runs(run, weakest + 1).flatMap((part) => fitting(part, pageHeightPt, weakest + 1));
}

/**
 * The flow as pdfmake content: each run of tied lines an unbreakable stack, every other line
 * as it is. `pageHeightPt`: the height of the text block.
 */
export function keptContent(blocks: readonly FlowBlock[], pageHeightPt: number, widowControl: boolean): Content[] {
  const content: Content[] = [];
  for (const run of runs(linesOf(blocks, widowControl), TIE.next)) {
    for (const part of fitting(run, pageHeightPt, TIE.next)) {
      content.push(part.length === 1 ? (part[0] as Line).content : { stack: part.map((l) => l.content), unbreakable: true });
    }
  }
  return content;
}
