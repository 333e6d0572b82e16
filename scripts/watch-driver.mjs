/**
 * Drives `tongbao watch` (the compiled CLI, with its worker threads) in a child process, for the
 * bench (bench-watch.mjs) and the slow test (test/cli/watch-resources.slow.test.ts): start it,
 * wait for its n-th build (one status line `HH:MM:SS …` each on stdout), read its threads, open
 * files and resident memory from /proc (Linux).
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
    /** Threads, open files and resident memory (MB), after a moment for the last build's workers to end. */
    resources: async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const text = status();
      return {
        threads: Number(/^Threads:\s+(\d+)/mu.exec(text)?.[1]),
        files: readdirSync(`/proc/${child.pid}/fd`).length,
        rssMb: Number(/^VmRSS:\s+(\d+)/mu.exec(text)?.[1]) / 1024,
      };
    },
    stop: () => child.kill(),
  };
}
