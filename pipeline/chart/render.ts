/**
 * Chart specs → SVG and PNG, in Node, without the `canvas` package:
 *
 *   1. parse and bind  — specs.ts: the spec's named datasets get the pipeline's rows
 *   2. font            — the spec's text is set in the chart font (`config.font`), the same
 *                        file the PDF's body is set in (see render/pdf/figure-font.ts)
 *   3. compile         — vega-lite → vega
 *   4. lay out, SVG    — a headless vega View (renderer 'none') lays the marks out, measuring
 *                        text with the font's own advance widths (text-metrics.ts, fonts/measure.ts), and writes SVG
 *   5. PNG             — resvg rasterises the SVG, its text drawn as the outlines of that font
 *                        (outline.ts) and no system font loaded, so Chinese never falls back to
 *                        boxes and the PNG matches the SVG
 *
 * The same spec, rows and font give the same SVG bytes: vega's ids for clip paths and
 * gradients are reset before each chart, and nothing reads the clock.
 *
 * vega, vega-lite and resvg load here, on first use: `check` never loads them.
 */
import type { Diagnostic } from '../diagnostics.js';
import * as msg from '../messages.js';
import { fontMeasurer, hasGlyph, type TextMeasurer } from '../fonts/measure.js';
import { outlineText, svgTextLines } from '../fonts/outline.js';
import type { FontFile } from '../fonts/types.js';
import type { Datasets } from './datasets.js';
import { bindDatasets, parseChartSpec, type ChartSpecSource, type JsonObject } from './specs.js';
import { vegaTextWidth } from './text-metrics.js';
import { loadVegaBuilds } from './vega-fast.js';

/** PNG pixels per SVG unit: a chart as wide as the notice's text (≈ 442 pt) prints at ≈ 216 dpi. */
export const PNG_SCALE = 3;

export interface ChartImage {
  name: string;
  /** the spec file as staff see it, e.g. `charts/audit-coverage.vl.json` */
  file: string;
  svg: string;
  png: Uint8Array;
  /** the SVG's size in its own units (px); a figure prints one unit as one point */
  width: number;
  height: number;
  /** the chart's title, when the spec gives one as text */
  title: string | null;
}

/** A font file a chart is drawn with: its data for measuring and outlines, its path for resvg, its family name. */
export type ChartFontFile = Pick<FontFile, 'path' | 'data' | 'face' | 'family'>;

/**
 * What a chart is drawn with: the chart font and, in order, the fonts that draw a character it
 * lacks (the CLI gives the bundled Noto Serif SC, as the PDF's fallback), so a rare character
 * of a township's name is drawn, not lost.
 */
export type ChartFont = ChartFontFile & { fallbacks?: readonly ChartFontFile[] };

/** A character of a chart that no font has: it prints as nothing (the CLI warns about it). */
export interface MissingChartCharacter {
  char: string;
  /** the chart's name (its outputs are charts/<name>.svg and .png) and spec file, e.g. `charts/coverage-by-township.vl.json` */
  chart: string;
  file: string;
  /** the chart font's family */
  font: string;
}

/** The measurer of the chart font with its fallbacks: vega's layout, the outlines and the check agree. */
const chartMeasurer = (font: ChartFont): TextMeasurer => fontMeasurer(font, font.fallbacks ?? []);

/**
 * The chart's `font-family`: the chart font's, followed by its fallbacks' when the spec (its
 * bound data included) has a character the chart font lacks and a fallback has, so an SVG
 * viewer draws it as the PNG does; otherwise the chart font alone, as before.
 */
function fontFamilies(spec: JsonObject, font: ChartFont, measurer: TextMeasurer): string {
  const fallbacks = font.fallbacks ?? [];
  if (fallbacks.length === 0) return font.family;
  const borrows = [...new Set(JSON.stringify(spec))].some((char) => measurer.faceOf(char) !== measurer.face);
  return borrows ? [font, ...fallbacks].map((f) => `'${f.family}'`).join(', ') : font.family;
}

/** The characters of the SVG's text that no font of the chart has (whitespace aside), once each. */
function missingCharacters(svg: string, measurer: TextMeasurer): string[] {
  const missing = new Set<string>();
  for (const line of svgTextLines(svg)) {
    for (const char of line) if (!/\s/u.test(char) && !hasGlyph(measurer.faceOf(char), char)) missing.add(char);
  }
  return [...missing];
}

export interface PreparedChart {
  name: string;
  file: string;
  /** the spec with its datasets bound */
  spec: JsonObject;
}

/**
 * Parses every spec and binds its datasets; a spec whose ledger is absent is left out with a
 * warning. Cheap (no vega): `check` runs this to report broken specs.
 */
export function prepareCharts(sources: readonly ChartSpecSource[], datasets: Datasets): { charts: PreparedChart[]; diagnostics: Diagnostic[] } {
  const charts: PreparedChart[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    const parsed = parseChartSpec(source);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.spec) continue;
    const bound = bindDatasets(parsed.spec, datasets);
    diagnostics.push(...bound.diagnostics);
    if (bound.spec) charts.push({ name: source.name, file: source.file, spec: bound.spec });
  }
  return { charts, diagnostics };
}

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
type Resvg = typeof import('@resvg/resvg-js');

let modules: Promise<{ vega: Vega; vegaLite: VegaLite; resvg: Resvg }> | null = null;

/**
 * vega and vega-lite from their single-file builds (vega-fast.ts), resvg-js as CommonJS (its
 * exports arrive as the default export). Loaded together, on first use.
 */
function loadModules() {
  modules ??= Promise.all([loadVegaBuilds(), import('@resvg/resvg-js')]).then(([{ vega, vegaLite }, resvg]) => ({
    vega,
    vegaLite,
    resvg: ((resvg as { default?: Resvg }).default ?? resvg) as Resvg,
  }));
  return modules;
}

/** Loads vega, vega-lite and resvg ahead of need (the chart worker does, while the ledgers are read). */
export async function preloadChartModules(): Promise<void> {
  await loadModules();
}

/** Messages vega and vega-lite would print to the console, collected instead. */
function collectingLogger(errors: string[]) {
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      errors.push(args.map(String).join(' '));
      return logger;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** The spec's title, when it is plain text (or lines of text). */
function titleOf(spec: JsonObject): string | null {
  const title = spec.title;
  const text = typeof title === 'object' && title !== null && !Array.isArray(title) ? (title as JsonObject).text : title;
  if (typeof text === 'string') return text;
  if (Array.isArray(text) && text.every((t) => typeof t === 'string')) return text.join('');
  return null;
}

function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/u.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/u.exec(root)?.[1] ?? 0);
  const height = Number(/\sheight="([\d.]+)"/u.exec(root)?.[1] ?? 0);
  return { width, height };
}

// vega's text measuring is one module-wide setting: lay out one chart at a time.
let layoutQueue: Promise<unknown> = Promise.resolve();

/**
 * The largest chart drawn, in SVG units (points when placed): the notice's text is 442 wide and
 * the shipped charts about 450; five times that, so a size typo (30000 for 300) is an error,
 * not a PNG that takes all memory.
 */
export const MAX_CHART_SIZE = 2400;

/** Why a chart could not be drawn, other than vega's own errors. */
type Refusal = { refused: 'resource'; uri: string } | { refused: 'size'; width: number; height: number } | { refused: 'image' };

/**
 * A chart reads only the datasets tongbao binds into its spec: vega gets a loader that refuses
 * every URL and file (a spec in a shared workspace could otherwise send ledger data over the
 * network, pull remote content into the published chart, or draw a local file).
 */
function refusingLoader(refusals: Refusal[]) {
  const refuse = (uri: unknown) => {
    refusals.push({ refused: 'resource', uri: String(uri) });
    return Promise.reject(new Error(`tongbao: no URL or file may be loaded (${String(uri)})`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/** A width or height the spec gives over the cap. */
function declaredSize(spec: JsonObject): { width: number; height: number } | null {
  const width = typeof spec.width === 'number' ? spec.width : 0;
  const height = typeof spec.height === 'number' ? spec.height : 0;
  return width > MAX_CHART_SIZE || height > MAX_CHART_SIZE ? { width, height } : null;
}

async function drawSvg(chart: PreparedChart, font: ChartFont): Promise<{ svg: string } | { error: string } | Refusal> {
  const declared = declaredSize(chart.spec);
  if (declared) return { refused: 'size', ...declared };
  const { vega, vegaLite } = await loadModules();
  const errors: string[] = [];
  const refusals: Refusal[] = [];
  const measurer = chartMeasurer(font);
  const family = fontFamilies(chart.spec, font, measurer);
  const spec = { ...chart.spec, config: { ...((chart.spec.config as JsonObject | undefined) ?? {}), font: family } };
  let runtime: ReturnType<Vega['parse']>;
  try {
    const compiled = vegaLite.compile(spec as unknown as Parameters<VegaLite['compile']>[0], { logger: collectingLogger(errors) as never });
    runtime = vega.parse(compiled.spec);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
  metrics.width = vegaTextWidth(measurer);
  vega.resetSVGDefIds();
  const view = new vega.View(runtime, { renderer: 'none', logger: collectingLogger(errors) as never, loader: refusingLoader(refusals) as never });
  try {
    await view.runAsync();
    const svg = await view.toSVG();
    if (refusals[0]) return refusals[0];
    if (errors.length > 0) return { error: errors.join('; ') };
    const size = svgSize(svg);
    if (size.width > MAX_CHART_SIZE || size.height > MAX_CHART_SIZE) return { refused: 'size', ...size };
    // (tongbao's charts have no images; with every URL refused an image could only be a file path for resvg)
    if (/<image\b/u.test(svg)) return { refused: 'image' };
    return { svg };
  } catch (error) {
    if (refusals[0]) return refusals[0];
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    view.finalize();
  }
}

/**
 * The SVG as a PNG, its text drawn as the outlines of the chart font and, for a character it
 * lacks, of the fallback that has it (outline.ts); no system font is ever loaded, so Chinese
 * cannot fall back to boxes. Text the outliner did not recognise is left to resvg with the
 * same font files.
 */
export async function svgToPng(svg: string, font: ChartFont, scale = PNG_SCALE): Promise<Uint8Array> {
  const { resvg } = await loadModules();
  const outlined = outlineText(svg, chartMeasurer(font));
  const family = font.family;
  const image = await resvg.renderAsync(outlined, {
    font: outlined.includes('<text')
      ? {
          loadSystemFonts: false,
          fontFiles: [font.path, ...(font.fallbacks ?? []).map((f) => f.path)],
          defaultFontFamily: family,
          serifFamily: family,
          sansSerifFamily: family,
        }
      : { loadSystemFonts: false },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    logLevel: 'off',
  });
  // A copy in an ArrayBuffer of its own: resvg's Buffer is external memory, which Node 24
  // refuses to transfer to another thread (the chart worker posts its PNGs to the CLI).
  return new Uint8Array(image.asPng());
}

/** Draws one prepared chart: its SVG, then its PNG; and the characters of its text no font has. */
export async function renderChart(
  chart: PreparedChart,
  font: ChartFont,
): Promise<{ image: ChartImage; missing: MissingChartCharacter[] } | { diagnostic: Diagnostic }> {
  const drawn = layoutQueue.then(
    () => drawSvg(chart, font),
    () => drawSvg(chart, font),
  );
  layoutQueue = drawn;
  const result = await drawn;
  if ('error' in result) return { diagnostic: msg.chartFailed(chart.file, result.error) };
  if ('refused' in result) {
    if (result.refused === 'resource') return { diagnostic: msg.chartLoadsResource(chart.file, result.uri) };
    if (result.refused === 'size') return { diagnostic: msg.chartTooLarge(chart.file, result.width, result.height, MAX_CHART_SIZE) };
    return { diagnostic: msg.chartHasImage(chart.file) };
  }
  const png = await svgToPng(result.svg, font);
  const missing = missingCharacters(result.svg, chartMeasurer(font)).map((char) => ({ char, chart: chart.name, file: chart.file, font: font.family }));
  return { image: { name: chart.name, file: chart.file, svg: result.svg, png, ...svgSize(result.svg), title: titleOf(chart.spec) }, missing };
}

/** Draws every chart (their PNGs rasterised in parallel); failures become diagnostics. */
export async function renderCharts(
  charts: readonly PreparedChart[],
  font: ChartFont,
): Promise<{ images: ChartImage[]; diagnostics: Diagnostic[]; missing: MissingChartCharacter[] }> {
  const results = await Promise.all(charts.map((chart) => renderChart(chart, font)));
  const images: ChartImage[] = [];
  const diagnostics: Diagnostic[] = [];
  const missing: MissingChartCharacter[] = [];
  for (const r of results) {
    if ('image' in r) {
      images.push(r.image);
      missing.push(...r.missing);
    } else diagnostics.push(r.diagnostic);
  }
  return { images, diagnostics, missing };
}
