#!/usr/bin/env node
/**
 * `npm run bench` (after scripts/bench.mjs): the scale figures of issue 13, as medians of
 * several cold runs of the compiled CLI on ledgers generated into a temporary folder
 * (scripts/scale-ledgers.mjs; nothing committed):
 *   - `check` of 100,000 grassroots unions + 20,000 problems: time and peak memory;
 *   - `check` of 100,000 problems with an unknown status (100,000 errors listed);
 *   - `check` of a zip bomb (1 MB declaring 1 GiB of shared strings): time to its refusal and
 *     peak memory;
 *   - side by side, when python3 has openpyxl (Debian: `apt-get install python3-openpyxl`),
 *     openpyxl's read-only reading of the same two ledger files (every cell's value), and
 *     tongbao's reading alone (`readXlsx`, in a fresh process, timed in it).
 * The runs take turns round by round, so a slow spell of the machine falls on all alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { problemLedger, unionLedger, zipBomb } from './scale-ledgers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[2] === '--generate') {
  const into = process.argv[3];
  const write = (name, files) => {
    mkdirSync(join(into, name));
    for (const [file, bytes] of Object.entries(files)) writeFileSync(join(into, name, file), bytes);
  };
  write('big', { '基层工会台账.xlsx': unionLedger(100_000), '整改台账.xlsx': problemLedger(20_000) });
  write('bad', { '整改台账.xlsx': problemLedger(100_000, { status: '搞定了' }) });
  write('bomb', { '整改台账.xlsx': zipBomb() });
  process.exit(0);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const scratch = mkdtempSync(join(tmpdir(), 'tongbao-bench-scale-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** One cold `check`: wall time (ms), peak RSS (MB, measured in the process), exit code. */
function check(inputs) {
  const start = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['--import', join(ROOT, 'scripts/peak-rss.mjs'), join(ROOT, 'bin/tongbao.js'), 'check', '--inputs', inputs, '--as-of', '2025-05-30'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    },
  );
  const time = Number(process.hrtime.bigint() - start) / 1e6;
  const rss = Number(/PEAK_RSS_KB=(\d+)/u.exec(run.stderr)?.[1] ?? NaN) / 1024;
  return { time, rss, code: run.status };
}

const READ_JS = `
const { readFileSync } = await import('node:fs');
const { readXlsx } = await import(${JSON.stringify(join(ROOT, 'dist/read/xlsx.js'))});
const t = performance.now();
let cells = 0;
for (const f of process.argv.slice(1)) for (const s of (await readXlsx(f, readFileSync(f))).sheets) for (const row of s.cells) if (row) for (const c of row) if (c) cells++;
const hwm = /^VmHWM:\\s+(\\d+) kB/mu.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ time: performance.now() - t, cells, rss: (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024 }));
`;

const READ_PY = `
import sys, time, resource, openpyxl
t = time.perf_counter()
cells = 0
for f in sys.argv[1:]:
    wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if v is not None: cells += 1
    wb.close()
import json
import re
hwm = re.search(r"^VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read(), re.M)
print(json.dumps({"time": (time.perf_counter() - t) * 1000, "cells": cells, "rss": (int(hwm.group(1)) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024}))
`;

/** A python3 that has openpyxl, or null. */
function python() {
  for (const exe of ['python3', '/usr/bin/python3']) {
    if (spawnSync(exe, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0) return exe;
  }
  return null;
}

/** Reading the files in a fresh process: time of the reading alone, total wall time, peak RSS, cells. */
function readWith(command, args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  return { ...JSON.parse(run.stdout.trim().split('\n').pop()), wall };
}

const started = performance.now();
const [big, bad, bomb] = ['big', 'bad', 'bomb'].map((name) => join(scratch, name));
// Generated in a child process: this one stays small while it measures the others.
const generated = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--generate', scratch], { stdio: 'inherit' });
if (generated.status !== 0) throw new Error('generating the ledgers failed');
console.log(`\nscale (issue 13): ledgers generated in ${((performance.now() - started) / 1000).toFixed(1)} s; medians of ${RUNS} rounds`);

const py = python();
const files = ['基层工会台账.xlsx', '整改台账.xlsx'].map((f) => join(big, f));
const results = { big: [], bad: [], bomb: [], readJs: [], readPy: [] };
for (let i = 0; i < RUNS; i++) {
  results.big.push(check(big));
  results.bad.push(check(bad));
  results.bomb.push(check(bomb));
  results.readJs.push(readWith(process.execPath, ['--input-type=module', '-e', READ_JS, ...files]));
  if (py) results.readPy.push(readWith(py, ['-c', READ_PY, ...files]));
}
const codes = (rs) => [...new Set(rs.map((r) => r.code))].join('/');
const line = (label, rs, target) =>
  console.log(
    `  ${label.padEnd(44)} ${median(rs.map((r) => r.time))
      .toFixed(0)
      .padStart(6)} ms  ${median(rs.map((r) => r.rss))
      .toFixed(0)
      .padStart(4)} MB peak  exit ${codes(rs)}   (target ${target})`,
  );
line('check: 100,000 unions + 20,000 problems', results.big, '≤ 4 s, ≤ 400 MB');
line('check: 100,000 rows with an unknown status', results.bad, '≤ 6 s');
line('check: zip bomb (1 MB declaring 1 GiB)', results.bomb, '≤ 2 s, ≤ 300 MB');
const read = (label, rs) =>
  console.log(
    `  ${label.padEnd(44)} ${median(rs.map((r) => r.time))
      .toFixed(0)
      .padStart(6)} ms reading (${median(rs.map((r) => r.wall)).toFixed(0)} ms with start-up)  ${median(rs.map((r) => r.rss))
      .toFixed(0)
      .padStart(4)} MB peak  ${rs[0].cells} cells`,
  );
read('reading the two ledgers: tongbao readXlsx', results.readJs);
if (py) read('reading the two ledgers: openpyxl read-only', results.readPy);
else console.log('  (openpyxl not installed: apt-get install python3-openpyxl for the side-by-side reading)');
