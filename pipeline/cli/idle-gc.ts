/**
 * A full garbage collection once a thread that did a job (a PDF, the charts) has sat idle for a
 * second, where Node was started with `--expose-gc` (`watch` and `serve`, bin/node-flags.js).
 * Left to itself V8 collects a kept worker's old generation only when it next fills, so between
 * saves the process sat on the garbage of the last few builds: with saves that change the
 * ledger, watch's resident memory swung between 400 and 580 MB; collected when idle, it stays
 * at about 340 MB (scripts/bench-watch.mjs). A job that comes in first cancels it.
 */
const IDLE_MS = 1000;

export interface IdleCollector {
  /** A job started: no collection until it ends. */
  busy(): void;
  /** A job ended: collect after IDLE_MS without another. */
  idle(): void;
}

export function idleCollector(gc: (() => void) | undefined = globalThis.gc, idleMs = IDLE_MS): IdleCollector {
  let timer: NodeJS.Timeout | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    busy: cancel,
    idle: () => {
      cancel();
      if (typeof gc !== 'function') return;
      timer = setTimeout(() => {
        timer = null;
        gc();
      }, idleMs);
      // Never what keeps a thread alive.
      timer.unref();
    },
  };
}
