/**
 * What a page must not part (document/ast.ts `Keep`), decided here once so that the DOCX and
 * the PDF paginate alike. With the layout's widow control (no paragraph leaves a single line
 * at a page's foot or head) the rules are:
 *
 * - A heading is never split, and stays on the page of what follows it: through any headings
 *   that follow, down to the first two lines of text. The next paragraph's first two lines stay
 *   together by widow control; when that paragraph is one line (an item's `整改结果：完成`), it
 *   is kept with the paragraph after it as well. A heading is not kept with a table or across a
 *   page break (a table's rows are laid out by the writer's table, which keeps no line with it).
 * - The signature is never alone on a page: the block before it is kept with it, and when
 *   that is a one-line paragraph (`特此通报。`), the block before that too; widow control then
 *   brings at least the body's last two lines onto the signature's page. A 附件说明 between
 *   the body and the signature (compose/frame.ts) is kept whole and with the signature, and
 *   the body's last block with it.
 *
 * GB/T 9704-2012 7.3.5.5 also allows making room for the signature by tightening the line and
 * character spacing of the page before. Moving lines is chosen instead: every page keeps the
 * 22 × 28 grid, and Word, WPS and LibreOffice express it with the paragraph settings staff
 * see in 段落 › 换行和分页 (与下段同页, 段中不分页, 孤行控制), so the DOCX they edit keeps doing
 * it; tightening would need the writer to measure pages, which a word processor then undoes
 * at the first edit.
 *
 * Whether a paragraph is one line is told from its width in body characters: the first line
 * holds `charsPerLine − firstLineIndentChars`. Half a character's allowance counts a paragraph
 * a little over as one line (digits and Latin letters may be wider than half a character in
 * the PDF's font): a paragraph taken for one line that is two only keeps one more line.
 */
import type { Block, Keep, Paragraph } from '../document/ast.js';
import { plainText } from '../document/ast.js';
import type { Layout } from '../document/layout.js';
import { displayWidth } from '../text/width.js';

const ONE_LINE_ALLOWANCE_CHARS = 0.5;

/** True for a paragraph that takes one line (its width fits the first line, indent included). */
export function isOneLine(paragraph: Paragraph, layout: Layout): boolean {
  return displayWidth(plainText(paragraph.content)) <= layout.charsPerLine - layout.firstLineIndentChars + ONE_LINE_ALLOWANCE_CHARS;
}

/** A block a keep rule can tie to the block that follows it. */
type Keepable = Extract<Block, Keep>;

const canKeep = (block: Block | undefined): block is Keepable =>
  block?.type === 'heading' || block?.type === 'paragraph' || block?.type === 'figure' || block?.type === 'attachments';
/** A block a preceding block can be kept with: not a table (the writer's table keeps no line with it) nor a page break. */
const canFollow = (block: Block | undefined): boolean => block !== undefined && block.type !== 'table' && block.type !== 'pageBreak';

/** The blocks with their keep rules set (new objects where a rule is added). */
export function withKeeps(blocks: readonly Block[], layout: Layout): Block[] {
  const keepWithNext = new Set<number>();
  const keepTogether = new Set<number>();
  blocks.forEach((block, i) => {
    if (block.type !== 'heading') return;
    keepTogether.add(i);
    if (canFollow(blocks[i + 1])) keepWithNext.add(i);
    // the last of a run of headings: the first two lines of text after it
    const next = blocks[i + 1];
    if (next?.type === 'paragraph' && isOneLine(next, layout) && canFollow(blocks[i + 2])) keepWithNext.add(i + 1);
  });
  const signature = blocks.findIndex((b) => b.type === 'signature');
  // what closes the body: the signature, and a 附件说明 before it
  let close = signature;
  if (blocks[signature - 1]?.type === 'attachments') {
    close = signature - 1;
    keepWithNext.add(close);
    keepTogether.add(close);
  }
  const last = blocks[close - 1];
  if (close > 0 && canKeep(last)) {
    keepWithNext.add(close - 1);
    if (last.type === 'paragraph' && isOneLine(last, layout) && canKeep(blocks[close - 2])) keepWithNext.add(close - 2);
  }
  return blocks.map((block, i) => {
    if (!canKeep(block) || (!keepWithNext.has(i) && !keepTogether.has(i))) return block;
    const keep: Keep = {};
    if (keepWithNext.has(i)) keep.keepWithNext = true;
    if (keepTogether.has(i)) keep.keepTogether = true;
    return { ...block, ...keep };
  });
}
