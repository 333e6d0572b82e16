/**
 * Progress on stderr: nothing for a quick command; past the threshold, plain phase lines when
 * stderr is not a terminal (CI, a log file), one line rewritten in place when it is.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.js';
import { startProgress } from '../../pipeline/cli/progress.js';
import { FIXED_NOW, useTempDirs } from '../helpers/cli.js';
import { EXAMPLE_INPUTS } from '../helpers/example.js';
import { xlsx } from '../helpers/workbook.js';

const tempDir = useTempDirs();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('progress', () => {
  it('shows nothing for a command that ends before the threshold', () => {
    const lines: string[] = [];
    const progress = startProgress({ afterMs: 60_000 }, (l) => lines.push(l));
    progress.phase('读取台账');
    progress.phase('写出文件');
    progress.stderr('警告 x');
    progress.done();
    expect(lines).toEqual(['警告 x']);
  });

  it('not on a terminal: the phase under way when the threshold passes, then one plain line per phase', async () => {
    const lines: string[] = [];
    const progress = startProgress({ afterMs: 40 }, (l) => lines.push(l));
    progress.phase('读取台账');
    expect(lines).toEqual([]);
    await sleep(80);
    progress.phase('生成通报');
    progress.done();
    progress.phase('写出文件');
    expect(lines).toEqual(['进度：读取台账……', '进度：生成通报……']);
  });

  it('on a terminal: one line rewritten in place, cleared around other lines and at the end', () => {
    const writes: string[] = [];
    const lines: string[] = [];
    const progress = startProgress({ afterMs: 0, terminal: { write: (t) => writes.push(t), columns: 80 } }, (l) => {
      writes.push(`${l}\n`);
      lines.push(l);
    });
    progress.phase('读取台账');
    progress.stderr('警告 台账.xlsx：示例');
    progress.phase('写出文件');
    progress.done();
    expect(lines).toEqual(['警告 台账.xlsx：示例']);
    expect(writes).toEqual([
      '\r\x1b[K| 读取台账……（0 秒）',
      '\r\x1b[K',
      '警告 台账.xlsx：示例\n',
      '\r\x1b[K/ 读取台账……（0 秒）',
      '\r\x1b[K- 写出文件……（0 秒）',
      '\r\x1b[K',
    ]);
    // Never a newline inside the progress line itself.
    expect(writes.filter((w) => w.startsWith('\r')).every((w) => !w.includes('\n'))).toBe(true);
  });

  it('keeps the terminal line shorter than the terminal is wide', () => {
    const writes: string[] = [];
    const progress = startProgress({ afterMs: 0, terminal: { write: (t) => writes.push(t), columns: 12 } }, () => undefined);
    progress.phase('生成季度报表');
    progress.done();
    expect(writes[0]).toBe('\r\x1b[K| 生成季度');
  });

  it('tongbao build, not on a terminal, past the threshold: a plain line for each phase on stderr', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'inputs'));
    copyFileSync(join(EXAMPLE_INPUTS, 'notice.md'), join(dir, 'inputs', 'notice.md'));
    writeFileSync(
      join(dir, 'inputs', '整改台账.xlsx'),
      await xlsx([
        {
          name: '整改台账',
          rows: [
            ['序号', '反馈问题', '具体问题', '整改结果', '整改情况'],
            [1, '学习教育', '学习不深入', '已完成', '建立制度'],
          ],
        },
      ]),
    );
    const run = async (argv: string[]) => {
      const stderr: string[] = [];
      const code = await main(argv, { stdout: () => undefined, stderr: (l) => stderr.push(l), cwd: dir, now: () => FIXED_NOW, progress: { afterMs: 0 } });
      return { code, progress: stderr.filter((l) => l.startsWith('进度')) };
    };
    expect(await run(['build'])).toEqual({ code: 0, progress: ['进度：读取台账……', '进度：生成通报……', '进度：写出文件……'] });
    expect(await run(['check'])).toEqual({ code: 0, progress: ['进度：读取台账……'] });
  }, 30_000);
});
