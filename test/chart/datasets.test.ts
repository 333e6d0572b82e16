import { describe, expect, it } from 'vitest';
import { categoryLabel, chartDatasets, SERIES } from '../../pipeline/chart/datasets.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { ledgerOf, problem, union, unionLedgerOf } from '../helpers/ledger.js';

describe('category labels', () => {
  it('use the ledger’s 简称 when given', () => {
    expect(categoryLabel({ name: '责任担当意识不够指导基层工会建设还有不足', shortName: '基层建会' }, 3)).toBe('基层建会');
  });

  it('else the ordinal and the first four characters', () => {
    expect(categoryLabel({ name: '责任担当意识不够指导基层工会建设还有不足', shortName: null }, 3)).toBe('（三）责任担当…');
    expect(categoryLabel({ name: '对市总工会2021年、2023年经审反馈问题整改不到位', shortName: '  ' }, 14)).toBe('（十四）对市总工…');
  });

  it('keep a name of up to five characters whole', () => {
    expect(categoryLabel({ name: '意识形态', shortName: null }, 2)).toBe('（二）意识形态');
    expect(categoryLabel({ name: '劳动争议调解', shortName: null }, 13)).toBe('（十三）劳动争议…');
  });
});

describe('the datasets', () => {
  it('problemsByCategory: three rows per category, in ledger order, labels without 简称 from the ordinal', () => {
    const ledger = ledgerOf([
      problem(1, '甲类问题说得很长很长', 'completed'),
      problem(2, '乙类', 'staged'),
      problem(3, '甲类问题说得很长很长', 'notCompleted'),
    ]);
    const { problemsByCategory } = chartDatasets(ledger, computeStats(ledger, '2025-06-30' as IsoDate));
    expect(problemsByCategory?.map((r) => [r.label, r.status, r.count, r.total])).toEqual([
      ['（一）甲类问题…', '已完成', 1, 2],
      ['（一）甲类问题…', '阶段性完成', 0, 2],
      ['（一）甲类问题…', '未完成', 1, 2],
      ['（二）乙类', '已完成', 0, 1],
      ['（二）乙类', '阶段性完成', 1, 1],
      ['（二）乙类', '未完成', 0, 1],
    ]);
  });

  it('a dataset whose ledger is absent is null, not empty', () => {
    const problemsOnly = ledgerOf([problem(1, '甲', 'completed')]);
    const d = chartDatasets(problemsOnly, computeStats(problemsOnly, '2025-06-30' as IsoDate));
    expect([d.auditProgress, d.auditTarget, d.unionsByTownship, d.unionsByType]).toEqual([null, null, null, null]);
    const unionsOnly = unionLedgerOf([union('甲工会', { planned: '2025-09-30' })]);
    expect(chartDatasets(unionsOnly, computeStats(unionsOnly, '2025-06-30' as IsoDate)).problemsByCategory).toBeNull();
  });

  const unions = unionLedgerOf([
    union('一', { checked: '2024-10-08', planned: '2025-06-30', audited: '2025-06-20' }, { township: '甲镇' }),
    union('二', { checked: '2024-10-09', planned: '2025-09-30' }, { township: '甲镇' }),
    union('三', { planned: '2025-12-31', audited: '2025-11-05' }, { township: '乙乡' }),
    union('四', {}, { township: '乙乡' }),
  ]);

  it('auditProgress: cumulative by quarter; planned through the target’s quarter, done only up to the as-of quarter', () => {
    const stats = computeStats(unions, '2025-08-15' as IsoDate);
    const rows = chartDatasets(unions, stats).auditProgress ?? [];
    const series = (name: string) => rows.filter((r) => r.series === name).map((r) => `${r.quarter}:${r.count}`);
    expect(stats.unions?.target).toBe('2027-05-31');
    expect(series(SERIES.planned)).toEqual([
      '2024Q4:0',
      '2025Q1:0',
      '2025Q2:1',
      '2025Q3:2',
      '2025Q4:3',
      '2026Q1:3',
      '2026Q2:3',
      '2026Q3:3',
      '2026Q4:3',
      '2027Q1:3',
      '2027Q2:3',
    ]);
    expect(series(SERIES.audited)).toEqual(['2024Q4:0', '2025Q1:0', '2025Q2:1', '2025Q3:1']);
    expect(series(SERIES.checked)).toEqual(['2024Q4:2', '2025Q1:2', '2025Q2:2', '2025Q3:2']);
    expect(rows.filter((r) => r.isAsOf === 1 && r.seriesOrder === 1).map((r) => r.label)).toEqual(['2025年三季度']);
    expect(rows.filter((r) => r.isTarget === 1 && r.seriesOrder === 1).map((r) => r.label)).toEqual(['2027年二季度']);
    expect(rows[0]).toMatchObject({ totalLabel: '全覆盖：4家', targetLabel: '目标：2027年5月31日前全覆盖', asOfLabel: '统计截至2025年8月15日' });
  });

  it('unionsByTownship: audited, checked only, neither, adding up to each township’s total', () => {
    const rows = chartDatasets(unions, computeStats(unions, '2025-12-31' as IsoDate)).unionsByTownship ?? [];
    expect(rows.map((r) => [r.name, r.group, r.count, r.coverageLabel])).toEqual([
      ['甲镇', '已审计', 1, '审计覆盖率50%'],
      ['甲镇', '已财务检查、未审计', 1, '审计覆盖率50%'],
      ['甲镇', '未检查、未审计', 0, '审计覆盖率50%'],
      ['乙乡', '已审计', 1, '审计覆盖率50%'],
      ['乙乡', '已财务检查、未审计', 0, '审计覆盖率50%'],
      ['乙乡', '未检查、未审计', 1, '审计覆盖率50%'],
    ]);
  });

  it('counts an audit after the as-of date as not done', () => {
    const rows = chartDatasets(unions, computeStats(unions, '2025-10-31' as IsoDate)).unionsByTownship ?? [];
    expect(rows.filter((r) => r.name === '乙乡').map((r) => r.count)).toEqual([0, 0, 2]);
  });
});
