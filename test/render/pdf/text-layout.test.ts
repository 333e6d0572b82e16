/**
 * The PDF's line breaking (pipeline/render/pdf/text-layout.ts), on its own: glyph advances in,
 * lines out. Body characters advance 16 pt with −0.25 pt spacing between them (GB/T 9704: 28
 * to a 156 mm line); the first line is shorter by the two-character indent.
 */
import { describe, expect, it } from 'vitest';
import { bodyCharAdvancePt, bodyCharSpacingPt, GB_T_9704, textWidthPt } from '../../../pipeline/document/layout.js';
import { breakLines, type Glyph, type LaidLine } from '../../../pipeline/render/pdf/text-layout.js';
import { NO_LINE_END, NO_LINE_START } from '../../../pipeline/text/line-break.js';

const SIZE = GB_T_9704.sizes.bodyPt;
const SPACING = bodyCharSpacingPt(GB_T_9704);
const WIDTH = textWidthPt(GB_T_9704);
const INDENT = GB_T_9704.firstLineIndentChars * bodyCharAdvancePt(GB_T_9704);
/** A body paragraph's line widths: the first indented, the rest full. */
const PARAGRAPH = [WIDTH - INDENT, WIDTH];

const CLOSING = [...'，。；：、？！）》」』】〕〉”’…'];
const OPENING = [...'（《「『【〔〈“‘'];
/** Half-width characters advance half as far as full-width ones. */
const isHalfWidth = (char: string) => char.charCodeAt(0) < 0x2000;

function glyphs(text: string, run = 0): Glyph[] {
  return [...text].map((char) => ({ char, run, advance: isHalfWidth(char) ? SIZE / 2 : SIZE }));
}

const texts = (lines: readonly LaidLine[]) => lines.map((l) => l.glyphs.map((g) => g.char).join(''));
/** n distinct full-width characters (no punctuation). */
const han = (n: number, from = 0x4e00) => Array.from({ length: n }, (_, i) => String.fromCodePoint(from + i)).join('');

describe('breakLines: widths', () => {
  it('GB/T 9704: the spacing is −0.25 pt, a character advances 15.75 pt, the indent is two of them', () => {
    expect(SPACING).toBe(-0.25);
    expect(bodyCharAdvancePt(GB_T_9704)).toBe(15.75);
    expect(INDENT).toBe(31.5);
    expect(WIDTH).toBeCloseTo(442.205, 3);
  });

  it('fills 26 characters after the indent, then 28 to a line; the last line is marked', () => {
    const lines = breakLines(glyphs(han(60)), PARAGRAPH, SPACING);
    expect(lines.map((l) => l.glyphs.length)).toEqual([26, 28, 6]);
    expect(lines.map((l) => l.last)).toEqual([false, false, true]);
    expect(texts(lines).join('')).toBe(han(60));
  });

  it('a line’s width is its advances plus the spacing between its characters, not after the last', () => {
    const lines = breakLines(glyphs(han(60)), PARAGRAPH, SPACING);
    expect(lines[0]?.width).toBeCloseTo(26 * 16 - 25 * 0.25, 9); // 409.75
    expect(lines[1]?.width).toBeCloseTo(28 * 16 - 27 * 0.25, 9); // 441.25
    expect(lines[2]?.width).toBeCloseTo(6 * 16 - 5 * 0.25, 9);
    // One character more would not fit either line: what justification spreads is less than a character.
    expect(lines[0]!.width + bodyCharAdvancePt(GB_T_9704)).toBeGreaterThan(WIDTH - INDENT);
    expect(lines[1]!.width + bodyCharAdvancePt(GB_T_9704)).toBeGreaterThan(WIDTH);
    // The slack a justified line spreads over its 25 and 27 gaps.
    expect((WIDTH - INDENT - lines[0]!.width) / 25).toBeCloseTo(0.0382, 4);
    expect((WIDTH - lines[1]!.width) / 27).toBeCloseTo(0.0354, 4);
  });

  it('the last width serves every later line; a single width serves all', () => {
    const narrow = breakLines(glyphs(han(10)), [3 * 16, 2 * 16, 4 * 16], 0);
    expect(narrow.map((l) => l.glyphs.length)).toEqual([3, 2, 4, 1]);
    expect(breakLines(glyphs(han(9)), [3 * 16], 0).map((l) => l.glyphs.length)).toEqual([3, 3, 3]);
  });

  it('a line exactly as wide as the space fits (no rounding overflow)', () => {
    expect(breakLines(glyphs(han(28)), [WIDTH], SPACING)).toHaveLength(1);
    expect(breakLines(glyphs(han(4)), [4 * 16 - 3 * 0.25], SPACING)).toHaveLength(1);
  });

  it('no text: one empty last line', () => {
    expect(breakLines([], PARAGRAPH, SPACING)).toEqual([{ glyphs: [], width: 0, last: true }]);
  });

  it('keeps each glyph’s run and advance', () => {
    const input = [...glyphs('通报', 0), ...glyphs('如下', 1)];
    const [line] = breakLines(input, PARAGRAPH, SPACING);
    expect(line?.glyphs).toEqual(input);
  });
});

describe('breakLines: punctuation and Latin runs', () => {
  it.each(CLOSING)('never starts a line with %s: it takes the character before it along', (mark) => {
    // 28 characters fit; the mark would be the 29th, so the 28th goes down with it.
    const text = `${han(28)}${mark}${han(5, 0x5e00)}`;
    const lines = breakLines(glyphs(text), [WIDTH], SPACING);
    expect(texts(lines)).toEqual([han(27), `${han(1, 0x4e00 + 27)}${mark}${han(5, 0x5e00)}`]);
  });

  it.each(OPENING)('never ends a line with %s: it goes down with the character after it', (mark) => {
    const text = `${han(27)}${mark}${han(5, 0x5e00)}`;
    const lines = breakLines(glyphs(text), [WIDTH], SPACING);
    expect(texts(lines)).toEqual([han(27), `${mark}${han(5, 0x5e00)}`]);
  });

  it('a closing pair (”。) stays with the character before it', () => {
    const text = `${han(27)}”。${han(3, 0x5e00)}`;
    const lines = breakLines(glyphs(text), [WIDTH], SPACING);
    expect(texts(lines)).toEqual([han(26), `${han(1, 0x4e00 + 26)}”。${han(3, 0x5e00)}`]);
  });

  it('a closing mark that fits stays at the end of the line', () => {
    const text = `${han(27)}。${han(3, 0x5e00)}`;
    expect(texts(breakLines(glyphs(text), [WIDTH], SPACING))).toEqual([`${han(27)}。`, han(3, 0x5e00)]);
  });

  it('does not split a number or a run of Latin letters: 12.15.16.19 moves down whole', () => {
    const text = `序号${han(22)}12.15.16.19等`;
    const lines = breakLines(glyphs(text), [WIDTH], SPACING);
    expect(texts(lines)).toEqual([`序号${han(22)}`, '12.15.16.19等']);
    // nor a decimal, nor a percentage
    expect(texts(breakLines(glyphs(`${han(27)}3.5%以上`), [WIDTH], SPACING))).toEqual([han(27), '3.5%以上']);
  });

  it('a Latin run followed by a closing mark keeps them together', () => {
    const text = `${han(27)}QQ，${han(2, 0x5e00)}`;
    const lines = breakLines(glyphs(text), [WIDTH], SPACING);
    expect(texts(lines)).toEqual([han(27), `QQ，${han(2, 0x5e00)}`]);
  });

  it('never breaks a date: 2025年5月20日 moves down whole, wherever the line would end in it', () => {
    const date = '2025年5月20日';
    for (let cut = 1; cut < [...date].length; cut++) {
      // the first `cut` characters of the date would still fit on the line
      const width = [...date].slice(0, cut).reduce((w, c) => w + (isHalfWidth(c) ? SIZE / 2 : SIZE) + SPACING, 0);
      const fill = Math.floor((WIDTH - width + SPACING) / (SIZE + SPACING));
      const lines = texts(breakLines(glyphs(`${han(fill)}${date}，${han(3, 0x5e00)}`), [WIDTH], SPACING));
      expect(lines, `with ${cut} characters of the date room`).toEqual([han(fill), `${date}，${han(3, 0x5e00)}`]);
    }
  });

  it('never parts a number from its unit: 30个, 8人, 2024年 and 98.71% move down whole', () => {
    for (const number of ['30个', '8人', '2024年', '98.71%', '60家']) {
      const text = `${han(27)}${number}${han(3, 0x5e00)}`;
      expect(texts(breakLines(glyphs(text), [WIDTH], SPACING))).toEqual([han(27), `${number}${han(3, 0x5e00)}`]);
    }
  });

  it('splits a run longer than a line where it overflows', () => {
    const url = 'x'.repeat(70);
    const lines = breakLines(glyphs(`网址${url}`), [WIDTH], SPACING);
    expect(texts(lines).join('')).toBe(`网址${url}`);
    // Each full line holds as many half-width letters as fit: (442.2 + 0.25) / (8 − 0.25) → 57.
    expect(texts(lines)).toEqual(['网址', 'x'.repeat(57), 'x'.repeat(13)]);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(WIDTH);
  });

  it('random paragraphs: every character once, in order; no line starts with closing punctuation or a unit, nor ends with opening punctuation, 年 or 月; no line overflows', () => {
    // A small deterministic generator (mulberry32), so a failure can be reproduced.
    let seed = 20250530;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    for (let n = 0; n < 200; n++) {
      let text = '';
      const length = 20 + Math.floor(random() * 200);
      while ([...text].length < length) {
        const r = random();
        if (r < 0.7) text += han(1, 0x4e00 + Math.floor(random() * 500));
        else if (r < 0.82) text += pick(CLOSING);
        else if (r < 0.9) text += pick(OPENING) + han(1, 0x6000 + Math.floor(random() * 100));
        else if (r < 0.94) text += `${2000 + Math.floor(random() * 30)}年${1 + Math.floor(random() * 12)}月${1 + Math.floor(random() * 31)}日`;
        else if (r < 0.97) text += `${Math.floor(random() * 1000)}${pick([...'个家项条名人次件元'])}`;
        else text += String(Math.floor(random() * 100000));
      }
      const widths = pick([PARAGRAPH, [WIDTH], [WIDTH - INDENT, 200]]);
      const lines = breakLines(glyphs(text), widths, SPACING);
      expect(texts(lines).join('')).toBe(text);
      lines.forEach((line, i) => {
        const chars = line.glyphs.map((g) => g.char);
        if (i > 0) expect([...NO_LINE_START], `line ${i} of “${text}”`).not.toContain(chars[0]);
        if (!line.last) expect([...NO_LINE_END], `line ${i} of “${text}”`).not.toContain(chars.at(-1));
        // (nor a date or a number with its unit broken)
        if (!line.last) expect(`${chars.join('')}|${texts([lines[i + 1] as LaidLine])[0]}`).not.toMatch(/\d\|[\d年月日个家项条名人次件元]|[年月]\|\d/u);
        const advances = line.glyphs.reduce((sum, g) => sum + g.advance, 0);
        expect(line.width).toBeCloseTo(advances + SPACING * (chars.length - 1), 9);
        expect(line.width).toBeLessThanOrEqual((widths[Math.min(i, widths.length - 1)] as number) + 1e-6);
      });
      expect(lines.map((l) => l.last)).toEqual(lines.map((_, i) => i === lines.length - 1));
    }
  });
});
