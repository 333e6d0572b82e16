/**
 * The workers a long-running command (`watch`, `serve`) keeps between builds: the PDF worker
 * (pdfmake and the fonts) and the chart worker (vega, resvg, the chart font), loaded once, so
 * that a build does not wait for them. A worker that died is replaced at the next build.
 *
 * Why not new workers per build: each new thread's native memory (its V8 heap, glibc's
 * per-thread arenas) is not all given back when it ends, so watch's resident memory crept up
 * save after save (issue 13: +17–46% from rebuild 5 to 50, scripts/bench-watch.mjs).
 *
 * Their young generation is kept small (`maxYoungGenerationSizeMb`). With V8's defaults a worker
 * that renders again and again grows its heap and keeps it: the server's resident memory went
 * from about 400 MB after 5 builds of the example to 560–730 MB after 25–40, with the main
 * thread's heap flat; fresh workers every 10 builds did not help (a finished worker's memory is
 * not all given back). With the young generation at 8 MB it stays within a few tens of MB over
 * 40 builds (scripts/bench-serve.mjs). The old generation is not limited, so a big ledger is
 * rendered as before.
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { DrawnCharts } from '../chart/index.js';
import type { WarmRunners } from '../cli.js';
import { type ChartDrawing, startChartDrawer } from './chart-runner.js';
import type { FontSearchEnv } from './font-search.js';
import { warmPdfRunner } from './pdf-runner.js';
import { restarting } from './workers.js';

export const WARM_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 8 };

/** How many drawings a drawer remembers (a build asks twice: the charts the notice places, then the rest). */
const REMEMBERED = 4;

/**
 * A drawer that gives back charts it drew lately when asked for the very same charts again (the
 * same specs, data and fonts: drawing is a pure function of them), as when only the prose or a
 * date of the notice changed; the chart worker then leaves the CPU to the PDF.
 */
export function rememberingDrawer(drawing: ChartDrawing): ChartDrawing {
  const remembered = new Map<string, Promise<DrawnCharts>>();
  return {
    draw: (charts, fonts) => {
      const key = JSON.stringify([charts, fonts]);
      const known = remembered.get(key);
      if (known) return known;
      const drawn = drawing.draw(charts, fonts);
      remembered.set(key, drawn);
      while (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value as string);
      // A drawing that failed is not kept.
      drawn.then(
        (d) => {
          if (d.diagnostics.length > 0) remembered.delete(key);
        },
        () => remembered.delete(key),
      );
      return drawn;
    },
    close: () => drawing.close(),
    collect: () => drawing.collect(),
  };
}

/** A chart drawer whose worker, when it has died, is started again at the next drawing. */
export function warmChartDrawer(start: (onExit: () => void) => ChartDrawing): ChartDrawing {
  const kept = restarting(start);
  return { draw: (charts, fonts) => kept.current().draw(charts, fonts), close: () => kept.close(), collect: () => kept.existing()?.collect() };
}

export class WarmWorkers implements WarmRunners {
  readonly pdf: ReturnType<typeof warmPdfRunner>;
  readonly charts: ChartDrawing;

  constructor(inputsDir: string, searchEnv: FontSearchEnv) {
    this.pdf = warmPdfRunner(WARM_WORKER_LIMITS);
    this.charts = rememberingDrawer(warmChartDrawer((onExit) => startChartDrawer(inputsDir, searchEnv, WARM_WORKER_LIMITS, onExit)));
  }

  /** The build has ended: both workers collect their garbage (worker-gc.ts). */
  collect(): void {
    this.pdf.collect();
    this.charts.collect();
  }

  dispose(): void {
    this.pdf.dispose();
    this.charts.close();
  }
}
