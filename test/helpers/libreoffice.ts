/**
 * LibreOffice laying out a DOCX with the very font files tongbao's PDF used, for slow tests
 * (test/render/docx-libreoffice.slow.test.ts, frame-libreoffice.slow.test.ts), and
 * the rules of a rendered page found in its pixels (poppler's pdftoppm), whichever program drew
 * them. Needs `soffice`, `fc-scan` and `pdftoppm`; fails, never skips, without them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { Document, FontRole } from '../../pipeline/document/ast.js';
import type { PdfFonts } from '../../pipeline/fonts/types.js';
import { NO_LINE_END, NO_LINE_START } from '../../pipeline/text/line-break.js';

export function requireTool(command: string, args: string[], install: string): void {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(`${command} is needed by this test and is not installed (or does not run): ${install}. (${run.error?.message ?? run.stderr})`);
  }
}

/** fontconfig's family and weight of a font file (its face in a collection). */
function faceOf(path: string, face: string | undefined): { family: string; weight: string } {
  const out = spawnSync('fc-scan', ['--format', '%{postscriptname}\t%{family[0]}\t%{weight}\n', path], { encoding: 'utf8' }).stdout.trim().split('\n');
  const rows = out.map((l) => l.split('\t') as [string, string, string]);
  const row = rows.find((r) => face === undefined || r[0] === face) ?? rows[0];
  if (!row) throw new Error(`fc-scan read nothing from ${path}`);
  return { family: row[1], weight: row[2] };
}

const xml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);

/** A fontconfig file that knows only the PDF's font files, and maps each DOCX font name to its file. */
export function fontconfigFor(doc: Document, fonts: PdfFonts, scratch: string): string {
  const dirs = new Set<string>();
  const rules: string[] = [];
  for (const role of Object.keys(doc.fonts) as FontRole[]) {
    const { file } = fonts[role];
    dirs.add(dirname(file.path));
    const { family, weight } = faceOf(file.path, file.face);
    rules.push(
      `<match target="pattern"><test name="family"><string>${xml(doc.fonts[role])}</string></test>` +
        `<edit name="family" mode="assign" binding="strong"><string>${xml(family)}</string></edit>` +
        (/^\d+$/u.test(weight) ? `<edit name="weight" mode="assign" binding="strong"><int>${weight}</int></edit>` : '') +
        '</match>',
    );
  }
  const path = join(scratch, 'fonts.conf');
  writeFileSync(
    path,
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n' +
      [...dirs].map((d) => `<dir>${xml(d)}</dir>`).join('\n') +
      `\n<cachedir>${xml(join(scratch, 'fc-cache'))}</cachedir>\n${rules.join('\n')}\n</fontconfig>\n`,
  );
  return path;
}

export function soffice(fontsConf: string, to: string, file: string, outDir: string, scratch: string): string {
  mkdirSync(outDir, { recursive: true });
  const run = spawnSync(
    'soffice',
    [`-env:UserInstallation=file://${join(scratch, 'profile')}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, file],
    { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: fontsConf }, timeout: 300_000 },
  );
  const out = join(outDir, basename(file).replace(/\.[^.]+$/u, `.${to}`));
  if (run.status !== 0) throw new Error(`soffice --convert-to ${to} failed: ${run.stderr}`);
  readFileSync(out); // throws if LibreOffice wrote nothing
  return out;
}

/**
 * The ODT with the three settings LibreOffice 7.4's DOCX import drops or inverts set as the DOCX
 * has them (w:autoSpaceDE/DN, w:overflowPunct: render/docx/styles.ts; w:noLineBreaksBefore/After
 * as LibreOffice's forbidden characters for zh-CN: render/docx/settings.ts).
 */
export function asTheDocxSays(odtPath: string): string {
  const parts = unzipSync(readFileSync(odtPath));
  const fixed: Zippable = { mimetype: [parts.mimetype as Uint8Array, { level: 0 }] };
  for (const [name, data] of Object.entries(parts)) {
    if (name === 'mimetype') continue;
    if (name === 'settings.xml') {
      // the DOCX's w:noLineBreaksBefore/After (render/docx/settings.ts) as LibreOffice's forbidden characters for zh-CN
      const item = (key: string, value: string) => `<config:config-item config:name="${key}" config:type="string">${xml(value)}</config:config-item>`;
      const forbidden =
        '<config:config-item-map-indexed config:name="ForbiddenCharacters"><config:config-item-map-entry>' +
        `${item('Language', 'zh')}${item('Country', 'CN')}${item('Variant', '')}${item('BeginLine', NO_LINE_START)}${item('EndLine', NO_LINE_END)}` +
        '</config:config-item-map-entry></config:config-item-map-indexed>';
      const text = new TextDecoder().decode(data);
      const set = '<config:config-item-set config:name="ooo:configuration-settings">';
      if (!text.includes(set)) throw new Error('the ODT has no configuration settings to add the forbidden characters to');
      fixed[name] = new TextEncoder().encode(text.replace(set, `${set}${forbidden}`));
    } else if (name === 'styles.xml' || name === 'content.xml') {
      const text = new TextDecoder()
        .decode(data)
        .replaceAll('style:text-autospace="ideograph-alpha"', 'style:text-autospace="none"')
        .replaceAll('style:punctuation-wrap="hanging"', 'style:punctuation-wrap="simple"');
      fixed[name] = new TextEncoder().encode(text);
    } else fixed[name] = data;
  }
  const out = join(dirname(odtPath), 'as-the-docx-says.odt');
  writeFileSync(out, zipSync(fixed));
  return out;
}

/** A rule across a page: its edges in points from the page's top left, and whether it is red. */
export interface PageRule {
  top: number;
  bottom: number;
  left: number;
  right: number;
  red: boolean;
}

const DPI = 300;

/**
 * The horizontal rules of a PDF's page, found in its pixels at 300 dpi: runs of rows in which
 * red (or dark) pixels cover at least `minWidthPt` across. Text never covers so long a stretch.
 */
export function pageRules(pdfPath: string, page: number, minWidthPt: number): PageRule[] {
  const run = spawnSync('pdftoppm', ['-r', String(DPI), '-f', String(page), '-l', String(page), pdfPath], { maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pdftoppm failed: ${run.stderr}`);
  const data = run.stdout as Buffer;
  // P6 <width> <height> 255, then RGB
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/u.exec(data.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm wrote no PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = (header[0] as string).length;
  const px = (pt: number) => (pt * DPI) / 72;
  const pt = (p: number) => (p * 72) / DPI;
  const rows: { y: number; red: boolean; left: number; right: number }[] = [];
  for (let y = 0; y < height; y++) {
    let red = 0;
    let dark = 0;
    let left = -1;
    let right = -1;
    for (let x = 0; x < width; x++) {
      const i = offset + (y * width + x) * 3;
      const [r, g, b] = [data[i] as number, data[i + 1] as number, data[i + 2] as number];
      const isRed = r > 160 && g < 110 && b < 110;
      const isDark = r < 110 && g < 110 && b < 110;
      if (isRed) red++;
      if (isDark) dark++;
      if (isRed || isDark) {
        if (left < 0) left = x;
        right = x;
      }
    }
    if (Math.max(red, dark) >= px(minWidthPt)) rows.push({ y, red: red >= dark, left, right: right + 1 });
  }
  const rules: PageRule[] = [];
  for (const row of rows) {
    const last = rules[rules.length - 1];
    if (last && Math.abs(px(last.bottom) - row.y) < 0.5 && last.red === row.red) last.bottom = pt(row.y + 1);
    else rules.push({ top: pt(row.y), bottom: pt(row.y + 1), left: pt(row.left), right: pt(row.right), red: row.red });
  }
  return rules;
}
