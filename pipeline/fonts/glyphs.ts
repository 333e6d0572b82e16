/**
 * One character, one glyph: the glyph that sets a character and its advance, read from the
 * font's cmap and hmtx tables. Shared by measuring (measure.ts) and the fontkit fast path
 * (fontkit-fast.ts), which lays text out with the very same glyphs.
 */
import { horizontalMetric, type FontkitTables } from './font-tables.js';

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
