/**
 * The command line: the only module that reads argv, the environment, the clock and the file
 * system. It turns them into plain values, runs the pipeline (run.ts) and writes what it
 * returns. Exit codes (docs/contract.md, "CLI"): 0 done, 1 input errors or an output not written, 2 usage.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type CommandName } from './cli/args.js';
import { chartInput, type ChartDrawing } from './cli/chart-runner.js';
import { chartsFolder, WORKSPACE_CHARTS_FOLDER } from './cli/charts.js';
import { processFontEnv } from './cli/font-search.js';
import { isDirectory, readInputs } from './cli/inputs.js';
import { processIo, stopSignal, type Io } from './cli/io.js';
import { startPdfRunner, type PdfRunner } from './cli/pdf-runner.js';
import { checkedProduct, noticeProduct, quarterlyProduct, type Ran } from './cli/products.js';
import { startProgress, type Progress } from './cli/progress.js';
import { readQuarterRecords } from './cli/records.js';
import { toolInfo } from './cli/tool.js';
import type { BuildOutcome } from './cli/watch.js';
import { writeProduct } from './cli/write.js';
import { lastCompleteQuarter, localDateToIso, parseIsoDate, parseQuarter, previousQuarter, type IsoDate, type Quarter } from './dates.js';
import { errorsOf, formatDiagnostic, warningsOf, type Diagnostic } from './diagnostics.js';
import * as msg from './messages.js';

export { processIo, toolInfo, type Io };

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
  if (command === 'serve') {
    const port = flags.port === undefined ? 0 : /^\d{1,5}$/u.test(flags.port) && Number(flags.port) <= 65535 ? Number(flags.port) : null;
    if (port === null) {
      io.stderr(msg.usage.badPort(flags.port ?? ''));
      return 2;
    }
    const { runServe } = await import('./cli/serve/index.js');
    return runServe({ ...target, port, open: flags['no-open'] !== 'true' }, io, runBuild);
  }
  return (await runBuild(command, target, io)).code;
}

/** What a build reads and where it writes, from the command line. */
export interface BuildTarget {
  inputsArg: string;
  inputsDir: string;
  outputsDir: string;
  asOf: IsoDate | null;
  quarter: Quarter | null;
}

/**
 * `tongbao watch`: `runBuild('build', …)` now and after every change to the inputs (cli/watch.ts),
 * with workers kept between builds (cli/warm-workers.ts). Builds print their diagnostics; their
 * stdout summary gives way to one status line each.
 */
async function runWatch(target: BuildTarget, io: Io): Promise<number> {
  const { signal, release } = stopSignal(io);
  const { WarmWorkers } = await import('./cli/warm-workers.js');
  const warm = new WarmWorkers(target.inputsDir, processFontEnv());
  try {
    const { watchInputs } = await import('./cli/watch.js');
    return await watchInputs({
      inputsDir: target.inputsDir,
      inputsShown: target.inputsArg,
      subfolders: [WORKSPACE_CHARTS_FOLDER],
      outputsDir: target.outputsDir,
      build: () => runBuild('build', target, { ...io, stdout: () => undefined }, warm),
      stdout: io.stdout,
      stderr: io.stderr,
      now: io.now,
      signal,
      ...(io.watchTiming ? { timing: io.watchTiming } : {}),
    });
  } finally {
    warm.dispose();
    release();
  }
}

/**
 * The workers a long-running process (`watch`, `serve`) keeps between builds, so that pdfmake, vega and
 * the fonts stay loaded: a build uses them and leaves them open.
 */
export interface WarmRunners {
  pdf: PdfRunner;
  charts: ChartDrawing | null;
  /** Called when a build has ended: the workers collect their garbage (cli/worker-gc.ts). */
  collect(): void;
}

/** What a build did, with its diagnostics and the run itself (for the page). */
export interface BuildReport extends BuildOutcome {
  diagnostics: Diagnostic[];
  ran: Ran | null;
}

/**
 * One run of `build`, `check` or `quarterly` on the inputs folder as it is now: list and read
 * it, run the pipeline, write the outputs. `watch` calls this for each rebuild, `serve` for each
 * build and check, with its warm workers.
 */
export async function runBuild(command: 'build' | 'check' | 'quarterly', target: BuildTarget, io: Io, warm?: WarmRunners): Promise<BuildReport> {
  const progress = startProgress(io.progress, io.stderr);
  try {
    return await buildWith(command, target, { ...io, stdout: progress.around(io.stdout), stderr: progress.stderr }, progress, warm);
  } finally {
    progress.done();
    warm?.collect();
  }
}

async function buildWith(command: 'build' | 'check' | 'quarterly', target: BuildTarget, io: Io, progress: Progress, warm?: WarmRunners): Promise<BuildReport> {
  const { inputsArg, inputsDir, outputsDir, asOf, quarter } = target;
  const now = io.now();
  progress.phase(msg.progress.read);
  const inputs = readInputs(inputsDir);
  if ('error' in inputs) {
    io.stderr(msg.usage.inputsUnreadable(inputsArg, inputs.error));
    return { ...NOTHING_DONE, code: 2, errors: 1, diagnostics: [], ran: null };
  }
  const writes = command !== 'check';
  // Start loading the PDF renderer and the chart drawer now: they get ready while the ledgers are read.
  const pdfRunner = writes ? (warm?.pdf ?? startPdfRunner()) : null;
  const charts = chartInput({ chartsDir: chartsFolder(inputsDir), draw: writes, inputsDir, searchEnv: processFontEnv(), drawing: warm?.charts ?? null });
  try {
    const pipelineInput = { inputsFolder: inputsArg, fileNames: inputs.names, bytesOf: inputs.bytesOf, charts };
    const today = localDateToIso(now);
    const ran = quarter
      ? await quarterlyProduct({ ...pipelineInput, quarter, today, records: readQuarterRecords(outputsDir, previousQuarter(quarter)) })
      : command === 'check'
        ? await checkedProduct({ ...pipelineInput, asOf, today })
        : await noticeProduct({ ...pipelineInput, asOf, today });
    for (const d of ran.diagnostics) io.stderr(formatDiagnostic(d));
    const outcome: BuildOutcome = { ...NOTHING_DONE, errors: errorsOf(ran.diagnostics).length, warnings: warningsOf(ran.diagnostics).length };
    const report = (done: BuildOutcome): BuildReport => ({ ...done, diagnostics: ran.diagnostics, ran });
    if (command === 'check') {
      for (const line of ran.summary) io.stdout(line);
      io.stdout(outcome.errors > 0 ? msg.summary.checkFailed(outcome.errors, outcome.warnings) : msg.summary.checkPassed(outcome.warnings));
      return report({ ...outcome, code: outcome.errors > 0 ? 1 : 0 });
    }
    if (outcome.errors > 0 || !ran.product || !pdfRunner) {
      io.stdout(msg.summary.nothingWritten(outcome.errors));
      return report({ ...outcome, code: 1 });
    }
    return report(
      await writeProduct(
        ran.product,
        ran.diagnostics,
        { inputsArg, inputsDir, outputsDir, now, inputsRead: inputs.read, pdfRunner, draw: charts.draw, progress, outcome },
        io,
      ),
    );
  } finally {
    // A warm runner stays open for the next build (serve closes it when it stops).
    if (pdfRunner !== warm?.pdf) pdfRunner?.close();
    charts.close();
  }
}

const NOTHING_DONE: BuildOutcome = { code: 0, errors: 0, warnings: 0, changed: [], failedWrites: 0 };
