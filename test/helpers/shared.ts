/**
 * The shared runs of the compiled CLI that test/setup/shared-builds.ts starts once per test
 * run: `await sharedRun('build')` waits for that run to end and gives its folder, outputs,
 * exit status and output lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { SharedRunRecord } from '../setup/shared-builds.js';

export type SharedRunName = 'build' | 'quarterly-2025Q3' | 'quarterly-2026Q1';

export interface SharedRun {
  /** the run's working directory */
  cwd: string;
  /** its outputs folder */
  outputs: string;
  /** its compile-cache folder */
  cache: string;
  status: number | null;
  stdout: string[];
  stderr: string[];
  /** stderr as one text */
  stderrText: string;
}

const FOLDERS: Record<SharedRunName, { cwd: string; outputs: string; cache: string }> = {
  build: { cwd: 'build', outputs: 'build/outputs', cache: 'cache-build' },
  'quarterly-2025Q3': { cwd: 'q3', outputs: 'q3/out', cache: 'cache' },
  'quarterly-2026Q1': { cwd: 'q1', outputs: 'q1/out', cache: 'cache' },
};

const lines = (text: string) => (text === '' ? [] : text.replace(/\n$/u, '').split('\n'));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function sharedRun(name: SharedRunName, timeoutMs = 120_000): Promise<SharedRun> {
  const root = inject('sharedRoot');
  const file = join(root, `${name}.json`);
  const start = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - start > timeoutMs) throw new Error(`the shared run ${name} did not end within ${timeoutMs} ms`);
    await sleep(25);
  }
  const record = JSON.parse(readFileSync(file, 'utf8')) as SharedRunRecord;
  const folders = FOLDERS[name];
  return {
    cwd: join(root, folders.cwd),
    outputs: join(root, folders.outputs),
    cache: join(root, folders.cache),
    status: record.status,
    stdout: lines(record.stdout),
    stderr: lines(record.stderr),
    stderrText: record.stderr,
  };
}
