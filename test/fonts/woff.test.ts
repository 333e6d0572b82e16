import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isWoff, sfntOfWoff } from '../../pipeline/fonts/woff.js';
import { woffOf } from '../helpers/woff.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

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

  it('the bundled Kai face (LXGW WenKai, shipped as WOFF) is unpacked by `npm install` and `npm run build` into a TrueType font with GB2312’s characters', () => {
    const woff = readFileSync(require.resolve('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff'));
    expect(isWoff(new Uint8Array(woff))).toBe(true);
    const unpacked = join(ROOT, 'dist/bundled-fonts/LXGWWenKai-Regular.ttf');
    // unpacked from this very WOFF (scripts/unpack-fonts.mjs)
    expect(readFileSync(`${unpacked}.source`, 'utf8')).toBe(`${createHash('sha256').update(woff).digest('hex')}\n`);
    const sfnt = readFileSync(unpacked);
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
    const fontkit = require('fontkit') as {
      create(b: Buffer): { postscriptName: string; glyphForCodePoint(c: number): { id: number; advanceWidth: number } };
    };
    const font = fontkit.create(sfnt);
    expect(font.postscriptName).toBe('LXGWWenKai-Regular');
    for (const char of '（一）反馈问题：整改落实情况鑫淼') expect(font.glyphForCodePoint(char.codePointAt(0) as number).advanceWidth, char).toBe(1000);
  });
});
