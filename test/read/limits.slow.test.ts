/**
 * Scale runs (issue 13), each several seconds: the compiled CLI (`npm run test:slow` builds
 * dist/ first) on generated ledgers in a child process, with its wall time and peak memory.
 * Time bounds are 3× the targets (the machines are shared and noisy: `npm run bench` gives the
 * medians); memory bounds are the targets themselves.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/example.js';
import { hasStackTrace } from '../helpers/cli.js';
import { problemLedger, unionLedger, workbook, zipBomb } from '../../scripts/scale-ledgers.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'tongbao-scale-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folderWith(name: string, files: Record<string, Uint8Array>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

/** The compiled CLI on a folder: exit code, output, wall time (ms), peak RSS (MB), and the folder's files after. */
function cli(args: string[], inputs: string) {
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    ['--import', join(ROOT, 'scripts/peak-rss.mjs'), join(ROOT, 'bin/tongbao.js'), ...args, '--inputs', inputs, '--as-of', '2025-05-30'],
    {
      cwd: scratch,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const ms = performance.now() - start;
  const rss = Number(/PEAK_RSS_KB=(\d+)/u.exec(run.stderr)?.[1]) / 1024;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, ms, rss, files: readdirSync(inputs).sort() };
}

describe('big ledgers', () => {
  it('100,000 unions and 20,000 problems: check passes in ≤ 4 s (here ≤ 12 s) and ≤ 400 MB', () => {
    const inputs = folderWith('big', { '基层工会台账.xlsx': unionLedger(100_000), '整改台账.xlsx': problemLedger(20_000) });
    const r = cli(['check'], inputs);
    console.log(`check, 100,000 unions + 20,000 problems: ${r.ms.toFixed(0)} ms, ${r.rss.toFixed(0)} MB`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('基层工会：100000家');
    expect(r.stdout).toContain('检查通过');
    expect(r.files).toEqual(['基层工会台账.xlsx', '整改台账.xlsx']);
    expect(r.rss).toBeLessThanOrEqual(400);
    expect(r.ms).toBeLessThanOrEqual(12_000);
  });

  it('100,000 rows with an unknown status: every one listed at its cell in ≤ 6 s (here ≤ 18 s)', () => {
    const inputs = folderWith('bad', { '整改台账.xlsx': problemLedger(100_000, { status: '搞定了' }) });
    const r = cli(['check'], inputs);
    console.log(`check, 100,000 bad statuses: ${r.ms.toFixed(0)} ms, ${r.rss.toFixed(0)} MB`);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(hasStackTrace(out.split('\n'))).toBe(false);
    expect(out).toContain('错误 整改台账.xlsx › 整改台账 › D3（整改结果）：未知的整改结果“搞定了”');
    expect(out).toContain('错误 整改台账.xlsx › 整改台账 › D100002（整改结果）：未知的整改结果“搞定了”');
    expect(out).toContain('检查未通过：100000 个错误');
    expect(r.files).toEqual(['整改台账.xlsx']);
    expect(r.ms).toBeLessThanOrEqual(18_000);
  });
});

describe('limits', () => {
  it('the zip bomb (1 MB declaring 1 GiB) is refused in ≤ 2 s and ≤ 300 MB, build writing nothing', () => {
    const inputs = folderWith('bomb', { '整改台账.xlsx': zipBomb() });
    const out = join(scratch, 'bomb-out');
    const r = cli(['build', '--outputs', out], inputs);
    console.log(`build, zip bomb: ${r.ms.toFixed(0)} ms, ${r.rss.toFixed(0)} MB`);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('错误 整改台账.xlsx：工作簿解压后有 1025 MB，超过上限 256 MB');
    expect(r.rss).toBeLessThanOrEqual(300);
    expect(r.ms).toBeLessThanOrEqual(2_000);
    expect(readdirSync(scratch)).not.toContain('bomb-out');
  });

  it('more than 500,000 rows with values in a sheet are refused, naming the sheet', () => {
    function* rows() {
      yield ['序号', '工会名称', '所属乡镇'];
      for (let i = 1; i <= 500_000; i++) yield [i];
    }
    const inputs = folderWith('rows', { '基层工会台账.xlsx': workbook([{ name: '基层工会', rows: rows() }]) });
    const r = cli(['check'], inputs);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(
      '错误 基层工会台账.xlsx › 基层工会：工作表中有内容的行超过 500,000 行的上限；请删除多余的行，或把台账拆成几个工作表或文件',
    );
  });

  it('more than 5,000,000 cells with values in a workbook are refused, naming the sheet where the count passed it', () => {
    const row = Array.from({ length: 13 }, (_, i) => i);
    function* rows() {
      for (let i = 0; i < 200_000; i++) yield row;
    }
    const sheets = ['一', '二'].map((n) => ({ name: `表${n}`, rows: rows() }));
    const inputs = folderWith('cells', { '台账.xlsx': workbook(sheets) });
    const r = cli(['check'], inputs);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('错误 台账.xlsx › 表二：工作簿中有内容的单元格超过 5,000,000 个的上限');
  });
});
