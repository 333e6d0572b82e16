/**
 * `tongbao watch`, in-process through `main` with an AbortSignal and short timings: one build
 * at the start, exactly one more after a ledger written in two chunks has settled, none for
 * lock, temporary and hidden files, a failed build that keeps the last good notice.docx and
 * prints the error, and a clean stop.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.js';
import { isIgnoredName } from '../../pipeline/cli/watch.js';
import { FIXED_NOW, runCli, useTempDirs } from '../helpers/cli.js';
import { EXAMPLE_INPUTS } from '../helpers/example.js';
import { xlsx } from '../helpers/workbook.js';

const tempDir = useTempDirs();

const HEADER = ['序号', '反馈问题', '具体问题', '整改结果', '整改情况', '整改时限', '完成时间'];
const ledger = (secondStatus: string) =>
  xlsx([
    {
      name: '整改台账',
      rows: [
        ['巡察整改台账'],
        HEADER,
        [1, '学习教育', '学习不深入', '已完成', '建立制度', '2025年3月', '2025-03-20'],
        [2, '学习教育', '记录不全', secondStatus, '补齐记录', '长期坚持'],
      ],
      merges: ['A1:G1'],
    },
  ]);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('tongbao watch', () => {
  it('rebuilds once per settled change, ignores lock and temporary files, keeps the last good outputs, stops cleanly', async () => {
    const dir = tempDir();
    const inputs = join(dir, 'inputs');
    mkdirSync(inputs);
    copyFileSync(join(EXAMPLE_INPUTS, 'notice.md'), join(inputs, 'notice.md'));
    writeFileSync(join(inputs, '整改台账.xlsx'), await ledger('正在整改'));
    const notice = join(dir, 'outputs', 'notice.docx');

    const stdout: string[] = [];
    const stderr: string[] = [];
    const controller = new AbortController();
    const running = main(['watch'], {
      stdout: (text) => stdout.push(...text.split('\n')),
      stderr: (text) => stderr.push(...text.split('\n')),
      cwd: dir,
      now: () => FIXED_NOW,
      signal: controller.signal,
      watchTiming: { debounceMs: 200, settleMs: 200, pollMs: 40 },
    });
    const statuses = () => stdout.filter((l) => /^\d\d:\d\d:\d\d /u.test(l));

    // 1. The first build.
    await until(() => statuses().length === 1, 'the first build');
    expect(stdout[0]).toBe('开始监视 inputs：台账、模板或图表保存后自动重新生成；按 Ctrl+C 退出');
    expect(statuses()[0]).toMatch(/^10:00:00 首次生成：已生成，更新了 stats\.json、notice\.docx、notice\.pdf、/u);
    expect(stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    const first = readFileSync(notice);

    // 2. A ledger saved in two steps, as Excel or a network copy does: one rebuild, after it settles.
    const bytes = await ledger('阶段性完成');
    const half = Math.floor(bytes.length / 2);
    const fd = openSync(join(inputs, '整改台账.xlsx'), 'w');
    writeSync(fd, bytes.subarray(0, half));
    await sleep(100);
    writeSync(fd, bytes.subarray(half));
    closeSync(fd);
    await until(() => statuses().length === 2, 'the rebuild');
    expect(statuses()[1]).toMatch(/^10:00:00 整改台账\.xlsx 有变化：已生成，更新了 .*notice\.docx/u);
    expect(stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    const second = readFileSync(notice);
    expect(second.equals(first)).toBe(false);

    // 3. Lock files, temporary and hidden files start no build.
    writeFileSync(join(inputs, '~$整改台账.xlsx'), 'lock');
    writeFileSync(join(inputs, '.~lock.整改台账.xlsx#'), 'lock');
    writeFileSync(join(inputs, '整改台账.xlsx.tmp'), 'temp');
    writeFileSync(join(inputs, '3F2A1B0C'), 'excel temp');
    writeFileSync(join(inputs, 'notice.md~'), 'backup');
    writeFileSync(join(inputs, '.DS_Store'), 'hidden');
    await sleep(900);
    expect(statuses()).toHaveLength(2);

    // 4. A broken ledger: the build fails, says why, and the last good notice stays.
    writeFileSync(join(inputs, '整改台账.xlsx'), await ledger('待定'));
    await until(() => statuses().length === 3, 'the failed build');
    expect(statuses()[2]).toBe('10:00:00 整改台账.xlsx 有变化：生成失败，有 1 个错误（见上方），原有输出保持不变');
    expect(stderr.filter((l) => l.startsWith('错误'))).toEqual([
      expect.stringMatching(/^错误 整改台账\.xlsx › 整改台账 › D4（整改结果）：未知的整改结果“待定”，可填：完成、已完成、/u),
    ]);
    expect(readFileSync(notice).equals(second)).toBe(true);

    // 5. Stop: exit 0, nothing more built.
    controller.abort();
    expect(await running).toBe(0);
    expect(stdout.at(-1)).toBe('已停止监视');
    expect(statuses()).toHaveLength(3);
  }, 30_000);

  it('a missing inputs folder is a usage error, as for build', async () => {
    const r = await runCli(['watch', '--inputs', 'nowhere'], tempDir());
    expect(r).toMatchObject({ code: 2, stderr: ['错误 nowhere：输入文件夹不存在'] });
  });

  it('ignores lock files, temporary files and hidden files by name', () => {
    for (const name of ['~$整改台账.xlsx', '.~lock.整改台账.xlsx#', '.hidden', 'a.tmp', 'A.TMP', 'notice.md~', '3F2A1B0C', 'x.crdownload', 'Thumbs.db']) {
      expect(isIgnoredName(name), name).toBe(true);
    }
    for (const name of ['整改台账.xlsx', '基层工会.csv', 'notice.md', 'charts/a.vl.json', 'README']) expect(isIgnoredName(name), name).toBe(false);
  });
});
