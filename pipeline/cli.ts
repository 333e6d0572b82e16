/**
 * The command line: the only module that reads argv, the environment, the clock and the file
 * system. It turns them into plain values, runs the pipeline (run.ts) and writes what it
 * returns. Exit codes (design.md): 0 done, 1 input errors or an output not written, 2 usage.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type CommandName } from './cli/args.js';
import { chartInput, chartsFolder, drawnChartFiles, WORKSPACE_CHARTS_FOLDER } from './cli/charts.js';
import { DEFAULT_PROGRESS_AFTER_MS, startProgress, type Progress, type ProgressOptions } from './cli/progress.js';
import type { BuildOutcome, WatchTiming } from './cli/watch.js';
import type { OutputFile } from './cli/outputs.js';
import type { NoticeSettings } from './compose/settings.js';
import type { Document } from './document/ast.js';
import { pdfFontFiles, processFontEnv } from './cli/font-search.js';
import { startPdfRunner, type PdfRunner } from './cli/pdf-runner.js';
import { lastCompleteQuarter, localDateToIso, parseIsoDate, parseQuarter, type IsoDate, type Quarter } from './dates.js';
import { errorsOf, formatDiagnostic, warningsOf } from './diagnostics.js';
import * as msg from './messages.js';
import { figuresSummary, quarterlySummary } from './report/summary.js';
import { runPipeline, type RunResult } from './run.js';
import type { QuarterlyInput } from './run-quarterly.js';

// Loaded when needed, not with the CLI: a build's critical path is reading the ledgers and
// handing the notice to the PDF worker; what comes after (the run log, the manifest, writing)
// loads while the PDF renders, and init, watch and quarterly only for their commands.
const afterRender = () => Promise.all([import('./report/run-log.js'), import('./report/manifest.js'), import('./cli/publish.js')]);

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
  if (command === 'init') return (await import('./cli/init.js')).runInit(args[0] as string, flags.force === 'true', io);
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

/** The run's clock reading and what it read, handed to the writing step. */
interface RunContext {
  inputsRead: ReadonlyMap<string, Uint8Array>;
  now: Date;
  progress: Progress;
  /** Filled in by the writing step: what changed, what could not be written. */
  outcome: BuildOutcome;
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

async function buildWith(command: 'build' | 'check' | 'quarterly', target: BuildTarget, io: Io, progress: Progress): Promise<BuildOutcome> {
  const { inputsArg, inputsDir, outputsDir, asOf, quarter } = target;
  const now = io.now();
  const outcome: BuildOutcome = { code: 0, errors: 0, warnings: 0, changed: [], failedWrites: 0 };
  progress.phase(msg.progress.read);
  const listing = listFiles(inputsDir);
  if ('error' in listing) {
    io.stderr(msg.usage.inputsUnreadable(inputsArg, listing.error));
    return { ...outcome, code: 2, errors: 1 };
  }
  // The bytes of every file the run reads, as read: the manifest records them.
  const inputsRead = new Map<string, Uint8Array>();
  const inputs = {
    inputsFolder: inputsArg,
    fileNames: listing.names,
    bytesOf: (name: string) => {
      // A file can be locked (WPS, antivirus), unreadable, or gone since the folder was listed.
      try {
        const bytes = readFileSync(join(inputsDir, name));
        inputsRead.set(name, bytes);
        return bytes;
      } catch (error) {
        return { error: errnoCode(error) };
      }
    },
  };
  const run: RunContext = { inputsRead, now, progress, outcome };
  if (quarter) {
    const charts = chartInput({ chartsDir: chartsFolder(inputsDir), draw: true, inputsDir, searchEnv: processFontEnv() });
    return { ...outcome, code: await runQuarterlyCommand({ ...inputs, quarter, charts }, outputsDir, inputsDir, io, run) };
  }
  // Start loading the PDF renderer now: it gets ready while the ledgers are read.
  const pdfRunner = command === 'build' ? startPdfRunner() : null;
  const charts = chartInput({ chartsDir: chartsFolder(inputsDir), draw: command === 'build', inputsDir, searchEnv: processFontEnv() });
  const result = await runPipeline({ ...inputs, asOf, today: localDateToIso(now), charts });
  for (const d of result.diagnostics) io.stderr(formatDiagnostic(d));

  const errors = errorsOf(result.diagnostics).length;
  const warnings = warningsOf(result.diagnostics).length;
  outcome.errors = errors;
  outcome.warnings = warnings;
  if (command === 'check') {
    if (result.stats) for (const line of figuresSummary(result.stats)) io.stdout(line);
    io.stdout(errors > 0 ? msg.summary.checkFailed(errors, warnings) : msg.summary.checkPassed(warnings));
    return { ...outcome, code: errors > 0 ? 1 : 0 };
  }
  if (errors > 0 || !result.stats || !pdfRunner) {
    pdfRunner?.close();
    io.stdout(msg.summary.nothingWritten(errors));
    return { ...outcome, code: 1 };
  }
  try {
    const code = await writeBuild(result, inputsArg, inputsDir, outputsDir, pdfRunner, io, run);
    return { ...run.outcome, code };
  } finally {
    pdfRunner.close();
  }
}


/**
 * A document as `<name>.docx` and `<name>.pdf`: the worker renders the PDF while this thread
 * renders the DOCX. Null (after printing why) when the template's PDF fonts cannot be used.
 */
async function renderDocument(
  document: Document,
  name: string,
  settings: NoticeSettings | null,
  templateName: string,
  inputsDir: string,
  pdfRunner: PdfRunner,
  io: Io,
): Promise<{ files: OutputFile[]; fontReport: string[] } | null> {
  const pdf = pdfRunner.render({
    document,
    wanted: document.fonts,
    templateFiles: pdfFontFiles(settings),
    inputsDir,
    templateName,
    searchEnv: processFontEnv(),
  });
  const { renderDocx } = await import('./render/docx/index.js');
  const docx = await renderDocx(document);
  const rendered = await pdf;
  if (!rendered.ok && 'crash' in rendered) throw new Error(rendered.crash);
  if (!rendered.ok) {
    for (const d of rendered.diagnostics) io.stderr(formatDiagnostic(d));
    io.stdout(msg.summary.nothingWritten(rendered.diagnostics.length));
    return null;
  }
  return {
    files: [
      { path: `${name}.docx`, contents: docx },
      { path: `${name}.pdf`, contents: rendered.bytes },
    ],
    fontReport: rendered.report,
  };
}

async function writeBuild(
  result: RunResult,
  inputsArg: string,
  inputsDir: string,
  outputsDir: string,
  pdfRunner: PdfRunner,
  io: Io,
  run: RunContext,
): Promise<number> {
  run.progress.phase(msg.progress.compose);
  const later = afterRender();
  const files: OutputFile[] = [{ path: 'stats.json', contents: `${JSON.stringify(result.stats, null, 2)}\n` }];
  let fontReport: string[] = [];
  if (result.notice) {
    const rendered = await renderDocument(result.notice, 'notice', result.noticeSettings, result.plan.templates.notice ?? 'notice.md', inputsDir, pdfRunner, io);
    if (!rendered) return 1;
    files.push(...rendered.files);
    fontReport = rendered.fontReport;
  }
  // The charts the notice does not place were drawn while the PDF rendered; failures are reported, the rest written.
  const charts = await drawnChartFiles(result, io.stderr);
  files.push(...charts.files);
  const modules = await later;
  const [{ composeRunLog }, { MANIFEST_FILE }] = modules;
  const runLog = composeRunLog(result, {
    tool: toolInfo(),
    inputsFolder: inputsArg,
    written: [...files.map((f) => f.path), 'run-log.md', MANIFEST_FILE],
    fonts: fontReport,
  });
  files.push({ path: 'run-log.md', contents: runLog });
  // Old files go to history/ (or edited/, when changed by hand); manifest.json, listing what was written, comes last.
  const published = publish(modules, files, MANIFEST_FILE, result, figuresSummary(result.stats as NonNullable<RunResult['stats']>), outputsDir, io, run);
  run.outcome.changed = published.written.filter((path) => path !== MANIFEST_FILE && !published.report.unchanged.includes(path));
  run.outcome.failedWrites = published.failed + charts.failed;
  return published.failed > 0 || charts.failed > 0 ? 1 : 0;
}

/**
 * Writes a run's files safely (history/, edited/), its manifest last, and prints the summary
 * and what was written.
 */
function publish(
  [, { inputRecords }, { publishOutputs }]: Awaited<ReturnType<typeof afterRender>>,
  files: readonly OutputFile[],
  manifestName: string,
  result: { asOf: IsoDate; sheets: RunResult['sheets'] },
  summary: readonly string[],
  outputsDir: string,
  io: Io,
  run: { inputsRead: ReadonlyMap<string, Uint8Array>; now: Date; progress: { phase(name: string): void } },
) {
  run.progress.phase(msg.progress.write);
  const shown = (path: string) => relative(io.cwd, join(outputsDir, path)) || path;
  const published = publishOutputs(files, {
    folder: outputsDir,
    now: run.now,
    manifest: { tool: toolInfo(), asOf: result.asOf, inputs: inputRecords(run.inputsRead, result.sheets) },
    manifestName,
    shown,
    stderr: io.stderr,
  });
  for (const line of summary) io.stdout(line);
  for (const line of published.summary) io.stdout(line);
  if (published.written.length) io.stdout(msg.summary.wrote(published.written.map(shown)));
  return published;
}

/** `tongbao quarterly`: the quarter's workbook (and its log), leaving build's files alone. */
async function runQuarterlyCommand(
  input: QuarterlyInput,
  outputsDir: string,
  inputsDir: string,
  io: Io,
  run: RunContext,
): Promise<number> {
  const pdfRunner = startPdfRunner();
  try {
    return await writeQuarterly(input, outputsDir, inputsDir, pdfRunner, io, run);
  } finally {
    pdfRunner.close();
  }
}

async function writeQuarterly(
  input: QuarterlyInput,
  outputsDir: string,
  inputsDir: string,
  pdfRunner: PdfRunner,
  io: Io,
  run: RunContext,
): Promise<number> {
  const later = afterRender();
  const { runQuarterly } = await import('./run-quarterly.js');
  const result = await runQuarterly(input);
  for (const d of result.diagnostics) io.stderr(formatDiagnostic(d));
  const errors = errorsOf(result.diagnostics).length;
  if (errors > 0 || !result.workbook || !result.stats) {
    io.stdout(msg.summary.nothingWritten(errors));
    return 1;
  }
  const base = `quarterly-${result.quarter}`;
  run.progress.phase(msg.progress.report);
  const { renderXlsx } = await import('./render/xlsx/index.js');
  const files: OutputFile[] = [{ path: `${base}.xlsx`, contents: await renderXlsx(result.workbook) }];
  let fontReport: string[] = [];
  if (result.report) {
    const rendered = await renderDocument(result.report, base, result.settings, result.plan.templates.quarterly ?? 'quarterly.md', inputsDir, pdfRunner, io);
    if (!rendered) return 1;
    files.push(...rendered.files);
    fontReport = rendered.fontReport;
  }
  // The quarter's charts go to charts/<quarter>/, leaving build's charts alone.
  const charts = await drawnChartFiles(result, io.stderr, `charts/${result.quarter}`);
  files.push(...charts.files);
  const modules = await later;
  const [{ composeQuarterlyRunLog }] = modules;
  files.push({
    path: `${base}.run-log.md`,
    contents: composeQuarterlyRunLog(result, { tool: toolInfo(), inputsFolder: input.inputsFolder, written: files.map((f) => f.path), fonts: fontReport }),
  });
  // The same safe replacement as build, with the quarter's own manifest.
  const published = publish(modules, files, `${base}.manifest.json`, result, quarterlySummary(result.stats), outputsDir, io, run);
  return published.failed > 0 || charts.failed > 0 ? 1 : 0;
}
