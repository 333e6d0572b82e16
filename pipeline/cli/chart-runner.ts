/**
 * Starts the chart worker (chart-worker.ts) when a build starts and hands it the charts to
 * draw. Where no compiled worker exists (the tests run the TypeScript sources) or the worker
 * cannot start or dies, the charts are drawn in this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChartDrawer } from '../chart/index.js';
import type { ChartJob, ChartJobResult } from './chart-worker.js';
import type { FontSearchEnv } from './font-search.js';

export function startChartDrawer(inputsDir: string, searchEnv: FontSearchEnv): ChartDrawer {
  const inThisThread: ChartDrawer = async (charts, settings) => (await import('./chart-worker.js')).runChartJob({ id: 0, charts, settings, inputsDir, searchEnv });
  const url = new URL('./chart-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return inThisThread;
  let worker: Worker | null;
  try {
    worker = new Worker(url);
  } catch {
    return inThisThread;
  }
  // The worker keeps the process alive only while it has a job.
  worker.unref();
  const pending = new Map<number, { resolve: (result: ChartJobResult | null) => void }>();
  let next = 1;
  const settle = (id: number, result: ChartJobResult | null) => {
    pending.get(id)?.resolve(result);
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
  };
  worker.on('message', (result: ChartJobResult) => settle(result.id, result));
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    worker = null;
    for (const id of [...pending.keys()]) settle(id, null);
  });
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
