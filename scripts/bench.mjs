#!/usr/bin/env node
/**
 * `npm run bench`: prints, as medians of several runs,
 *   - the cold `node bin/tongbao.js build` of the shipped example, with and without its charts
 *     (a fresh process each run, with the compile cache a previous run left in NODE_COMPILE_CACHE:
 *     see bin/tongbao.js), and once each with NODE_COMPILE_CACHE an empty folder (a first run);
 *   - each build's peak memory (one more run each, measured in the process);
 *   - the notice's DOCX and PDF renders in a warm process, with the process's peak memory;
 *   - LibreOffice converting the same DOCX to PDF, when `soffice` is installed, and the ratios.
 * The builds and LibreOffice take turns, round by round, so that a slow spell of the machine
 * falls on all of them alike. Machines here are noisy: read medians and ratios.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const scratch = mkdtempSync(join(tmpdir(), 'tongbao-bench-'));

/** The example's inputs with an empty charts/ folder: a build with no charts. */
function inputsWithoutCharts() {
  const inputs = join(scratch, 'inputs-no-charts');
  cpSync(join(ROOT, 'inputs'), inputs, { recursive: true });
  rmSync(join(inputs, 'charts'), { recursive: true, force: true });
  mkdirSync(join(inputs, 'charts'));
  return inputs;
}

/** One cold build: its wall time, and its peak memory when `memory` (measured in the process). */
function build(inputs, out, { memory = false, env = {} } = {}) {
  const args = [
    ...(memory ? ['--import', join(ROOT, 'scripts/bench-rss.mjs')] : []),
    join(ROOT, 'bin/tongbao.js'),
    'build',
    '--inputs',
    inputs,
    '--outputs',
    out,
  ];
  const start = process.hrtime.bigint();
  const childEnv = { ...process.env, ...env };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: childEnv });
  const time = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`);
  const rss = /BENCH_MAX_RSS_KB=(\d+)/u.exec(run.stderr);
  return { time, rss: rss ? Number(rss[1]) : null };
}

async function warmRenders() {
  const { runPipeline } = await import(join(ROOT, 'dist/run.js'));
  const { renderDocx } = await import(join(ROOT, 'dist/render/docx/index.js'));
  const { renderPdf } = await import(join(ROOT, 'dist/render/pdf/index.js'));
  const { resolvePdfFonts, processFontEnv } = await import(join(ROOT, 'dist/cli/font-search.js'));
  const inputs = join(ROOT, 'inputs');
  const names = readdirSync(inputs);
  const result = await runPipeline({
    inputsFolder: 'inputs',
    fileNames: names,
    bytesOf: (n) => readFileSync(join(inputs, n)),
    asOf: null,
    today: '2026-01-01',
  });
  const fonts = resolvePdfFonts(result.notice.fonts, {}, inputs, 'notice.md', processFontEnv()).fonts;
  await renderDocx(result.notice);
  await renderPdf(result.notice, fonts);
  const docx = [];
  const pdf = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await renderDocx(result.notice);
    docx.push(performance.now() - t);
    t = performance.now();
    await renderPdf(result.notice, fonts);
    pdf.push(performance.now() - t);
  }
  return { docx: median(docx), pdf: median(pdf), rss: process.resourceUsage().maxRSS };
}

function libreOfficeInstalled() {
  return spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
}

function libreOffice(docx, out) {
  const start = process.hrtime.bigint();
  spawnSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, docx], { encoding: 'utf8' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const variants = {
  charts: { inputs: join(ROOT, 'inputs'), out: join(scratch, 'out-charts') },
  plain: { inputs: inputsWithoutCharts(), out: join(scratch, 'out-plain') },
};
// Some machines (this sandbox) set NODE_EXTRA_CA_CERTS: every Node process then parses those
// certificates before running any code (~60 ms here), though a build opens no connection.
// The builds are then also timed without it.
const extraCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined;
if (extraCerts) {
  variants.chartsNoCerts = { ...variants.charts, out: join(scratch, 'out-charts-nc'), env: { NODE_EXTRA_CA_CERTS: undefined } };
  variants.plainNoCerts = { ...variants.plain, out: join(scratch, 'out-plain-nc'), env: { NODE_EXTRA_CA_CERTS: undefined } };
}
// Every build compiles with Node's compile cache in a folder of the bench's own (not whatever
// earlier runs left in the usual one), NODE_DISABLE_COMPILE_CACHE unset.
for (const v of Object.values(variants)) v.env = { ...v.env, NODE_COMPILE_CACHE: join(scratch, 'compile-cache'), NODE_DISABLE_COMPILE_CACHE: undefined };
// A first run each, with the compile cache in an empty folder; then one untimed run, so the
// cache is there.
const first = {};
for (const [name, v] of Object.entries(variants)) {
  first[name] = build(v.inputs, join(scratch, `first-${name}`), { env: { ...v.env, NODE_COMPILE_CACHE: join(scratch, `compile-cache-empty-${name}`) } }).time;
  build(v.inputs, v.out, { env: v.env });
}
const withLibreOffice = libreOfficeInstalled();
const times = { lo: [] };
for (let i = 0; i < RUNS; i++) {
  for (const [name, v] of Object.entries(variants)) {
    times[name] ??= [];
    times[name].push(build(v.inputs, v.out, { env: v.env }).time);
  }
  if (withLibreOffice) {
    times.lo.push(libreOffice(join(variants.charts.out, 'notice.docx'), join(scratch, 'lo')));
    // LibreOffice's exit leaves the machine busy for a moment (freeing its memory, writing
    // its profile): let that pass before the next round's builds.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}
const rss = Object.fromEntries(Object.entries(variants).map(([name, v]) => [name, build(v.inputs, v.out, { memory: true, env: v.env }).rss]));
const warm = await warmRenders();
const charts = median(times.charts);
const plain = median(times.plain);
const pdfBytes = statSync(join(variants.charts.out, 'notice.pdf')).size;

console.log(`tongbao bench (${RUNS} rounds; medians)`);
console.log(
  `  cold build of the example (stats, DOCX, PDF, charts): ${ms(charts)}, peak memory ${mb(rss.charts)}; first run (empty compile cache) ${ms(first.charts)}`,
);
console.log(`  cold build without charts (stats, DOCX, PDF): ${ms(plain)}, peak memory ${mb(rss.plain)}; first run (empty compile cache) ${ms(first.plain)}`);
console.log(`  warm render: DOCX ${ms(warm.docx)}, PDF ${ms(warm.pdf)}; process peak memory ${mb(warm.rss)}`);
console.log(`  notice.pdf size: ${(pdfBytes / 1024).toFixed(0)} KB`);
if (!withLibreOffice) console.log('  LibreOffice: not installed (soffice), no comparison');
else {
  const lo = median(times.lo);
  const ratio = (x) => (x / lo).toFixed(2);
  console.log(`  LibreOffice DOCX → PDF: ${ms(lo)}; cold build / LibreOffice = ${ratio(charts)}, without charts ${ratio(plain)} (target < 0.40)`);
  console.log(`  first runs / LibreOffice: ${ratio(first.charts)}, without charts ${ratio(first.plain)}`);
  if (extraCerts) {
    console.log('  without NODE_EXTRA_CA_CERTS (set on this machine):');
    const chartsNoCerts = median(times.chartsNoCerts);
    console.log(
      `    with charts: ${ms(chartsNoCerts)} = ${ratio(chartsNoCerts)} of LibreOffice (target ≤ 0.40), peak memory ${mb(rss.chartsNoCerts)}; first run ${ms(first.chartsNoCerts)}`,
    );
    const plainNoCerts = median(times.plainNoCerts);
    console.log(
      `    without charts: ${ms(plainNoCerts)} = ${ratio(plainNoCerts)} of LibreOffice, peak memory ${mb(rss.plainNoCerts)}; first run ${ms(first.plainNoCerts)}`,
    );
  }
}
rmSync(scratch, { recursive: true, force: true });
