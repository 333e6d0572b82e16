/**
 * Glyphs and widths of text, from the font file the text is drawn in: one character, one
 * glyph, advancing by its hmtx width. The PDF writer breaks its lines with these widths
 * (render/pdf/text-layout.ts), the charts lay their text out with them (chart/text-metrics.ts)
 * and outline it with the same glyphs (outline.ts), so the PDF, the SVG and the PNG agree.
 *
 * Chinese text needs no OpenType shaping; Latin text is measured without kerning or
 * ligatures, which official documents do not rely on.
 */
import { horizontalMetric, type FontkitTables } from './font-tables.js';
import { openSharedFont, type OpenedFont } from './shared-fonts.js';
import type { FontFile } from './types.js';

/** What a laid-out glyph is: its id, its advance in font units and the text it stands for. */
export interface PlainGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** The parts of a fontkit font that measuring reads (fontkit's public API, and its tables). */
export interface MeasuredFont extends FontkitTables {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number };
}

/** Per font, the glyphs looked up so far: a notice sets each of its ~900 characters many times. */
const glyphsByFont = new WeakMap<MeasuredFont, Map<number, PlainGlyph>>();

/** The glyph that sets this character, and its advance in font units. */
export function plainGlyph(font: MeasuredFont, codePoint: number): PlainGlyph {
  let glyphs = glyphsByFont.get(font);
  if (!glyphs) {
    glyphs = new Map();
    glyphsByFont.set(font, glyphs);
  }
  let glyph = glyphs.get(codePoint);
  if (!glyph) {
    const found = font.glyphForCodePoint(codePoint);
    // hmtx read directly: fontkit's `advanceWidth` first decodes the glyph's outline header
    const metric = horizontalMetric(font, found.id);
    glyph = { id: found.id, advanceWidth: metric ? metric.advance : found.advanceWidth, codePoints: [codePoint] };
    glyphs.set(codePoint, glyph);
  }
  return glyph;
}

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
