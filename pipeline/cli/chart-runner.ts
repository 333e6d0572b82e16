/**
 * The charts of a run: the spec files of its charts folder and, for the commands that draw, a
 * chart worker (chart-worker.ts), started at once so that vega loads while the ledgers are read.
 * Where no compiled worker exists (the tests run the TypeScript sources) or the worker cannot
 * start or dies, the charts are drawn in this thread.
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { ChartDrawer, ChartInput } from '../chart/index.js';
import type { ChartJob, ChartJobResult } from './chart-worker.js';
import { readChartSpecs } from './charts.js';
import { adoptFontBytes } from './font-bytes.js';
import type { FontSearchEnv } from './font-search.js';
import { fallBackToThisThread, keepingAlive, takeWorker } from './workers.js';
import { COLLECT } from './worker-gc.js';

/** A drawer and the worker behind it, which the run ends with `close()` (`build` starts one per run; watch and serve keep one, warm-workers.ts). */
export interface ChartDrawing {
  draw: ChartDrawer;
  close(): void;
  /** The build has ended: the worker collects its garbage (worker-gc.ts). */
  collect(): void;
}

/** `onExit`: told when the worker ends (a drawer kept between builds then starts a new one). */
export function startChartDrawer(
  inputsDir: string,
  searchEnv: FontSearchEnv,
  resourceLimits?: ResourceLimits,
  onExit: () => void = () => undefined,
): ChartDrawing {
  const drawHere =
    (why: string): ChartDrawer =>
    async (charts, fonts) => {
      fallBackToThisThread('chart-worker.js', why);
      return (await import('./chart-worker.js')).runChartJob({ id: 0, charts, fonts, inputsDir, searchEnv });
    };
  let worker = takeWorker('chart-worker.js', resourceLimits);
  if (!worker) return { draw: drawHere('could not start'), close: () => undefined, collect: () => undefined };
  const pending = new Map<number, { resolve: (result: ChartJobResult | null) => void }>();
  let next = 1;
  const settle = (id: number, result: ChartJobResult | null) => {
    pending.get(id)?.resolve(result);
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
  };
  worker.on('message', (result: ChartJobResult) => {
    adoptFontBytes(result.fontBytes);
    settle(result.id, result);
  });
  worker.on('exit', () => {
    worker = null;
    for (const id of [...pending.keys()]) settle(id, null);
    onExit();
  });
  // Listening for messages refs the worker again (Node starts its port): unref it, or a run
  // that ends before drawing (input errors) would never exit.
  worker.unref();
  const draw: ChartDrawer = (charts, fonts) => keepingAlive(drawInWorker(charts, fonts));
  const drawInWorker: ChartDrawer = async (charts, fonts) => {
    if (!worker) return drawHere('ended before its job')(charts, fonts);
    const id = next++;
    const result = await new Promise<ChartJobResult | null>((resolve) => {
      pending.set(id, { resolve });
      worker?.ref();
      worker?.postMessage({ id, charts, fonts, inputsDir, searchEnv } satisfies ChartJob);
    });
    // A worker that died or crashed: draw here instead.
    if (!result || 'crash' in result) return drawHere(result ? `crashed: ${result.crash}` : 'ended during its job')(charts, fonts);
    return result.drawn;
  };
  return { draw, close: () => void worker?.terminate(), collect: () => worker?.postMessage(COLLECT) };
}

export interface ChartInputOptions {
  chartsDir: string;
  /** draw the charts (`build`, `quarterly`), or only check their specs (`check`) */
  draw: boolean;
  inputsDir: string;
  searchEnv: FontSearchEnv;
  /** A drawer kept between builds (serve): used instead of a new worker, and left open. */
  drawing?: ChartDrawing | null;
}

/**
 * The specs and, when drawing, a drawer in a worker thread (which starts loading vega at once);
 * `close` ends that worker (not a drawer handed in, which its owner closes).
 */
export function chartInput(options: ChartInputOptions): ChartInput & { close(): void } {
  const specs = readChartSpecs(options.chartsDir);
  if (!options.draw || specs.length === 0) return { specs, draw: null, close: () => undefined };
  if (options.drawing) return { specs, draw: options.drawing.draw, close: () => undefined };
  const drawing = startChartDrawer(options.inputsDir, options.searchEnv);
  return { specs, draw: drawing.draw, close: drawing.close };
}
