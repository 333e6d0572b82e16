/** Small constructors for the document tree, so compose reads like the document it builds. */
import type { Block, Heading, HeadingLevel, Inline, PageBreak, Paragraph, Signature, Table, TableCell, TableColumn, Text, Title } from './ast.js';

export const text = (value: string, bold = false): Text => (bold ? { type: 'text', text: value, bold } : { type: 'text', text: value });
export const title = (value: string, lines: string[] = [value]): Title => ({ type: 'title', text: value, lines });
export const heading = (level: HeadingLevel, ...content: (Inline | string)[]): Heading => ({
  type: 'heading',
  level,
  content: content.map((c) => (typeof c === 'string' ? text(c) : c)),
});
export const paragraph = (...content: (Inline | string)[]): Paragraph => ({
  type: 'paragraph',
  content: content.map((c) => (typeof c === 'string' ? text(c) : c)),
});
/** A signature; one blank line above it unless said (a sealed one has two). */
export const signature = (fields: Omit<Signature, 'type' | 'blankLinesBefore'> & { blankLinesBefore?: number }): Signature => ({
  type: 'signature',
  blankLinesBefore: 1,
  ...fields,
});
export const pageBreak = (): PageBreak => ({ type: 'pageBreak' });
export const cell = (value: string, align?: TableCell['align']): TableCell => (align ? { text: value, align } : { text: value });
export const table = (columns: TableColumn[], header: string[], rows: TableCell[][]): Table => ({
  type: 'table',
  columns,
  header: [header.map((h) => cell(h, 'center'))],
  rows,
});
export type { Block };
