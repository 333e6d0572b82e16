/** What the CLI reads of the world and writes to it, as one value: in-process callers (tests) give their own. */
import { DEFAULT_PROGRESS_AFTER_MS, type ProgressOptions } from './progress.js';
import type { WatchTiming } from './watch.js';

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** The working directory relative paths are taken from. */
  cwd: string;
  /** The clock, read once per run. */
  now: () => Date;
  /** Ends a long-running command (`watch`) when aborted; without it, watch ends on Ctrl-C (SIGINT). */
  signal?: AbortSignal;
  /** watch's debounce and settling times (tests shorten them). */
  watchTiming?: Partial<WatchTiming>;
  /** Progress on stderr for a command that takes a while; absent: none (in-process callers). */
  progress?: ProgressOptions;
  /** How long a build waits for another one writing the same outputs folder (default 10 s; tests shorten it). */
  lockWaitMs?: number;
}

export const processIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  now: () => new Date(),
  progress: process.stderr.isTTY
    ? {
        afterMs: DEFAULT_PROGRESS_AFTER_MS,
        terminal: {
          write: (text) => process.stderr.write(text),
          // Read when drawn: the window may be resized.
          get columns() {
            return process.stderr.columns;
          },
        },
      }
    : { afterMs: DEFAULT_PROGRESS_AFTER_MS },
};

/**
 * What ends a long-running command (watch, serve): the caller's signal, else Ctrl-C or SIGTERM,
 * listened to until `release` (which the command calls when it ends).
 */
export function stopSignal(io: Io): { signal: AbortSignal; release: () => void } {
  if (io.signal) return { signal: io.signal, release: () => undefined };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    release: () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    },
  };
}
