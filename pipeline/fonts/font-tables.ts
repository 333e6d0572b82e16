/**
 * Direct reads of the two font tables a Chinese text needs per character: hmtx (how far a
 * glyph advances) and, for TrueType outlines, loca/glyf (the glyph's bytes, to embed).
 *
 * fontkit answers both through a Glyph object, whose `advanceWidth` first decodes the glyph's
 * outline header (to derive vertical metrics the PDF never uses), and whose subsetting decodes
 * every outline point of every embedded glyph. For a notice's ~900 distinct characters that is
 * most of the font work of a render, all of it in code that a fresh process has not yet
 * compiled. Reading the big-endian table entries takes a few array reads instead.
 *
 * Offsets in a font's table directory are from the start of the file (also inside a TTC), so
 * they index fontkit's stream buffer directly.
 */

interface TableEntry {
  offset: number;
  length: number;
}

/** The parts of a fontkit TTFFont read here. */
export interface FontkitTables {
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, TableEntry | undefined> };
  hhea: { numberOfMetrics: number };
  head: { indexToLocFormat: number };
  /** set when a variation instance was asked for: its metrics differ from the tables' */
  _variationProcessor?: unknown;
}

export interface HorizontalMetric {
  advance: number;
  bearing: number;
}

interface TableReader {
  view: DataView;
  hmtx: TableEntry;
  metricCount: number;
  loca: TableEntry | undefined;
  glyf: TableEntry | undefined;
  longLoca: boolean;
}

const readers = new WeakMap<object, TableReader | null>();

/** Null when the font cannot be read directly (a variation instance, or tables missing). */
function readerOf(font: FontkitTables): TableReader | null {
  let reader = readers.get(font);
  if (reader !== undefined) return reader;
  reader = null;
  const { tables } = font.directory;
  const hmtx = tables.hmtx;
  if (!font._variationProcessor && hmtx && hmtx.length > 0) {
    const { buffer } = font.stream;
    const glyf = tables.glyf;
    const loca = tables.loca;
    reader = {
      view: new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      hmtx,
      metricCount: font.hhea.numberOfMetrics,
      loca: glyf && loca ? loca : undefined,
      glyf: glyf && loca ? glyf : undefined,
      longLoca: glyf && loca ? font.head.indexToLocFormat === 1 : false,
    };
  }
  readers.set(font, reader);
  return reader;
}

/**
 * A glyph's advance and left side bearing in font units, as hmtx gives them (glyphs past the
 * last full entry share its advance and have only a bearing). Null: ask fontkit.
 */
export function horizontalMetric(font: FontkitTables, glyphId: number): HorizontalMetric | null {
  const reader = readerOf(font);
  if (!reader || reader.metricCount === 0) return null;
  const { view, hmtx, metricCount } = reader;
  if (glyphId < metricCount) {
    const at = hmtx.offset + glyphId * 4;
    if (at + 4 > hmtx.offset + hmtx.length) return null;
    return { advance: view.getUint16(at), bearing: view.getInt16(at + 2) };
  }
  const advance = view.getUint16(hmtx.offset + (metricCount - 1) * 4);
  const at = hmtx.offset + metricCount * 4 + (glyphId - metricCount) * 2;
  return { advance, bearing: at + 2 <= hmtx.offset + hmtx.length ? view.getInt16(at) : 0 };
}

/** Entry `i` of loca: a glyph's offset in glyf, in bytes (short entries count words). */
function locaOffset({ view, longLoca }: TableReader, loca: TableEntry, i: number): number {
  return longLoca ? view.getUint32(loca.offset + i * 4) : view.getUint16(loca.offset + i * 2) * 2;
}

/**
 * A TrueType glyph's bytes in the glyf table, and whether it is a composite (made of other
 * glyphs: numberOfContours < 0). Null: not a TrueType-outline font read directly here.
 */
export function trueTypeGlyph(font: FontkitTables, glyphId: number): { bytes: Uint8Array; composite: boolean } | null {
  const reader = readerOf(font);
  if (!reader?.loca || !reader.glyf) return null;
  const { view, loca, glyf, longLoca } = reader;
  if ((glyphId + 2) * (longLoca ? 4 : 2) > loca.length) return null;
  const start = locaOffset(reader, loca, glyphId);
  const end = locaOffset(reader, loca, glyphId + 1);
  if (end < start || end > glyf.length) return null;
  const bytes = new Uint8Array(view.buffer, view.byteOffset + glyf.offset + start, end - start);
  return { bytes, composite: bytes.length >= 2 && view.getInt16(glyf.offset + start) < 0 };
}

/**
 * fontkit's decoded `loca` table (every glyph's offset in glyf), read from the raw bytes.
 * fontkit decodes it entry by entry (30,000 of them in a CJK font) the first time anything asks
 * for a glyph's outline or a subset's table, which in a fresh process took tens of
 * milliseconds per font. The object has the shape fontkit's decoder gives: short offsets are
 * already doubled (`_processed`). Null: let fontkit decode it.
 */
export function decodeLocaTable(font: FontkitTables): { version: number; offsets: number[]; _processed?: boolean } | null {
  const reader = readerOf(font);
  if (!reader?.loca) return null;
  const { loca, longLoca } = reader;
  const count = Math.floor(loca.length / (longLoca ? 4 : 2));
  const offsets = new Array<number>(count);
  for (let i = 0; i < count; i++) offsets[i] = locaOffset(reader, loca, i);
  return longLoca ? { version: 1, offsets } : { version: 0, offsets, _processed: true };
}

/**
 * A copy of the font file's bytes whose `hhea` ascender and descender (font units) are these: the
 * vertical metrics pdfkit places a line's baseline by (render/pdf: every font of a PDF takes the
 * body font's, so that lines in different fonts keep one grid). The glyphs, their advances and
 * every other table are unchanged. Null: the font has no hhea table where fontkit found it.
 */
export function withVerticalMetrics(font: FontkitTables, bytes: Uint8Array, ascent: number, descent: number): Uint8Array | null {
  const hhea = font.directory.tables.hhea;
  if (!hhea || hhea.length < 10 || hhea.offset + 10 > bytes.length) return null;
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  // hhea: version (4 bytes), ascender (int16), descender (int16), lineGap (int16), …
  view.setInt16(hhea.offset + 4, ascent);
  view.setInt16(hhea.offset + 6, descent);
  return copy;
}
