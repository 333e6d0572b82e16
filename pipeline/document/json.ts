/**
 * The tree as text, for golden tests and debugging: one line per block, so a diff shows
 * exactly which paragraph changed.
 */
import { plainText, type Block, type Document } from './ast.js';

export function blockToLine(block: Block): string {
  switch (block.type) {
    case 'title':
      return `title: ${block.lines.join(' / ')}`;
    case 'heading':
      return `h${block.level}: ${plainText(block.content)}`;
    case 'paragraph':
      return `p: ${plainText(block.content)}`;
    case 'signature':
      return `signature: ${block.issuer.text} (${block.issuer.align} ${block.issuer.indentChars}) | ${block.date.text} (${block.date.align} ${block.date.indentChars})`;
    case 'pageBreak':
      return 'page-break';
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
