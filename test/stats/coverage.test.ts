import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../pipeline/dates.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { ratio } from '../../pipeline/stats/coverage.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { dateCell, rawSheet, UNION_HEADER } from '../helpers/workbook.js';

const asOf = (s: string) => s as IsoDate;

// 工会名称, 所属乡镇, 单位类型, 财务检查日期, 计划审计时间, 审计完成日期
function ledger() {
  const unions = rawSheet(
    [
      UNION_HEADER,
      ['甲', '双江镇', '机关', dateCell('2024-10-15'), '2025年3月', '2025-03-20'],
      ['乙', '双江镇', '企业', '2025-05-30', '2025年9月', '2025-09-10'],
      ['丙', '播阳镇', '机关', '2025-06-01', '2025年12月', null],
      ['丁', '播阳镇', '学校', null, null, null],
      ['戊', '溪口镇', '企业', null, '2025年9月', null],
    ],
    { sheet: '基层工会' },
  );
  const result = buildLedger([unions]);
  expect(result.diagnostics).toEqual([]);
  return result.ledger;
}

describe('union stats', () => {
  it('counts checks and audits dated on or before the as-of date, planned audits whatever their date', () => {
    const u = computeStats(ledger(), asOf('2025-05-30')).unions;
    expect(u).toMatchObject({ total: 5, checked: 2, plannedAudits: 4, audited: 1 });
    expect(u?.coverage).toBeCloseTo(1 / 5);
    // checked or audited: 甲 and 乙.
    expect(u?.supervisedCoverage).toBeCloseTo(2 / 5);

    const later = computeStats(ledger(), asOf('2025-12-31')).unions;
    expect(later).toMatchObject({ total: 5, checked: 3, plannedAudits: 4, audited: 2 });
    expect(later?.coverage).toBeCloseTo(2 / 5);
    expect(later?.supervisedCoverage).toBeCloseTo(3 / 5);

    const before = computeStats(ledger(), asOf('2024-01-01')).unions;
    expect(before).toMatchObject({ checked: 0, plannedAudits: 4, audited: 0, coverage: 0, supervisedCoverage: 0 });
  });

  it('groups by township and by type in order of first appearance', () => {
    const u = computeStats(ledger(), asOf('2025-12-31')).unions;
    expect(u?.byTownship).toEqual([
      { name: '双江镇', total: 2, checked: 2, planned: 2, audited: 2, coverage: 1 },
      { name: '播阳镇', total: 2, checked: 1, planned: 1, audited: 0, coverage: 0 },
      { name: '溪口镇', total: 1, checked: 0, planned: 1, audited: 0, coverage: 0 },
    ]);
    expect(u?.byType.map((g) => [g.name, g.total, g.audited])).toEqual([
      ['机关', 2, 1],
      ['企业', 2, 1],
      ['学校', 1, 0],
    ]);
  });

  it('gives null ratios for a union ledger with no rows, and null for an absent union ledger', () => {
    const empty = buildLedger([rawSheet([UNION_HEADER], { sheet: '基层工会' })]).ledger;
    const u = computeStats(empty, asOf('2025-05-30')).unions;
    expect(u).toMatchObject({ total: 0, checked: 0, plannedAudits: 0, audited: 0, coverage: null, supervisedCoverage: null, byTownship: [], byType: [] });
    expect(computeStats(ledger(), asOf('2025-05-30'))).toMatchObject({ problems: null, immediate: null });
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 4)).toBe(0.75);
  });
});
