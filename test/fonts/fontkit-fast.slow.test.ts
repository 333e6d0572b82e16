/**
 * fontkit's fast paths (fonts/fontkit-fast.ts) and the direct table reads they use
 * (fonts/font-tables.ts, fonts/measure.ts) must give exactly what fontkit gives by itself: on the
 * bundled CJK fonts, and on small test fonts of each kind (test/fixtures/fonts/: TrueType, a
 * TTC collection's faces, OpenType/CFF).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeLocaTable, horizontalMetric, trueTypeGlyph } from '../../pipeline/fonts/font-tables.js';
import type { Document } from '../../pipeline/document/ast.js';
import { prepareFonts, renderPdf } from '../../pipeline/render/pdf/index.js';
import type { FontFile, PdfFonts } from '../../pipeline/fonts/types.js';
import { readPdf } from '../helpers/pdf.js';
import { runExample } from '../helpers/example.js';
import { bundledFonts } from '../helpers/pdf.js';
import { leanAddGlyph, usePlainLayout, type FontkitFont, type TrueTypeSubset } from '../../pipeline/fonts/fontkit-fast.js';
import { plainGlyph } from '../../pipeline/fonts/measure.js';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface RealGlyph {
  id: number;
  advanceWidth: number;
  _getMetrics(): { leftBearing: number };
  _decode(): { numberOfContours: number } | null;
}

type Font = Omit<FontkitFont, 'createSubset'> & {
  numGlyphs: number;
  getGlyph(id: number): RealGlyph;
  loca: { offsets: number[] };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
};

const fontkit = require('fontkit') as { create(buffer: Buffer, postscriptName?: string): Font };
const FONT_FILES = {
  serif: require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'),
  sans: require.resolve('@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf'),
};
const open = (path: string): Font => fontkit.create(readFileSync(path));

const reference = readFileSync(new URL('../fixtures/reference/notice-tongdao-union-2025.txt', import.meta.url), 'utf8');
const CHARACTERS = [...new Set([...reference, ...'ABCxyz0123456789 .,;:%（）《》“”—…'])];

/** Glyph ids spread over the whole font, first and last included. */
function sampleIds(font: Font, count: number): number[] {
  const step = Math.max(1, Math.floor(font.numGlyphs / count));
  const ids = new Set<number>([0, 1, font.numGlyphs - 1]);
  for (let id = 0; id < font.numGlyphs; id += step) ids.add(id);
  return [...ids];
}

describe.each(Object.entries(FONT_FILES))('font tables read directly (%s)', (_name, path) => {
  let font: Font;
  beforeAll(() => {
    font = open(path);
  });

  it('give each character the glyph and advance fontkit gives it', () => {
    // a separate font object, so that fontkit's own answers are not influenced by ours
    const fresh = open(path);
    for (const char of CHARACTERS) {
      const codePoint = char.codePointAt(0) as number;
      const expected = fresh.glyphForCodePoint(codePoint);
      const glyph = plainGlyph(font, codePoint);
      expect({ char, id: glyph.id, advance: glyph.advanceWidth }).toEqual({ char, id: expected.id, advance: expected.advanceWidth });
      expect(glyph.codePoints).toEqual([codePoint]);
    }
  });

  it('decode the loca table as fontkit does', () => {
    // fontkit's own decoding, in a process where nothing has patched it
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `const f = require('fontkit').create(require('fs').readFileSync(process.argv[1])); console.log(JSON.stringify({ version: f.loca.version, offsets: f.loca.offsets }))`,
        path,
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const expected = JSON.parse(child.stdout) as { version: number; offsets: number[] };
    const decoded = decodeLocaTable(open(path));
    expect(decoded?.offsets.length).toBe(expected.offsets.length);
    expect(decoded?.offsets).toEqual(expected.offsets);
    expect(decoded?.version).toBe(expected.version);
  });

  it('read hmtx advances and bearings and glyf bytes as fontkit does, all over the font', () => {
    const fresh = open(path);
    const glyf = (id: number) => {
      const stream = fresh._getTableStream('glyf');
      const start = fresh.loca.offsets[id] as number;
      stream.pos += start;
      return new Uint8Array(stream.readBuffer((fresh.loca.offsets[id + 1] as number) - start));
    };
    for (const id of sampleIds(fresh, 400)) {
      const expected = fresh.getGlyph(id);
      expect(horizontalMetric(font, id)).toEqual({ advance: expected.advanceWidth, bearing: expected._getMetrics().leftBearing });
      const glyph = trueTypeGlyph(font, id);
      expect(glyph).not.toBeNull();
      expect(Buffer.from(glyph?.bytes ?? []).equals(Buffer.from(glyf(id)))).toBe(true);
      const decoded = expected._decode();
      expect(glyph?.composite).toBe(decoded !== null && decoded.numberOfContours < 0);
    }
  });
});

describe('embedding with the lean subset', () => {
  it('embeds each glyph with the bytes and metrics of the font', () => {
    const font = open(FONT_FILES.serif);
    usePlainLayout(font);
    const fresh = open(FONT_FILES.serif);
    const ids = new Set(CHARACTERS.map((c) => plainGlyph(font, c.codePointAt(0) as number).id));
    const subset = font.createSubset();
    const mapping = new Map<number, number>();
    for (const id of ids) mapping.set(id, subset.includeGlyph(id));
    const embedded = fontkit.create(Buffer.from(subset.encode()));
    expect(embedded.numGlyphs).toBe(new Set([0, ...ids]).size);
    for (const [id, newId] of mapping) {
      const original = fresh.getGlyph(id);
      const copy = embedded.getGlyph(newId);
      expect({ id, advance: copy.advanceWidth, bearing: copy._getMetrics().leftBearing }).toEqual({
        id,
        advance: original.advanceWidth,
        bearing: original._getMetrics().leftBearing,
      });
      expect(Buffer.from(trueTypeGlyph(embedded, newId)?.bytes ?? []).equals(Buffer.from(trueTypeGlyph(fresh, id)?.bytes ?? []))).toBe(true);
    }
  });

  // The bundled fonts have no composite glyphs: a made-up font with one.
  const tables = (glyphs: number[][], metrics: [number, number][], bearings: number[]) => {
    const glyf = glyphs.flat();
    const loca: number[] = [0];
    for (const g of glyphs) loca.push((loca[loca.length - 1] as number) + g.length);
    const bytes = Buffer.alloc(4 * metrics.length + 2 * bearings.length + 4 * loca.length + glyf.length);
    let at = 0;
    for (const [advance, bearing] of metrics) at = bytes.writeInt16BE(bearing, bytes.writeUInt16BE(advance, at));
    for (const b of bearings) at = bytes.writeInt16BE(b, at);
    const locaAt = at;
    for (const o of loca) at = bytes.writeUInt32BE(o, at);
    const glyfAt = at;
    Buffer.from(glyf).copy(bytes, glyfAt);
    return {
      stream: { buffer: bytes },
      directory: {
        tables: {
          hmtx: { offset: 0, length: locaAt },
          loca: { offset: locaAt, length: glyfAt - locaAt },
          glyf: { offset: glyfAt, length: glyf.length },
        },
      },
      hhea: { numberOfMetrics: metrics.length },
      head: { indexToLocFormat: 1 },
    };
  };
  // glyph 0 empty, 1 simple (1 contour), 2 composite (−1 contours), 3 simple past the last full hmtx entry
  const font = tables(
    [[], [0, 1, 0, 0], [0xff, 0xff, 0, 0], [0, 2, 9, 9]],
    [
      [500, 0],
      [1000, 10],
      [600, -5],
    ],
    [7],
  );

  it('reads hmtx entries past the last full one, long loca offsets, and composite flags', () => {
    expect([0, 1, 2, 3].map((id) => horizontalMetric(font as never, id))).toEqual([
      { advance: 500, bearing: 0 },
      { advance: 1000, bearing: 10 },
      { advance: 600, bearing: -5 },
      { advance: 600, bearing: 7 },
    ]);
    expect([0, 1, 2, 3].map((id) => trueTypeGlyph(font as never, id)).map((g) => g && { bytes: [...g.bytes], composite: g.composite })).toEqual([
      { bytes: [], composite: false },
      { bytes: [0, 1, 0, 0], composite: false },
      { bytes: [0xff, 0xff, 0, 0], composite: true },
      { bytes: [0, 2, 9, 9], composite: false },
    ]);
    expect(trueTypeGlyph(font as never, 4)).toBeNull();
    expect(decodeLocaTable(font as never)).toEqual({ version: 1, offsets: [0, 0, 4, 8, 12] });
  });

  it('hands composite glyphs to fontkit and copies simple ones', () => {
    const handed: number[] = [];
    const addGlyph = leanAddGlyph(function (this: TrueTypeSubset, id) {
      handed.push(id);
      this.glyf.push(new Uint8Array([42]));
      return this.glyf.length - 1;
    });
    const subset = { font: font as never, glyf: [], loca: { offsets: [] }, hmtx: { metrics: [] }, offset: 0 } as unknown as TrueTypeSubset;
    const added = [1, 2, 3].map((id) => addGlyph.call(subset, id));
    expect(added).toEqual([0, 1, 2]);
    expect(handed).toEqual([2]);
    expect(subset.glyf.map((g) => [...g])).toEqual([[0, 1, 0, 0], [42], [0, 2, 9, 9]]);
    expect(subset.hmtx.metrics).toEqual([
      { advance: 1000, bearing: 10 },
      { advance: 600, bearing: 7 },
    ]);
  });
});

describe('fonts opened ahead of the render', () => {
  it('change nothing in the PDF', async () => {
    const notice = (await runExample()).notice as Document;
    const fonts = bundledFonts(notice);
    const before = await renderPdf(notice, fonts);
    prepareFonts(fonts);
    expect(Buffer.from(await renderPdf(notice, fonts)).equals(Buffer.from(before))).toBe(true);
  }, 60_000);
});

/** The small test fonts: each kind fontkit opens (a TTC's faces by PostScript name). */
const TEST_FONTS = {
  'TrueType (.ttf)': { file: 'serif.ttf', face: undefined },
  'TTC collection, first face': { file: 'pair.ttc', face: 'TongbaoTestSerif' },
  'TTC collection, second face': { file: 'pair.ttc', face: 'TongbaoTestSans' },
  'OpenType/CFF (.otf)': { file: 'serif.otf', face: undefined },
} as const;
const testFont = (file: string) => fileURLToPath(new URL(`../fixtures/fonts/${file}`, import.meta.url));
/** The text the test fonts hold glyphs for (test/fixtures/fonts/make-fonts.py). */
const TEST_TEXT = '中共通道侗族自治县总工会党组关于巡察整改进展情况的通报，已完成；“阶段性完成”（一二三）《措施》—…ABCxyz 0123456789.,;:%';

interface FontkitAnswers {
  postscriptName: string;
  glyphs: { id: number; advance: number }[];
  positions: number[];
  loca: number[] | null;
  subset: string;
  subsetGlyphs: number | null;
}

/**
 * What fontkit answers for the font in a fresh process: the laid-out text, the loca table, and
 * the bytes of a subset with the text's glyphs; with the fast paths (`fast`) or without.
 */
function fontkitAnswers(path: string, face: string | undefined, fast: boolean): FontkitAnswers {
  const script = `
    import { createRequire } from 'node:module';
    import { readFileSync } from 'node:fs';
    const require = createRequire(import.meta.url);
    const [path, face, fast, text] = process.argv.slice(1);
    const font = require('fontkit').create(readFileSync(path), face || undefined);
    if (fast === 'fast') (await import('./dist/fonts/fontkit-fast.js')).usePlainLayout(font);
    const run = font.layout(text);
    const subset = font.createSubset();
    for (const g of run.glyphs) subset.includeGlyph(g.id);
    const bytes = Buffer.from(subset.encode());
    console.log(JSON.stringify({
      postscriptName: font.postscriptName,
      glyphs: run.glyphs.map((g) => ({ id: g.id, advance: g.advanceWidth })),
      positions: run.positions.map((p) => p.xAdvance),
      loca: font.directory.tables.glyf ? font.loca.offsets : null,
      subset: bytes.toString('base64'),
      // (a CFF font's subset is its CFF table alone, as a PDF embeds it)
      subsetGlyphs: font.directory.tables.glyf ? require('fontkit').create(bytes).numGlyphs : null,
    }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, path, face ?? '', fast ? 'fast' : 'plain', TEST_TEXT], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as FontkitAnswers;
}

describe.each(Object.entries(TEST_FONTS))('the fast paths on a test font: %s', (_kind, { file, face }) => {
  const path = testFont(file);
  let own: FontkitAnswers;
  let fast: FontkitAnswers;
  beforeAll(() => {
    own = fontkitAnswers(path, face, false);
    fast = fontkitAnswers(path, face, true);
  });

  it('open the face asked for', () => {
    expect(fast.postscriptName).toBe(own.postscriptName);
    if (face) expect(own.postscriptName).toBe(face);
  });

  it('lay text out with the glyphs and advances fontkit gives it (Latin without kerning)', () => {
    const chars = [...TEST_TEXT];
    expect(fast.glyphs.length).toBe(chars.length);
    expect(fast.glyphs.map((g) => g.id)).toEqual(own.glyphs.map((g) => g.id));
    expect(fast.glyphs.every((g) => g.id !== 0)).toBe(true);
    // each glyph advances by its own width, where fontkit's shaping kerns Latin pairs
    expect(fast.positions).toEqual(own.glyphs.map((g) => g.advance));
    const chinese = chars.flatMap((c, i) => (/\p{Script=Han}/u.test(c) ? [i] : []));
    expect(chinese.length).toBeGreaterThan(20);
    expect(chinese.map((i) => fast.positions[i])).toEqual(chinese.map((i) => own.positions[i]));
  });

  it('decode the loca table as fontkit does', () => {
    expect(fast.loca).toEqual(own.loca);
  });

  it('make the same subset, byte for byte', () => {
    expect(fast.subsetGlyphs).toBe(own.subsetGlyphs);
    expect(fast.subset).toBe(own.subset);
  });

  it('measure as fontkit does in this process too', () => {
    const font = fontkit.create(readFileSync(path), face);
    const fresh = fontkit.create(readFileSync(path), face);
    for (const char of TEST_TEXT) {
      const codePoint = char.codePointAt(0) as number;
      const expected = fresh.glyphForCodePoint(codePoint);
      expect({ char, ...plainGlyph(font, codePoint) }).toEqual({ char, id: expected.id, advanceWidth: expected.advanceWidth, codePoints: [codePoint] });
    }
  });
});

describe('a PDF set in each kind of test font', () => {
  it.each(Object.entries(TEST_FONTS))(
    '%s: the text is there to read',
    async (_kind, { file, face }) => {
      const notice = (await runExample()).notice as Document;
      const data = readFileSync(testFont(file));
      const fontFile: FontFile = { path: testFont(file), data, family: 'Tongbao Test', ...(face ? { face } : {}) };
      const fonts = Object.fromEntries(Object.entries(bundledFonts(notice)).map(([role, served]) => [role, { ...served, file: fontFile }])) as PdfFonts;
      const text = '中共通道侗族自治县总工会党组关于巡察整改进展情况的通报';
      const doc: Document = { ...notice, blocks: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
      const pdf = await readPdf(await renderPdf(doc, fonts));
      expect(pdf.pages.flatMap((p) => p.lines.map((l) => l.text)).join('')).toContain(text);
    },
    60_000,
  );
});
