/**
 * Drives `tongbao watch` (the compiled CLI, with its worker threads) in a child process, for the
 * bench (bench-watch.mjs) and the slow test (test/cli/watch-resources.slow.test.ts): start it,
 * wait for its n-th build (one status line `HH:MM:SS …` each on stdout), read its threads, open
 * files, resident memory and the bytes it has read so far from /proc (Linux).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function startWatch(inputs, outputs, cwd) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/tongbao.js'), 'watch', '--inputs', inputs, '--outputs', outputs], {
    cwd,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let builds = 0;
  let waiting = null;
  child.stdout.setEncoding('utf8').on('data', (text) => {
    builds += text.split('\n').filter((l) => /^\d{2}:\d{2}:\d{2} /u.test(l)).length;
    waiting?.();
  });
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return {
    /** Resolves once the n-th build has printed its status line. */
    built: (n, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`watch did not finish build ${n}`)), timeoutMs);
        waiting = () => {
          if (builds >= n) {
            clearTimeout(timer);
            resolve();
          }
        };
        waiting();
      }),
    /**
     * Threads, open files, resident memory (MB) and bytes read from files so far (`rchar`, all
     * threads), after `waitMs` for the last build's workers to end (500 ms), or for the process
     * to sit idle as between saves (V8 hands back freed memory some 8 s after a burst of work).
     */
    resources: async (waitMs = 500) => {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      const text = status();
      return {
        threads: Number(/^Threads:\s+(\d+)/mu.exec(text)?.[1]),
        files: readdirSync(`/proc/${child.pid}/fd`).length,
        rssMb: Number(/^VmRSS:\s+(\d+)/mu.exec(text)?.[1]) / 1024,
        readBytes: Number(/^rchar:\s+(\d+)/mu.exec(readFileSync(`/proc/${child.pid}/io`, 'utf8'))?.[1]),
      };
    },
    commandLine: () => readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean),
    stop: () => child.kill(),
  };
}
