/**
 * Glyphs and widths of text, from the font file the text is drawn in: one character, one
 * glyph, advancing by its hmtx width. The PDF writer breaks its lines with these widths
 * (render/pdf/text-layout.ts), the charts lay their text out with them (chart/text-metrics.ts)
 * and outline it with the same glyphs (outline.ts), so the PDF, the SVG and the PNG agree.
 *
 * Chinese text needs no OpenType shaping; Latin text is measured without kerning or
 * ligatures, which official documents do not rely on.
 */
import { plainGlyph } from './glyphs.js';
import { openSharedFont, type OpenedFont } from './shared-fonts.js';
import type { FontFile } from './types.js';

export interface TextMeasurer {
  /** The width of one line of text at this size, in the units of the size (px in a chart). */
  width(text: string, fontSize: number): number;
  /** The advance of one character at size 1. */
  advance(char: string): number;
  /** The font itself, for its outlines (outline.ts). */
  face: OpenedFont;
}

const measurers = new WeakMap<OpenedFont, TextMeasurer>();

/**
 * A measurer for the font file (the face of a collection when `face` is given); one per file
 * and face. The font is the one the PDF writer opens (shared-fonts.ts).
 */
export function fontMeasurer(font: Pick<FontFile, 'data' | 'face'>): TextMeasurer {
  const face = openSharedFont(font.data, font.face).font;
  const known = measurers.get(face);
  if (known) return known;
  // advance widths at 1 unit of size, by character
  const advances = new Map<string, number>();
  const advance = (char: string): number => {
    let width = advances.get(char);
    if (width === undefined) {
      width = plainGlyph(face, char.codePointAt(0) as number).advanceWidth / face.unitsPerEm;
      advances.set(char, width);
    }
    return width;
  };
  const measurer: TextMeasurer = {
    face,
    advance,
    width(text, fontSize) {
      let em = 0;
      for (const char of text) em += advance(char);
      return em * fontSize;
    },
  };
  measurers.set(face, measurer);
  return measurer;
}

export { plainGlyph, type MeasuredFont, type PlainGlyph } from './glyphs.js';
