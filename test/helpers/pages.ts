/**
 * A PDF's lines put back to the document's blocks, and the keep rules checked on its pages
 * (compose/keep.ts, render/pdf/keep.ts): what a reviewer checks by turning the pages.
 */
import { type Block, type Document, plainText } from '../../pipeline/document/ast.js';
import type { PdfPage, PdfText } from './pdf.js';

const PAGE_NUMBER = /^— \d+ —$/u;
const squeeze = (text: string) => text.replace(/\s+/gu, '');

export interface PlacedLine {
  page: number;
  text: string;
  /** the block's index in doc.blocks */
  block: number;
  kind: 'title' | 'heading' | 'paragraph' | 'issuer' | 'date';
  /** the line's place in its block (for the issuer and the date: 0) and the block's line count */
  line: number;
  of: number;
}

/** The texts a block prints, as one string each (the signature prints two). */
function printed(block: Block): { kind: PlacedLine['kind']; text: string }[] {
  switch (block.type) {
    case 'title':
      return [{ kind: 'title', text: block.lines.join('') }];
    case 'heading':
      return [{ kind: 'heading', text: plainText(block.content) }];
    case 'paragraph':
      return [{ kind: 'paragraph', text: plainText(block.content) }];
    case 'signature':
      return [
        { kind: 'issuer', text: block.issuer.text },
        { kind: 'date', text: block.date.text },
      ];
    case 'pageBreak':
      return [];
    default:
      throw new Error(`placeLines: a ${block.type} is not placed`);
  }
}

export const bodyLinesOf = (page: PdfPage) => page.lines.filter((l) => !PAGE_NUMBER.test(l.text.trim()));

/** Every body line of the PDF with the block it belongs to, in reading order. */
export function placeLines(doc: Document, pdf: PdfText): PlacedLine[] {
  const lines = pdf.pages.flatMap((p) => bodyLinesOf(p).map((l) => ({ page: p.number, text: squeeze(l.text) })));
  const placed: PlacedLine[] = [];
  let at = 0;
  doc.blocks.forEach((block, index) => {
    for (const { kind, text } of printed(block)) {
      const want = squeeze(text);
      const mine: typeof lines = [];
      let got = '';
      while (got.length < want.length && at < lines.length) {
        const line = lines[at++] as (typeof lines)[number];
        mine.push(line);
        got += line.text;
      }
      if (got !== want) throw new Error(`placeLines: block ${index} (${kind}) reads “${got.slice(0, 40)}…”, not “${want.slice(0, 40)}…”`);
      mine.forEach((l, i) => {
        placed.push({ ...l, block: index, kind, line: i, of: mine.length });
      });
    }
  });
  if (at !== lines.length) throw new Error(`placeLines: ${lines.length - at} lines after the last block`);
  return placed;
}

/** Where the keep rules are broken, one sentence each (none: an empty list). */
export function keepViolations(lines: readonly PlacedLine[]): string[] {
  const out: string[] = [];
  const pages = [...new Set(lines.map((l) => l.page))];
  const onPage = (page: number) => lines.filter((l) => l.page === page);
  for (const page of pages) {
    const mine = onPage(page);
    const last = mine.at(-1) as PlacedLine;
    if (last.kind === 'heading' && page !== pages.at(-1)) out.push(`page ${page} ends with a heading: ${last.text}`);
  }
  lines.forEach((line, i) => {
    // a heading stays whole and with the first two lines of text after the headings that follow it
    if (line.kind === 'heading' && line.line === line.of - 1) {
      const after: PlacedLine[] = [];
      for (let j = i + 1; j < lines.length && after.filter((l) => l.kind !== 'heading').length < 2; j++) after.push(lines[j] as PlacedLine);
      const head = lines.slice(i - line.of + 1, i + 1);
      const apart = [...head, ...after].filter((l) => l.page !== line.page);
      if (apart.length)
        out.push(`heading “${line.text}” (page ${line.page}) is parted from “${(apart[0] as PlacedLine).text}” (page ${(apart[0] as PlacedLine).page})`);
    }
    // no paragraph leaves a single line at a page's foot or head
    const next = lines[i + 1];
    if (line.kind === 'paragraph' && next && next.block === line.block && next.page !== line.page) {
      if (line.line === 0) out.push(`orphan: the first line of “${line.text}” alone at the foot of page ${line.page}`);
      if (next.line === next.of - 1) out.push(`widow: the last line “${next.text}” alone at the head of page ${next.page}`);
    }
  });
  // the signature is never alone: the body's last two lines are on its page
  const issuer = lines.findIndex((l) => l.kind === 'issuer');
  if (issuer >= 0) {
    const page = (lines[issuer] as PlacedLine).page;
    const before = lines.slice(0, issuer).filter((l) => l.page === page && (l.kind === 'paragraph' || l.kind === 'heading'));
    if (before.length < 2) out.push(`the signature's page ${page} holds ${before.length} line(s) of the body`);
    if (lines.find((l) => l.kind === 'date')?.page !== page) out.push('the issuer and the date are on different pages');
  }
  return out;
}

/** Dates and numbers with their unit broken across lines (inside a paragraph), as `line end|line start`. */
export function brokenNumbers(lines: readonly PlacedLine[]): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    if (!next || next.block !== line.block || next.kind !== line.kind) return;
    const joint = `${line.text.slice(-6)}|${next.text.slice(0, 6)}`;
    if (/\d\|[\d年月日个家项条名人次件份元万亿%]|\d[年月]\|\d|[年月]\|\d/u.test(joint)) out.push(joint);
  });
  return out;
}

/**
 * Pages (but the last) that end short though the first lines of the next page would have fit:
 * a page may end short only because the lines that start the next one are tied together (by
 * the tree's keep marks and the layout's widow control) and need more room than was left.
 * Counts grid lines: the title's blank line below it and the signature's blank line above.
 */
export function pagesEndingShortWithoutCause(doc: Document, lines: readonly PlacedLine[]): string[] {
  const { linesPerPage, widowControl } = doc.layout;
  const slots = (l: PlacedLine) => (l.kind === 'issuer' ? 2 : 1);
  const tied = (a: PlacedLine, b: PlacedLine): boolean => {
    if (a.block !== b.block) {
      const block = doc.blocks[a.block] as Block;
      return block.type === 'title' || ('keepWithNext' in block && block.keepWithNext === true);
    }
    if (a.kind === 'title' || a.kind === 'issuer') return true;
    const block = doc.blocks[a.block] as Block;
    if ('keepTogether' in block && block.keepTogether) return true;
    return widowControl && (b.line === 1 || b.line === b.of - 1);
  };
  const out: string[] = [];
  const pages = [...new Set(lines.map((l) => l.page))];
  for (const page of pages.slice(0, -1)) {
    const mine = lines.filter((l) => l.page === page);
    const used = mine.reduce((sum, l) => sum + slots(l), 0) + (mine.some((l) => l.kind === 'title') ? 1 : 0);
    const free = linesPerPage - used;
    if (free <= 0) continue;
    const next = lines.filter((l) => l.page === page + 1);
    let run = slots(next[0] as PlacedLine);
    for (let i = 1; i < next.length && tied(next[i - 1] as PlacedLine, next[i] as PlacedLine); i++) run += slots(next[i] as PlacedLine);
    if (run <= free) out.push(`page ${page} ends ${free} line(s) short, though the ${run} line(s) from “${(next[0] as PlacedLine).text}” would fit`);
  }
  return out;
}
