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
import { fontMeasurer } from '../fonts/measure.js';
import { outlineText } from '../fonts/outline.js';
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

/** What a chart is drawn with: the font file (data for measuring, path for resvg) and its family name. */
export type ChartFont = Pick<FontFile, 'path' | 'data' | 'face' | 'family'>;

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

async function drawSvg(chart: PreparedChart, font: ChartFont): Promise<{ svg: string } | { error: string }> {
  const { vega, vegaLite } = await loadModules();
  const errors: string[] = [];
  const spec = { ...chart.spec, config: { ...((chart.spec.config as JsonObject | undefined) ?? {}), font: font.family } };
  let runtime;
  try {
    const compiled = vegaLite.compile(spec as unknown as Parameters<VegaLite['compile']>[0], { logger: collectingLogger(errors) as never });
    runtime = vega.parse(compiled.spec);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
  metrics.width = vegaTextWidth(fontMeasurer(font));
  vega.resetSVGDefIds();
  const view = new vega.View(runtime, { renderer: 'none', logger: collectingLogger(errors) as never });
  try {
    await view.runAsync();
    const svg = await view.toSVG();
    if (errors.length > 0) return { error: errors.join('; ') };
    return { svg };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    view.finalize();
  }
}

/**
 * The SVG as a PNG, its text drawn as the chart font's outlines (outline.ts); no system font is
 * ever loaded, so Chinese cannot fall back to boxes. Text the outliner did not recognise is
 * left to resvg with the chart font's file.
 */
export async function svgToPng(svg: string, font: ChartFont, scale = PNG_SCALE): Promise<Uint8Array> {
  const { resvg } = await loadModules();
  const outlined = outlineText(svg, fontMeasurer(font));
  const family = font.family;
  const image = await resvg.renderAsync(outlined, {
    font: outlined.includes('<text')
      ? { loadSystemFonts: false, fontFiles: [font.path], defaultFontFamily: family, serifFamily: family, sansSerifFamily: family }
      : { loadSystemFonts: false },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    logLevel: 'off',
  });
  // A copy in an ArrayBuffer of its own: resvg's Buffer is external memory, which Node 24
  // refuses to transfer to another thread (the chart worker posts its PNGs to the CLI).
  return new Uint8Array(image.asPng());
}

/** Draws one prepared chart: its SVG, then its PNG. */
export async function renderChart(chart: PreparedChart, font: ChartFont): Promise<{ image: ChartImage } | { diagnostic: Diagnostic }> {
  const drawn = (layoutQueue = layoutQueue.then(
    () => drawSvg(chart, font),
    () => drawSvg(chart, font),
  )) as Promise<Awaited<ReturnType<typeof drawSvg>>>;
  const result = await drawn;
  if ('error' in result) return { diagnostic: msg.chartFailed(chart.file, result.error) };
  const png = await svgToPng(result.svg, font);
  return { image: { name: chart.name, file: chart.file, svg: result.svg, png, ...svgSize(result.svg), title: titleOf(chart.spec) } };
}

/** Draws every chart (their PNGs rasterised in parallel); failures become diagnostics. */
export async function renderCharts(charts: readonly PreparedChart[], font: ChartFont): Promise<{ images: ChartImage[]; diagnostics: Diagnostic[] }> {
  const results = await Promise.all(charts.map((chart) => renderChart(chart, font)));
  const images: ChartImage[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const r of results) {
    if ('image' in r) images.push(r.image);
    else diagnostics.push(r.diagnostic);
  }
  return { images, diagnostics };
}
