/**
 * A full garbage collection in each kept worker (the PDF's, the charts') once a build has ended,
 * where Node was started with `--expose-gc` (`watch` and `serve`, bin/node-flags.js): the build
 * posts `COLLECT` to its workers when it is done (cli.ts `runBuild`), as the status line is shown.
 *
 * Why: a kept worker's garbage is collected by V8 only when its heap fills, and much of what a
 * build leaves is native memory V8 does not see: resvg's pixmaps and PNG buffers (kept in
 * resvg's own allocator, mimalloc) are freed only when their JS objects are collected. Over 50
 * saves that changed the ledger, watch's resident memory rose 37–45% in some runs, with up to
 * 240 MB neither in glibc's malloc nor in any V8 heap; collected after each build it stays
 * within about 10% (scripts/bench-watch.mjs).
 *
 * Why after the build and not on a timer: the earlier rule (collect once a worker had been idle a
 * second) never fired when saves came close together: in a bench run the workers collected 3
 * times in 51 builds. Collecting as soon as each job ended did fire, but then the 20–50 ms
 * collections ran while the rest of the build did, on a 2-core machine (save → status line
 * +70–90 ms in 3 alternating pairs of runs).
 */

import type { MessagePort } from 'node:worker_threads';

/** The message a kept worker gets when the build it worked for has ended. */
export const COLLECT = { collect: true } as const;

export function isCollectRequest(message: unknown): message is typeof COLLECT {
  return typeof message === 'object' && message !== null && (message as { collect?: unknown }).collect === true;
}

export interface WorkerCollector {
  /** A job started. */
  jobStarted(): void;
  /** A job ended: a collection asked for while it ran happens now. */
  jobEnded(): void;
  /** The build has ended: collect now, or once the jobs running have ended; nothing when no job ran since the last collection. */
  asked(): void;
}

export function workerCollector(gc: (() => void) | undefined = globalThis.gc): WorkerCollector {
  let running = 0;
  let waiting = false;
  // A worker that did nothing since it last collected (the charts were the ones already drawn) has nothing to collect.
  let worked = false;
  const collect = () => {
    waiting = false;
    if (!worked) return;
    worked = false;
    if (typeof gc === 'function') gc();
  };
  return {
    jobStarted: () => {
      running++;
      worked = true;
    },
    jobEnded: () => {
      running = Math.max(0, running - 1);
      if (running === 0 && waiting) collect();
    },
    asked: () => {
      if (running > 0) waiting = true;
      else collect();
    },
  };
}

/**
 * A worker's message loop (the PDF's, the charts'): each job handed to `run`, which answers it
 * itself; `COLLECT` to the collector, which waits for the jobs running.
 */
export function takeJobs<J>(port: MessagePort | null, run: (job: J) => Promise<unknown>, collector: WorkerCollector = workerCollector()): void {
  port?.on('message', (message: J | typeof COLLECT) => {
    if (isCollectRequest(message)) return collector.asked();
    collector.jobStarted();
    void run(message as J).finally(() => collector.jobEnded());
  });
}
