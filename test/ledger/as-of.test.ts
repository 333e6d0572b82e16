import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { asOfDiagnostics, completedWithoutDate } from '../../pipeline/ledger/as-of.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { dateCell, PROBLEM_HEADER, rawSheet } from '../helpers/workbook.js';

const asOf = (s: string) => s as IsoDate;

function ledger() {
  const problems = rawSheet([
    PROBLEM_HEADER,
    [1, '类别', '问题', '已完成', '措施', null, dateCell('2025-05-30')],
    [2, '类别', '问题', '已完成', '措施', null, '2025年6月1日'],
    [3, '类别', '问题', '已完成', '措施', null, null],
    [4, '类别', '问题', '阶段性完成', '措施', null, null],
  ]);
  const immediate = rawSheet(
    [
      ['序号', '具体问题', '整改结果', '整改情况', '完成时间'],
      [1, '问题', '完成', '措施', '2025-07-01'],
    ],
    { sheet: '立行立改' },
  );
  const result = buildLedger([problems, immediate]);
  expect(result.diagnostics).toEqual([]);
  return result.ledger;
}

describe('as-of checks', () => {
  it('warns about each completion dated after the as-of date (not on it), at its row', () => {
    const ds = asOfDiagnostics(ledger(), asOf('2025-05-30'));
    expect(ds.map((d) => [d.rule, d.severity, d.actual])).toEqual([
      ['completed-after-as-of', 'warning', '2025-06-01'],
      ['completed-after-as-of', 'warning', '2025-07-01'],
    ]);
    expect(formatDiagnostic(ds[0]!)).toBe('警告 台账.xlsx › 整改台账 › 第3行：完成时间 2025-06-01 晚于统计截止日期 2025-05-30，台账与文件日期不符');
    expect(asOfDiagnostics(ledger(), asOf('2025-12-31'))).toEqual([]);
  });

  it('lists completed problems without a completion date (and only completed ones)', () => {
    expect(completedWithoutDate(ledger()).map((p) => [p.number, p.origin.row])).toEqual([[3, 4]]);
  });
});
