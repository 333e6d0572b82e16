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
import type { ChartCatalog } from '../compose/figure.js';
import type { NoticeSettings } from '../compose/settings.js';
import type { Ledger } from '../ledger/schema.js';
import * as msg from '../messages.js';
import type { Stats } from '../stats/index.js';
import { chartDatasets } from './datasets.js';
import { prepareCharts, renderCharts, type ChartFont, type ChartImage, type PreparedChart } from './render.js';
import type { ChartSpecSource } from './specs.js';

export type { ChartFont, ChartImage, ChartSpecSource, PreparedChart };

export interface DrawnCharts {
  /** the charts drawn, in the order given */
  images: ChartImage[];
  /** why a chart could not be drawn */
  diagnostics: Diagnostic[];
}

/**
 * Draws prepared charts in the chart font for the template's settings (the PDF body's font).
 * The CLI gives one that draws in a worker thread; `drawWith` draws in this one.
 */
export type ChartDrawer = (charts: readonly PreparedChart[], settings: NoticeSettings | null) => Promise<DrawnCharts>;

export interface ChartInput {
  /** the spec files of the charts folder, in name order */
  specs: readonly ChartSpecSource[];
  /** null: check the specs, draw nothing (`check`) */
  draw: ChartDrawer | null;
}

export interface ChartRun {
  /** what compose may place: every spec's name, the charts drawn so far (null for `check`) */
  catalog: ChartCatalog;
  /** the specs' diagnostics, and those of drawing the placed charts */
  diagnostics: Diagnostic[];
  /** draws the charts not drawn yet; resolves to all of them (nothing for `check`) */
  drawRest: () => Promise<DrawnCharts>;
}

export const NO_CHARTS: DrawnCharts = { images: [], diagnostics: [] };

/** A drawer in this thread, in the font `font` gives (asked once); an exception becomes a diagnostic on the charts, never a crash. */
export function drawWith(font: (settings: NoticeSettings | null) => ChartFont): ChartDrawer {
  let known: ChartFont | null = null;
  return async (charts, settings) => {
    if (charts.length === 0) return NO_CHARTS;
    try {
      return await renderCharts(charts, (known ??= font(settings)));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { images: [], diagnostics: charts.map((c) => msg.chartFailed(c.file, detail)) };
    }
  };
}

/** `placed`: the names of the charts the document places (drawn now). */
export async function runCharts(
  input: ChartInput,
  ledger: Ledger,
  stats: Stats,
  settings: NoticeSettings | null,
  placed: readonly string[] = [],
): Promise<ChartRun> {
  const names = input.specs.map((s) => s.name);
  const prepared = prepareCharts(input.specs, chartDatasets(ledger, stats));
  const draw = input.draw;
  if (!draw) return { catalog: { names, images: null }, diagnostics: prepared.diagnostics, drawRest: async () => NO_CHARTS };
  const now = prepared.charts.filter((c) => placed.includes(c.name));
  const first = now.length > 0 ? await draw(now, settings) : NO_CHARTS;
  const order = (images: ChartImage[]) => [...images].sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  return {
    catalog: { names, images: new Map(first.images.map((image) => [image.name, image])) },
    diagnostics: [...prepared.diagnostics, ...first.diagnostics],
    drawRest: async () => {
      // Handed to the drawer at once: a worker draws them while this thread writes the DOCX.
      const later = prepared.charts.filter((c) => !placed.includes(c.name));
      const rest = later.length > 0 ? await draw(later, settings) : NO_CHARTS;
      return { images: order([...first.images, ...rest.images]), diagnostics: rest.diagnostics };
    },
  };
}
