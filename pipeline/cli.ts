/**
 * The command line: the only module that reads argv, the environment, the clock and the file
 * system. It turns them into plain values, runs the pipeline (run.ts) and writes what it
 * returns. Exit codes (design.md): 0 done, 1 input errors or an output not written, 2 usage.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type CommandName } from './cli/args.js';
import { writeOutputs, type OutputFile } from './cli/outputs.js';
import { composeRunLog } from './compose/run-log.js';
import { FONT_ROLE_KEYS, type NoticeSettings } from './compose/settings.js';
import type { FontRole } from './document/ast.js';
import { processFontEnv } from './cli/font-search.js';
import { startPdfRunner, type PdfRunner } from './cli/pdf-runner.js';
import { localDateToIso, parseIsoDate, type IsoDate } from './dates.js';
import { errorsOf, formatDiagnostic, warningsOf } from './diagnostics.js';
import * as msg from './messages.js';
import { runPipeline, type RunResult } from './run.js';

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** The working directory relative paths are taken from. */
  cwd: string;
  /** The clock, read once per run. */
  now: () => Date;
}

export const processIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  now: () => new Date(),
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
      return runCommand(parsed.command, parsed.flags, io);
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

async function runCommand(command: CommandName, flags: Partial<Record<string, string>>, io: Io): Promise<number> {
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
  const listing = listFiles(inputsDir);
  if ('error' in listing) {
    io.stderr(msg.usage.inputsUnreadable(inputsArg, listing.error));
    return 2;
  }
  // Start loading the PDF renderer now: it gets ready while the ledgers are read.
  const pdfRunner = command === 'build' ? startPdfRunner() : null;
  const result = await runPipeline({
    inputsFolder: inputsArg,
    fileNames: listing.names,
    bytesOf: (name) => {
      // A file can be locked (WPS, antivirus), unreadable, or gone since the folder was listed.
      try {
        return readFileSync(join(inputsDir, name));
      } catch (error) {
        return { error: errnoCode(error) };
      }
    },
    asOf,
    today: localDateToIso(io.now()),
  });
  for (const d of result.diagnostics) io.stderr(formatDiagnostic(d));

  const errors = errorsOf(result.diagnostics).length;
  const warnings = warningsOf(result.diagnostics).length;
  if (command === 'check') {
    if (result.stats) for (const line of msg.figuresSummary(result.stats)) io.stdout(line);
    io.stdout(errors > 0 ? msg.summary.checkFailed(errors, warnings) : msg.summary.checkPassed(warnings));
    return errors > 0 ? 1 : 0;
  }
  if (errors > 0 || !result.stats || !pdfRunner) {
    pdfRunner?.close();
    io.stdout(msg.summary.nothingWritten(errors));
    return 1;
  }
  try {
    return await writeBuild(result, inputsArg, inputsDir, resolve(io.cwd, flags.outputs ?? 'outputs'), pdfRunner, io);
  } finally {
    pdfRunner.close();
  }
}

/** The template's `PDF字体.*` files, with the template lines that name them. */
function pdfFontFiles(settings: NoticeSettings | null): Partial<Record<FontRole, { path: string; line: number | undefined }>> {
  const files: Partial<Record<FontRole, { path: string; line: number | undefined }>> = {};
  if (!settings) return files;
  for (const [key, role] of Object.entries(FONT_ROLE_KEYS)) {
    const path = settings.pdfFontFiles[role];
    if (path) files[role] = { path, line: settings.lines[`PDF字体.${key}`] };
  }
  return files;
}

async function writeBuild(
  result: RunResult,
  inputsArg: string,
  inputsDir: string,
  outputsDir: string,
  pdfRunner: PdfRunner,
  io: Io,
): Promise<number> {
  const files: OutputFile[] = [{ path: 'stats.json', contents: `${JSON.stringify(result.stats, null, 2)}\n` }];
  let fontReport: string[] = [];
  if (result.notice) {
    // The worker renders the PDF while this thread renders the DOCX.
    const pdf = pdfRunner.render({
      document: result.notice,
      wanted: result.notice.fonts,
      templateFiles: pdfFontFiles(result.noticeSettings),
      inputsDir,
      templateName: result.plan.templates.notice ?? 'notice.md',
      searchEnv: processFontEnv(),
    });
    const { renderDocx } = await import('./render/docx/index.js');
    files.push({ path: 'notice.docx', contents: await renderDocx(result.notice) });
    const rendered = await pdf;
    if (!rendered.ok && 'crash' in rendered) throw new Error(rendered.crash);
    if (!rendered.ok) {
      for (const d of rendered.diagnostics) io.stderr(formatDiagnostic(d));
      io.stdout(msg.summary.nothingWritten(rendered.diagnostics.length));
      return 1;
    }
    fontReport = rendered.report;
    files.push({ path: 'notice.pdf', contents: rendered.bytes });
  }
  const runLog = composeRunLog(result, {
    tool: toolInfo(),
    inputsFolder: inputsArg,
    written: [...files.map((f) => f.path), 'run-log.md'],
    fonts: fontReport,
  });
  files.push({ path: 'run-log.md', contents: runLog });
  const report = writeOutputs(outputsDir, files);
  const shown = (path: string) => relative(io.cwd, join(outputsDir, path)) || path;
  for (const failure of report.failed) io.stderr(msg.summary.writeFailed(shown(failure.path), msg.writeFailureReason(failure.reason)));
  for (const line of msg.figuresSummary(result.stats as NonNullable<RunResult['stats']>)) io.stdout(line);
  if (report.written.length) io.stdout(msg.summary.wrote(report.written.map(shown)));
  return report.failed.length > 0 ? 1 : 0;
}
