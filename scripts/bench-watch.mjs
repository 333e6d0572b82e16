#!/usr/bin/env node
/**
 * `npm run bench` (after bench.mjs and bench-scale.mjs): `tongbao watch` on a copy of the
 * example, saved 50 times (a comment appended to notice.md, as staff save a template), and the
 * watch process's resident memory after rebuild 5 and after rebuild 50 (Linux: /proc). Target:
 * after 50 within 20% of after 5 (issue 13: watch runs for weeks). `WATCH_REBUILDS=N` for more.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REBUILDS = Number(process.env.WATCH_REBUILDS ?? 50);
const scratch = mkdtempSync(join(tmpdir(), 'tongbao-bench-watch-'));
const inputs = join(scratch, 'inputs');
cpSync(join(ROOT, 'inputs'), inputs, { recursive: true });

const child = spawn(process.execPath, [join(ROOT, 'bin/tongbao.js'), 'watch', '--inputs', inputs, '--outputs', join(scratch, 'outputs')], {
  cwd: scratch,
  stdio: ['ignore', 'pipe', 'ignore'],
});
let builds = 0;
let waiting = null;
child.stdout.setEncoding('utf8').on('data', (text) => {
  builds += text.split('\n').filter((l) => /^\d{2}:\d{2}:\d{2} /u.test(l)).length;
  waiting?.();
});
const built = (n) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watch did not finish build ${n}`)), 60_000);
    waiting = () => {
      if (builds >= n) {
        clearTimeout(timer);
        resolve();
      }
    };
    waiting();
  });
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
const rssMb = () => Number(/^VmRSS:\s+(\d+)/mu.exec(status())?.[1]) / 1024;
const threads = () => Number(/^Threads:\s+(\d+)/mu.exec(status())?.[1]);
const files = () => readdirSync(`/proc/${child.pid}/fd`).length;

try {
  await built(1);
  const seen = {};
  for (let n = 2; n <= REBUILDS + 1; n++) {
    appendFileSync(join(inputs, 'notice.md'), `\n<!-- 第${n}次保存 -->\n`);
    await built(n);
    if (n - 1 === 5 || n - 1 === REBUILDS) {
      await settle();
      seen[n - 1] = { rss: rssMb(), threads: threads(), files: files() };
    }
  }
  const at5 = seen[5];
  const atEnd = seen[REBUILDS];
  console.log(`\nwatch (issue 13): ${REBUILDS} rebuilds of the example, each after a save of notice.md`);
  console.log(`  after rebuild 5: ${at5.rss.toFixed(0)} MB resident, ${at5.threads} threads, ${at5.files} open files`);
  console.log(
    `  after rebuild ${REBUILDS}: ${atEnd.rss.toFixed(0)} MB resident (${((atEnd.rss / at5.rss - 1) * 100).toFixed(0)}% against rebuild 5; target within 20%), ${atEnd.threads} threads, ${atEnd.files} open files`,
  );
} finally {
  child.kill();
  rmSync(scratch, { recursive: true, force: true });
}
