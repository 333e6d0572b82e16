/**
 * Starts the PDF worker (pdf-worker.ts) as early as a build starts, and hands it the document
 * when compose is done. Where no compiled worker exists (the tests run the TypeScript sources)
 * or a worker cannot start, the same job runs in this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PdfJob, PdfJobResult } from './pdf-worker.js';

export interface PdfRunner {
  render(job: PdfJob): Promise<PdfJobResult>;
  close(): void;
}

function inThisThread(): PdfRunner {
  return {
    render: async (job) => (await import('./pdf-worker.js')).runPdfJob(job),
    close: () => undefined,
  };
}

function spawnWorker(): Worker | null {
  const url = new URL('./pdf-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  try {
    const worker = new Worker(url);
    // An idle worker must not keep the process alive (e.g. when the inputs have errors).
    worker.unref();
    worker.on('error', () => undefined);
    return worker;
  } catch {
    return null;
  }
}

let prestarted: Worker | null = null;

/**
 * Starts the worker before the rest of the CLI is loaded (bin/tongbao.js calls this for the
 * commands that write a PDF), so that its start-up and pdfmake's loading overlap the main
 * thread's. The next `startPdfRunner()` takes it over.
 */
export function prestartPdfWorker(): void {
  prestarted ??= spawnWorker();
}

export function startPdfRunner(): PdfRunner {
  const worker = prestarted ?? spawnWorker();
  prestarted = null;
  if (!worker) return inThisThread();
  // A worker that died while loading (before a job was posted) would never answer.
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  return {
    render: (job) =>
      new Promise<PdfJobResult>((resolve) => {
        if (exited) {
          void inThisThread().render(job).then(resolve);
          return;
        }
        const fallback = () => {
          worker.removeAllListeners('message');
          void inThisThread().render(job).then(resolve);
        };
        worker.once('message', (result: PdfJobResult) => {
          worker.removeListener('exit', fallback);
          resolve(result);
        });
        worker.once('exit', fallback);
        worker.postMessage(job);
      }),
    close: () => void worker.terminate(),
  };
}
