/**
 * The shipped chart specs, drawn from the shipped example in the bundled font: their Chinese
 * text is in the SVG as text, every label fits the room vega gave it and stays on the canvas
 * (which needs the font-based text measuring: vega's own guess is 0.8 em a character), the
 * PNG decodes and shows the chart, and the same inputs give the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartDatasets } from '../../pipeline/chart/datasets.js';
import { outlineText } from '../../pipeline/fonts/outline.js';
import { plainGlyph } from '../../pipeline/fonts/measure.js';
import { prepareCharts, renderCharts, svgToPng, PNG_SCALE, type ChartFont, type ChartImage } from '../../pipeline/chart/render.js';
import { fontMeasurer, hasGlyph, type TextMeasurer } from '../../pipeline/fonts/measure.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { bundledChartFont, projectSpecs } from '../helpers/charts.js';
import { union, unionLedgerOf } from '../helpers/ledger.js';
import { ROOT, runExample } from '../helpers/example.js';
import { darkPixels, decodePng, hasPngSignature } from '../helpers/png.js';
import { overlaps, readSvgChart, type SvgChart, type SvgTextLine } from '../helpers/svg.js';

const font = bundledChartFont();
/** Noto Serif SC cut down to a few dozen characters (test/fixtures/fonts/make-fonts.py): no 桥, 梁, 乡. */
const SMALL_FONT = join(ROOT, 'test/fixtures/fonts/serif.ttf');
let measurer: TextMeasurer;
let charts: Map<string, ChartImage>;
let datasets: ReturnType<typeof chartDatasets>;

beforeAll(async () => {
  const result = await runExample();
  if (!result.ledger || !result.stats) throw new Error('the example has errors');
  datasets = chartDatasets(result.ledger, result.stats);
  const prepared = prepareCharts(projectSpecs(), datasets);
  expect(prepared.diagnostics).toEqual([]);
  const drawn = await renderCharts(prepared.charts, font);
  expect(drawn.diagnostics).toEqual([]);
  charts = new Map(drawn.images.map((c) => [c.name, c]));
  measurer = fontMeasurer(font);
}, 60_000);

const chart = (name: string): ChartImage => charts.get(name) as ChartImage;
const read = (name: string): SvgChart => readSvgChart(chart(name).svg, measurer);
const texts = (svg: SvgChart, role: string): string[] => svg.lines.filter((l) => l.role === role).map((l) => l.text);
/** The labels of the axis that has the label `one`, in order, as lines `line` of each. */
const axisOf = (svg: SvgChart, one: string, line = 0): string[] => {
  const group = svg.lines.find((l) => l.role === 'axis-label' && l.text === one)?.group;
  return svg.lines.filter((l) => l.role === 'axis-label' && l.group === group && l.line === line).map((l) => l.text);
};

const NAMES = ['audit-coverage', 'coverage-by-township', 'status-by-category'];

describe('the shipped chart specs', () => {
  it('are the three charts, each drawn', () => {
    expect(projectSpecs().map((s) => s.name)).toEqual(NAMES);
    expect([...charts.keys()].sort()).toEqual(NAMES);
  });

  it('status-by-category: title, a label per category (its 简称) in ledger order, the axis title and the statuses, as text', () => {
    const svg = read('status-by-category');
    expect(texts(svg, 'title-text')).toEqual(['巡察反馈问题整改情况']);
    expect(texts(svg, 'title-subtitle')).toEqual(['按反馈问题类别统计']);
    expect(axisOf(svg, '理论学习')).toEqual([
      '理论学习',
      '意识形态',
      '基层建会',
      '乡镇阵地',
      '技能培训',
      '铺张浪费',
      '作风建设',
      '纪检监督',
      '财务管理',
      '党建制度',
      '制度建设',
      '临聘人员',
      '劳动争议',
      '经审整改',
    ]);
    expect(texts(svg, 'axis-title')).toEqual(['问题数（个）']);
    expect(texts(svg, 'legend-label')).toEqual(['已完成', '阶段性完成', '未完成']);
    // the total and the completion rate at the end of each bar: 基层建会 has 4 (1 completed, 3 staged)
    expect(texts(svg, 'mark')).toEqual(
      ['2', '9', '4', '4', '2', '1', '1', '1', '7', '4', '3', '1', '1', '4'].map((n, i) => `${n}（完成率${i === 2 ? '25%' : i === 3 ? '50%' : '100%'}）`),
    );
  });

  it('audit-coverage: quarters in two lines (the year under each first quarter), the full-coverage line, the target and the as-of date', () => {
    const svg = read('audit-coverage');
    expect(texts(svg, 'title-text')).toEqual(['基层工会经费审计进度']);
    expect(axisOf(svg, '四季度')).toEqual(['四季度', '一季度', '二季度', '三季度', '四季度', '一季度', '二季度', '三季度', '四季度', '一季度', '二季度']);
    expect(axisOf(svg, '四季度', 1).filter((t) => t !== '')).toEqual(['2024年', '2025年', '2026年', '2027年']);
    const all = svg.lines.map((l) => l.text);
    expect(all).toEqual(expect.arrayContaining(['全覆盖：60家', '目标：2027年5月31日前全覆盖', '统计截至2025年5月30日', '计划审计（累计）', '已审计（累计）']));
  });

  it('coverage-by-township: a label per township, the coverage of each, the axis title', () => {
    const svg = read('coverage-by-township');
    expect(texts(svg, 'title-text')).toEqual(['基层工会审计覆盖情况']);
    expect(axisOf(svg, '双江镇')).toEqual(['双江镇', '县溪镇', '播阳镇', '牙屯堡镇', '菁芜洲镇', '溪口镇', '陇城镇', '独坡镇', '坪坦乡', '大高坪苗族乡']);
    expect(texts(svg, 'axis-title')).toEqual(['基层工会（家）']);
    expect(svg.lines.filter((l) => l.text === '审计覆盖率0%')).toHaveLength(10);
    expect(texts(svg, 'legend-label')).toEqual(['已审计', '已财务检查、未审计', '未检查、未审计']);
  });

  describe.each(NAMES)('%s', (name) => {
    it('keeps every line of text on the canvas', () => {
      const svg = read(name);
      expect(svg.lines.length).toBeGreaterThan(10);
      for (const l of svg.lines) {
        expect.soft(l.box.x0, `${l.text} (left)`).toBeGreaterThanOrEqual(-0.5);
        expect.soft(l.box.y0, `${l.text} (top)`).toBeGreaterThanOrEqual(-0.5);
        expect.soft(l.box.x1, `${l.text} (right)`).toBeLessThanOrEqual(svg.width + 0.5);
        expect.soft(l.box.y1, `${l.text} (bottom)`).toBeLessThanOrEqual(svg.height + 0.5);
      }
    });

    it('lets no two texts overlap', () => {
      const lines = read(name).lines.filter((l) => l.text !== '');
      const clashes: string[] = [];
      for (let i = 0; i < lines.length; i++) {
        for (let j = i + 1; j < lines.length; j++) {
          const a = lines[i] as SvgTextLine;
          const b = lines[j] as SvgTextLine;
          if (a.element !== b.element && overlaps(a.box, b.box)) clashes.push(`${a.text} × ${b.text}`);
        }
      }
      expect(clashes).toEqual([]);
    });

    it('fits each band-axis label in its band: a label is no wider (x axis) or taller (y axis) than the step between labels', () => {
      const labels = read(name).lines.filter((l) => l.role === 'axis-label' && l.text !== '');
      const byAxis = new Map<string, SvgTextLine[]>();
      for (const l of labels) byAxis.set(`${l.group}/${l.line}`, [...(byAxis.get(`${l.group}/${l.line}`) ?? []), l]);
      let checked = 0;
      for (const axis of byAxis.values()) {
        if (axis.length < 3) continue;
        const centresX = axis.map((l) => (l.box.x0 + l.box.x1) / 2);
        const centresY = axis.map((l) => (l.box.y0 + l.box.y1) / 2);
        const horizontal = Math.max(...centresX) - Math.min(...centresX) > Math.max(...centresY) - Math.min(...centresY);
        const centres = horizontal ? centresX : centresY;
        const steps = centres.slice(1).map((c, i) => Math.abs(c - (centres[i] as number)));
        const step = Math.min(...steps);
        // quantitative axes have as much room as vega leaves between ticks: the same check holds
        for (const l of axis) {
          const extent = horizontal ? l.box.x1 - l.box.x0 : l.box.y1 - l.box.y0;
          expect.soft(extent, `${l.text} in a step of ${step.toFixed(1)}`).toBeLessThanOrEqual(step);
        }
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(2);
    });

    it('has a glyph in the chart font for every character of its text (no boxes)', () => {
      const glyphId = (c: string) => plainGlyph(measurer.face, c.codePointAt(0) as number).id;
      const missing = read(name)
        .lines.flatMap((l) => [...l.text])
        .filter((c) => glyphId(c) === 0);
      expect(missing).toEqual([]);
    });

    it('writes a PNG of the SVG three times its size, with the chart drawn on it', () => {
      const image = chart(name);
      expect(hasPngSignature(image.png)).toBe(true);
      const png = decodePng(image.png);
      expect(png.width).toBe(Math.round(image.width * PNG_SCALE));
      expect(png.height).toBe(Math.round(image.height * PNG_SCALE));
      // the title's characters are drawn where the SVG puts them
      const title = read(name).lines.find((l) => l.role === 'title-text') as SvgTextLine;
      const box = { x0: title.box.x0 * PNG_SCALE, y0: title.box.y0 * PNG_SCALE, x1: title.box.x1 * PNG_SCALE, y1: title.box.y1 * PNG_SCALE };
      expect(darkPixels(png, box)).toBeGreaterThan(((box.x1 - box.x0) * (box.y1 - box.y0)) / 20);
      // and nothing dark above it
      expect(darkPixels(png, { x0: 0, y0: 0, x1: png.width, y1: Math.max(0, box.y0 - 6) })).toBe(0);
    });
  });
});

describe('drawing', () => {
  it('gives the same SVG and PNG bytes for the same inputs', async () => {
    const again = await renderCharts(prepareCharts(projectSpecs(), datasets).charts, font);
    for (const image of again.images) {
      expect(image.svg, image.name).toBe(chart(image.name).svg);
      expect(Buffer.from(image.png).equals(Buffer.from(chart(image.name).png)), image.name).toBe(true);
    }
  });

  // The chart worker transfers its PNGs to the CLI's thread: a PNG in memory Node cannot
  // transfer (resvg's external Buffer) made the worker crash and the CLI draw every chart again.
  it('gives PNGs whose memory can be transferred to another thread', () => {
    for (const image of charts.values()) {
      const copy = structuredClone(image.png, { transfer: [image.png.buffer as ArrayBuffer] });
      expect(hasPngSignature(copy), image.name).toBe(true);
      charts.set(image.name, { ...image, png: copy });
    }
  });

  it('hands resvg outlines, not text: no font is needed to rasterise', async () => {
    const outlined = outlineText(chart('status-by-category').svg, measurer);
    expect(outlined).not.toContain('<text');
    expect(outlined).not.toContain('font-family');
    expect((outlined.match(/<path transform="matrix\([^"]+\)" d="M/g) ?? []).length).toBeGreaterThan(20);
    // one path per character, scaled from font units and flipped, at the pen position
    const em = measurer.face.unitsPerEm;
    const one = outlineText('<text text-anchor="middle" transform="translate(10,20)" font-size="10" fill="#000">大小</text>', measurer);
    const width = measurer.width('大小', 10);
    const scale = 10 / em;
    expect(one).toBe(
      `<g transform="translate(10,20)" fill="#000">` +
        `<path transform="matrix(${scale} 0 0 ${-scale} ${-width / 2} 0)" d="${measurer.face.getGlyph(plainGlyph(measurer.face, 0x5927).id).path.toSVG()}"/>` +
        `<path transform="matrix(${scale} 0 0 ${-scale} ${-width / 2 + measurer.advance('大') * 10} 0)" d="${measurer.face.getGlyph(plainGlyph(measurer.face, 0x5c0f).id).path.toSVG()}"/>` +
        '</g>',
    );
    expect(hasPngSignature(await svgToPng(chart('status-by-category').svg, font, 1))).toBe(true);
  });

  it('draws a union ledger without any dates: the as-of date’s quarter, nothing planned or done', async () => {
    const ledger = unionLedgerOf([union('甲'), union('乙', {}, { township: '乙乡' })]);
    const prepared = prepareCharts(projectSpecs(), chartDatasets(ledger, computeStats(ledger, '2025-12-31' as IsoDate)));
    expect(prepared.diagnostics.map((d) => d.rule)).toEqual(['chart-ledger-missing']);
    const drawn = await renderCharts(prepared.charts, font);
    expect(drawn.diagnostics).toEqual([]);
    const svg = readSvgChart(drawn.images[0]?.svg as string, measurer);
    expect(svg.lines.filter((l) => l.role === 'axis-label').map((l) => l.text)).toEqual(expect.arrayContaining(['四季度', '2025年']));
    expect(svg.lines.map((l) => l.text)).toContain('全覆盖：2家');
  });

  // A township's name with a character the chart font lacks (the template's 仿宋_GB2312 has no
  // rare characters): drawn in the fallback font, as the PDF draws it; one no font has is reported.
  it('draws a character the chart font lacks in the fallback font, and reports one that no font has', async () => {
    const small: ChartFont = { path: SMALL_FONT, data: readFileSync(SMALL_FONT), family: '仿宋_GB2312' };
    const withFallback: ChartFont = { ...small, fallbacks: [font] };
    const ledger = unionLedgerOf([union('甲', {}, { township: '通道县' }), union('乙', {}, { township: '桥梁乡𠀀' })]);
    const prepared = prepareCharts(
      projectSpecs().filter((s) => s.name === 'coverage-by-township'),
      chartDatasets(ledger, computeStats(ledger, '2025-12-31' as IsoDate)),
    );
    const drawn = await renderCharts(prepared.charts, withFallback);
    expect(drawn.diagnostics).toEqual([]);
    // 桥, 梁, 乡 (and the title's 基, 覆, 盖…) are Noto Serif SC's; 𠀀 (U+20000) is no font's
    expect(drawn.missing).toEqual([{ char: '𠀀', chart: 'coverage-by-township', file: 'charts/coverage-by-township.vl.json', font: '仿宋_GB2312' }]);
    const svg = drawn.images[0]?.svg as string;
    // the SVG keeps its text, and names both fonts (a viewer draws the borrowed characters too)
    expect(svg).toContain('>桥梁乡𠀀</text>');
    expect(svg).toContain(`font-family="'仿宋_GB2312', 'Noto Serif SC'"`);
    // the PNG's outlines: 桥 is Noto Serif SC's glyph, measured at its own advance (a full em)
    const mixed = fontMeasurer(small, [font]);
    const noto = fontMeasurer(font);
    expect(mixed.faceOf('桥')).toBe(noto.face);
    expect(mixed.faceOf('通')).toBe(fontMeasurer(small).face);
    expect(mixed.width('桥梁乡', 11)).toBeCloseTo(33, 0);
    expect(outlineText(svg, mixed)).toContain(`d="${noto.face.getGlyph(plainGlyph(noto.face, 0x6865).id).path.toSVG()}"`);
    // without the fallback, the small font's box (its glyph 0) would stand in for each
    expect([...'桥梁乡'].map((c) => hasGlyph(fontMeasurer(small).face, c))).toEqual([false, false, false]);
  });

  it('measures Chinese a full em wide, where vega without canvas guesses 0.8 em', () => {
    expect(measurer.width('大高坪苗族乡', 11)).toBeCloseTo(66, 0);
    expect(measurer.width('2025', 10)).toBeLessThan(4 * 10 * 0.8);
  });
});
