/**
 * Starts the chart worker (chart-worker.ts) when a build starts and hands it the charts to
 * draw. Where no compiled worker exists (the tests run the TypeScript sources) or the worker
 * cannot start or dies, the charts are drawn in this thread.
 */
import type { ChartDrawer } from '../chart/index.js';
import type { ChartJob, ChartJobResult } from './chart-worker.js';
import type { FontSearchEnv } from './font-search.js';
import { takeWorker } from './workers.js';

export function startChartDrawer(inputsDir: string, searchEnv: FontSearchEnv): ChartDrawer {
  const inThisThread: ChartDrawer = async (charts, settings) => (await import('./chart-worker.js')).runChartJob({ id: 0, charts, settings, inputsDir, searchEnv });
  let worker = takeWorker('chart-worker.js');
  if (!worker) return inThisThread;
  const pending = new Map<number, { resolve: (result: ChartJobResult | null) => void }>();
  let next = 1;
  const settle = (id: number, result: ChartJobResult | null) => {
    pending.get(id)?.resolve(result);
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
  };
  worker.on('message', (result: ChartJobResult) => settle(result.id, result));
  worker.on('exit', () => {
    worker = null;
    for (const id of [...pending.keys()]) settle(id, null);
  });
  // Listening for messages refs the worker again (Node starts its port): unref it, or a run
  // that ends before drawing (input errors) would never exit.
  worker.unref();
  return async (charts, settings) => {
    if (!worker) return inThisThread(charts, settings);
    const id = next++;
    const result = await new Promise<ChartJobResult | null>((resolve) => {
      pending.set(id, { resolve });
      worker?.ref();
      worker?.postMessage({ id, charts, settings, inputsDir, searchEnv } satisfies ChartJob);
    });
    // A worker that died or crashed: draw here instead.
    if (!result || 'crash' in result) return inThisThread(charts, settings);
    return result.drawn;
  };
}
