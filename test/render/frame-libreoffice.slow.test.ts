/**
 * The full-frame example (examples/full-frame/notice.md over the shipped ledgers) rendered by
 * tongbao to PDF and DOCX, and the DOCX laid out by LibreOffice with the very font files the
 * PDF used (test/helpers/libreoffice.ts): every 版头 and 版记 element where GB/T 9704-2012 puts
 * it, in both, measured on the pages — text positions from pdfjs, rules from the pixels.
 *
 * LibreOffice sets a line of exact height with its baseline four fifths of the line below its
 * top (sw/source/core/text/itrform2.cxx); the DOCX makes each frame line exactly its size high,
 * so LibreOffice's em boxes stand 0.08 em above the tree's places (render/docx/frame.ts), and
 * that is what is expected of it, within 0.5 pt. Rules do not depend on fonts: within 0.5 pt
 * in both (a pixel at 300 dpi is 0.24 pt). Across, LibreOffice narrows the text block to whole
 * cells of the document grid (28 × 15.75 pt = 441 pt, centred: render/docx/index.ts), so its
 * edges stand 0.6 pt in: within 1 pt there. It centres the grid's 22 lines in the text block's
 * height as well, so text in the flow (the 版头) stands 0.45 pt lower (the 版记 is anchored to
 * the text block's foot, not in the flow).
 *
 * Needs `soffice` (Debian: libreoffice-writer-nogui), fontconfig's `fc-scan` and poppler's
 * `pdftoppm`; fails, never skips, without them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfFontFiles, processFontEnv, resolvePdfFonts } from '../../pipeline/cli/font-search.js';
import type { Document, FrameLine, Imprint, Letterhead } from '../../pipeline/document/ast.js';
import { EM_BOX_ASCENT, GB_T_9704, PT_PER_MM, textHeightPt, textWidthPt } from '../../pipeline/document/layout.js';
import { renderDocx } from '../../pipeline/render/docx/index.js';
import { renderPdfLaidOut, type ImprintPlacement } from '../../pipeline/render/pdf/index.js';
import { runCli, useTempDirs, writeFiles } from '../helpers/cli.js';
import { attr, elements, find, openDocx } from '../helpers/docx.js';
import { EXAMPLE_INPUTS, runFullFrame } from '../helpers/example.js';
import { asTheDocxSays, fontconfigFor, pageRules, requireTool, soffice, type PageRule } from '../helpers/libreoffice.js';
import { readPdf, type PdfLine, type PdfText } from '../helpers/pdf.js';

const scratch = mkdtempSync(join(tmpdir(), 'tongbao-frame-lo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const L = GB_T_9704;
const mm = (v: number) => v * PT_PER_MM;
const TOP = mm(L.margins.topMm);
const LEFT = mm(L.margins.leftMm);
const WIDTH = textWidthPt(L);
/** LibreOffice's em box above the tree's, as a share of the size (the 4/5 baseline of a line its size high). */
const LIBREOFFICE_RAISE = EM_BOX_ASCENT - 0.8;
/** LibreOffice's flow below the text block's top: half of what the grid's 22 lines leave of its height. */
const LIBREOFFICE_GRID_SHIFT = (textHeightPt(L) - L.linesPerPage * L.linePitchPt) / 2;

interface Laid {
  path: string;
  text: PdfText;
}

interface Setup {
  doc: Document;
  head: Letterhead;
  imprint: Imprint;
  placement: ImprintPlacement | null;
  tongbao: Laid;
  libreoffice: Laid;
}

let setup: Promise<Setup> | undefined;
const laidOut = () => {
  setup ??= layOut();
  return setup;
};

async function layOut(): Promise<Setup> {
  requireTool('soffice', ['--version'], 'install LibreOffice Writer (Debian: apt-get install libreoffice-writer-nogui)');
  requireTool('fc-scan', ['--version'], 'install fontconfig (Debian: apt-get install fontconfig)');
  requireTool('pdftoppm', ['-v'], 'install poppler (Debian: apt-get install poppler-utils)');
  const result = await runFullFrame();
  const doc = result.notice as Document;
  expect(doc).not.toBeNull();
  const fonts = resolvePdfFonts(doc.fonts, pdfFontFiles(result.noticeSettings), EXAMPLE_INPUTS, 'notice.md', processFontEnv()).fonts;
  const { bytes, imprint: placement } = await renderPdfLaidOut(doc, fonts);
  const pdfPath = join(scratch, 'tongbao.pdf');
  writeFileSync(pdfPath, bytes);
  const docxPath = join(scratch, 'notice.docx');
  writeFileSync(docxPath, await renderDocx(doc, { imprint: placement }));
  const fontsConf = fontconfigFor(doc, fonts, scratch);
  const odt = soffice(fontsConf, 'odt', docxPath, join(scratch, 'lo'), scratch);
  const loPath = soffice(fontsConf, 'pdf', asTheDocxSays(odt), join(scratch, 'lo'), scratch);
  return {
    doc,
    head: doc.blocks[0] as Letterhead,
    imprint: doc.blocks.at(-1) as Imprint,
    placement,
    tongbao: { path: pdfPath, text: await readPdf(bytes) },
    libreoffice: { path: loPath, text: await readPdf(readFileSync(loPath)) },
  };
}

const emTop = (page: PdfText['pages'][number], line: PdfLine) => page.height - line.y - EM_BOX_ASCENT * line.fontSize;
const lineOf = (page: PdfText['pages'][number], text: string) => {
  // LibreOffice's text may space Chinese and digits apart (秘密★1 年): compare without spaces
  const found = page.lines.find((l) => l.text.replace(/\s+/gu, '').startsWith(text));
  if (!found) throw new Error(`no line “${text}” on page ${page.number}: ${page.lines.map((l) => l.text).join(' | ')}`);
  return found;
};
const rulesOf = (laid: Laid, page: number) => pageRules(laid.path, page, WIDTH * 0.9);

/** Each frame line at its place: tongbao's exactly, LibreOffice's 0.08 em higher. */
function expectLines(lines: readonly FrameLine[], page: PdfText['pages'][number], raise: number, shift: number, tolerance: number, across: number) {
  for (const l of lines) {
    const found = lineOf(page, l.text.slice(0, 8));
    expect([l.text, found.fontSize]).toEqual([l.text, expect.closeTo(l.sizePt, 1)]);
    expect(Math.abs(emTop(page, found) - (TOP + shift + l.topPt - raise * l.sizePt)), l.text).toBeLessThanOrEqual(tolerance);
    const x = l.align === 'center' ? [(found.x + found.right) / 2, LEFT + WIDTH / 2] : [found.x, LEFT + l.indentChars * l.sizePt];
    expect(Math.abs((x[0] as number) - (x[1] as number))).toBeLessThanOrEqual(across);
  }
}

/** The red line: 4 mm under the 发文字号, across the text block, 2.25 pt. */
function expectHeadRule(rules: PageRule[], head: Letterhead, shift: number, across: number) {
  const red = rules.filter((r) => r.red);
  expect(red).toHaveLength(1);
  const rule = red[0] as PageRule;
  const tree = head.rules[0] as Letterhead['rules'][number];
  expect(Math.abs(rule.top - (TOP + shift + tree.topPt))).toBeLessThanOrEqual(0.5);
  expect(Math.abs(rule.bottom - rule.top - tree.thicknessPt)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(rule.left - LEFT)).toBeLessThanOrEqual(across);
  expect(Math.abs(rule.right - (LEFT + WIDTH))).toBeLessThanOrEqual(across);
}

/** The 版记's rules: 0.35, 0.25, 0.35 mm (within half a point), where the tree has them, the last on the text block's foot. */
function expectImprintRules(rules: PageRule[], imprint: Imprint, across: number) {
  const dark = rules.filter((r) => !r.red && r.top > TOP + (imprint.rules[0]?.topPt ?? 0) - 2);
  expect(dark).toHaveLength(imprint.rules.length);
  for (const [i, r] of dark.entries()) {
    const tree = imprint.rules[i] as Imprint['rules'][number];
    expect(Math.abs(r.top - (TOP + tree.topPt))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.bottom - r.top - tree.thicknessPt)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.left - LEFT)).toBeLessThanOrEqual(across);
    expect(Math.abs(r.right - (LEFT + WIDTH))).toBeLessThanOrEqual(across);
  }
  expect(Math.abs((dark.at(-1)?.bottom ?? 0) - mm(L.page.heightMm - L.margins.bottomMm))).toBeLessThanOrEqual(0.5);
}

describe('the full-frame example, tongbao’s PDF and LibreOffice’s layout of its DOCX', () => {
  it('has every 版头 line where GB/T 9704 puts it on page 1 (the 标志’s top 72 mm from the page’s top)', async () => {
    const { head, tongbao, libreoffice } = await laidOut();
    expect(head.lines.map((l) => l.text)).toEqual(['000001', '秘密★1年', '加急', '中共通道侗族自治县总工会党组文件', '通工党〔2025〕5号']);
    expect(TOP + (head.lines[3]?.topPt ?? 0)).toBeCloseTo(mm(72), 6);
    expectLines(head.lines, tongbao.text.pages[0] as PdfText['pages'][number], 0, 0, 0.1, 0.5);
    expectLines(head.lines, libreoffice.text.pages[0] as PdfText['pages'][number], LIBREOFFICE_RAISE, LIBREOFFICE_GRID_SHIFT, 0.5, 1);
  });

  it('draws the red line 4 mm under the 发文字号, as wide as the text block, in both', async () => {
    const { head, tongbao, libreoffice } = await laidOut();
    expectHeadRule(rulesOf(tongbao, 1), head, 0, 0.5);
    expectHeadRule(rulesOf(libreoffice, 1), head, LIBREOFFICE_GRID_SHIFT, 1);
  });

  it('ends on an even page, the same in both, the 版记 at the foot of the last page', async () => {
    const { tongbao, libreoffice, placement } = await laidOut();
    const pages = tongbao.text.pages.length;
    console.log(`tongbao's PDF: ${pages} pages, the 版记 ${JSON.stringify(placement)}; LibreOffice: ${libreoffice.text.pages.length} pages`);
    expect(pages % 2).toBe(0);
    expect(libreoffice.text.pages.length).toBe(pages);
    for (const laid of [tongbao, libreoffice]) {
      const copyTo = laid.text.pages.flatMap((p) => (p.lines.some((l) => l.text.startsWith('抄送')) ? [p.number] : []));
      expect(copyTo).toEqual([pages]);
    }
  });

  it('has the 版记’s lines and rules where GB/T 9704 puts them, the last rule on the text block’s foot', async () => {
    const { imprint, tongbao, libreoffice } = await laidOut();
    const last = (laid: Laid) => laid.text.pages.at(-1) as PdfText['pages'][number];
    expectLines(imprint.lines, last(tongbao), 0, 0, 0.1, 0.5);
    expectLines(imprint.lines, last(libreoffice), LIBREOFFICE_RAISE, 0, 0.5, 1);
    for (const [laid, across] of [
      [tongbao, 0.5],
      [libreoffice, 1],
    ] as const) {
      const printer = lineOf(last(laid), '通道侗族自治县总工会办公室');
      // 印发日期 one character in from the right margin
      expect(printer.text.replace(/\s+/gu, '').endsWith('2025年5月30日印发')).toBe(true);
      expect(Math.abs(printer.right - (LEFT + WIDTH - 14))).toBeLessThanOrEqual(across);
    }
    expectImprintRules(rulesOf(tongbao, tongbao.text.pages.length), imprint, 0.5);
    expectImprintRules(rulesOf(libreoffice, libreoffice.text.pages.length), imprint, 1);
  });
});

describe('the CLI', () => {
  const tempDir = useTempDirs();

  it('writes the DOCX with the 版记 on the page the PDF put it: a page of its own after a body ending on page 1', async () => {
    const dir = tempDir();
    const ledgers = Object.fromEntries(readdirSync(EXAMPLE_INPUTS).flatMap((n) => (n.endsWith('.xlsx') ? [[n, readFileSync(join(EXAMPLE_INPUTS, n))]] : [])));
    writeFiles(join(dir, 'inputs'), {
      ...ledgers,
      'notice.md':
        '---\n标题: 关于巡察整改进展情况的通报\n发文机关: 某某县总工会党组\n成文日期: 2025-05-30\n抄送: 县委巡察办\n印发机关: 某某县总工会办公室\n---\n{{整改进展}}\n',
    });
    const run = await runCli(['build', '--inputs', 'inputs', '--outputs', 'out'], dir);
    expect(run.code).toBe(0);
    const pdf = await readPdf(readFileSync(join(dir, 'out/notice.pdf')));
    expect(pdf.pages.map((p) => p.lines.some((l) => l.text.startsWith('抄送')))).toEqual([false, true]);
    const sections = elements(openDocx(readFileSync(join(dir, 'out/notice.docx'))).xml('word/document.xml'), 'sectPr');
    expect(sections.map((s) => attr(find(s, 'type'), 'val'))).toEqual([null, 'evenPage']);
  });
});
