/**
 * vitest globalSetup: the compiled CLI (`node bin/tongbao.js`, what users run: dist/ with the
 * PDF and chart worker threads) builds the shipped example once, and makes two quarterly
 * reports, in a temporary folder, for every test file to read (test/helpers/shared.ts). The
 * runs start here and go on while the first test files run; a test waits for the one it reads.
 *
 *   build             cwd <root>/build:  build --inputs <ROOT>/inputs            (outputs/)
 *   quarterly-2025Q3  cwd <root>/q3:     quarterly --quarter 2025年第三季度 --outputs out
 *                     (out/ holds a stats.json "old" beforehand: quarterly must leave it alone)
 *   quarterly-2026Q1  cwd <root>/q1:     quarterly --quarter 2026Q1 --outputs out
 *
 * The build has its own, fresh compile cache (<root>/cache-build); the quarterly runs share
 * <root>/cache, the first compiling exceljs's full package, the second loading it from there.
 * Each run leaves <root>/<name>.json: { status, stdout, stderr } once it has ended.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/tongbao.js');

export interface SharedRunRecord {
  status: number | null;
  stdout: string;
  stderr: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedRoot: string;
  }
}

function run(root: string, name: string, cwd: string, args: string[], cacheFolder: string): Promise<void> {
  return new Promise((done) => {
    const finish = (record: SharedRunRecord) => {
      const file = join(root, `${name}.json`);
      writeFileSync(`${file}.tmp`, JSON.stringify(record));
      renameSync(`${file}.tmp`, file);
      done();
    };
    if (!existsSync(join(ROOT, 'dist/cli.js'))) {
      finish({ status: null, stdout: '', stderr: 'dist/ is missing: run `npm run build` first (npm test does)' });
      return;
    }
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, TZ: 'Asia/Shanghai', NODE_COMPILE_CACHE: cacheFolder, TONGBAO_WORKERS: 'required' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', (error) => finish({ status: null, stdout, stderr: `${stderr}${String(error)}` }));
    child.on('close', (status) => finish({ status, stdout, stderr }));
  });
}

export default function setup(project: TestProject): () => Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'tongbao-shared-'));
  for (const dir of ['build', 'q3/out', 'q1']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'q3/out/stats.json'), 'old');
  const inputs = join(ROOT, 'inputs');
  // One after another: the build first (most tests read it), each run using both cores.
  const runs = (async () => {
    await run(root, 'build', join(root, 'build'), ['build', '--inputs', inputs], join(root, 'cache-build'));
    await run(
      root,
      'quarterly-2025Q3',
      join(root, 'q3'),
      ['quarterly', '--quarter', '2025年第三季度', '--inputs', inputs, '--outputs', 'out'],
      join(root, 'cache'),
    );
    await run(root, 'quarterly-2026Q1', join(root, 'q1'), ['quarterly', '--quarter', '2026Q1', '--inputs', inputs, '--outputs', 'out'], join(root, 'cache'));
  })();
  project.provide('sharedRoot', root);
  return async () => {
    await runs;
    rmSync(root, { recursive: true, force: true });
  };
}
