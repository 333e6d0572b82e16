/**
 * The tree as text, for golden tests and debugging: one line per block, so a diff shows
 * exactly which paragraph changed.
 */
import { plainText, type Block, type Document, type FrameLine, type FrameRule } from './ast.js';

const pt = (v: number) => Math.round(v * 100) / 100;
const frameLine = (l: FrameLine) =>
  `${l.text}${l.right ? ` … ${l.right.text}` : ''} [${l.align} ${l.indentChars}, ${l.role} ${l.sizePt} pt${l.color ? ` #${l.color}` : ''}, top ${pt(l.topPt)}]`;
const frameRule = (r: FrameRule) => `rule [top ${pt(r.topPt)}, ${pt(r.thicknessPt)} pt${r.color ? ` #${r.color}` : ''}]`;
const frameLineTexts = (lines: readonly FrameLine[]) => lines.flatMap((l) => (l.right ? [l.text, l.right.text] : [l.text]));

export function blockToLine(block: Block): string {
  switch (block.type) {
    case 'title':
      return `title: ${block.lines.join(' / ')}`;
    case 'heading':
      return `h${block.level}: ${plainText(block.content)}`;
    case 'paragraph':
      return `p: ${plainText(block.content)}`;
    case 'signature':
      return `signature: ${block.issuer.text} (${block.issuer.align} ${block.issuer.indentChars}) | ${block.date.text} (${block.date.align} ${block.date.indentChars})${block.blankLinesBefore === 1 ? '' : ` after ${block.blankLinesBefore} blank lines`}${block.note ? ` | note ${block.note.map((l) => `${l.text} (${l.align} ${l.indentChars})`).join(' / ')}` : ''}`;
    case 'pageBreak':
      return 'page-break';
    case 'letterhead':
      return [
        ...block.lines.map((l) => `letterhead: ${frameLine(l)}`),
        ...block.rules.map((r) => `letterhead: ${frameRule(r)}`),
        `letterhead: height ${pt(block.heightPt)}`,
      ].join('\n');
    case 'recipients':
      return `recipients: ${block.text}`;
    case 'attachments':
      return block.items.map((i) => `attachment: ${i.text} (${i.indentChars}, wrapped ${i.wrapIndentChars})`).join('\n');
    case 'imprint':
      return [...block.lines.map((l) => `imprint: ${frameLine(l)}`), ...block.rules.map((r) => `imprint: ${frameRule(r)}`)].join('\n');
    case 'table':
      return [
        ...(block.caption ? [`caption: ${block.caption}`] : []),
        ...[...block.header, ...block.rows, ...(block.totals ?? [])].map((row) => `| ${row.map((c) => c.text).join(' | ')} |`),
        ...(block.notes ?? []).map((n) => `note: ${n}`),
      ].join('\n');
    case 'figure':
      return `figure: ${block.chart} (${Math.round(block.widthPt)}×${Math.round(block.heightPt)} pt)${block.caption ? ` ${block.caption}` : ''}`;
  }
}

export function dumpDocument(doc: Document): string {
  return `${doc.blocks.map(blockToLine).join('\n')}\n`;
}

/** The document's paragraphs as plain text, in reading order (what a reader of the page sees). */
export function documentParagraphs(doc: Document): string[] {
  // biome-ignore lint/suspicious/useIterableCallbackReturn: every case of the exhaustive switch returns
  return doc.blocks.flatMap((block): string[] => {
    switch (block.type) {
      case 'title':
        return [block.text];
      case 'heading':
      case 'paragraph':
        return [plainText(block.content)];
      case 'signature':
        return [block.issuer.text, block.date.text];
      case 'pageBreak':
        return [];
      case 'letterhead':
      case 'imprint':
        return frameLineTexts(block.lines);
      case 'recipients':
        return [block.text];
      case 'attachments':
        return block.items.map((i) => i.text);
      case 'table':
        return [
          ...(block.caption ? [block.caption] : []),
          ...[...block.header, ...block.rows, ...(block.totals ?? [])].flatMap((row) => row.map((c) => c.text)),
          ...(block.notes ?? []),
        ];
      case 'figure':
        return block.caption ? [block.caption] : [];
    }
  });
}
