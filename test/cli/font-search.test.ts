import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateNames, fallbackFonts, fontBytes, fontFolders, indexInstalledFonts, installedFonts, resolvePdfFonts } from '../../pipeline/cli/font-search.js';
import { DEFAULT_FONTS } from '../../pipeline/compose/settings.js';
import { normalizeFontName, readFontNames } from '../../pipeline/render/pdf/font-names.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { woffOf } from '../helpers/woff.js';

const require = createRequire(import.meta.url);
const SERIF = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const SANS = require.resolve('@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-fonts-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const env = (folders: string[]) => ({ platform: 'linux' as const, env: {}, home: '/nonexistent', folders });

describe('reading font names', () => {
  it('reads the family, full and PostScript names from the name table', () => {
    const bytes = readFileSync(SERIF);
    const [face] = readFontNames((offset, length) => bytes.subarray(offset, offset + length));
    expect(face?.families).toContain('Noto Serif SC');
    expect(face?.postscriptName).toBe('NotoSerifSC-Regular');
  });

  it('finds nothing in a file that is not a font', () => {
    const bytes = new TextEncoder().encode('not a font at all, just text');
    expect(readFontNames((o, l) => bytes.subarray(o, o + l))).toEqual([]);
  });

  it('compares names without case, spaces or underscores', () => {
    expect(normalizeFontName('FangSong_GB2312')).toBe(normalizeFontName('fangsong gb2312'));
  });
});

describe('finding the fonts for the PDF', () => {
  it('asks for the GB2312 fonts by their aliases, then the plain 仿宋 and 楷体', () => {
    expect(candidateNames('仿宋_GB2312')).toEqual(['仿宋_GB2312', 'FangSong_GB2312', '仿宋GB2312', '仿宋', 'FangSong', 'STFangsong', '华文仿宋']);
    expect(candidateNames('黑体')).toEqual(['黑体', 'SimHei', 'STHeiti', '华文黑体', 'Heiti SC']);
  });

  it('searches the Windows system and per-user folders', () => {
    const folders = fontFolders({ platform: 'win32', env: { WINDIR: 'C:\\Windows', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, home: 'C:\\Users\\a' });
    expect(folders.map((f) => f.replace(/\//g, '\\'))).toEqual(['C:\\Windows\\Fonts', 'C:\\Users\\a\\AppData\\Local\\Microsoft\\Windows\\Fonts']);
  });

  it('matches an installed font by its internal name, whatever the file is called', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    copyFileSync(SANS, join(dir, 'sub', 'X1.TTF'));
    const index = indexInstalledFonts([dir]);
    expect(index.get(normalizeFontName('Noto Sans SC Medium'))?.path).toBe(join(dir, 'sub', 'X1.TTF'));
    // A template that names the font its machine has gets it, not a substitute.
    const { fonts, report } = resolvePdfFonts({ ...DEFAULT_FONTS, heading1: 'Noto Sans SC Medium' }, {}, dir, 'notice.md', env([dir]));
    expect(fonts.heading1).toMatchObject({ source: 'office', substituted: false });
    expect(fonts.heading1.file.path).toBe(join(dir, 'sub', 'X1.TTF'));
    expect(report[2]).toBe(`一级标题：Noto Sans SC Medium → 本机字体 Noto Sans SC Medium（${join(dir, 'sub', 'X1.TTF')}）`);
  });

  it('indexes a set of font folders once per process, and reads a found file only when its bytes are used', () => {
    const dir = tempDir();
    copyFileSync(SANS, join(dir, 'a.ttf'));
    const first = installedFonts(env([dir]));
    expect(installedFonts(env([dir]))).toBe(first);
    expect(installedFonts(env([dir, tempDir()]))).not.toBe(first);
    const { fonts } = resolvePdfFonts({ ...DEFAULT_FONTS, heading1: 'Noto Sans SC Medium' }, {}, dir, 'notice.md', env([dir]));
    // the file's bytes, read on first use (and then kept)
    expect(Buffer.from(fonts.heading1.file.data).equals(readFileSync(SANS))).toBe(true);
    expect(fonts.heading1.file.data).toBe(fonts.heading1.file.data);
  });

  it('falls back to the bundled free fonts and says so for each role', () => {
    const { fonts, report } = resolvePdfFonts(DEFAULT_FONTS, {}, tempDir(), 'notice.md', env([]));
    expect(fonts.body).toMatchObject({ wanted: '仿宋_GB2312', source: 'bundled', substituted: true });
    expect(fonts.body.file.path).toBe(SERIF);
    expect(fonts.heading1.file.family).toBe('Noto Sans SC Medium');
    expect(report[1]).toMatch(/^正文：仿宋_GB2312 未找到，用免费字体 Noto Serif SC（.*NotoSerifSC_400Regular\.ttf）代替$/u);
  });

  it('stands the bundled Kai face (LXGW WenKai) in for a Kai font in any role, and the serif for the others', () => {
    const wanted = { ...DEFAULT_FONTS, body: '楷体', heading3: 'KaiTi' };
    const { fonts, report } = resolvePdfFonts(wanted, {}, tempDir(), 'notice.md', env([]));
    // (as `npm install` unpacked it: test/fonts/woff.test.ts)
    const kai = join(import.meta.dirname, '../../dist/bundled-fonts/LXGWWenKai-Regular.ttf');
    for (const role of ['heading2', 'body', 'heading3'] as const) {
      expect(fonts[role]).toMatchObject({ source: 'bundled', substituted: true, file: { path: kai, family: 'LXGW WenKai' } });
    }
    expect(fonts.pageNumber.file.path).toBe(SERIF);
    expect(report[3]).toMatch(/^二级标题：楷体_GB2312 未找到，用免费字体 LXGW WenKai（.*LXGWWenKai-Regular\.ttf）代替$/u);
  });

  it('reads a WOFF as the TrueType font inside it (the Kai face, when `npm install` has not unpacked it), once per process', () => {
    const ttf = readFileSync(join(import.meta.dirname, '../fixtures/fonts/serif.ttf'));
    const path = join(tempDir(), 'serif.woff');
    writeFileSync(path, woffOf(ttf));
    const bytes = fontBytes(path);
    expect(bytes.subarray(0, 4)).toEqual(new Uint8Array([0, 1, 0, 0]));
    expect(readFontNames((offset, length) => bytes.subarray(offset, offset + length))[0]?.postscriptName).toBe('TongbaoTestSerif');
    expect(fontBytes(path)).toBe(bytes);
  });

  it('draws missing characters with the bundled Noto Serif SC, then the computer’s CJK Extension B font when it has one', () => {
    expect(fallbackFonts(env([tempDir()])).map((f) => [f.family, f.path])).toEqual([['Noto Serif SC', SERIF]]);
    const dir = tempDir();
    copyFileSync(join(import.meta.dirname, '../fixtures/fonts/ext-b.ttf'), join(dir, 'simsunb.ttf'));
    expect(fallbackFonts(env([dir])).map((f) => [f.family, f.path])).toEqual([
      ['Noto Serif SC', SERIF],
      ['SimSun-ExtB', join(dir, 'simsunb.ttf')],
    ]);
  });

  it("takes the template's font file, and names the template line when it is missing", () => {
    const dir = tempDir();
    copyFileSync(SERIF, join(dir, 'my-fangsong.ttf'));
    const good = resolvePdfFonts(DEFAULT_FONTS, { body: { path: 'my-fangsong.ttf', line: 12 } }, dir, 'notice.md', env([]));
    expect(good.fonts.body).toMatchObject({ source: 'template', substituted: false });
    const bad = resolvePdfFonts(DEFAULT_FONTS, { body: { path: 'missing.ttf', line: 12 } }, dir, 'notice.md', env([]));
    expect(bad.diagnostics.map((d) => [d.rule, d.place.file, d.place.line])).toEqual([['font-file', 'notice.md', 12]]);
  });
});
