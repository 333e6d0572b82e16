import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../pipeline/dates.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { PROBLEM_HEADER, rawSheet } from '../helpers/workbook.js';

const asOf = (s: string) => s as IsoDate;

/** Three categories, every status class, and deadlines of every kind. */
function ledger() {
  const problems = rawSheet([
    PROBLEM_HEADER,
    [1, '学习', '问题', '已完成', '措施', '2025-03-31', '2025-03-20'],
    [2, '学习', '问题', '阶段性完成', '措施', '2025-04-30'],
    [3, '制度', '问题', '未完成', '措施', '2025-05-29'],
    [4, '制度', '问题', '正在整改', '措施', '2025-05-30'],
    [5, '制度', '问题', '持续整改', '措施', '长期坚持'],
    [6, '阵地', '问题', '整改完成', '措施', '2024年底前', '2024-12-01'],
    [7, '学习', '问题', '基本完成', '措施', '2025年6月'],
    [8, '阵地', '问题', '推进中', '措施'],
  ]);
  const immediate = rawSheet(
    [
      ['序号', '具体问题', '整改结果', '整改情况', '整改时限'],
      [1, '问题', '已完成', '措施'],
      [2, '问题', '已完成', '措施'],
      [3, '问题', '部分完成', '措施', '2020-01-01'],
    ],
    { sheet: '立行立改' },
  );
  const result = buildLedger([problems, immediate]);
  expect(result.diagnostics).toEqual([]);
  return result.ledger;
}

describe('problem stats', () => {
  it('counts problems by class and by category, categories in order of appearance', () => {
    const stats = computeStats(ledger(), asOf('2025-05-30'));
    expect(stats.problems).toMatchObject({ categories: 3, total: 8, completed: 2, staged: 3, notCompleted: 3 });
    expect(stats.problems?.byCategory).toEqual([
      { category: '学习', total: 3, completed: 1, staged: 2, notCompleted: 0 },
      { category: '制度', total: 3, completed: 0, staged: 1, notCompleted: 2 },
      { category: '阵地', total: 2, completed: 1, staged: 0, notCompleted: 1 },
    ]);
    expect(stats.immediate).toEqual({ total: 3, completed: 2, staged: 1, notCompleted: 0 });
  });

  it('lists as overdue the uncompleted problems whose deadline is before the as-of date', () => {
    // 2 (04-30, staged) and 3 (05-29) are overdue; 4 is due on the day itself; 1 and 6 are completed;
    // 5 is long term; 7 is due at the end of June; 8 has no deadline.
    expect(computeStats(ledger(), asOf('2025-05-30')).problems?.overdue).toEqual([2, 3]);
    expect(computeStats(ledger(), asOf('2025-05-31')).problems?.overdue).toEqual([2, 3, 4]);
    expect(computeStats(ledger(), asOf('2025-07-01')).problems?.overdue).toEqual([2, 3, 4, 7]);
  });

  it('never counts a long-term (长期坚持) item as overdue', () => {
    expect(computeStats(ledger(), asOf('2099-12-31')).problems?.overdue).not.toContain(5);
  });

  it('never moves a problem between classes with the as-of date', () => {
    const early = computeStats(ledger(), asOf('2024-01-01')).problems;
    const late = computeStats(ledger(), asOf('2026-01-01')).problems;
    expect([early?.completed, early?.staged, early?.notCompleted]).toEqual([2, 3, 3]);
    expect([late?.completed, late?.staged, late?.notCompleted]).toEqual([2, 3, 3]);
  });

  it('gives null, not zeros, for an absent ledger kind', () => {
    const onlyProblems = buildLedger([rawSheet([PROBLEM_HEADER, [1, '类别', '问题', '完成', '措施']])]).ledger;
    const stats = computeStats(onlyProblems, asOf('2025-05-30'));
    expect(stats).toMatchObject({ asOf: '2025-05-30', immediate: null, unions: null });
    expect(stats.problems?.total).toBe(1);
  });

  it('gives zeros for a ledger that is present but has no rows', () => {
    const empty = buildLedger([rawSheet([PROBLEM_HEADER, []])]).ledger;
    expect(computeStats(empty, asOf('2025-05-30')).problems).toEqual({
      categories: 0,
      total: 0,
      completed: 0,
      staged: 0,
      notCompleted: 0,
      overdue: [],
      completionRate: null,
      byCategory: [],
    });
  });
});
