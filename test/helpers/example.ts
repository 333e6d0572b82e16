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

/** The second example (examples/full-frame/): its notice.md, with the 公文 frame, over the shipped ledgers. */
export const FULL_FRAME_TEMPLATE = join(ROOT, 'examples/full-frame/notice.md');

export function runFullFrame(): Promise<RunResult> {
  const names = readdirSync(EXAMPLE_INPUTS).filter((n) => n.endsWith('.xlsx'));
  return runPipeline({
    inputsFolder: EXAMPLE_INPUTS,
    fileNames: [...names, 'notice.md'],
    bytesOf: (name) => readFileSync(name === 'notice.md' ? FULL_FRAME_TEMPLATE : join(EXAMPLE_INPUTS, name)),
    asOf: null,
    today: isoDate(2026, 1, 15) as IsoDate,
  });
}

/** Compare texts as the design says: NFKC, then no whitespace at all. */
export function normalizeForComparison(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}
