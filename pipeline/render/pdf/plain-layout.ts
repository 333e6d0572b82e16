/**
 * Chinese text needs no OpenType shaping: one character is one glyph, advancing by its width.
 * pdfkit shapes every run of text through fontkit's full layout engine (GSUB and GPOS lookups
 * of fonts with tens of thousands of glyphs), which took two thirds of a notice's render. This
 * swaps fontkit's `layout` for a plain character-to-glyph mapping, which is also exactly how
 * text-layout.ts measures lines. Latin text loses kerning and ligatures, which official
 * documents do not rely on.
 *
 * Widths come straight from the hmtx table and TrueType glyphs are embedded as their glyf
 * bytes (font-tables.ts): fontkit would decode each glyph's outline for both. The PDF's bytes
 * are the same either way; fonts these fast paths cannot read (variation instances, composite
 * glyphs, CFF outlines) go through fontkit as before.
 */
import { decodeLocaTable, horizontalMetric, trueTypeGlyph, type FontkitTables } from './font-tables.js';

/** What pdfkit reads of a laid-out glyph: its id, its advance and the text it stands for. */
export interface PlainGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

export interface FontkitFont extends FontkitTables {
  unitsPerEm: number;
  _cmapProcessor: { lookup(codePoint: number): number };
  glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number };
  createSubset(): object;
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** Per font, the glyphs looked up so far: a notice sets each of its ~900 characters many times. */
const glyphsByFont = new WeakMap<FontkitFont, Map<number, PlainGlyph>>();

/** The glyph that sets this character, and its advance in font units. */
export function plainGlyph(font: FontkitFont, codePoint: number): PlainGlyph {
  let glyphs = glyphsByFont.get(font);
  if (!glyphs) {
    glyphs = new Map();
    glyphsByFont.set(font, glyphs);
  }
  let glyph = glyphs.get(codePoint);
  if (!glyph) {
    const id = font._cmapProcessor.lookup(codePoint);
    const metric = horizontalMetric(font, id);
    const advanceWidth = metric ? metric.advance : font.glyphForCodePoint(codePoint).advanceWidth;
    glyph = { id, advanceWidth, codePoints: [codePoint] };
    glyphs.set(codePoint, glyph);
  }
  return glyph;
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
 * pdfkit opens its own TTFFont of each file: the same class, so the same fast paths.
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
