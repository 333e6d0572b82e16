/**
 * The chart phase, between the figures and compose: the pipeline's datasets (datasets.ts) are
 * bound to the chart specs the CLI read (specs.ts) and, for `build`, drawn as SVG and PNG
 * (render.ts); compose can then place them (`::: 图表`, compose/figure.ts) and the CLI writes
 * them all to outputs/charts/.
 *
 * Two stages, so that drawing costs a build little time: the charts the document places are
 * drawn before compose, which needs them; the others only once the run has succeeded
 * (`drawRest`), so the CLI can draw them while the PDF worker renders the document. A spec
 * that does not parse or names an unknown dataset is an error of the run, found before
 * anything is drawn; one that vega cannot draw is an error when it is drawn.
 *
 * `check` only parses and binds, and never loads vega.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { FontSettings } from '../document/ast.js';
import type { Ledger } from '../ledger/schema.js';
import * as msg from '../messages.js';
import type { Stats } from '../stats/index.js';
import { chartDatasets, type DatasetOptions } from './datasets.js';
import { prepareCharts, renderCharts, type ChartFont, type ChartImage, type MissingChartCharacter, type PreparedChart } from './render.js';
import type { ChartSpecSource } from './specs.js';

export type { ChartFont, ChartImage, ChartSpecSource, MissingChartCharacter, PreparedChart };

export interface DrawnCharts {
  /** the charts drawn, in the order given */
  images: ChartImage[];
  /** why a chart could not be drawn */
  diagnostics: Diagnostic[];
  /** the characters of the charts drawn that no font has (the CLI warns about each, at its ledger cell) */
  missing: MissingChartCharacter[];
}

/**
 * Draws prepared charts in the chart font for the template's font settings (the PDF body's
 * font). The CLI gives one that draws in a worker thread; `drawWith` draws in this one.
 */
export type ChartDrawer = (charts: readonly PreparedChart[], fonts: FontSettings | null) => Promise<DrawnCharts>;

export interface ChartInput {
  /** the spec files of the charts folder, in name order */
  specs: readonly ChartSpecSource[];
  /** null: check the specs, draw nothing (`check`) */
  draw: ChartDrawer | null;
}

/** The charts a template may place. */
export interface ChartCatalog {
  /** every chart spec's name, drawn or not */
  names: readonly string[];
  /** the drawn charts by name; null when nothing is drawn (`check`) */
  images: ReadonlyMap<string, ChartImage> | null;
}

/** The chart phase's result: plain data, handed back with the run. */
export interface ChartRun {
  /** what compose may place: every spec's name, the charts drawn so far (null for `check`) */
  catalog: ChartCatalog;
  /** the specs' diagnostics, and those of drawing the placed charts */
  diagnostics: Diagnostic[];
  /** the charts the document places, drawn */
  drawn: ChartImage[];
  /** the characters of those charts that no font has */
  missing: MissingChartCharacter[];
  /** the charts not drawn yet (none for `check`): the CLI draws them while it writes the documents */
  toDraw: PreparedChart[];
}

export const NO_CHARTS: DrawnCharts = { images: [], diagnostics: [], missing: [] };

/** No charts at all: a run without specs, or one that stopped before its chart phase. */
export const NO_CHART_RUN: ChartRun = { catalog: { names: [], images: null }, diagnostics: [], drawn: [], missing: [], toDraw: [] };

/** A drawer in this thread, in the font `font` gives (asked once); an exception becomes a diagnostic on the charts, never a crash. */
export function drawWith(font: (fonts: FontSettings | null) => ChartFont): ChartDrawer {
  let known: ChartFont | null = null;
  return async (charts, fonts) => {
    if (charts.length === 0) return NO_CHARTS;
    try {
      known ??= font(fonts);
      return await renderCharts(charts, known);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { images: [], diagnostics: charts.map((c) => msg.chartFailed(c.file, detail)), missing: [] };
    }
  };
}

/**
 * Binds the specs to the run's datasets and draws the charts the document places (`placed`,
 * by name), which compose needs; the others are left in `toDraw`.
 */
export async function runCharts(
  input: ChartInput,
  ledger: Ledger,
  stats: Stats,
  fonts: FontSettings | null,
  placed: readonly string[] = [],
  options: DatasetOptions = {},
): Promise<ChartRun> {
  const names = input.specs.map((s) => s.name);
  const prepared = prepareCharts(input.specs, chartDatasets(ledger, stats, options));
  if (!input.draw) return { catalog: { names, images: null }, diagnostics: prepared.diagnostics, drawn: [], missing: [], toDraw: [] };
  const now = prepared.charts.filter((c) => placed.includes(c.name));
  const first = now.length > 0 ? await input.draw(now, fonts) : NO_CHARTS;
  return {
    catalog: { names, images: new Map(first.images.map((image) => [image.name, image])) },
    diagnostics: [...prepared.diagnostics, ...first.diagnostics],
    drawn: first.images,
    missing: first.missing,
    toDraw: prepared.charts.filter((c) => !placed.includes(c.name)),
  };
}

/** Every chart of the run, once the rest are drawn: the placed ones and the rest, in the specs' order. */
export function allCharts(run: ChartRun, rest: DrawnCharts): DrawnCharts {
  const order = run.catalog.names;
  const images = [...run.drawn, ...rest.images].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return { images, diagnostics: rest.diagnostics, missing: [...run.missing, ...rest.missing] };
}
