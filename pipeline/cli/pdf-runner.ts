/**
 * Takes the PDF worker (pdf-worker.ts; bin/tongbao.js starts it before the CLI loads) and
 * hands it the document when compose is done. Where no compiled worker exists (the tests run
 * the TypeScript sources) or a worker cannot start, the same job runs in this thread.
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { adoptFontBytes } from './font-bytes.js';
import type { PdfJob, PdfJobResult, PdfWorkerAnswer } from './pdf-worker.js';
import { crashText, fallBackToThisThread, keepingAlive, restarting, takeWorker } from './workers.js';
import { COLLECT } from './worker-gc.js';

export interface PdfRunner {
  render(job: PdfJob): Promise<PdfJobResult>;
  close(): void;
}

/** A runner kept between builds, whose worker collects its garbage when a build has ended (worker-gc.ts). */
export interface KeptRunner {
  collect(): void;
}

function inThisThread(why: string): PdfRunner & KeptRunner {
  return {
    collect: () => undefined,
    render: async (job) => {
      fallBackToThisThread('pdf-worker.js', why);
      try {
        return await (await import('./pdf-worker.js')).runPdfJob(job);
      } catch (error) {
        // as the worker answers: the PDF could not be made, the rest of the run goes on
        return { ok: false, crash: crashText(error) };
      }
    },
    close: () => undefined,
  };
}

/**
 * Jobs posted to this worker; a worker that ends before or during a job leaves that job to
 * this thread. `onExit`: told when the worker ends.
 */
function onWorker(worker: Worker, onExit: () => void = () => undefined): PdfRunner & KeptRunner {
  // A worker that died while loading (before a job was posted) would never answer.
  let exited = false;
  worker.once('exit', () => {
    exited = true;
    onExit();
  });
  return {
    render: (job) =>
      keepingAlive(
        new Promise<PdfJobResult>((resolve, reject) => {
          if (exited) {
            void inThisThread('ended before its job').render(job).then(resolve, reject);
            return;
          }
          const fallback = () => {
            worker.removeAllListeners('message');
            void inThisThread('ended during its job').render(job).then(resolve, reject);
          };
          worker.once('message', ({ fontBytes, ...result }: PdfWorkerAnswer) => {
            worker.removeListener('exit', fallback);
            adoptFontBytes(fontBytes);
            resolve(result as PdfJobResult);
          });
          worker.once('exit', fallback);
          worker.postMessage(job);
        }),
      ),
    close: () => void worker.terminate(),
    collect: () => {
      if (!exited) worker.postMessage(COLLECT);
    },
  };
}

export function startPdfRunner(): PdfRunner {
  const worker = takeWorker('pdf-worker.js');
  return worker ? onWorker(worker) : inThisThread('could not start');
}

/**
 * A PDF runner that keeps its worker between builds (`serve`): pdfmake and the fonts stay
 * loaded. Jobs run one after another; a worker that died is replaced at the next job. `close`
 * (which each build calls) leaves it open; `dispose` ends it.
 */
export function warmPdfRunner(resourceLimits?: ResourceLimits): PdfRunner & KeptRunner & { dispose(): void } {
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;
  const kept = restarting((onExit): PdfRunner & KeptRunner => {
    const worker = takeWorker('pdf-worker.js', resourceLimits);
    return worker ? onWorker(worker, onExit) : inThisThread('could not start');
  });
  return {
    render: (job) => {
      const run = queue.then(() => (disposed ? ({ ok: false, crash: 'stopped' } as PdfJobResult) : kept.current().render(job)));
      queue = run.catch(() => undefined);
      return run;
    },
    close: () => undefined,
    // After the jobs queued (a worker that has ended is not started for this)
    collect: () => void queue.then(() => kept.existing()?.collect()),
    dispose: () => {
      disposed = true;
      kept.close();
    },
  };
}
