/**
 * fontkit's fast paths: the only module that changes fontkit's own code. fontkit is pinned to
 * an exact version in package.json (2.0.4; pdfkit depends on it): the fields and methods
 * replaced here are fontkit 2.0's internals (src/TTFFont.js, src/subset/TTFSubset.js).
 *
 * Measured on Node 24 (2-core machine, `npm run bench`-style alternating cold builds of the
 * example with charts, medians of 9): without these paths the build took 3921 instead of
 * 3393 ms (13%) and 3610 instead of 3090 ms of CPU; the PDF render in a warm process took
 * 313–642 instead of 114–208 ms, the first render in a process 1242–1982 instead of 482–797 ms.
 * The PDF's text, glyphs and page count are the same either way.
 *
 * What they do, for the fonts of one fontkit class (TTFFont; pdfkit opens its own TTFFont of
 * each file: the same class, so the same paths):
 *
 *   - `layout` sets text plainly, one character one glyph (measure.ts), instead of shaping
 *     every run of text through fontkit's OpenType engine (GSUB and GPOS lookups of fonts with
 *     tens of thousands of glyphs), which took two thirds of a notice's render;
 *   - `_decodeTable('loca')` reads the loca table straight from the bytes (font-tables.ts),
 *     where fontkit decodes its 30,000 entries one by one;
 *   - a TrueType subset's `_addGlyph` copies a simple glyph's bytes with its hmtx entry,
 *     where fontkit decodes every outline point (and writes the same bytes back).
 *
 * Fonts these paths cannot read directly (variation instances, composite glyphs, CFF outlines)
 * go through fontkit as before.
 */
import { decodeLocaTable, horizontalMetric, trueTypeGlyph } from './font-tables.js';
import { plainGlyph, type MeasuredFont, type PlainGlyph } from './glyphs.js';

export interface FontkitFont extends MeasuredFont {
  createSubset(): object;
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

function plainLayout(this: FontkitFont, text: string): { glyphs: PlainGlyph[]; positions: Position[]; readonly advanceWidth: number } {
  const glyphs: PlainGlyph[] = [];
  const positions: Position[] = [];
  for (const char of text) {
    const glyph = plainGlyph(this, char.codePointAt(0) as number);
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

/** The state of fontkit's TTFSubset that `_addGlyph` extends (fontkit 2.0: src/subset/TTFSubset.js). */
export interface TrueTypeSubset {
  font: FontkitFont;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: HorizontalMetricEntry[] };
  offset: number;
  _addGlyph(glyphId: number): number;
}

interface HorizontalMetricEntry {
  advance: number;
  bearing: number;
}

/**
 * TTFSubset's `_addGlyph` without decoding the outline: a simple glyph's bytes are copied as
 * they are (which is all fontkit does with them too), with its hmtx entry. Composite glyphs,
 * which name the glyphs they are built from, still go through fontkit.
 */
export function leanAddGlyph(original: (this: TrueTypeSubset, glyphId: number) => number) {
  return function addGlyph(this: TrueTypeSubset, glyphId: number): number {
    const glyph = trueTypeGlyph(this.font, glyphId);
    const metric = glyph && !glyph.composite ? horizontalMetric(this.font, glyphId) : null;
    if (!glyph || !metric) return original.call(this, glyphId);
    this.glyf.push(glyph.bytes);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: metric.advance, bearing: metric.bearing });
    this.offset += glyph.bytes.length;
    return this.glyf.length - 1;
  };
}

const PATCHED = Symbol.for('tongbao.plainLayout');

/**
 * Makes every font of this font's class (fontkit's TTFFont) lay text out plainly and read its
 * loca table directly, and its TrueType subsets copy simple glyphs without decoding them.
 */
export function usePlainLayout(font: FontkitFont): void {
  const proto = Object.getPrototypeOf(font) as Record<string | symbol, unknown>;
  if (!proto[PATCHED]) {
    proto.layout = plainLayout;
    const decodeTable = proto._decodeTable as (this: FontkitFont, table: { tag: string }) => unknown;
    proto._decodeTable = function (this: FontkitFont, table: { tag: string }) {
      return (table.tag === 'loca' && decodeLocaTable(this)) || decodeTable.call(this, table);
    };
    proto[PATCHED] = true;
  }
  // Only TrueType-outline fonts make TTFSubsets (a CFF font's subset would parse its CFF table).
  if (!font.directory.tables.glyf) return;
  const subsetProto = Object.getPrototypeOf(font.createSubset()) as Partial<TrueTypeSubset> & Record<symbol, unknown>;
  if (typeof subsetProto._addGlyph === 'function' && !subsetProto[PATCHED]) {
    subsetProto._addGlyph = leanAddGlyph(subsetProto._addGlyph);
    subsetProto[PATCHED] = true;
  }
}
