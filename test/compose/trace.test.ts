/**
 * The run log's trace of the notice's figures (compose/trace.ts): every counting placeholder
 * names exactly as many rows as the number the notice prints, periods included.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noticeFigureLines, rowList, rowRanges } from '../../pipeline/compose/trace.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { useTempDirs } from '../helpers/cli.js';
import { ledgerOf, problem } from '../helpers/ledger.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { Deadline } from '../../pipeline/ledger/schema.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { EXAMPLE_INPUTS, runFolder } from '../helpers/example.js';

const tempDir = useTempDirs();

function countRows(text: string): number {
  if (text === '无') return 0;
  return text
    .split('；')
    .flatMap((group) => ((/第([\d、–]+)行$/u.exec(group)?.[1] as string) ?? '').split('、'))
    .reduce((n, part) => {
      const [from, to] = part.split('–').map(Number) as [number, number | undefined];
      return n + (to === undefined ? 1 : to - from + 1);
    }, 0);
}

describe('row lists', () => {
  it('writes runs of three or more rows as ranges', () => {
    expect(rowList([3, 4, 5, 7, 9, 10, 12, 13, 14, 15])).toBe('第3–5、7、9、10、12–15行');
    expect(rowList([8])).toBe('第8行');
  });

  it('groups rows by file and sheet, in order of first appearance', () => {
    const origins = [
      { file: '整改台账.xlsx', sheet: '整改台账', row: 4 },
      { file: '整改台账.xlsx', sheet: '立行立改', row: 3 },
      { file: '整改台账.xlsx', sheet: '整改台账', row: 3 },
      { file: '补充.csv', sheet: null, row: 2 },
    ];
    expect(rowRanges(origins)).toBe('整改台账.xlsx › 整改台账 › 第3、4行；整改台账.xlsx › 立行立改 › 第3行；补充.csv › 第2行');
    expect(rowRanges([])).toBe('无');
  });
});

describe('the notice’s figures', () => {
  it('every counting placeholder, with and without a period, lists as many rows as the notice prints', async () => {
    const inputs = join(tempDir(), 'inputs');
    cpSync(EXAMPLE_INPUTS, inputs, { recursive: true });
    const extra = [
      '{{问题总数}} {{已完成数}} {{未完成数}} {{逾期问题数}} {{方面数}}',
      '{{立行立改总数}} {{立行立改已完成数}} {{立行立改未完成数}}',
      '{{基层工会总数}} {{已检查工会数}} {{已检查工会数 2024-10}} {{已检查工会数 2025Q1}} {{计划审计工会数}} {{计划审计工会数 2025Q3}}',
      '{{已审计工会数}} {{已审计工会数 2025}} {{已审计工会数 2025-09}} {{未完成时限}} {{统计截止日期}}',
    ];
    writeFileSync(join(inputs, 'notice.md'), `${readFileSync(join(inputs, 'notice.md'), 'utf8')}\n${extra.join('\n\n')}\n`);
    const result = await runFolder(inputs, '2025-12-31' as IsoDate);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lines = noticeFigureLines({ template: result.noticeTemplate!, settings: result.noticeSettings, ledger: result.ledger!, stats: result.stats! });
    const counts = lines.filter((l) => /^- \{\{[^}]+\}\} = \d+（/u.test(l));
    const names = counts.map((l) => (/^- (\{\{[^}]+\}\})/u.exec(l) as RegExpExecArray)[1]);
    expect(names).toEqual(
      expect.arrayContaining(['{{已检查工会数 2024-10}}', '{{已审计工会数 2025}}', '{{计划审计工会数 2025Q3}}', '{{逾期问题数}}', '{{方面数}}']),
    );
    expect(counts.length).toBeGreaterThanOrEqual(17);
    for (const line of counts) {
      const value = Number((/ = (\d+)（/u.exec(line) as RegExpExecArray)[1]);
      expect(countRows(line.slice(line.lastIndexOf('；') + 1)), line).toBe(value);
    }
    const periodLine = counts.find((l) => l.startsWith('- {{已检查工会数 2024-10}}')) as string;
    expect(periodLine).toContain('财务检查日期不晚于 2025-12-31，且在 2024-10-01 至 2024-10-31 之间 的工会');
    expect(periodLine).toContain('基层工会台账.xlsx › 基层工会 › 第');
    const audited = counts.find((l) => l.startsWith('- {{已审计工会数}}')) as string;
    expect(Number((/ = (\d+)（/u.exec(audited) as RegExpExecArray)[1])).toBe(result.stats!.unions!.audited);
    // 方面数 lists each category with the row it first appears in.
    const categories = lines.slice(lines.findIndex((l) => l.startsWith('- {{方面数}}')) + 1).filter((l) => /^ {2}- （\d+）/u.test(l));
    expect(categories).toHaveLength(14);
    expect(categories[0]).toMatch(/^ {2}- （1）学习贯彻.*（第3行起）$/u);
  });
});

describe('at scale', () => {
  // Each deadline's problems were gathered by copying the list for every problem (quadratic):
  // a notice of 50,000 problems spent seconds here.
  it('groups 30,000 problems of one deadline in seconds, not minutes', () => {
    const deadline: Deadline = { kind: 'date', date: '2025-12-31' as IsoDate, written: '2025年12月' };
    const ledger = ledgerOf(Array.from({ length: 30_000 }, (_, i) => problem(i + 1, '作风建设', 'notCompleted', { deadline })));
    const { template } = parseTemplate('notice.md', '---\n标题: 通报\n发文机关: 某单位\n---\n尚有问题未完成，时限为{{未完成时限}}。\n');
    const { settings } = readSettings(template);
    const stats = computeStats(ledger, '2025-05-30' as IsoDate);
    const started = performance.now();
    const lines = noticeFigureLines({ template, settings, ledger, stats });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(lines.join('\n')).toContain('整改时限 2025年12月：序号 1、2、3、');
  });
});
