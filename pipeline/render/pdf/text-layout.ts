/**
 * Breaking Chinese text into lines for the PDF, with the rules Word and WPS apply by
 * themselves (GB/T 9704 asks the same of the PDF):
 *
 * - a line never starts with closing punctuation (，。；：、？！）》」』】〕”’…) and never
 *   ends with opening punctuation (（《「『【〔“‘): such marks stay with their neighbour, and
 *   when the pair does not fit, both move to the next line;
 * - a run of Latin letters and digits (`2024`, `12.15.16.19`, `QQ`) is not split unless it
 *   is longer than a line;
 * - every other character may end a line.
 *
 * pdfmake would break the text itself (UAX #14), but as one word per Chinese character,
 * which makes a page of text thousands of words to measure and draw; breaking here gives it
 * one text per line, justified by spreading the line's slack over its characters.
 */
import { NO_LINE_END, NO_LINE_START } from '../../text/line-break.js';

const NOT_FIRST = new Set([...NO_LINE_START]);
const NOT_LAST = new Set([...NO_LINE_END]);
const LATIN = /[\p{Script=Latin}\p{Nd}.%+\-/@#&_']/u;

export interface Glyph {
  char: string;
  /** index of the inline run the character belongs to */
  run: number;
  advance: number;
}

export interface LaidLine {
  glyphs: Glyph[];
  /** natural width: advances plus the character spacing after each character but the last */
  width: number;
  last: boolean;
}

/** Groups that must not be split: Latin runs, and characters glued to their neighbour (text/line-break.ts). */
function groupsOf(glyphs: readonly Glyph[]): Glyph[][] {
  const groups: Glyph[][] = [];
  let current: Glyph[] = [];
  const flush = () => {
    if (current.length) groups.push(current);
    current = [];
  };
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i] as Glyph;
    const prev = glyphs[i - 1];
    const glue =
      current.length > 0 &&
      (NOT_FIRST.has(g.char) || (prev !== undefined && NOT_LAST.has(prev.char)) || (prev !== undefined && LATIN.test(prev.char) && LATIN.test(g.char)));
    if (!glue) flush();
    current.push(g);
  }
  flush();
  return groups;
}

/** Advances summed left to right, then the spacing between characters: a line's natural width. */
const widthOf = (advanceSum: number, count: number, spacing: number) => advanceSum + spacing * Math.max(0, count - 1);

/**
 * Greedy line filling over unsplittable groups. `widths[i]` is the width available to line i
 * (the first line is shorter by its indent); the last entry serves every later line.
 * The advances of the line so far are kept as a running sum (the same additions, in the same
 * order, as summing the line again each time).
 */
export function breakLines(glyphs: readonly Glyph[], widths: readonly number[], spacing: number): LaidLine[] {
  const lines: LaidLine[] = [];
  let line: Glyph[] = [];
  let lineAdvance = 0;
  const available = () => (widths[Math.min(lines.length, widths.length - 1)] as number) + 1e-6;
  const push = (last: boolean) => {
    lines.push({ glyphs: line, width: widthOf(lineAdvance, line.length, spacing), last });
    line = [];
    lineAdvance = 0;
  };
  const add = (g: Glyph) => {
    line.push(g);
    lineAdvance += g.advance;
  };
  for (const group of groupsOf(glyphs)) {
    let withGroup = lineAdvance;
    for (const g of group) withGroup += g.advance;
    if (line.length && widthOf(withGroup, line.length + group.length, spacing) > available()) push(false);
    let groupAdvance = 0;
    for (const g of group) groupAdvance += g.advance;
    if (widthOf(groupAdvance, group.length, spacing) <= available()) {
      for (const g of group) add(g);
      continue;
    }
    // A group longer than a whole line (a long number or URL): split it where it overflows.
    for (const g of group) {
      if (line.length && widthOf(lineAdvance + g.advance, line.length + 1, spacing) > available()) push(false);
      add(g);
    }
  }
  if (line.length || lines.length === 0) push(true);
  return lines;
}
