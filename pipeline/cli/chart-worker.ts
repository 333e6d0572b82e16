/**
 * Charts are drawn in a worker thread, like the PDF (pdf-worker.ts): loading vega, vega-lite
 * and resvg and reading the chart font happen while the main thread reads the ledgers, and the
 * charts the notice does not place are drawn while the main thread writes the DOCX.
 */
import { flushCompileCache } from 'node:module';
import { isMainThread, parentPort } from 'node:worker_threads';
import { FIGURE_FONT_ROLES } from '../render/pdf/figure.js';
import type { DrawnCharts, PreparedChart } from '../chart/index.js';
import type { FontSettings } from '../document/ast.js';
import { takeReadFontBytes, type FontBytes } from './font-bytes.js';
import { takeJobs } from './worker-gc.js';
import { crashText } from './workers.js';
import type { FontSearchEnv } from './font-search.js';

export interface ChartJob {
  id: number;
  charts: readonly PreparedChart[];
  /** the template's font settings: the chart font is the PDF body's */
  fonts: FontSettings | null;
  inputsDir: string;
  searchEnv: FontSearchEnv;
}

/** A job's charts, or why it crashed; with the font files the worker read (font-bytes.ts), for the workers to come. */
export type ChartJobResult = ({ id: number; drawn: DrawnCharts } | { id: number; crash: string }) & { fontBytes?: FontBytes[] };

const ready = (async () => {
  const [charts, render, fonts, measure] = await Promise.all([
    import('./charts.js'),
    import('../chart/render.js'),
    import('./font-search.js'),
    import('../fonts/measure.js'),
  ]);
  // The bundled chart font is read in the background while vega loads (an office font, when
  // there is one, is read when the charts are drawn).
  const fontRead = fonts.preloadBundledFonts([FIGURE_FONT_ROLES[0] ?? 'body']);
  await render.preloadChartModules();
  await fontRead;
  if (!isMainThread) {
    // While the main thread reads the ledgers: the chart font the default template would get,
    // found and opened (fonts/shared-fonts.ts; the document usually asks for the same).
    measure.fontMeasurer(charts.chartFontFor(null, '.', fonts.processFontEnv())).width('一', 1);
  }
  return charts;
})();

/** Finds the chart font and draws: the same steps, in a worker or in the main thread. */
export async function runChartJob(job: ChartJob): Promise<DrawnCharts> {
  const charts = await ready;
  return charts.drawInThisThread(job.inputsDir, job.searchEnv)(job.charts, job.fonts);
}

takeJobs<ChartJob>(parentPort, (job) =>
  runChartJob(job).then(
    (drawn) => {
      // What this worker compiled, to Node's compile cache (bin/tongbao.js), before the run ends it.
      if (!isMainThread) flushCompileCache();
      parentPort?.postMessage(
        { id: job.id, drawn, fontBytes: takeReadFontBytes() } satisfies ChartJobResult,
        drawn.images.map((i) => i.png.buffer as ArrayBuffer),
      );
    },
    (error: unknown) => parentPort?.postMessage({ id: job.id, crash: crashText(error), fontBytes: takeReadFontBytes() } satisfies ChartJobResult),
  ),
);
