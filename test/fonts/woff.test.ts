import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isWoff, sfntOfWoff } from '../../pipeline/fonts/woff.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** A WOFF 1.0 of this sfnt, as a font tool writes it (W3C WOFF, section 4 and 5): each table deflated where that is smaller. */
function woffOf(sfnt: Uint8Array): Uint8Array {
  const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const numTables = view.getUint16(4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 12 + i * 16;
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    const data = sfnt.subarray(offset, offset + length);
    const packed = deflateSync(data);
    return { tag: view.getUint32(at), checksum: view.getUint32(at + 4), length, stored: packed.length < length ? packed : data };
  });
  let size = 44 + numTables * 20;
  for (const t of tables) size += (t.stored.length + 3) & ~3;
  const woff = new Uint8Array(size);
  const out = new DataView(woff.buffer);
  out.setUint32(0, 0x774f4646); // wOFF
  out.setUint32(4, view.getUint32(0));
  out.setUint32(8, size);
  out.setUint16(12, numTables);
  out.setUint32(16, sfnt.length);
  let offset = 44 + numTables * 20;
  tables.forEach((t, i) => {
    const at = 44 + i * 20;
    out.setUint32(at, t.tag);
    out.setUint32(at + 4, offset);
    out.setUint32(at + 8, t.stored.length);
    out.setUint32(at + 12, t.length);
    out.setUint32(at + 16, t.checksum);
    woff.set(t.stored, offset);
    offset += (t.stored.length + 3) & ~3;
  });
  return woff;
}

/** An sfnt's tables: tag, checksum and bytes, in the directory's order. */
function tablesOf(sfnt: Uint8Array): [string, number, string][] {
  const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  return Array.from({ length: view.getUint16(4) }, (_, i) => {
    const at = 12 + i * 16;
    const offset = view.getUint32(at + 8);
    const bytes = Buffer.from(sfnt.subarray(offset, offset + view.getUint32(at + 12)));
    return [String.fromCharCode(...sfnt.subarray(at, at + 4)), view.getUint32(at + 4), bytes.toString('base64')];
  });
}

describe('WOFF 1.0 → sfnt', () => {
  for (const name of ['serif.ttf', 'serif.otf']) {
    it(`gives back the tables of the font it wraps, byte for byte (${name})`, () => {
      const sfnt = new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/fonts', name)));
      const woff = woffOf(sfnt);
      expect(isWoff(woff)).toBe(true);
      expect(isWoff(sfnt)).toBe(false);
      expect(woff.length).toBeLessThan(sfnt.length);
      const back = sfntOfWoff(woff);
      expect(back.subarray(0, 12)).toEqual(sfnt.subarray(0, 12));
      expect(tablesOf(back)).toEqual(tablesOf(sfnt));
      expect(tablesOf(back).map(([tag]) => tag)).toContain(name.endsWith('.ttf') ? 'glyf' : 'CFF ');
    });
  }

  it('refuses a damaged file: a table past its end, or one that inflates to another length', () => {
    const woff = woffOf(new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/fonts/serif.ttf'))));
    const cut = woff.slice(0, woff.length >> 1);
    expect(() => sfntOfWoff(cut)).toThrow(/out of bounds/u);
    const lying = woff.slice();
    // the first table's declared length, one more than it inflates to
    const view = new DataView(lying.buffer);
    view.setUint32(44 + 12, view.getUint32(44 + 12) + 1);
    expect(() => sfntOfWoff(lying)).toThrow();
  });

  it('opens the bundled Kai face (LXGW WenKai, shipped as WOFF) as a TrueType font with GB2312’s characters', () => {
    const path = require.resolve('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff');
    const sfnt = sfntOfWoff(new Uint8Array(readFileSync(path)));
    const fontkit = require('fontkit') as {
      create(b: Buffer): { postscriptName: string; glyphForCodePoint(c: number): { id: number; advanceWidth: number } };
    };
    const font = fontkit.create(Buffer.from(sfnt));
    expect(new DataView(sfnt.buffer).getUint32(0)).toBe(0x00010000); // TrueType outlines
    expect(font.postscriptName).toBe('LXGWWenKai-Regular');
    for (const char of '（一）反馈问题：整改落实情况鑫淼') expect(font.glyphForCodePoint(char.codePointAt(0) as number).advanceWidth, char).toBe(1000);
  });
});
