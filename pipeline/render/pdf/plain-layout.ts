/**
 * Chinese text needs no OpenType shaping: one character is one glyph, advancing by its width.
 * pdfkit shapes every run of text through fontkit's full layout engine (GSUB and GPOS lookups
 * of fonts with tens of thousands of glyphs), which took two thirds of a notice's render. This
 * swaps fontkit's `layout` for a plain character-to-glyph mapping, which is also exactly how
 * text-layout.ts measures lines. Latin text loses kerning and ligatures, which official
 * documents do not rely on.
 */
interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface FontkitFont {
  glyphForCodePoint(codePoint: number): Glyph;
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

function plainLayout(this: FontkitFont, text: string): { glyphs: Glyph[]; positions: Position[]; readonly advanceWidth: number } {
  const glyphs: Glyph[] = [];
  const positions: Position[] = [];
  for (const char of text) {
    const glyph = this.glyphForCodePoint(char.codePointAt(0) as number);
    glyphs.push(glyph);
    positions.push({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
  }
  return {
    glyphs,
    positions,
    // a getter, as fontkit's GlyphRun has: pdfkit scales the positions after layout
    get advanceWidth() {
      return positions.reduce((sum, p) => sum + p.xAdvance, 0);
    },
  };
}

const PATCHED = Symbol.for('tongbao.plainLayout');

/** Makes every font of this font's class (fontkit's TTFFont) lay text out plainly. */
export function usePlainLayout(font: object): void {
  const proto = Object.getPrototypeOf(font) as Record<string | symbol, unknown>;
  if (proto[PATCHED]) return;
  proto.layout = plainLayout;
  proto[PATCHED] = true;
}
