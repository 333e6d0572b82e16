/** Runs the pipeline on the shipped example in inputs/, in-process. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isoDate, type IsoDate } from '../../pipeline/dates.js';
import { runPipeline, type RunResult } from '../../pipeline/run.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXAMPLE_INPUTS = join(ROOT, 'inputs');
export const REFERENCE_NOTICE = join(ROOT, 'test/fixtures/reference/notice-tongdao-union-2025.txt');

export function runFolder(folder: string, asOf: IsoDate | null = null): Promise<RunResult> {
  const names = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
  return runPipeline({
    inputsFolder: folder,
    fileNames: names,
    bytesOf: (name) => readFileSync(join(folder, name)),
    asOf,
    today: isoDate(2026, 1, 15) as IsoDate,
  });
}

export const runExample = (asOf: IsoDate | null = null) => runFolder(EXAMPLE_INPUTS, asOf);

/** Compare texts as the design says: NFKC, then no whitespace at all. */
export function normalizeForComparison(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}
