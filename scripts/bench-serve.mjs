#!/usr/bin/env node
/**
 * `npm run bench` (last): `tongbao serve` (the compiled CLI) on a copy of the example.
 *   - serve → first page: from starting the process to the page and everything it loads first
 *     answered (the HTML, its script and style, /api/state); the browser's own time is not in it
 *     (test/cli/serve.slow.test.ts measures it in Chromium);
 *   - warm builds: each time notice.md is saved (a comment appended) and the build asked for by
 *     POST /api/build, as the page's button does, then the PDF fetched: the time from the request
 *     to the PDF's last byte, and the server's CPU time for it (its threads included), which a
 *     busy machine distorts less than the wall clock;
 *   - memory: the server's resident memory every 5 builds, and its threads, after build 5 and
 *     after build 50 (`SERVE_REBUILDS=N`). Target: flat (within 20%); see pipeline/cli/warm-workers.ts.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REBUILDS = Number(process.env.SERVE_REBUILDS ?? 50);
const scratch = mkdtempSync(join(tmpdir(), 'tongbao-bench-serve-'));
cpSync(join(ROOT, 'inputs'), join(scratch, 'inputs'), { recursive: true });

const started = performance.now();
const server = spawn(process.execPath, [join(ROOT, 'bin', 'tongbao.js'), 'serve', '--no-open'], { cwd: scratch, stdio: ['ignore', 'pipe', 'inherit'] });
let port = 0;
let token = '';

function call(method, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, 'x-tongbao-token': token, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resident memory (MB) and threads of the server, from /proc (Linux). */
function resources() {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return { rssMb: Number(/VmRSS:\s+(\d+)/u.exec(status)[1]) / 1024, threads: Number(/Threads:\s+(\d+)/u.exec(status)[1]) };
}

/** CPU time (ms) of the server process, all its threads. */
function cpuMs() {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10; // USER_HZ is 100 on Linux
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

try {
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (c) => {
      out += c;
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/u.exec(out);
      if (m) resolve(m);
    });
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  port = Number(url[2]);
  token = url[3];
  const listening = performance.now() - started;
  const html = (await call('GET', '/')).body.toString('utf8');
  await Promise.all([...html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/gu)].map((m) => call('GET', m[1])));
  for (const name of readdirSync(join(ROOT, 'web')).filter((n) => n.endsWith('.js'))) await call('GET', `/static/${name}`);
  await call('GET', '/api/state');
  const firstPage = performance.now() - started;
  console.log(`\nserve (issue 16): the example, ${REBUILDS} builds asked for as the page's button does`);
  console.log(`  serve → listening ${listening.toFixed(0)} ms; → first page answered ${firstPage.toFixed(0)} ms`);

  // The first build (watch's, once the page was shown): wait for it.
  for (;;) {
    const state = JSON.parse((await call('GET', '/api/state')).body.toString('utf8'));
    if (state.lastBuild && !state.building) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const wall = [];
  const cpu = [];
  const seen = {};
  for (let n = 1; n <= REBUILDS; n++) {
    appendFileSync(join(scratch, 'inputs', 'notice.md'), `\n<!-- 第${n}次保存 -->\n`);
    const t = performance.now();
    const c = cpuMs();
    const built = JSON.parse((await call('POST', '/api/build')).body.toString('utf8'));
    if (built.code !== 0) throw new Error(`build ${n} failed: ${built.stderr.join('\n')}`);
    const pdf = await call('GET', '/api/outputs/notice.pdf');
    if (pdf.status !== 200) throw new Error(`no PDF after build ${n}`);
    wall.push(performance.now() - t);
    cpu.push(cpuMs() - c);
    if (n % 5 === 0) seen[n] = resources();
    // watch sees the same change and finds nothing new; let it, before the next save
    await new Promise((r) => setTimeout(r, 800));
  }
  console.log(
    `  build asked → PDF fetched (warm): median ${median(wall).toFixed(0)} ms, 90th percentile ${p90(wall).toFixed(0)} ms; server CPU per build median ${median(cpu).toFixed(0)} ms`,
  );
  const a = seen[5];
  const b = seen[REBUILDS];
  console.log(
    `  resident MB every 5 builds: ${Object.values(seen)
      .map((r) => r.rssMb.toFixed(0))
      .join(', ')}`,
  );
  console.log(`  after build 5: ${a.rssMb.toFixed(0)} MB resident, ${a.threads} threads`);
  console.log(
    `  after build ${REBUILDS}: ${b.rssMb.toFixed(0)} MB resident (${((b.rssMb / a.rssMb - 1) * 100).toFixed(0)}% against build 5; target within 20%), ${b.threads} threads`,
  );
} finally {
  server.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(scratch, { recursive: true, force: true });
}
