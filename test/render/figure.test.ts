/**
 * A chart placed by `::: 图表` in a small template, written by both writers: the DOCX embeds
 * its PNG (an image part and a w:drawing at the figure's size), the PDF draws its SVG with the
 * chart font, so the chart's words are text in the PDF.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chartDatasets } from '../../pipeline/chart/datasets.js';
import { prepareCharts, renderCharts } from '../../pipeline/chart/render.js';
import { resolvePdfFonts, processFontEnv } from '../../pipeline/cli/font-search.js';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { Document, Figure } from '../../pipeline/document/ast.js';
import { renderDocx } from '../../pipeline/render/docx/index.js';
import { FIGURE_FAMILY, figureContent, figureFontRole } from '../../pipeline/render/pdf/figure.js';
import { openSharedFont, type OpenedFont } from '../../pipeline/fonts/shared-fonts.js';
import type { PdfFonts } from '../../pipeline/fonts/types.js';
import { renderPdf } from '../../pipeline/render/pdf/index.js';
import { bundledChartFont, projectSpecs } from '../helpers/charts.js';
import { elements, openDocx, paragraphs, type DocxPackage } from '../helpers/docx.js';
import { EXAMPLE_INPUTS, ROOT, runExample } from '../helpers/example.js';
import { readPdf, type PdfText } from '../helpers/pdf.js';

const TEMPLATE = `---
标题: 关于基层工会经费审计进度的报告
发文机关: 某某县总工会
成文日期: 2025-05-30
---
截至{{统计截止日期}}，计划审计{{计划审计工会数}}家基层工会。
::: 图表 audit-coverage 图1 基层工会经费审计进度
其后的一段正文。
`;

let doc: Document;
let figure: Figure;
let docxBytes: Uint8Array;
let docx: DocxPackage;
let pdf: PdfText;
const warn = vi.spyOn(console, 'warn');

beforeAll(async () => {
  const result = await runExample();
  if (!result.ledger || !result.stats) throw new Error('the example has errors');
  const prepared = prepareCharts(
    projectSpecs().filter((s) => s.name === 'audit-coverage'),
    chartDatasets(result.ledger, result.stats),
  );
  const { images } = await renderCharts(prepared.charts, bundledChartFont());
  const { template } = parseTemplate('report.md', TEMPLATE);
  const { settings } = readSettings(template);
  const composed = composeNotice(template, settings, result.ledger, result.stats, {
    names: ['audit-coverage'],
    images: new Map(images.map((i) => [i.name, i])),
  });
  expect(composed.diagnostics).toEqual([]);
  doc = composed.document;
  figure = doc.blocks.find((b) => b.type === 'figure') as Figure;
  docxBytes = await renderDocx(doc);
  docx = openDocx(docxBytes);
  const fonts: PdfFonts = resolvePdfFonts(doc.fonts, {}, EXAMPLE_INPUTS, 'report.md', { ...processFontEnv(), folders: [] }).fonts;
  pdf = await readPdf(await renderPdf(doc, fonts));
}, 60_000);

afterAll(() => warn.mockRestore());

describe('a figure in the DOCX', () => {
  it('is the chart’s PNG, as an image part, drawn inline at the figure’s size', () => {
    const media = Object.keys(docx.parts).filter((p) => p.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(Buffer.from(docx.parts[media[0] as string] as Uint8Array).equals(Buffer.from(figure.png))).toBe(true);
    const body = docx.xml('word/document.xml');
    expect(elements(body, 'drawing')).toHaveLength(1);
    const extent = body.getElementsByTagNameNS('http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing', 'extent')[0];
    // EMU: 12700 to the point, via Word's 96-dpi pixels
    expect(Number(extent?.getAttribute('cx')) / 12700).toBeCloseTo(figure.widthPt, 0);
    expect(Number(extent?.getAttribute('cy')) / 12700).toBeCloseTo(figure.heightPt, 0);
    const docPr = body.getElementsByTagNameNS('http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing', 'docPr')[0];
    expect(docPr?.getAttribute('descr')).toBe('基层工会经费审计进度');
  });

  it('is centred, in a paragraph whose line height is not the grid’s exact one (which would clip it), its caption below', () => {
    const ps = paragraphs(docx.xml('word/document.xml'));
    const at = ps.findIndex((p) => elements(p.element, 'drawing').length > 0);
    const pPr = elements(ps[at]?.element as never, 'pPr')[0];
    expect(elements(pPr as never, 'jc')[0]?.getAttributeNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'val')).toBe('center');
    expect(elements(pPr as never, 'spacing')[0]?.getAttributeNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'lineRule')).toBe('auto');
    expect(ps[at + 1]?.text).toBe('图1 基层工会经费审计进度');
    expect(ps[at + 2]?.text).toBe('其后的一段正文。');
  });

  it('gives the same bytes for the same document', async () => {
    expect(Buffer.from(await renderDocx(doc)).equals(Buffer.from(docxBytes))).toBe(true);
  });
});

describe('a figure in the PDF', () => {
  const lines = () => pdf.pages.flatMap((p) => p.lines.map((l) => l.text));

  it('draws the SVG: the chart’s title, legend and axis labels are text in the PDF', () => {
    expect(lines()).toEqual(expect.arrayContaining(['基层工会经费审计进度', '全覆盖：60家', '目标：2027年5月31日前全覆盖']));
    const all = lines().join('');
    for (const word of ['计划审计（累计）', '已审计（累计）', '四季度', '2026年']) expect(all).toContain(word);
  });

  it('sets the chart in the chart font without pdfkit failing to open a font', () => {
    expect(warn.mock.calls.map((c) => String(c[0]))).not.toContainEqual(expect.stringMatching(/font/iu));
  });

  it('puts the caption below the chart and the next paragraph after it', () => {
    const page = pdf.pages[0]?.lines ?? [];
    const title = page.find((l) => l.text === '基层工会经费审计进度');
    const caption = page.find((l) => l.text === '图1 基层工会经费审计进度' || l.text === '图1基层工会经费审计进度');
    const next = page.find((l) => l.text.startsWith('其后的一段正文'));
    expect(title && caption && next).toBeTruthy();
    expect((title?.y ?? 0) - (caption?.y ?? 0)).toBeGreaterThan(figure.heightPt * 0.8);
    expect(caption?.y ?? 0).toBeGreaterThan(next?.y ?? 0);
  });
});

describe('the chart font', () => {
  it('is the body’s, or the first role’s font that is not a face of a TTC collection', () => {
    const file = (face?: string) => ({ file: face ? { face } : {} });
    const base = { body: file(), heading1: file(), heading2: file(), heading3: file(), title: file(), pageNumber: file() };
    expect(figureFontRole(base)).toBe('body');
    expect(figureFontRole({ ...base, body: file('SimSun') })).toBe('heading2');
    expect(figureFontRole({ body: file('a'), heading1: file('b'), heading2: file('c'), heading3: file('d'), title: file(), pageNumber: file('e') })).toBe(
      'title',
    );
  });

  it('sets a caption’s characters the body font lacks in the fallback font', async () => {
    const path = join(ROOT, 'test/fixtures/fonts/serif.ttf');
    const small = { path, data: readFileSync(path), family: 'Noto Serif SC' };
    const all = resolvePdfFonts(doc.fonts, {}, EXAMPLE_INPUTS, 'report.md', { ...processFontEnv(), folders: [] }).fonts;
    const fonts = Object.fromEntries(Object.entries(all).map(([role, served]) => [role, { ...served, file: small }])) as unknown as PdfFonts;
    // the small font has neither 图 nor 桥 (a figure without text: no PNG to embed)
    const captioned: Document = {
      ...doc,
      blocks: [{ ...figure, svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', caption: '图1 桥梁覆盖' }],
    };
    const text = await readPdf(await renderPdf(captioned, fonts, [bundledChartFont()]));
    expect(text.pages.flatMap((p) => p.lines.map((l) => l.text.replace(/\s/gu, '')))).toContain('图1桥梁覆盖');
  });

  // a township's rare character: the PNG has it (drawn in the fallback font), svg-to-pdfkit would set the SVG's text in the chart font alone
  it('shows the chart’s PNG, not its SVG, when its text has a character the chart font lacks', () => {
    const small = openSharedFont(readFileSync(join(ROOT, 'test/fixtures/fonts/serif.ttf')), undefined).font;
    const noto = openSharedFont(bundledChartFont().data, undefined).font;
    const node: Figure = { ...figure, svg: '<svg width="10" height="10"><text>桥梁乡</text></svg>' };
    const shown = (font: OpenedFont) =>
      (figureContent(node, { family: FIGURE_FAMILY, font }, doc.layout, { text: '图1', font: 'f1' })[0] as { stack: Record<string, unknown>[] }).stack;
    expect(shown(noto).map((c) => Object.keys(c).filter((k) => k === 'svg' || k === 'image'))).toEqual([[], ['svg'], []]);
    expect(shown(small).map((c) => Object.keys(c).filter((k) => k === 'svg' || k === 'image'))).toEqual([['image'], []]);
    expect(shown(small)[0]?.image).toBe(`data:image/png;base64,${Buffer.from(figure.png).toString('base64')}`);
  });
});
