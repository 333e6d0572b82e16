/**
 * `tongbao init DIR [--force] [--no-unions]`: a ready-to-fill workspace. DIR itself is the
 * inputs folder, so `tongbao build --inputs DIR` (and `check`, `watch`, `quarterly`) work on it:
 *
 *   DIR/整改台账.xlsx       blank ledgers with headers, dropdowns and a 填表说明 sheet
 *   DIR/基层工会台账.xlsx    (workspace/ledgers.ts); not with --no-unions
 *   DIR/notice.md          a short generic notice with fill-in markers such as 【发文机关】
 *   DIR/quarterly.md       the example's quarterly report with its names and dates replaced by
 *                          markers (workspace/templates.ts)
 *   DIR/charts/*.vl.json   copies of the project's chart specs, which build uses instead of the
 *                          project's when DIR/charts/ exists, so staff can restyle them (with
 *                          --no-unions, only those that need no union ledger)
 *
 * If any of these files already exists, nothing is written and the exit code is 2, unless
 * `--force`. Every file is written under a temporary name and renamed into place.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as msg from '../messages.js';
import { TEMPLATE_FILES } from '../read/inputs.js';
import { blankLedgers } from '../workspace/ledgers.js';
import { blankTemplate, NOTICE_SKELETON, quarterlyWithoutUnions } from '../workspace/templates.js';
import { specLedgers } from '../chart/specs.js';
import { PROJECT_CHARTS_DIR, WORKSPACE_CHARTS_FOLDER } from './charts.js';
import { exists, writeOutputs, type OutputFile } from './outputs.js';

/**
 * How to run this tool from anywhere: `node` and the absolute path of bin/tongbao.js (quoted when
 * it holds spaces). A bare `tongbao` is not on PATH, and `npx tongbao` outside the checkout would
 * ask the npm registry for a package of that name.
 */
export function tongbaoCommand(): string {
  const bin = fileURLToPath(new URL('../../bin/tongbao.js', import.meta.url));
  return `node ${/\s/u.test(bin) ? `"${bin}"` : bin}`;
}

/** The project's example inputs (pipeline/cli/ and dist/cli/ both sit two levels below the root). */
export const PROJECT_INPUTS_DIR = fileURLToPath(new URL('../../inputs/', import.meta.url));

export interface InitIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  cwd: string;
}

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? String(error);
}

/** The chart specs to copy: every `*.vl.json` of the project's charts/ and its README, if any; with `unions` false, not those drawn from the union ledger. */
export function chartFiles(unions: boolean): OutputFile[] {
  let names: string[];
  try {
    names = readdirSync(PROJECT_CHARTS_DIR, { withFileTypes: true })
      .filter((e) => e.isFile() && (e.name.endsWith('.vl.json') || e.name === 'README.md'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const contents = readFileSync(join(PROJECT_CHARTS_DIR, name));
    if (!unions && name.endsWith('.vl.json') && specLedgers(contents.toString('utf8')).includes('unions')) return [];
    return [{ path: `${WORKSPACE_CHARTS_FOLDER}/${name}`, contents }];
  });
}

/** Every file of a blank workspace, paths relative to it with `/`. */
export async function workspaceFiles(unions = true): Promise<OutputFile[]> {
  const files: OutputFile[] = (await blankLedgers(unions)).map((f) => ({ path: f.name, contents: f.bytes }));
  files.push({ path: TEMPLATE_FILES.notice, contents: NOTICE_SKELETON });
  const quarterly = blankTemplate(readFileSync(join(PROJECT_INPUTS_DIR, TEMPLATE_FILES.quarterly), 'utf8'));
  files.push({ path: TEMPLATE_FILES.quarterly, contents: unions ? quarterly : quarterlyWithoutUnions(quarterly) });
  files.push(...chartFiles(unions));
  return files;
}

export async function runInit(dirArg: string, force: boolean, io: InitIo, unions = true): Promise<number> {
  const dir = resolve(io.cwd, dirArg);
  const shown = (path: string) => relative(io.cwd, join(dir, ...path.split('/'))) || path;
  try {
    if (!statSync(dir).isDirectory()) {
      io.stderr(msg.init.notAFolder(dirArg));
      return 2;
    }
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') {
      io.stderr(msg.init.notAFolder(dirArg));
      return 2;
    }
  }
  let files: OutputFile[];
  try {
    files = await workspaceFiles(unions);
  } catch (error) {
    // The project's own templates are missing (a damaged installation).
    io.stderr(msg.init.sourceMissing(errnoCode(error)));
    return 1;
  }
  const present = files.filter((f) => exists(join(dir, ...f.path.split('/')))).map((f) => f.path);
  if (present.length > 0 && !force) {
    io.stderr(msg.init.refused(dirArg, present));
    return 2;
  }
  const report = writeOutputs(dir, files);
  for (const failure of report.failed) io.stderr(msg.summary.writeFailed(shown(failure.path), msg.writeFailureReason(failure.reason)));
  if (report.written.length) io.stdout(msg.summary.wrote(report.written.map(shown)));
  if (report.failed.length > 0) return 1;
  for (const line of msg.init.nextSteps(dirArg, tongbaoCommand())) io.stdout(line);
  return 0;
}
