/**
 * The keep rules in the PDF (pipeline/render/pdf/keep.ts) on their own: blocks of lines in,
 * pdfmake content out, each run of lines no page break may part as one unbreakable stack.
 */
import { describe, expect, it } from 'vitest';
import { type FlowBlock, keptContent } from '../../../pipeline/render/pdf/keep.js';

const PITCH = 28.95;
const PAGE = 22 * PITCH + 0.9;

type Content = Record<string, unknown>;

/** A block of `n` lines named `name0`, `name1`… */
function text(name: string, n: number, keep: { keepWithNext?: boolean; keepTogether?: boolean } = {}): FlowBlock {
  return {
    lines: Array.from({ length: n }, (_, i) => ({ text: `${name}${i}` })),
    heights: Array.from({ length: n }, () => PITCH),
    widowControl: true,
    keepTogether: Boolean(keep.keepTogether),
    keepWithNext: Boolean(keep.keepWithNext),
    breaksItself: false,
  };
}
const heading = (name: string, n = 1) => text(name, n, { keepWithNext: true, keepTogether: true });
const signature: FlowBlock = {
  lines: [{ text: 'sig' }],
  heights: [3 * PITCH],
  widowControl: false,
  keepTogether: true,
  keepWithNext: false,
  breaksItself: false,
};
const table: FlowBlock = { lines: [{ table: 'rows' }], heights: [0], widowControl: false, keepTogether: false, keepWithNext: false, breaksItself: true };

/** The content as names: a line as its text, an unbreakable stack as the list of its lines'. */
function shape(content: Content[]): (string | string[])[] {
  return content.map((c) => {
    if (c.unbreakable) return (c.stack as Content[]).map((l) => String(l.text ?? l.table));
    return String(c.text ?? c.table);
  });
}

const laid = (blocks: FlowBlock[], widowControl = true) => shape(keptContent(blocks, PAGE, widowControl));

describe('keptContent: widow control', () => {
  it('holds a paragraph’s first two lines together, and its last two', () => {
    expect(laid([text('p', 5)])).toEqual([['p0', 'p1'], 'p2', ['p3', 'p4']]);
    expect(laid([text('p', 4)])).toEqual([
      ['p0', 'p1'],
      ['p2', 'p3'],
    ]);
  });

  it('does not split a paragraph of two or three lines; a line alone stands alone', () => {
    expect(laid([text('p', 3)])).toEqual([['p0', 'p1', 'p2']]);
    expect(laid([text('p', 2)])).toEqual([['p0', 'p1']]);
    expect(laid([text('p', 1), text('q', 1)])).toEqual(['p0', 'q0']);
  });

  it('ties nothing when the layout has no widow control', () => {
    expect(laid([text('p', 5)], false)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });
});

describe('keptContent: keep with next and keep together', () => {
  it('a heading stays whole and with the first two lines of the paragraph after it', () => {
    expect(laid([heading('h', 2), text('p', 5)])).toEqual([['h0', 'h1', 'p0', 'p1'], 'p2', ['p3', 'p4']]);
  });

  it('chains through headings and an item’s one-line status to the first two lines of its measures', () => {
    const status = text('s', 1, { keepWithNext: true });
    expect(laid([heading('a'), heading('b'), heading('c', 2), status, text('m', 6)])).toEqual([
      ['a0', 'b0', 'c0', 'c1', 's0', 'm0', 'm1'],
      'm2',
      'm3',
      ['m4', 'm5'],
    ]);
  });

  it('keeps the body’s last two lines with the signature', () => {
    expect(laid([text('p', 6, { keepWithNext: true }), signature])).toEqual([['p0', 'p1'], 'p2', 'p3', ['p4', 'p5', 'sig']]);
    // a one-line closing paragraph kept too, and the one before it
    expect(laid([text('p', 4, { keepWithNext: true }), text('c', 1, { keepWithNext: true }), signature])).toEqual([
      ['p0', 'p1'],
      ['p2', 'p3', 'c0', 'sig'],
    ]);
  });

  it('ties no line to a table (pdfmake lays its rows itself), nor a table to a line', () => {
    expect(laid([heading('h'), table, text('p', 1)])).toEqual(['h0', 'rows', 'p0']);
    expect(laid([text('p', 2, { keepWithNext: true }), table])).toEqual([['p0', 'p1'], 'rows']);
  });
});

describe('keptContent: runs taller than a page', () => {
  it('gives up keep-with-next ties first: a page of headings in a row', () => {
    const blocks = Array.from({ length: 25 }, (_, i) => heading(`h${i}_`));
    const out = laid([...blocks, text('p', 3)]);
    expect(out.flat()).toEqual([...blocks.map((_, i) => `h${i}_0`), 'p0', 'p1', 'p2']);
    expect(out.every((part) => !Array.isArray(part) || part.length <= 22)).toBe(true);
    expect(out.at(-1)).toEqual(['p0', 'p1', 'p2']);
  });

  it('then widow control and keep-together: a heading of 25 lines is laid line by line', () => {
    const out = laid([heading('h', 25), text('p', 2)]);
    expect(out.flat()).toEqual([...Array.from({ length: 25 }, (_, i) => `h${i}`), 'p0', 'p1']);
    expect(out.every((part) => !Array.isArray(part) || part.length <= 22)).toBe(true);
  });

  it('a run that fits a page exactly stays whole', () => {
    const out = laid([heading('h', 20), text('p', 2)]);
    expect(out).toEqual([[...Array.from({ length: 20 }, (_, i) => `h${i}`), 'p0', 'p1']]);
  });
});
