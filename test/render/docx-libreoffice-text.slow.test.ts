/**
 * The notice's DOCX as another office suite reads it: LibreOffice (`soffice --headless
 * --convert-to pdf`) turns the shipped example's notice.docx, built by the compiled CLI, into
 * a PDF whose text (pdftotext) holds the title and the signature, on as many pages as
 * tongbao's own PDF, give or take one.
 *
 * `npm run test:slow` (vitest.slow.config.ts); it needs LibreOffice Writer and poppler-utils,
 * and fails, naming the Debian package, when either is missing. LibreOffice gets the bundled
 * free fonts (Noto Serif SC, Noto Sans SC, what tongbao's PDF uses when the computer has no
 * office fonts) through a fontconfig file of its own: without any Chinese font it sets the
 * text in DejaVu Sans, about 40 characters to a line instead of 28 (17 pages instead of 23).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/example.js';

const TOOLS = [
  { command: 'soffice', args: ['--version'], pkg: 'libreoffice-writer-nogui' },
  { command: 'pdftotext', args: ['-v'], pkg: 'poppler-utils' },
  { command: 'pdfinfo', args: ['-v'], pkg: 'poppler-utils' },
];

/** Fails (never skips) when a tool is not installed, saying which package brings it. */
function requireTools(): void {
  const missing = TOOLS.filter((t) => spawnSync(t.command, t.args, { encoding: 'utf8' }).error);
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((t) => t.pkg))];
  throw new Error(
    `${missing.map((t) => t.command).join(', ')} not found: the slow tests need them. Install the Debian package${packages.length > 1 ? 's' : ''} ` +
      `${packages.join(' ')} (apt-get install --no-install-recommends ${packages.join(' ')}); .ci/run does.`,
  );
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): string {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

const pages = (pdf: string) => Number(/^Pages:\s+(\d+)$/mu.exec(run('pdfinfo', [pdf]))?.[1]);
/** pdftotext's text with no whitespace (LibreOffice spaces Latin runs: “2025 年”). */
const text = (pdf: string) => run('pdftotext', ['-enc', 'UTF-8', pdf, '-']).replace(/\s+/gu, '');

const work = mkdtempSync(join(tmpdir(), 'tongbao-slow-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let own: string;
let converted: string;

beforeAll(() => {
  requireTools();
  const out = join(work, 'out');
  run(process.execPath, [join(ROOT, 'bin/tongbao.js'), 'build', '--outputs', out], { cwd: ROOT });
  own = join(out, 'notice.pdf');

  const require = createRequire(import.meta.url);
  const fontDirs = [
    '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
    '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  ].map((f) => dirname(dirname(require.resolve(f))));
  const fontsConf = join(work, 'fonts.conf');
  writeFileSync(
    fontsConf,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
      ...fontDirs.map((d) => `  <dir>${d}</dir>`),
      `  <cachedir>${join(work, 'fontconfig-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  const pdfDir = join(work, 'libreoffice');
  mkdirSync(pdfDir);
  run(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(join(work, 'lo-profile')).href}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      pdfDir,
      join(out, 'notice.docx'),
    ],
    { env: { ...process.env, FONTCONFIG_FILE: fontsConf } },
  );
  converted = join(pdfDir, 'notice.pdf');
  readFileSync(converted);
}, 180_000);

describe('notice.docx in LibreOffice', () => {
  it('prints the notice’s title and its signature (issuer and date, at the end)', () => {
    const t = text(converted);
    expect(t.startsWith('中共通道侗族自治县总工会党组关于巡察整改进展情况的通报')).toBe(true);
    expect(t).toMatch(/取消年度评优资格，造成严重后果的将追究相关人员责任。中国共产党通道侗族自治县总工会党组2025年5月30日—\d+—$/u);
    // and so does tongbao's own PDF
    expect(text(own)).toMatch(/中国共产党通道侗族自治县总工会党组2025年5月30日—\d+—$/u);
  });

  it('takes as many pages as tongbao’s own PDF, give or take one', () => {
    const counts = { libreoffice: pages(converted), tongbao: pages(own) };
    console.log(`pages: LibreOffice ${counts.libreoffice}, tongbao ${counts.tongbao}`);
    expect(counts.tongbao).toBeGreaterThan(1);
    expect(Math.abs(counts.libreoffice - counts.tongbao)).toBeLessThanOrEqual(1);
  });
});
