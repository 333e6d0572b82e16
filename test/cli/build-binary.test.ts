import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FONTS_SUBSTITUTED } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';
import { readPdf } from '../helpers/pdf.js';
import { sharedRun } from '../helpers/shared.js';

// The compiled CLI renders the PDF in a worker thread (the in-process tests cannot: they run
// the TypeScript sources); this runs it as a user would. `npm test` compiles dist/ first. The
// build of the example and the quarterly reports are the shared runs (test/setup/shared-builds.ts).
const out = mkdtempSync(join(tmpdir(), 'tongbao-bin-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('node bin/tongbao.js build', () => {
  it('writes the notice as DOCX and PDF, the PDF rendered by the worker', async () => {
    expect(existsSync(join(ROOT, 'dist/cli/pdf-worker.js'))).toBe(true);
    const run = await sharedRun('build');
    expect(run.stderrText).not.toMatch(/\n\s+at /u);
    expect(run.status).toBe(0);
    expect(run.stdout.join('\n')).toContain('notice.pdf');
    expect(existsSync(join(run.outputs, 'notice.docx'))).toBe(true);
    const pdf = await readPdf(new Uint8Array(readFileSync(join(run.outputs, 'notice.pdf'))));
    expect(pdf.pages[0]?.lines.slice(0, 2).map((l) => l.text)).toEqual(['中共通道侗族自治县总工会党组', '关于巡察整改进展情况的通报']);
    expect(readFileSync(join(run.outputs, 'run-log.md'), 'utf8')).toMatch(/## PDF 字体\n\n- 标题：方正小标宋简体 /u);
    // The worker threads ran: the shared runs set TONGBAO_WORKERS=required, under which a PDF or
    // chart worker that cannot start or dies ends the run with an error instead of drawing here.
    expect(run.stderrText).not.toMatch(/工作线程/u);
    expect(existsSync(join(run.outputs, 'charts', 'audit-coverage.png'))).toBe(true);
  });

  // The machine the tests run on has none of the office fonts: every role is served by a bundled font.
  it('says once, on the console and in the run log, which office fonts it did not find and how to fix that; sets （一） in the bundled Kai face', async () => {
    const run = await sharedRun('build');
    const said = run.stderr.filter((l) => FONTS_SUBSTITUTED.test(l));
    expect(said).toEqual([
      '警告 notice.pdf：本机没有找到 PDF 要用的字体 方正小标宋简体（标题）、仿宋_GB2312（正文、三级标题）、黑体（一级标题）、楷体_GB2312（二级标题）、宋体（页码），' +
        '已用随附的免费字体代替，字形与正式公文用字不同（详见 run-log.md）；请在本机安装这些字体（仿宋_GB2312 也可用 仿宋，楷体_GB2312 也可用 楷体）后重新生成，' +
        '或在模板 notice.md 的“PDF字体”设置中指定字体文件，如“正文: 字体/仿宋_GB2312.ttf”',
    ]);
    const log = readFileSync(join(run.outputs, 'run-log.md'), 'utf8');
    expect(log).toContain(`- ${said[0]}`);
    expect(log).toMatch(/^- 二级标题：楷体_GB2312 未找到，用免费字体 LXGW WenKai（/mu);
    const pdf = readFileSync(join(run.outputs, 'notice.pdf')).toString('latin1');
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+LXGWWenKai-Regular/u);
  });

  // The workers (PDF, charts) must not keep a run alive that ends before using them.
  it.each(['build', 'quarterly'])(
    '%s with a broken ledger reports it and exits',
    (command) => {
      const inputs = join(out, `broken-${command}`);
      mkdirSync(inputs);
      writeFileSync(join(inputs, '整改台账.xlsx'), 'not a zip');
      const args = command === 'quarterly' ? ['quarterly', '--quarter', '2025Q4'] : ['build'];
      const run = spawnSync(process.execPath, [join(ROOT, 'bin/tongbao.js'), ...args, '--inputs', inputs, '--outputs', join(out, `broken-out-${command}`)], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.error).toBeUndefined();
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('整改台账.xlsx');
    },
    40_000,
  );

  // The compiled CLI loads its libraries through Node's compile cache (bin/tongbao.js): the
  // commands that load exceljs's full package (which requires ES modules) work, twice over:
  // once compiling and once from the cache. init here, with a cache folder of its own;
  // quarterly in the shared runs, which share one: 2025Q3 first (compiling), then 2026Q1
  // (from the cache). Those last, so that init runs while they are made.
  it.each(['first', 'cached'])(
    'runs init (%s)',
    (round) => {
      const env = { ...process.env, NODE_COMPILE_CACHE: join(out, 'compile-cache') };
      const init = spawnSync(process.execPath, [join(ROOT, 'bin/tongbao.js'), 'init', join(out, `ws-${round}`)], { cwd: ROOT, encoding: 'utf8', env });
      expect(init.stderr).not.toMatch(/\n\s+at /u);
      expect(init.status).toBe(0);
      expect(existsSync(join(out, `ws-${round}`, '整改台账.xlsx'))).toBe(true);
      // Node's compile cache: one folder for this Node version, holding what the run compiled
      expect(readdirSync(join(out, 'compile-cache'))).toHaveLength(1);
    },
    60_000,
  );

  it.each([
    ['first', 'quarterly-2025Q3', 'quarterly-2025Q3.xlsx'],
    ['cached', 'quarterly-2026Q1', 'quarterly-2026Q1.xlsx'],
  ] as const)('runs quarterly (%s)', async (_round, name, file) => {
    const quarterly = await sharedRun(name);
    expect(quarterly.stderrText).not.toMatch(/\n\s+at /u);
    expect(quarterly.status).toBe(0);
    expect(existsSync(join(quarterly.outputs, file))).toBe(true);
    // Node's compile cache: one folder for this Node version
    expect(readdirSync(quarterly.cache)).toHaveLength(1);
  });
});
