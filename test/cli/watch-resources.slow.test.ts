/**
 * `tongbao watch` runs for weeks: the compiled CLI (with its PDF and chart worker threads, as
 * users run it) rebuilds 10 times, and its threads and open files come back to what they were
 * after the first build. (Linux: read from /proc.)
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';

const tempDir = useTempDirs();
const children: { kill(): void }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

function resources(pid: number): { threads: number; files: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { threads: Number(/^Threads:\s+(\d+)/mu.exec(status)?.[1]), files: readdirSync(`/proc/${pid}/fd`).length };
}

describe('watch over many rebuilds', () => {
  it('ends each build’s worker threads and closes its files: counts after 10 rebuilds equal those after the first build', async () => {
    const dir = tempDir();
    const inputs = join(dir, 'inputs');
    cpSync(join(ROOT, 'inputs'), inputs, { recursive: true });
    const child = spawn(process.execPath, [join(ROOT, 'bin/tongbao.js'), 'watch', '--inputs', inputs, '--outputs', join(dir, 'outputs')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let statusLines = 0;
    let waiting: (() => void) | null = null;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      // one status line per build: `HH:MM:SS …`
      statusLines += text.split('\n').filter((l) => /^\d{2}:\d{2}:\d{2} /u.test(l)).length;
      waiting?.();
    });
    const builds = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`watch did not finish build ${n}`)), 30_000);
        waiting = () => {
          if (statusLines >= n) {
            clearTimeout(timer);
            resolve();
          }
        };
        waiting();
      });
    // A build's workers end as it returns: give them a moment before counting.
    const settled = () => new Promise((resolve) => setTimeout(resolve, 500));
    await builds(1);
    await settled();
    const after1 = resources(child.pid as number);
    for (let n = 2; n <= 11; n++) {
      appendFileSync(join(inputs, 'notice.md'), `\n<!-- 第${n}次保存 -->\n`);
      await builds(n);
    }
    await settled();
    expect(resources(child.pid as number)).toEqual(after1);
  }, 120_000);
});
