/**
 * The CLI's worker threads (the PDF's, the charts') are the compiled files beside this one.
 * Where none exists (the tests run the TypeScript sources) or a worker cannot start, the
 * runner that asked does the work in its own thread. bin/tongbao.js prestarts the workers a
 * command will use, so that their start-up and library loading overlap the CLI's.
 *
 * `TONGBAO_WORKERS=required` (the end-to-end tests, a bundle's self-check) turns that fallback
 * into an error, so a run that succeeds proves the workers did the work.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { fontBytesForWorker } from './font-bytes.js';

export type WorkerFile = 'pdf-worker.js' | 'chart-worker.js';

/**
 * A new worker, not keeping the process alive while idle; null when it cannot run. It starts
 * with the font files the process has read (font-bytes.ts): it reads none of them again.
 */
export function spawnWorker(file: WorkerFile, resourceLimits?: ResourceLimits): Worker | null {
  const url = new URL(`./${file}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  try {
    const worker = new Worker(url, { workerData: fontBytesForWorker(), ...(resourceLimits ? { resourceLimits } : {}) });
    // An idle worker must not keep the process alive (e.g. when the inputs have errors).
    worker.unref();
    worker.on('error', () => undefined);
    return worker;
  } catch {
    return null;
  }
}

const prestarted = new Map<WorkerFile, Worker>();

/** Starts the worker now; the next `takeWorker(file)` gets it. */
export function prestartWorker(file: WorkerFile): void {
  if (prestarted.has(file)) return;
  const worker = spawnWorker(file);
  if (worker) prestarted.set(file, worker);
}

/** The prestarted worker for `file`, else a new one (always a new one when it must have its own resource limits). */
export function takeWorker(file: WorkerFile, resourceLimits?: ResourceLimits): Worker | null {
  if (resourceLimits) return spawnWorker(file, resourceLimits);
  const worker = prestarted.get(file);
  prestarted.delete(file);
  return worker ?? spawnWorker(file);
}

/** A job that threw, as a worker answers it (its stack, for the run log and the tests). */
export function crashText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The work of a worker that could not start or died is done in this thread, unless workers are required. */
export function fallBackToThisThread(file: WorkerFile, why: string): void {
  if (process.env.TONGBAO_WORKERS === 'required') throw new Error(`TONGBAO_WORKERS=required: ${file} ${why}`);
}

/**
 * Keeps the process alive until the work settles: the workers are unref'd (an idle one must not
 * hold a run open), so a job whose worker died and that then runs in this thread would otherwise
 * leave nothing holding the event loop, and the CLI would end with its result still pending.
 */
export function keepingAlive<T>(work: Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 60_000);
  return work.finally(() => clearInterval(timer));
}

/**
 * The runner of a worker kept between builds (watch, serve): started at once, so that it loads
 * while the rest starts; started again at the next `current()` once its worker has ended (a
 * crash, a memory limit); `close` ends the one it has.
 */
export function restarting<T extends { close(): void }>(start: (onExit: () => void) => T): { current(): T; existing(): T | null; close(): void } {
  let current: T | null = null;
  const fresh = (): T => {
    const made = start(() => {
      if (current === made) current = null;
    });
    return made;
  };
  current = fresh();
  return {
    current: () => {
      current ??= fresh();
      return current;
    },
    /** The one running, without starting another. */
    existing: () => current,
    close: () => {
      current?.close();
      current = null;
    },
  };
}
