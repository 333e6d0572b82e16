/**
 * The DOCX staff edit and print breaks lines and pages where tongbao's PDF does. Only
 * LibreOffice can lay a DOCX out here (standing in for Word and WPS): the shipped example's
 * notice is rendered in-process to DOCX and PDF, LibreOffice converts the DOCX with the very
 * font files the PDF embedded (a fontconfig file maps the DOCX's font names — 仿宋_GB2312,
 * 方正小标宋简体, 黑体, 楷体_GB2312, 宋体 — to them and nothing else is installed for it), and the
 * two PDFs' text positions are compared: 22 lines on every page whose text reaches the foot of
 * the text block, 28 characters on full lines, the same page count, every page ending where
 * the PDF's does (the keep rules, compose/keep.ts), and the same line texts.
 *
 * LibreOffice 7.4's DOCX import gets three settings of the DOCX wrong that Word and WPS read as
 * written (styles.ts, settings.ts): it ignores w:autoSpaceDE/w:autoSpaceDN (writerfilter's
 * DomainMapper has no case for them) and applies its own space between Chinese and Latin text,
 * it reads w:overflowPunct inverted (val 0 becomes "allow hanging punctuation"), and it ignores
 * the custom first and last characters of a line, w:noLineBreaksBefore/After (SettingsTable
 * has no case for them). So LibreOffice first converts the DOCX to ODT, those settings are set
 * to what the DOCX says (style:text-autospace none, style:punctuation-wrap simple, the
 * document's forbidden characters for zh-CN), and LibreOffice lays the ODT out. Everything
 * else — page, grid, fonts, sizes, spacing, indents, keep rules — is LibreOffice's reading of
 * the DOCX. The straight conversion's figures are printed alongside.
 *
 * Where LibreOffice still breaks differently: it applies forbidden characters only where the
 * break would fall before Chinese text, so it breaks a date between 月 and the digits that
 * follow (`二是对2022年3月` / `20日`) where the PDF moves the whole date down; and it never
 * breaks between 。 and a number that follows.
 *
 * Needs `soffice` (Debian: libreoffice-writer-nogui) and fontconfig's `fc-scan`; fails, never
 * skips, without them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfFontFiles, processFontEnv, resolvePdfFonts } from '../../pipeline/cli/font-search.js';
import type { Document } from '../../pipeline/document/ast.js';
import { PT_PER_MM } from '../../pipeline/document/layout.js';
import { renderDocx } from '../../pipeline/render/docx/index.js';
import { renderPdf } from '../../pipeline/render/pdf/index.js';
import { EXAMPLE_INPUTS, runExample } from '../helpers/example.js';
import { asTheDocxSays, fontconfigFor, requireTool, soffice } from '../helpers/libreoffice.js';
import { readPdf, type PdfPage } from '../helpers/pdf.js';

const scratch = mkdtempSync(join(tmpdir(), 'tongbao-lo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PAGE_NUMBER = /^[—–-]\s*\d+\s*[—–-]$/u;
/** Chinese characters and full-width punctuation only: a line whose character count is its width in characters. */
const CHINESE_ONLY = /^[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e“”‘’…—]+$/u;

interface Laid {
  pages: { lines: { text: string; y: number }[] }[];
}

function bodyLines(pages: PdfPage[]): Laid {
  return {
    pages: pages.map((p) => ({ lines: p.lines.filter((l) => !PAGE_NUMBER.test(l.text.trim())).map((l) => ({ text: l.text.replace(/\s+/gu, ''), y: l.y })) })),
  };
}

/** Line texts in reading order that both layouts have in common, in order (longest common subsequence). */
function commonLines(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, row[j - 1] as number);
    prev = row;
  }
  return prev[b.length] as number;
}

interface Figures {
  pages: number;
  linesPerPage: number[];
  /** line positions from the first to the last line of each page, at the line pitch */
  slotsPerPage: number[];
  /** pages whose last line reaches the last line position of the text block */
  fullPages: number[];
  chineseLineLengths: Map<number, number>;
  /** Chinese-only lines longer than 28 characters */
  longLines: string[];
  sameLines: number;
  ofLines: number;
}

let pdfLaid: Laid;
let fixedLaid: Laid;
let figures: { straight: Figures; fixed: Figures };
let doc: Document;

function measure(laid: Laid, reference: Laid): Figures {
  const pitch = doc.layout.linePitchPt;
  // The text block's foot, from the page's bottom edge: the last line's baseline lies within the last pitch above it.
  const foot = doc.layout.margins.bottomMm * PT_PER_MM;
  const chineseLineLengths = new Map<number, number>();
  for (const p of laid.pages)
    for (const l of p.lines) if (CHINESE_ONLY.test(l.text)) chineseLineLengths.set(l.text.length, (chineseLineLengths.get(l.text.length) ?? 0) + 1);
  const texts = (x: Laid) => x.pages.flatMap((p) => p.lines.map((l) => l.text));
  const a = texts(reference);
  const b = texts(laid);
  return {
    pages: laid.pages.length,
    linesPerPage: laid.pages.map((p) => p.lines.length),
    slotsPerPage: laid.pages.map((p) => (p.lines.length ? Math.round(((p.lines[0]?.y as number) - (p.lines.at(-1)?.y as number)) / pitch) + 1 : 0)),
    fullPages: laid.pages.flatMap((p, i) => ((p.lines.at(-1)?.y ?? Number.POSITIVE_INFINITY) < foot + pitch ? [i + 1] : [])),
    chineseLineLengths,
    longLines: laid.pages.flatMap((p) => p.lines.map((l) => l.text)).filter((t) => CHINESE_ONLY.test(t) && t.length > 28),
    sameLines: commonLines(a, b),
    ofLines: Math.max(a.length, b.length),
  };
}

/**
 * Renders and converts once, on the first test's call; each test awaits it, so that without
 * LibreOffice every test fails with the message (vitest would report tests skipped after a
 * failing beforeAll).
 */
let setup: Promise<void> | undefined;
const laidOut = () => {
  setup ??= layOut();
  return setup;
};

async function layOut(): Promise<void> {
  requireTool('soffice', ['--version'], 'install LibreOffice Writer (Debian: apt-get install libreoffice-writer-nogui)');
  requireTool('fc-scan', ['--version'], 'install fontconfig (Debian: apt-get install fontconfig)');
  const result = await runExample();
  expect(result.notice).not.toBeNull();
  doc = result.notice as Document;
  const fonts = resolvePdfFonts(doc.fonts, pdfFontFiles(result.noticeSettings), EXAMPLE_INPUTS, 'notice.md', processFontEnv()).fonts;
  const docxPath = join(scratch, 'notice.docx');
  writeFileSync(docxPath, await renderDocx(doc));
  const pdf = await renderPdf(doc, fonts);
  writeFileSync(join(scratch, 'notice.pdf'), pdf);
  pdfLaid = bodyLines((await readPdf(pdf)).pages);

  const fontsConf = fontconfigFor(doc, fonts, scratch);
  const straightPdf = soffice(fontsConf, 'pdf', docxPath, join(scratch, 'straight'), scratch);
  const odt = soffice(fontsConf, 'odt', docxPath, join(scratch, 'fixed'), scratch);
  const fixedPdf = soffice(fontsConf, 'pdf', asTheDocxSays(odt), join(scratch, 'fixed'), scratch);
  fixedLaid = bodyLines((await readPdf(readFileSync(fixedPdf))).pages);
  figures = {
    straight: measure(bodyLines((await readPdf(readFileSync(straightPdf))).pages), pdfLaid),
    fixed: measure(fixedLaid, pdfLaid),
  };
  const show = (f: Figures) =>
    `${f.pages} pages; lines per page ${f.linesPerPage.join(' ')}; Chinese-only lines by length ${[...f.chineseLineLengths.entries()]
      .sort((x, y) => y[0] - x[0])
      .slice(0, 4)
      .map(([n, c]) => `${n}:${c}`)
      .join(' ')}; ${f.sameLines} of ${f.ofLines} lines as in the PDF (${((100 * f.sameLines) / f.ofLines).toFixed(1)}%)`;
  console.log(
    `tongbao's PDF: ${pdfLaid.pages.length} pages; lines per page ${pdfLaid.pages.map((p) => p.lines.length).join(' ')}\n` +
      `LibreOffice, straight from the DOCX: ${show(figures.straight)}\n` +
      `LibreOffice, auto space, hanging punctuation and first/last characters as the DOCX says: ${show(figures.fixed)}`,
  );
}

describe('the DOCX laid out by LibreOffice with the PDF’s fonts', () => {
  it('has as many pages as tongbao’s PDF', async () => {
    await laidOut();
    expect(figures.fixed.pages).toBe(pdfLaid.pages.length);
    expect(figures.straight.pages).toBe(pdfLaid.pages.length);
  });

  it('ends every page where the PDF does (the keep rules: headings with what follows, no widow or orphan line, never the signature alone)', async () => {
    await laidOut();
    const lastLines = (laid: Laid) => laid.pages.map((p) => p.lines.at(-1)?.text ?? '');
    const ours = lastLines(pdfLaid);
    const theirs = lastLines(fixedLaid);
    // the same last line, or (where a line broke differently above it) the end of the same paragraph
    const apart = ours.flatMap((line, i) => {
      const other = theirs[i] ?? '';
      return line.endsWith(other) || other.endsWith(line) ? [] : [`page ${i + 1}: ${line} | ${other}`];
    });
    expect(apart).toEqual([]);
  });

  it('sets 22 lines on every page whose text runs to the foot of the text block', async () => {
    await laidOut();
    const { fixed } = figures;
    // every page the PDF fills to the foot, LibreOffice fills too (the keep rules end the others short)
    const pdfFull = measure(pdfLaid, pdfLaid).fullPages;
    expect(pdfFull.length).toBeGreaterThanOrEqual(fixed.pages / 3);
    for (const n of pdfFull) expect(fixed.fullPages).toContain(n);
    for (const n of fixed.fullPages) {
      // 22 line positions from the first line to the last (page 1: the title's lines and the blank line below it among them)
      expect([n, fixed.slotsPerPage[n - 1]]).toEqual([n, 22]);
      if (n > 1) expect([n, fixed.linesPerPage[n - 1]]).toEqual([n, 22]);
    }
    for (const n of figures.straight.fullPages) expect([n, figures.straight.slotsPerPage[n - 1]]).toEqual([n, 22]);
  });

  it('sets 28 characters on a full line', async () => {
    await laidOut();
    expect(Math.max(...figures.fixed.chineseLineLengths.keys())).toBe(28);
    // Straight from the DOCX, LibreOffice hangs a closing mark past the margin (it reads
    // w:overflowPunct="0" as "allow"): 28 characters and the mark, never 29 characters.
    expect(Math.max(...figures.straight.chineseLineLengths.keys())).toBeLessThanOrEqual(29);
    expect(figures.straight.longLines.filter((t) => !/[，。；：、？！）》”’]$/u.test(t))).toEqual([]);
    // as many full lines of Chinese as the PDF has (within 5%)
    const pdfFull = pdfLaid.pages.flatMap((p) => p.lines).filter((l) => CHINESE_ONLY.test(l.text) && l.text.length === 28).length;
    expect(figures.fixed.chineseLineLengths.get(28) ?? 0).toBeGreaterThanOrEqual(Math.floor(0.95 * pdfFull));
  });

  it('breaks at least 95% of the lines where the PDF does', async () => {
    await laidOut();
    const { sameLines, ofLines } = figures.fixed;
    expect(sameLines / ofLines).toBeGreaterThanOrEqual(0.95);
  });
});
