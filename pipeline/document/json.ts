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
  }
}

export function dumpDocument(doc: Document): string {
  return `${doc.blocks.map(blockToLine).join('\n')}\n`;
}

export function documentToJson(doc: Document): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The document's paragraphs as plain text, in reading order (what a reader of the page sees). */
export function documentParagraphs(doc: Document): string[] {
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
    }
  });
}
