/**
 * The command line: the only module that reads argv, the environment, the clock and the file
 * system. It turns them into plain values, runs the pipeline (run.ts) and writes what it
 * returns. Exit codes (docs/contract.md, "CLI"): 0 done, 1 input errors or an output not written, 2 usage.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type CommandName } from './cli/args.js';
import { allCharts, NO_CHARTS, type ChartDrawer, type ChartRun } from './chart/index.js';
import { chartInput } from './cli/chart-runner.js';
import { chartOutputs, chartsFolder, CHARTS_OUTPUT_FOLDER, WORKSPACE_CHARTS_FOLDER } from './cli/charts.js';
import { DEFAULT_PROGRESS_AFTER_MS, startProgress, type Progress, type ProgressOptions } from './cli/progress.js';
import type { BuildOutcome, WatchTiming } from './cli/watch.js';
import type { OutputFile } from './cli/outputs.js';
import type { NoticeSettings } from './compose/settings.js';
import type { Document } from './document/ast.js';
import { pdfFontFiles, processFontEnv } from './cli/font-search.js';
import { lockOutputs } from './cli/lock.js';
import { startPdfRunner, type PdfRunner } from './cli/pdf-runner.js';
import { lastCompleteQuarter, localDateToIso, parseIsoDate, parseQuarter, type IsoDate, type Quarter } from './dates.js';
import { errorsOf, formatDiagnostic, hasErrors, warningsOf, type Diagnostic } from './diagnostics.js';
import * as msg from './messages.js';
import { TEMPLATE_FILES, type BytesOf } from './read/inputs.js';
import { MANIFEST_FILE } from './report/manifest.js';
import type { RunLogContext } from './report/run-log.js';
import { figuresSummary, quarterlySummary } from './report/summary.js';
import { runPipeline, type RunInput, type RunResult } from './run.js';
import type { QuarterlyInput } from './run-quarterly.js';

// Loaded when needed, not with the CLI: a build's critical path is reading the ledgers and
// handing the notice to the PDF worker; what comes after (the manifest's records, writing)
// loads while the PDF renders, and init, watch and quarterly only for their commands.
const afterRender = () => Promise.all([import('./report/manifest.js'), import('./cli/publish.js')]);

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

export function toolInfo(): { name: string; version: string } {
  // pipeline/cli.ts and dist/cli.js both sit one level below the package root.
  const pkgPath = fileURLToPath(new URL('../package.json', import.meta.url));
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(msg.HELP);
      return 0;
    case 'version':
      io.stdout(toolInfo().version);
      return 0;
    case 'usage-error':
      io.stderr(parsed.message);
      if (parsed.showHelp) io.stderr(msg.HELP);
      return 2;
    case 'command':
      return runCommand(parsed.command, parsed.flags, parsed.args, io);
  }
}

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? String(error);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Names of the files directly in the inputs folder (no subfolders). A symbolic link counts
 * as a file unless it points at a folder, so a link that leads nowhere is reported when it
 * is read rather than skipped without a word.
 */
function listFiles(folder: string): { names: string[] } | { error: string } {
  try {
    const entries = readdirSync(folder, { withFileTypes: true });
    const names = entries
      .filter((entry) => entry.isFile() || (entry.isSymbolicLink() && !isDirectory(join(folder, entry.name))))
      .map((entry) => entry.name);
    return { names };
  } catch (error) {
    return { error: errnoCode(error) };
  }
}

async function runCommand(command: CommandName, flags: Partial<Record<string, string>>, args: readonly string[], io: Io): Promise<number> {
  if (command === 'init') return (await import('./cli/init.js')).runInit(args[0] as string, flags.force === 'true', io, flags['no-unions'] !== 'true');
  const inputsArg = flags.inputs ?? 'inputs';
  const inputsDir = resolve(io.cwd, inputsArg);
  if (!existsSync(inputsDir)) {
    io.stderr(msg.usage.inputsMissing(inputsArg));
    return 2;
  }
  if (!isDirectory(inputsDir)) {
    io.stderr(msg.usage.inputsNotFolder(inputsArg));
    return 2;
  }
  let asOf: IsoDate | null = null;
  if (flags['as-of'] !== undefined) {
    asOf = parseIsoDate(flags['as-of']);
    if (!asOf) {
      io.stderr(msg.usage.badAsOf(flags['as-of']));
      return 2;
    }
  }
  let quarter: Quarter | null = null;
  if (command === 'quarterly') {
    quarter = flags.quarter === undefined ? lastCompleteQuarter(localDateToIso(io.now())) : parseQuarter(flags.quarter);
    if (!quarter) {
      io.stderr(msg.usage.badQuarter(flags.quarter ?? ''));
      return 2;
    }
  }
  const outputsDir = resolve(io.cwd, flags.outputs ?? 'outputs');
  // Outputs written into the inputs folder (or its charts/) would be read back as inputs: the
  // written charts taken for the workspace's chart specs, each build starting watch again.
  if (command !== 'check' && [inputsDir, join(inputsDir, WORKSPACE_CHARTS_FOLDER)].includes(outputsDir)) {
    io.stderr(msg.usage.outputsAreInputs(flags.outputs ?? 'outputs', inputsArg));
    return 2;
  }
  const target: BuildTarget = { inputsArg, inputsDir, outputsDir, asOf, quarter };
  if (command === 'watch') return runWatch(target, io);
  return (await runBuild(command, target, io)).code;
}

/** What a build reads and where it writes, from the command line. */
interface BuildTarget {
  inputsArg: string;
  inputsDir: string;
  outputsDir: string;
  asOf: IsoDate | null;
  quarter: Quarter | null;
}

/**
 * `tongbao watch`: `runBuild('build', …)` now and after every change to the inputs (cli/watch.ts).
 * Builds print their diagnostics; their stdout summary gives way to one status line each.
 */
async function runWatch(target: BuildTarget, io: Io): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  const signal = io.signal ?? controller.signal;
  if (!io.signal) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  try {
    const { watchInputs } = await import('./cli/watch.js');
    return await watchInputs({
      inputsDir: target.inputsDir,
      inputsShown: target.inputsArg,
      subfolders: [WORKSPACE_CHARTS_FOLDER],
      outputsDir: target.outputsDir,
      build: () => runBuild('build', target, { ...io, stdout: () => undefined }),
      stdout: io.stdout,
      stderr: io.stderr,
      now: io.now,
      signal,
      ...(io.watchTiming ? { timing: io.watchTiming } : {}),
    });
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

/**
 * One run of `build`, `check` or `quarterly` on the inputs folder as it is now: list and read
 * it, run the pipeline, write the outputs. `watch` calls this for each rebuild.
 */
export async function runBuild(command: 'build' | 'check' | 'quarterly', target: BuildTarget, io: Io): Promise<BuildOutcome> {
  const progress = startProgress(io.progress, io.stderr);
  try {
    return await buildWith(command, target, { ...io, stdout: progress.around(io.stdout), stderr: progress.stderr }, progress);
  } finally {
    progress.done();
  }
}

/**
 * One input file's bytes. Opened without blocking and checked before reading: a link to a pipe
 * would hang the read and one to /dev/zero would never end, so anything but a regular file is
 * refused, and so is a file over the size limit.
 */
function readInputFile(path: string): Uint8Array | { error: string } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { error: msg.NOT_A_FILE };
    if (stat.size > msg.INPUT_FILE_LIMIT_MB * 1024 * 1024) return { error: msg.TOO_LARGE };
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The inputs folder for the pipeline: its file names, and their bytes as read (the manifest records them). */
function readInputs(inputsDir: string): { names: string[]; bytesOf: BytesOf; read: Map<string, Uint8Array> } | { error: string } {
  const listing = listFiles(inputsDir);
  if ('error' in listing) return listing;
  const read = new Map<string, Uint8Array>();
  const bytesOf: BytesOf = (name) => {
    // A file can be locked (WPS, antivirus), unreadable, or gone since the folder was listed.
    try {
      const bytes = readInputFile(join(inputsDir, name));
      if ('error' in bytes) return bytes;
      read.set(name, bytes);
      return bytes;
    } catch (error) {
      return { error: errnoCode(error) };
    }
  };
  return { names: listing.names, bytesOf, read };
}

/**
 * What a successful run hands the writing step, the same for the notice and the quarterly
 * report: the files computed without rendering, the document to render (DOCX and PDF), the
 * charts left to draw and where they go, and how to write its run log.
 */
interface Product {
  files: OutputFile[];
  document: { tree: Document; name: string; settings: NoticeSettings | null; templateName: string } | null;
  charts: ChartRun;
  chartsFolder: string;
  /** The progress phase while it is rendered. */
  phase: string;
  runLogName: string;
  manifestName: string;
  /** The run log's text, given every diagnostic (the run's and the charts' drawn later) and what else it records. */
  runLog(diagnostics: readonly Diagnostic[], context: RunLogContext): string;
  asOf: IsoDate;
  sheets: RunResult['sheets'];
  summary: string[];
}

async function buildWith(command: 'build' | 'check' | 'quarterly', target: BuildTarget, io: Io, progress: Progress): Promise<BuildOutcome> {
  const { inputsArg, inputsDir, outputsDir, asOf, quarter } = target;
  const now = io.now();
  progress.phase(msg.progress.read);
  const inputs = readInputs(inputsDir);
  if ('error' in inputs) {
    io.stderr(msg.usage.inputsUnreadable(inputsArg, inputs.error));
    return { ...NOTHING_DONE, code: 2, errors: 1 };
  }
  const writes = command !== 'check';
  // Start loading the PDF renderer and the chart drawer now: they get ready while the ledgers are read.
  const pdfRunner = writes ? startPdfRunner() : null;
  const charts = chartInput({ chartsDir: chartsFolder(inputsDir), draw: writes, inputsDir, searchEnv: processFontEnv() });
  try {
    const pipelineInput = { inputsFolder: inputsArg, fileNames: inputs.names, bytesOf: inputs.bytesOf, charts };
    const ran = quarter ? await quarterlyProduct({ ...pipelineInput, quarter }) : await noticeProduct({ ...pipelineInput, asOf, today: localDateToIso(now) });
    for (const d of ran.diagnostics) io.stderr(formatDiagnostic(d));
    const outcome: BuildOutcome = { ...NOTHING_DONE, errors: errorsOf(ran.diagnostics).length, warnings: warningsOf(ran.diagnostics).length };
    if (command === 'check') {
      for (const line of ran.summary) io.stdout(line);
      io.stdout(outcome.errors > 0 ? msg.summary.checkFailed(outcome.errors, outcome.warnings) : msg.summary.checkPassed(outcome.warnings));
      return { ...outcome, code: outcome.errors > 0 ? 1 : 0 };
    }
    if (outcome.errors > 0 || !ran.product || !pdfRunner) {
      io.stdout(msg.summary.nothingWritten(outcome.errors));
      return { ...outcome, code: 1 };
    }
    return await writeProduct(ran.product, ran.diagnostics, { inputsArg, inputsDir, outputsDir, now, inputsRead: inputs.read, pdfRunner, draw: charts.draw, progress, outcome }, io);
  } finally {
    pdfRunner?.close();
    charts.close();
  }
}

const NOTHING_DONE: BuildOutcome = { code: 0, errors: 0, warnings: 0, changed: [], failedWrites: 0 };

type Ran = { diagnostics: Diagnostic[]; summary: string[]; product: Product | null };

/** `build` and `check`: the notice, stats.json and the charts (run.ts). */
async function noticeProduct(input: RunInput): Promise<Ran> {
  const result = await runPipeline(input);
  const summary = result.stats ? figuresSummary(result.stats) : [];
  if (!result.stats) return { diagnostics: result.diagnostics, summary, product: null };
  const { composeRunLog } = await import('./report/run-log.js');
  return {
    diagnostics: result.diagnostics,
    summary,
    product: {
      files: [{ path: 'stats.json', contents: `${JSON.stringify(result.stats, null, 2)}\n` }],
      document: result.notice
        ? { tree: result.notice, name: 'notice', settings: result.noticeSettings, templateName: result.plan.templates.notice ?? TEMPLATE_FILES.notice }
        : null,
      charts: result.charts,
      chartsFolder: CHARTS_OUTPUT_FOLDER,
      phase: msg.progress.compose,
      runLogName: 'run-log.md',
      manifestName: MANIFEST_FILE,
      runLog: (diagnostics, context) => composeRunLog({ ...result, diagnostics }, context),
      asOf: result.asOf,
      sheets: result.sheets,
      summary,
    },
  };
}

/** `quarterly`: the quarter's workbook, report and charts (run-quarterly.ts), beside build's files. */
async function quarterlyProduct(input: QuarterlyInput): Promise<Ran> {
  const { runQuarterly } = await import('./run-quarterly.js');
  const result = await runQuarterly(input);
  const stats = result.stats;
  if (hasErrors(result.diagnostics) || !result.workbook || !stats) return { diagnostics: result.diagnostics, summary: [], product: null };
  const base = `quarterly-${result.quarter}`;
  const [{ renderXlsx }, { composeQuarterlyRunLog }] = await Promise.all([import('./render/xlsx/index.js'), import('./report/run-log.js')]);
  const summary = quarterlySummary(stats);
  return {
    diagnostics: result.diagnostics,
    summary,
    product: {
      files: [{ path: `${base}.xlsx`, contents: await renderXlsx(result.workbook) }],
      document: result.report
        ? { tree: result.report, name: base, settings: result.settings, templateName: result.plan.templates.quarterly ?? TEMPLATE_FILES.quarterly }
        : null,
      charts: result.charts,
      // The quarter's charts go to charts/<quarter>/, leaving build's charts alone.
      chartsFolder: `${CHARTS_OUTPUT_FOLDER}/${result.quarter}`,
      phase: msg.progress.report,
      runLogName: `${base}.run-log.md`,
      manifestName: `${base}.manifest.json`,
      runLog: (diagnostics, context) => composeQuarterlyRunLog({ ...result, diagnostics }, context),
      asOf: result.asOf,
      sheets: result.sheets,
      summary,
    },
  };
}

/** What the writing step needs besides the product: where, when, and the runners the run started. */
interface WriteContext {
  inputsArg: string;
  inputsDir: string;
  outputsDir: string;
  now: Date;
  inputsRead: ReadonlyMap<string, Uint8Array>;
  pdfRunner: PdfRunner;
  draw: ChartDrawer | null;
  progress: Progress;
  outcome: BuildOutcome;
}

/**
 * Renders and writes a product: the PDF in its worker while this thread writes the DOCX and the
 * charts not drawn yet are drawn in theirs; then the run log, and everything published safely
 * (history/, edited/) with the manifest last.
 */
async function writeProduct(product: Product, diagnostics: readonly Diagnostic[], ctx: WriteContext, io: Io): Promise<BuildOutcome> {
  // One build at a time writes the folder (watch, and someone running build beside it).
  const lock = await lockOutputs(ctx.outputsDir, { now: io.now, ...(io.lockWaitMs !== undefined ? { waitMs: io.lockWaitMs } : {}) });
  if ('heldBy' in lock) {
    io.stderr(msg.summary.outputsLocked(relative(io.cwd, ctx.outputsDir) || '.', lock.heldBy));
    return { ...ctx.outcome, code: 1 };
  }
  try {
    return await writeLocked(product, diagnostics, ctx, io);
  } finally {
    lock.release();
  }
}

async function writeLocked(product: Product, diagnostics: readonly Diagnostic[], ctx: WriteContext, io: Io): Promise<BuildOutcome> {
  ctx.progress.phase(product.phase);
  const later = afterRender();
  const files = [...product.files];
  const { document } = product;
  const pdf = document
    ? ctx.pdfRunner.render({
        document: document.tree,
        wanted: document.tree.fonts,
        templateFiles: pdfFontFiles(document.settings),
        inputsDir: ctx.inputsDir,
        templateName: document.templateName,
        searchEnv: processFontEnv(),
      })
    : null;
  // The charts the document does not place, drawn while the PDF renders.
  const settings = document?.settings ?? null;
  const rest = ctx.draw && product.charts.toDraw.length > 0 ? ctx.draw(product.charts.toDraw, settings) : Promise.resolve(NO_CHARTS);
  let fontReport: string[] = [];
  if (document && pdf) {
    const { renderDocx } = await import('./render/docx/index.js');
    const docx = await renderDocx(document.tree);
    const rendered = await pdf;
    if (!rendered.ok && 'crash' in rendered) throw new Error(rendered.crash);
    if (!rendered.ok) {
      for (const d of rendered.diagnostics) io.stderr(formatDiagnostic(d));
      io.stdout(msg.summary.nothingWritten(rendered.diagnostics.length));
      return { ...ctx.outcome, code: 1 };
    }
    files.push({ path: `${document.name}.docx`, contents: docx }, { path: `${document.name}.pdf`, contents: rendered.bytes });
    fontReport = rendered.report;
  }
  // A chart vega could not draw is reported (an error, also in the run log) and left out; the others are written.
  const drawn = allCharts(product.charts, await rest);
  for (const d of drawn.diagnostics) io.stderr(formatDiagnostic(d));
  const chartsFailed = errorsOf(drawn.diagnostics).length;
  files.push(...chartOutputs(drawn.images, product.chartsFolder));
  const modules = await later;
  const [{ inputRecords }, { publishOutputs }] = modules;
  files.push({
    path: product.runLogName,
    contents: product.runLog([...diagnostics, ...drawn.diagnostics], {
      tool: toolInfo(),
      inputsFolder: ctx.inputsArg,
      written: [...files.map((f) => f.path), product.runLogName, product.manifestName],
      fonts: fontReport,
    }),
  });
  // Old files go to history/ (or edited/, when changed by hand); the manifest, listing what was written, comes last.
  ctx.progress.phase(msg.progress.write);
  const shown = (path: string) => relative(io.cwd, join(ctx.outputsDir, path)) || path;
  const published = publishOutputs(files, {
    folder: ctx.outputsDir,
    now: ctx.now,
    manifest: { tool: toolInfo(), asOf: product.asOf, inputs: inputRecords(ctx.inputsRead, product.sheets) },
    manifestName: product.manifestName,
    shown,
    stderr: io.stderr,
  });
  for (const line of product.summary) io.stdout(line);
  for (const line of published.summary) io.stdout(line);
  if (published.written.length) io.stdout(msg.summary.wrote(published.written.map(shown)));
  const failed = published.failed + chartsFailed;
  return {
    ...ctx.outcome,
    code: failed > 0 ? 1 : 0,
    changed: published.written.filter((path) => path !== product.manifestName && !published.report.unchanged.includes(path)),
    failedWrites: failed,
  };
}
