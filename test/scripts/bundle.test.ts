/**
 * The pieces of `npm run bundle` that need no registry: 使用说明.html from the README's staff
 * part, the launchers' text, which files of node_modules go in, the tar writer. (The bundles
 * themselves are built, unpacked and run in test/bundle.slow.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUNDLED_FONT_FILES } from '../../pipeline/cli/font-search.js';
import { bundleFonts, keepModuleFile } from '../../scripts/bundle.mjs';
import { LAUNCH_SCRIPT, linuxLauncher, NODE_PATH, NOT_UNPACKED, psString, TITLE, windowsLauncher } from '../../scripts/bundle/launchers.mjs';
import { joinLines, markdownToHtml, staffPart, usageHtml } from '../../scripts/bundle/markdown.mjs';
import { tarGz } from '../../scripts/bundle/tar.mjs';
import { ROOT } from '../helpers/example.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The page's text outside code, tags removed: where Markdown left unconverted would show. */
function proseOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/gu, '')
    .replace(/<pre>[\s\S]*?<\/pre>/gu, '')
    .replace(/<code>[\s\S]*?<\/code>/gu, '')
    .replace(/<[^>]+>/gu, '');
}

describe('使用说明.html', () => {
  const html = usageHtml(README, '0.1.0');
  const staff = staffPart(README);

  it('is the staff part of the README: every heading above 给开发人员, and nothing below it', () => {
    expect(staff.startsWith('# 通报助手')).toBe(true);
    const headings = staff.split('\n').filter((l) => /^#{1,4} /u.test(l));
    expect(headings.slice(0, 2)).toEqual(['# 通报助手（tongbao）', '## 快速上手']);
    for (const h of headings) {
      const level = h.indexOf(' ');
      expect(html).toMatch(new RegExp(`<h${level} id="[^"]*">${h.slice(level + 1).replace(/[()（）]/gu, '.')}</h${level}>`, 'u'));
    }
    expect(html).not.toContain('给开发人员');
    expect(html).not.toContain('npm test');
    // the table of contents links every second- and third-level heading
    for (const h of headings.filter((l) => /^###? /u.test(l))) {
      const text = h.slice(h.indexOf(' ') + 1);
      expect(html).toContain(`<li><a href="#${text}">${text}</a>`);
    }
    expect(html).toContain('<li><a href="#快速上手">快速上手</a><ul><li><a href="#文件夹里有什么">文件夹里有什么</a></li>');
  });

  it('says what staff need: Windows 10, unzip, double-click, where the outputs are, the fonts', () => {
    const text = proseOf(html);
    for (const phrase of [
      'Windows 10 或更高版本',
      '全部解压缩',
      '请先解压到一个文件夹',
      '双击',
      '文档\\通报助手\\输出',
      '方正小标宋简体',
      '整改结果',
      '工作表、单元格和列名',
    ]) {
      expect(text).toContain(phrase);
    }
  });

  it('leaves no Markdown unconverted: no **, table rules, fences or comments in the text', () => {
    const text = proseOf(html);
    expect(text).not.toMatch(/\*\*|\|\s*-{3}|```|<!--|^#+ /mu);
    const tables = staff.split('\n').filter((l) => /^\|?\s*-{3,}\s*\|/u.test(l)).length;
    expect(tables).toBeGreaterThan(3);
    expect(html.match(/<table>/gu)).toHaveLength(tables);
    const fences = staff.split('\n').filter((l) => l.startsWith('```')).length / 2;
    expect(html.match(/<pre>/gu)).toHaveLength(fences);
    // the template examples keep their lines and braces
    expect(html).toContain('<pre><code>::: 问题清单\n范围: 已完成\n:::</code></pre>');
  });

  it('opens offline as UTF-8 in any browser, webkit in the 360 and QQ browsers', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="renderer" content="webkit">/u);
    expect(html).not.toMatch(/(src|href)="https?:/u);
    expect(html).toContain('<p class="version">通报助手 0.1.0</p>');
  });

  it('joins a paragraph’s lines without a space between Chinese, with one between words', () => {
    expect(joinLines(['把台账放进', '文件夹。'])).toBe('把台账放进文件夹。');
    expect(joinLines(['use the', 'launcher'])).toBe('use the launcher');
    expect(joinLines(['（如“整改状态”', '都算）'])).toBe('（如“整改状态”都算）');
    expect(markdownToHtml('1. **下载** `a.zip`。\n2. 解压：\n   不要双击。\n\n- 甲\n  乙\n  - 丙\n    丁\n  - 戊\n- 己')).toBe(
      '<ol><li><strong>下载</strong> <code>a.zip</code>。</li><li>解压：不要双击。</li></ol>\n<ul><li>甲乙<ul><li>丙丁</li><li>戊</li></ul></li><li>己</li></ul>',
    );
    expect(markdownToHtml('a <b> & "c"')).toBe('<p>a &lt;b&gt; &amp; &quot;c&quot;</p>');
  });
});

describe('the launchers', () => {
  it('通报助手.cmd: ASCII, CRLF, runs the bundled Node on launch.js from its own folder, with the long-running options', () => {
    const cmd = windowsLauncher();
    expect(cmd).toMatch(/^[\x20-\x7e\r\n]*$/u);
    expect(
      cmd
        .split('\r\n')
        .slice(0, -1)
        .every((line) => !line.includes('\n')),
    ).toBe(true);
    expect(cmd.endsWith('\r\n')).toBe(true);
    expect(cmd).toContain('pushd "%~dp0"');
    expect(cmd).toContain(`"${NODE_PATH.win32.replaceAll('/', '\\')}" --max-semi-space-size=2 --expose-gc "${LAUNCH_SCRIPT.replaceAll('/', '\\')}"`);
    expect(cmd).toContain(psString(NOT_UNPACKED));
    expect(cmd).toContain(psString(TITLE));
  });

  it('the message box text, as PowerShell character codes, reads 请先解压…', () => {
    const codes = /\(-join \[char\[\]\]\(([^)]*)\)\)/u.exec(psString(NOT_UNPACKED))?.[1] ?? '';
    expect(String.fromCharCode(...codes.split(',').map(Number))).toBe(NOT_UNPACKED);
    expect(NOT_UNPACKED.startsWith('请先解压到一个文件夹')).toBe(true);
  });

  it('通报助手.sh: runs the bundled Node from its own folder, with the long-running options', () => {
    expect(linuxLauncher()).toBe(
      '#!/bin/sh\n# tongbao launcher: starts the page on the workspace (see app/bin/launch.js).\n' +
        'here=$(cd "$(dirname "$0")" && pwd -P) || exit 1\ncd "$here" || exit 1\nexec "$here/app/node/node" --max-semi-space-size=2 --expose-gc "$here/app/bin/launch.js"\n',
    );
  });
});

describe('what of node_modules goes into the bundle', () => {
  const fonts = bundleFonts(BUNDLED_FONT_FILES);

  it('of the font packages, only the files tongbao opens, with the licences; an unpacked font from dist/', () => {
    expect(fonts.files.size).toBeGreaterThanOrEqual(3);
    for (const font of fonts.files) expect(keepModuleFile(font, fonts)).toBe(true);
    expect(keepModuleFile('@expo-google-fonts/noto-serif-sc/900Black/NotoSerifSC_900Black.ttf', fonts)).toBe(false);
    expect(keepModuleFile('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf.png', fonts)).toBe(false);
    expect(keepModuleFile('@expo-google-fonts/noto-serif-sc/index.js', fonts)).toBe(false);
    expect(keepModuleFile('@expo-google-fonts/noto-serif-sc/LICENSE_FONT', fonts)).toBe(true);
    expect(keepModuleFile('@expo-google-fonts/noto-serif-sc/package.json', fonts)).toBe(true);
    // the Kai face: npm install unpacks its WOFF into dist/bundled-fonts/, which the bundle ships instead
    expect(fonts.unpacked).toEqual(['LXGWWenKai-Regular.ttf']);
    expect(fonts.packages.has('@fontsource/lxgw-wenkai')).toBe(true);
    expect(keepModuleFile('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff', fonts)).toBe(false);
    expect(keepModuleFile('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff2', fonts)).toBe(false);
    expect(keepModuleFile('@fontsource/lxgw-wenkai/index.css', fonts)).toBe(false);
    expect(keepModuleFile('@fontsource/lxgw-wenkai/LICENSE', fonts)).toBe(true);
    expect(keepModuleFile('@fontsource/lxgw-wenkai/package.json', fonts)).toBe(true);
    expect(keepModuleFile('@fontsource/other/index.css', fonts)).toBe(true);
  });

  it('no links, declarations, source maps or docs; code, data and licences stay', () => {
    expect(keepModuleFile('.bin/vl2vg', fonts)).toBe(false);
    expect(keepModuleFile('.package-lock.json', fonts)).toBe(false);
    expect(keepModuleFile('docx/dist/index.d.ts', fonts)).toBe(false);
    expect(keepModuleFile('docx/dist/index.cjs.map', fonts)).toBe(false);
    expect(keepModuleFile('pdfkit/CHANGELOG.md', fonts)).toBe(false);
    expect(keepModuleFile('exceljs/LICENSE.md', fonts)).toBe(true);
    expect(keepModuleFile('vega/build/vega.min.js', fonts)).toBe(true);
    expect(keepModuleFile('pdfkit/js/data/Helvetica.afm', fonts)).toBe(true);
  });
});

describe('tarGz', () => {
  it('writes ustar headers with valid checksums and pax records for Chinese names', () => {
    const tar = gunzipSync(
      tarGz(
        [
          { path: '通报助手/', mode: 0o755 },
          { path: '通报助手/通报助手.sh', mode: 0o755, data: Buffer.from('#!/bin/sh\n') },
        ],
        1_700_000_000,
      ),
    );
    const headers: { name: string; type: string; mode: string; size: number; body: string }[] = [];
    for (let at = 0; tar[at] !== 0; ) {
      const field = (from: number, length: number) =>
        tar
          .subarray(at + from, at + from + length)
          .toString('utf8')
          .replace(/\0.*$/su, '');
      let sum = 0;
      for (let k = 0; k < 512; k++) sum += k >= 148 && k < 156 ? 32 : (tar[at + k] as number);
      expect(Number.parseInt(field(148, 8), 8)).toBe(sum);
      const size = Number.parseInt(field(124, 12), 8);
      headers.push({ name: field(0, 100), type: field(156, 1), mode: field(100, 8), size, body: tar.subarray(at + 512, at + 512 + size).toString('utf8') });
      expect(field(136, 12)).toBe((1_700_000_000).toString(8).padStart(11, '0'));
      at += 512 + Math.ceil(size / 512) * 512;
    }
    expect(headers.map((h) => h.type)).toEqual(['x', '5', 'x', '0']);
    expect(headers[0]?.body).toBe(`${Buffer.byteLength(' path=通报助手/\n') + 2} path=通报助手/\n`);
    expect(headers[2]?.body).toBe(`${Buffer.byteLength(' path=通报助手/通报助手.sh\n') + 2} path=通报助手/通报助手.sh\n`);
    expect(headers[3]).toMatchObject({ mode: '0000755', size: 10, body: '#!/bin/sh\n' });
  });

  it('gives the same bytes for the same entries', () => {
    const entries = [{ path: 'a.txt', mode: 0o644, data: Buffer.from('x') }];
    expect(tarGz(entries, 1)).toEqual(tarGz(entries, 1));
    expect(tarGz(entries, 1)[9]).toBe(3);
  });
});
