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

export function startPdfRunner(): PdfRunner {
  const url = new URL('./pdf-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return inThisThread();
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch {
    return inThisThread();
  }
  // An idle worker must not keep the process alive (e.g. when the inputs have errors).
  worker.unref();
  worker.on('error', () => undefined);
  return {
    render: (job) =>
      new Promise<PdfJobResult>((resolve) => {
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
