#!/usr/bin/env node
/**
 * `npm run bench`: prints, as medians of several runs,
 *   - the cold `node bin/tongbao.js build` of the shipped example (a fresh process each run),
 *     with its peak memory;
 *   - the notice's DOCX and PDF renders in a warm process, with the process's peak memory;
 *   - LibreOffice converting the same DOCX to PDF, when `soffice` is installed, and the ratio.
 * Machines here are noisy: read medians and ratios, not single runs.
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

/** `inputs` defaults to the shipped example; an inputs folder with an empty charts/ builds no charts. */
function coldBuild(inputs = join(ROOT, 'inputs')) {
  const out = mkdtempSync(join(tmpdir(), 'tongbao-bench-'));
  const times = [];
  const rss = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, ['--import', join(ROOT, 'scripts/bench-rss.mjs'), join(ROOT, 'bin/tongbao.js'), 'build', '--inputs', inputs, '--outputs', out], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`);
      const m = /BENCH_MAX_RSS_KB=(\d+)/u.exec(run.stderr);
      if (m) rss.push(Number(m[1]));
    }
    const pdf = statSync(join(out, 'notice.pdf')).size;
    return { time: median(times), rss: median(rss), pdfBytes: pdf, docx: join(out, 'notice.docx') };
  } finally {
    // keep the DOCX for the LibreOffice comparison below
    (globalThis.benchOuts ??= []).push(out);
  }
}

function withoutCharts() {
  const inputs = mkdtempSync(join(tmpdir(), 'tongbao-bench-inputs-'));
  cpSync(join(ROOT, 'inputs'), inputs, { recursive: true });
  mkdirSync(join(inputs, 'charts'), { recursive: true });
  try {
    return coldBuild(inputs);
  } finally {
    rmSync(inputs, { recursive: true, force: true });
  }
}

async function warmRenders() {
  const { runPipeline } = await import(join(ROOT, 'dist/run.js'));
  const { renderDocx } = await import(join(ROOT, 'dist/render/docx/index.js'));
  const { renderPdf } = await import(join(ROOT, 'dist/render/pdf/index.js'));
  const { resolvePdfFonts, processFontEnv } = await import(join(ROOT, 'dist/cli/font-search.js'));
  const inputs = join(ROOT, 'inputs');
  const names = readdirSync(inputs);
  const result = await runPipeline({ inputsFolder: 'inputs', fileNames: names, bytesOf: (n) => readFileSync(join(inputs, n)), asOf: null, today: '2026-01-01' });
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

function libreOffice(docx) {
  const probe = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const out = mkdtempSync(join(tmpdir(), 'tongbao-lo-'));
  const times = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const start = process.hrtime.bigint();
    spawnSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, docx], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  rmSync(out, { recursive: true, force: true });
  return median(times);
}

const cold = coldBuild();
const plain = withoutCharts();
const warm = await warmRenders();
const lo = libreOffice(cold.docx);
console.log(`tongbao bench (${RUNS} runs each; medians)`);
console.log(`  cold build of the example (stats, DOCX, PDF, charts): ${ms(cold.time)}, peak memory ${mb(cold.rss)}`);
console.log(`  cold build without charts (stats, DOCX, PDF): ${ms(plain.time)}, peak memory ${mb(plain.rss)}`);
console.log(`  warm render: DOCX ${ms(warm.docx)}, PDF ${ms(warm.pdf)}; process peak memory ${mb(warm.rss)}`);
console.log(`  notice.pdf size: ${(cold.pdfBytes / 1024).toFixed(0)} KB`);
if (lo === null) console.log('  LibreOffice: not installed (soffice), no comparison');
else console.log(`  LibreOffice DOCX → PDF: ${ms(lo)}; cold build / LibreOffice = ${(cold.time / lo).toFixed(2)}, without charts ${(plain.time / lo).toFixed(2)} (target < 0.40)`);
for (const out of globalThis.benchOuts) rmSync(out, { recursive: true, force: true });
