/**
 * Glyphs and widths of text, from the font file the text is drawn in: one character, one
 * glyph, advancing by its hmtx width. The PDF writer breaks its lines with these widths
 * (render/pdf/text-layout.ts), the charts lay their text out with them (chart/text-metrics.ts)
 * and outline it with the same glyphs (outline.ts), so the PDF, the SVG and the PNG agree.
 *
 * Chinese text needs no OpenType shaping; Latin text is measured without kerning or
 * ligatures, which official documents do not rely on.
 */
import { plainGlyph, type MeasuredFont } from './glyphs.js';
import { openSharedFont, type OpenedFont } from './shared-fonts.js';
import type { FontFile } from './types.js';

export interface TextMeasurer {
  /** The width of one line of text at this size, in the units of the size (px in a chart). */
  width(text: string, fontSize: number): number;
  /** The advance of one character at size 1, in the font that draws it (`faceOf`). */
  advance(char: string): number;
  /** The font itself, for its outlines (outline.ts). */
  face: OpenedFont;
  /**
   * The font that draws this character: `face`, unless it lacks the character and a fallback
   * font has it (then the first that does). A character no font has is `face`'s (its glyph 0).
   */
  faceOf(char: string): OpenedFont;
}

/** True when the font maps the character to a glyph of its own (not glyph 0, “missing”). */
export function hasGlyph(face: MeasuredFont, char: string): boolean {
  return plainGlyph(face, char.codePointAt(0) as number).id !== 0;
}

/** Measurers by their font, then by their fallback fonts (none: the plain measurer). */
const measurers = new WeakMap<OpenedFont, { fallbacks: readonly OpenedFont[]; measurer: TextMeasurer }[]>();

/**
 * A measurer for the font file (the face of a collection when `face` is given); one per file,
 * face and fallback fonts. A character the font lacks is measured (and outlined, outline.ts)
 * in the first of `fallbacks` that has it, as the PDF draws it (render/pdf/index.ts). The
 * fonts are the ones the PDF writer opens (shared-fonts.ts).
 */
export function fontMeasurer(font: Pick<FontFile, 'data' | 'face'>, fallbackFiles: readonly Pick<FontFile, 'data' | 'face'>[] = []): TextMeasurer {
  const face = openSharedFont(font.data, font.face).font;
  const fallbacks = fallbackFiles.map((f) => openSharedFont(f.data, f.face).font).filter((f) => f !== face);
  const known = measurers.get(face) ?? [];
  measurers.set(face, known);
  const same = known.find((k) => k.fallbacks.length === fallbacks.length && k.fallbacks.every((f, i) => f === fallbacks[i]));
  if (same) return same.measurer;
  const drawing = new Map<string, OpenedFont>();
  const faceOf = (char: string): OpenedFont => {
    if (fallbacks.length === 0) return face;
    let found = drawing.get(char);
    if (!found) {
      found = hasGlyph(face, char) ? face : (fallbacks.find((f) => hasGlyph(f, char)) ?? face);
      drawing.set(char, found);
    }
    return found;
  };
  // advance widths at 1 unit of size, by character
  const advances = new Map<string, number>();
  const advance = (char: string): number => {
    let width = advances.get(char);
    if (width === undefined) {
      const by = faceOf(char);
      width = plainGlyph(by, char.codePointAt(0) as number).advanceWidth / by.unitsPerEm;
      advances.set(char, width);
    }
    return width;
  };
  const measurer: TextMeasurer = {
    face,
    faceOf,
    advance,
    width(text, fontSize) {
      let em = 0;
      for (const char of text) em += advance(char);
      return em * fontSize;
    },
  };
  known.push({ fallbacks, measurer });
  return measurer;
}

export { plainGlyph, type MeasuredFont, type PlainGlyph } from './glyphs.js';
