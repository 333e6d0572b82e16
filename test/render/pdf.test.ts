import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../pipeline/document/ast.js';
import { GB_T_9704, PT_PER_MM } from '../../pipeline/document/layout.js';
import { renderDocx } from '../../pipeline/render/docx/index.js';
import { missingCharacters, renderPdf } from '../../pipeline/render/pdf/index.js';
import { openDocx, paragraphs } from '../helpers/docx.js';
import { runExample } from '../helpers/example.js';
import { brokenNumbers, keepViolations, pagesEndingShortWithoutCause, placeLines } from '../helpers/pages.js';
import { bundledFonts, readPdf, type PdfLine, type PdfText } from '../helpers/pdf.js';
import { sharedRun } from '../helpers/shared.js';

const CLOSING = /^[，。；：、？！）》」』】”’]/u;
const PITCH = GB_T_9704.linePitchPt;
const PAGE_NUMBER = /^— (\d+) —$/u;

let notice: Document;
let pdf: PdfText;
let pdfBytes: Uint8Array;
let docxParagraphs: string[];

/** The lines of the text block (everything but the page number). */
const bodyLines = (page: PdfText['pages'][number]): PdfLine[] => page.lines.filter((l) => !PAGE_NUMBER.test(l.text));

beforeAll(async () => {
  const result = await runExample();
  notice = result.notice as Document;
  pdfBytes = await renderPdf(notice, bundledFonts(notice));
  pdf = await readPdf(pdfBytes);
  docxParagraphs = paragraphs(openDocx(await renderDocx(notice)).xml('word/document.xml'))
    .map((p) => p.text)
    .filter((t) => t.trim() !== '');
}, 60_000);

describe('the notice PDF', () => {
  it('holds the DOCX text paragraph for paragraph: each paragraph starts and ends a line', () => {
    // (pdfjs reads a line spread wide by justification with spaces between its characters)
    const lines = pdf.pages.flatMap(bodyLines).map((l) => l.text.replace(/\s+/gu, ''));
    let at = 0;
    for (const paragraph of docxParagraphs) {
      let text = '';
      while (text.length < paragraph.length && at < lines.length) text += lines[at++];
      expect(text, `paragraph “${paragraph.slice(0, 20)}…”`).toBe(paragraph);
    }
    expect(at).toBe(lines.length);
  });

  it('sets body lines 28.95 pt apart, 22 to a full page; a page ends short only where the keep rules hold the next lines together', () => {
    const counts = pdf.pages.map((p) => bodyLines(p).length);
    expect(Math.max(...counts)).toBe(22);
    expect(counts.filter((c) => c === 22).length).toBeGreaterThan(pdf.pages.length / 3);
    expect(pagesEndingShortWithoutCause(notice, placeLines(notice, pdf))).toEqual([]);
    for (const page of pdf.pages.slice(1, -1)) {
      const ys = bodyLines(page).map((l) => l.y);
      for (let i = 1; i < ys.length; i++) expect(Math.abs((ys[i - 1] as number) - (ys[i] as number) - PITCH)).toBeLessThan(0.2);
    }
  });

  it('fits 28 characters on a full line, never more, inside the text block', () => {
    const textLeft = GB_T_9704.margins.leftMm * PT_PER_MM;
    const textRight = (GB_T_9704.page.widthMm - GB_T_9704.margins.rightMm) * PT_PER_MM;
    const lines = pdf.pages.flatMap(bodyLines);
    for (const line of lines) {
      expect(line.x).toBeGreaterThanOrEqual(textLeft - 0.5);
      expect(line.right).toBeLessThanOrEqual(textRight + 0.5);
    }
    // Lines of full-width characters only, starting at the left margin and reaching the right one.
    const full = lines.filter((l) => /^[^\u0020-\u007e]+$/u.test(l.text) && Math.abs(l.x - textLeft) < 0.5 && textRight - l.right < 0.5);
    const lengths = full.map((l) => [...l.text].length);
    expect(full.length).toBeGreaterThan(100);
    expect(Math.max(...lengths)).toBe(28);
    expect(lengths.filter((n) => n === 28).length / lengths.length).toBeGreaterThan(0.8);
  });

  it('never starts a line with closing punctuation', () => {
    const offenders = pdf.pages.flatMap(bodyLines).filter((l) => CLOSING.test(l.text));
    expect(offenders.map((l) => l.text)).toEqual([]);
  });

  it('keeps headings with what follows, leaves no widow or orphan line, never the signature alone, and breaks no date', () => {
    const placed = placeLines(notice, pdf);
    expect(keepViolations(placed)).toEqual([]);
    expect(brokenNumbers(placed)).toEqual([]);
  });

  it('numbers pages — N —, right on odd pages and left on even ones, one character in, below the text block', () => {
    const { margins, page, sizes, pageNumberIndentChars } = GB_T_9704;
    const blockBottom = margins.bottomMm * PT_PER_MM;
    for (const p of pdf.pages) {
      const numbers = p.lines.filter((l) => PAGE_NUMBER.test(l.text));
      expect(numbers, `page ${p.number}`).toHaveLength(1);
      const n = numbers[0] as PdfLine;
      expect(n.text).toBe(`— ${p.number} —`);
      expect(n.fontSize).toBe(sizes.pageNumberPt);
      expect(n.y).toBeLessThan(blockBottom);
      const indent = pageNumberIndentChars * sizes.pageNumberPt;
      if (p.number % 2 === 1) expect(Math.abs(n.right - ((page.widthMm - margins.rightMm) * PT_PER_MM - indent))).toBeLessThan(1);
      else expect(Math.abs(n.x - (margins.leftMm * PT_PER_MM + indent))).toBeLessThan(1);
    }
  });

  it('centres the balanced title lines and ends with the signature block', () => {
    const first = bodyLines(pdf.pages[0] as PdfText['pages'][number]);
    expect(first.slice(0, 2).map((l) => l.text)).toEqual(['中共通道侗族自治县总工会党组', '关于巡察整改进展情况的通报']);
    const centre = (GB_T_9704.margins.leftMm + (GB_T_9704.page.widthMm - GB_T_9704.margins.leftMm - GB_T_9704.margins.rightMm) / 2) * PT_PER_MM;
    for (const l of first.slice(0, 2)) expect(Math.abs((l.x + l.right) / 2 - centre)).toBeLessThan(1);
    const last = bodyLines(pdf.pages[pdf.pages.length - 1] as PdfText['pages'][number]);
    expect(last.slice(-2).map((l) => l.text)).toEqual(['中国共产党通道侗族自治县总工会党组', '2025年5月30日']);
  });

  it('carries the document date and title in its info, and gives the same bytes twice', async () => {
    expect(pdf.info.Title).toBe('中共通道侗族自治县总工会党组关于巡察整改进展情况的通报');
    expect(String(pdf.info.CreationDate)).toMatch(/^D:20250530/u);
    const again = await renderPdf(notice, bundledFonts(notice));
    expect(Buffer.from(again).equals(Buffer.from(pdfBytes))).toBe(true);
  });
});

describe('the shipped example as the CLI builds it (the fonts it finds on this machine)', () => {
  it('keeps headings with what follows, leaves no widow or orphan line, never the signature alone, breaks no date, and ends no page short without cause', async () => {
    const build = await sharedRun('build');
    expect(build.status).toBe(0);
    const built = await readPdf(readFileSync(join(build.outputs, 'notice.pdf')));
    const placed = placeLines(notice, built);
    expect(keepViolations(placed)).toEqual([]);
    expect(brokenNumbers(placed)).toEqual([]);
    expect(pagesEndingShortWithoutCause(notice, placed)).toEqual([]);
    // the page with the signature holds the body's closing paragraph with it
    const issuer = placed.find((l) => l.kind === 'issuer');
    expect(placed.filter((l) => l.page === issuer?.page && l.kind === 'paragraph').length).toBeGreaterThanOrEqual(2);
  });
});

describe('a long ledger', () => {
  it('gives a valid multi-page PDF with every one of 200 problems', async () => {
    const { composeNotice } = await import('../../pipeline/compose/notice.js');
    const { readSettings } = await import('../../pipeline/compose/settings.js');
    const { parseTemplate } = await import('../../pipeline/compose/template.js');
    const { computeStats } = await import('../../pipeline/stats/index.js');
    const { ledgerOf, problem } = await import('../helpers/ledger.js');
    const classes = ['completed', 'staged', 'notCompleted'] as const;
    const ledger = ledgerOf(
      Array.from({ length: 200 }, (_, i) =>
        problem(i + 1, `第${(i % 17) + 1}类问题`, classes[i % 3] as (typeof classes)[number], {
          text: `第${i + 1}个问题：对基层工会经费收支监管不及时、不到位，财务凭证附件不齐全（示例）。`,
          measures: ['一是加强财务审核，经办人、财务人员、分管领导要提升责任感和风险意识。', '二是规范流程，确保支出票据合理合法、真实有效。'],
        }),
      ),
    );
    const source =
      '---\n标题: 关于二百个问题整改情况的通报\n发文机关: 某某县总工会\n成文日期: 2025-12-31\n---\n{{整改进展}}\n# 一、已完成\n::: 问题清单 已完成\n# 二、阶段性完成\n::: 问题清单 阶段性完成\n# 三、未完成\n::: 问题清单 未完成\n';
    const { template } = parseTemplate('notice.md', source);
    const { document, diagnostics } = composeNotice(template, readSettings(template).settings, ledger, computeStats(ledger, '2025-12-31' as never));
    expect(diagnostics).toEqual([]);
    const long = await readPdf(await renderPdf(document, bundledFonts(document)));
    expect(long.pages.length).toBeGreaterThan(40);
    const text = long.pages
      .flatMap(bodyLines)
      .map((l) => l.text)
      .join('');
    for (let n = 1; n <= 200; n++) expect(text).toContain(`${n}.第${n}个问题：`);
    expect(long.pages.every((p) => p.lines.some((l) => l.text === `— ${p.number} —`))).toBe(true);
    expect(long.pages.flatMap(bodyLines).filter((l) => CLOSING.test(l.text))).toEqual([]);
    // the keep rules hold on every one of its pages, and no page ends short without them
    const placed = placeLines(document, long);
    expect(keepViolations(placed)).toEqual([]);
    expect(pagesEndingShortWithoutCause(document, placed)).toEqual([]);
    expect(brokenNumbers(placed)).toEqual([]);
  }, 60_000);
});

describe('the glyph check', () => {
  // A notice listing 50,000 problems spent 163 s here: each block's text was added to its
  // role's list by copying the list.
  it('takes time linear in the document: 60,000 paragraphs in seconds, not minutes', () => {
    const doc: Document = {
      ...notice,
      blocks: Array.from({ length: 60_000 }, (_, i) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text: `第${i}个问题已整改。` }] })),
    };
    const fonts = bundledFonts(notice);
    const started = performance.now();
    expect(missingCharacters(doc, fonts)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
