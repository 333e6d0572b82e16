import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import { addDays, calendarMonthsBetween, dayEndingAt, monthPosition, type IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { unionDateDiagnostics } from '../../pipeline/ledger/as-of.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { runPipeline } from '../../pipeline/run.js';
import { defaultTarget, planStart, ratio, type UnionStats } from '../../pipeline/stats/coverage.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { EXAMPLE_INPUTS, runExample } from '../helpers/example.js';
import { union, unionLedgerOf } from '../helpers/ledger.js';
import { dateCell, rawSheet, UNION_HEADER, xlsx } from '../helpers/workbook.js';

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

describe('calendar months (dates.ts)', () => {
  it('counts whole months between month starts exactly and days as parts of their month', () => {
    expect(calendarMonthsBetween(asOf('2025-06-01'), asOf('2026-01-01'))).toBe(7);
    expect(calendarMonthsBetween(asOf('2025-05-31'), asOf('2027-06-01'))).toBeCloseTo(24 + 1 / 31, 9);
    expect(calendarMonthsBetween(asOf('2024-02-15'), asOf('2024-03-01'))).toBeCloseTo(15 / 29, 9);
    expect(addDays(asOf('2025-12-31'), 1)).toBe('2026-01-01');
    expect(addDays(asOf('2024-03-01'), -1)).toBe('2024-02-29');
  });

  it('names the day a point of the month axis ends or falls in', () => {
    // A month start is the end of the day before.
    expect(dayEndingAt(monthPosition(asOf('2028-05-01')))).toBe('2028-04-30');
    expect(dayEndingAt(monthPosition(asOf('2026-01-01')))).toBe('2025-12-31');
    expect(dayEndingAt(monthPosition(asOf('2025-06-01')) + 28.000000000000004)).toBe('2027-09-30');
    // Half-way through 10 June is 10 June.
    expect(dayEndingAt(monthPosition(asOf('2025-06-10')) + 0.5 / 30)).toBe('2025-06-10');
    expect(dayEndingAt(Number.POSITIVE_INFINITY)).toBeNull();
    expect(dayEndingAt(10_000 * 12 + 5)).toBeNull();
  });
});

describe('the plan start and the default target', () => {
  it('starts the plan on the first day of the earliest planned month, whatever day the ledger gave', () => {
    expect(planStart([union('甲', { planned: '2025-09-30' }), union('乙', { planned: '2025-06-30' }), union('丙')])).toBe('2025-06-01');
    expect(planStart([union('甲', { planned: '2025-06-15' })])).toBe('2025-06-01');
    expect(planStart([union('甲', { checked: '2024-10-08', audited: '2025-01-01' })])).toBeNull();
  });

  it('sets the target the day before the plan start’s second anniversary: from June 2025, by the end of May 2027', () => {
    expect(defaultTarget(asOf('2025-06-01'))).toBe('2027-05-31');
    expect(defaultTarget(asOf('2025-01-01'))).toBe('2026-12-31');
    expect(defaultTarget(asOf('2026-03-01'))).toBe('2028-02-29');
  });
});

// The shipped example, read from scripts/example/data.mjs (the source of inputs/基层工会台账.xlsx):
// - 60 unions, all with a planned month between 2025年6月 and 2027年5月 (plan end 2027-05-31, so the
//   plan starts 2025-06-01 and the default target is 2027-05-31);
// - 30 financial checks, all dated 2024-10-08 … 2024-10-31;
// - 12 audits: July 2025 (07-08 no 45, 07-15 no 49, 07-24 no 13, 07-29 no 55), August (08-14 no 44,
//   08-27 no 36), September (09-18 no 11, 09-25 no 5), October (10-23 no 9, 10-30 no 39), November
//   (11-20 no 16), December (12-11 no 28); of these, nos 45, 55, 36, 9, 39 and 16 were also checked;
//   no audit is dated before its check.
// - planned months per quarter: 2025Q2 June: 13, 45, 49 → 3; 2025Q3: 44, 55 | 11, 26, 36 | 5, 9 → 7;
//   2025Q4: 16, 39, 59 | 4, 28 | 10, 18, 43 → 8; 2026Q1 7; 2026Q2 8; 2026Q3 7; 2026Q4 8; 2027Q1 7; 2027Q2 5.
const PLANNED_BY_QUARTER: [string, number][] = [
  ['2024Q4', 0],
  ['2025Q1', 0],
  ['2025Q2', 3],
  ['2025Q3', 7],
  ['2025Q4', 8],
  ['2026Q1', 7],
  ['2026Q2', 8],
  ['2026Q3', 7],
  ['2026Q4', 8],
  ['2027Q1', 7],
  ['2027Q2', 5],
];

/** The example's quarter rows: 30 checks in 2024Q4, audits as given, planned as above. */
function exampleQuarters(audited: Record<string, number>, extra: string[] = []) {
  return [...PLANNED_BY_QUARTER, ...extra.map((q): [string, number] => [q, 0])].map(([quarter, planned]) => ({
    quarter,
    checked: quarter === '2024Q4' ? 30 : 0,
    planned,
    audited: audited[quarter] ?? 0,
  }));
}

async function exampleUnionsAt(date: string | null): Promise<UnionStats> {
  const result = await runExample(date === null ? null : asOf(date));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.diagnostics.map((d) => d.rule)).not.toContain('audit-before-check');
  const unions = result.stats?.unions;
  if (!unions) throw new Error('no union stats');
  return unions;
}

describe('coverage of the shipped example', () => {
  it('on the notice’s date, 2025-05-30 (before the plan starts): 30 checked, none audited, no pace yet', async () => {
    const u = await exampleUnionsAt(null);
    expect(u).toMatchObject({
      total: 60,
      checked: 30,
      plannedAudits: 60,
      audited: 0,
      coverage: 0,
      supervisedCoverage: 0.5,
      planEnd: '2027-05-31',
      planCoversAll: true,
      target: '2027-05-31',
      projectedFullCoverage: null,
      neitherCheckedNorPlanned: [],
    });
    // 60 audits over what is left of May 2025 (its 31st) and the 24 months June 2025 – May 2027.
    expect(u.pace.neededPerMonth).toBeCloseTo(60 / (24 + 1 / 31), 9);
    expect(u.pace.actualPerMonth).toBeNull();
    expect(u.byQuarter).toEqual(exampleQuarters({}));
    expect(u).toEqual(await exampleUnionsAt('2025-05-30'));
  });

  it('at the end of the plan’s first month, 2025-06-30: one month gone, no audit, pace 0, no projection', async () => {
    const u = await exampleUnionsAt('2025-06-30');
    expect(u).toMatchObject({ checked: 30, audited: 0, coverage: 0, projectedFullCoverage: null, target: '2027-05-31' });
    expect(u.pace.actualPerMonth).toBe(0);
    expect(u.pace.neededPerMonth).toBeCloseTo(60 / 23, 9);
  });

  it('mid-2025, 2025-07-31: 4 audits in the plan’s first 2 months', async () => {
    const u = await exampleUnionsAt('2025-07-31');
    expect(u).toMatchObject({ total: 60, checked: 30, plannedAudits: 60, audited: 4, planEnd: '2027-05-31', planCoversAll: true, target: '2027-05-31' });
    expect(u.coverage).toBeCloseTo(4 / 60, 9);
    // nos 49 and 13 were audited without a check: 30 + 2 supervised.
    expect(u.supervisedCoverage).toBeCloseTo(32 / 60, 9);
    expect(u.pace.actualPerMonth).toBeCloseTo(2, 9);
    // 56 left over August 2025 – May 2027 (22 months).
    expect(u.pace.neededPerMonth).toBeCloseTo(56 / 22, 9);
    // 56 more at 2 a month: 28 months from 2025-08-01, i.e. by the end of November 2027.
    expect(u.projectedFullCoverage).toBe('2027-11-30');
    expect(u.byQuarter).toEqual(exampleQuarters({ '2025Q3': 4 }));
  });

  it('at the end of 2025: 12 audited in 7 months, behind the 60-in-24-months plan', async () => {
    const u = await exampleUnionsAt('2025-12-31');
    expect(u).toMatchObject({ total: 60, checked: 30, plannedAudits: 60, audited: 12, coverage: 0.2, supervisedCoverage: 0.6, target: '2027-05-31' });
    expect(u.pace.actualPerMonth).toBeCloseTo(12 / 7, 9);
    // 48 left over January 2026 – May 2027 (17 months).
    expect(u.pace.neededPerMonth).toBeCloseTo(48 / 17, 9);
    // 48 at 12 per 7 months take 28 months from 2026-01-01: the end of April 2028.
    expect(u.projectedFullCoverage).toBe('2028-04-30');
    expect(u.byQuarter).toEqual(exampleQuarters({ '2025Q3': 8, '2025Q4': 4 }));
    expect(u.neitherCheckedNorPlanned).toEqual([]);
    expect(u.byTownship.map((g) => [g.name, g.total, g.checked, g.planned, g.audited])).toEqual([
      ['双江镇', 26, 13, 26, 5],
      ['县溪镇', 4, 0, 4, 1],
      ['播阳镇', 4, 2, 4, 0],
      ['牙屯堡镇', 4, 4, 4, 1],
      ['菁芜洲镇', 4, 2, 4, 1],
      ['溪口镇', 4, 1, 4, 2],
      ['陇城镇', 4, 2, 4, 1],
      ['独坡镇', 3, 1, 3, 0],
      ['坪坦乡', 4, 2, 4, 1],
      ['大高坪苗族乡', 3, 3, 3, 0],
    ]);
    expect(u.byTownship[0]?.coverage).toBeCloseTo(5 / 26, 9);
    expect(u.byTownship[5]?.coverage).toBe(0.5);
    expect(u.byType.map((g) => [g.name, g.total, g.checked, g.planned, g.audited])).toEqual([
      ['联合会', 11, 8, 11, 1],
      ['学校', 16, 6, 16, 4],
      ['医院', 12, 5, 12, 3],
      ['机关', 7, 3, 7, 3],
      ['事业单位', 3, 2, 3, 1],
      ['企业', 11, 6, 11, 0],
    ]);
  });

  it('after the target, 2027-09-30: no needed pace, the projection years late, quarters up to the as-of date', async () => {
    const u = await exampleUnionsAt('2027-09-30');
    expect(u).toMatchObject({ audited: 12, coverage: 0.2, supervisedCoverage: 0.6, target: '2027-05-31', planEnd: '2027-05-31' });
    expect(u.pace.neededPerMonth).toBeNull();
    // 12 audits over June 2025 – September 2027 (28 months).
    expect(u.pace.actualPerMonth).toBeCloseTo(12 / 28, 9);
    // 48 at 12 per 28 months take 112 months from 2027-10-01: the end of January 2037.
    expect(u.projectedFullCoverage).toBe('2037-01-31');
    expect(u.byQuarter).toEqual(exampleQuarters({ '2025Q3': 8, '2025Q4': 4 }, ['2027Q3']));
  });

  it('takes the target from the template setting 审计全覆盖目标日期 (a month means its last day)', async () => {
    const names = readdirSync(EXAMPLE_INPUTS);
    const notice = readFileSync(join(EXAMPLE_INPUTS, 'notice.md'), 'utf8').replace(
      '成文日期: 2025-05-30',
      '成文日期: 2025-05-30\n审计全覆盖目标日期: 2026年12月',
    );
    expect(notice).toContain('审计全覆盖目标日期');
    const result = await runPipeline({
      inputsFolder: EXAMPLE_INPUTS,
      fileNames: names,
      bytesOf: (name) => (name === 'notice.md' ? new TextEncoder().encode(notice) : readFileSync(join(EXAMPLE_INPUTS, name))),
      asOf: asOf('2025-12-31'),
      today: asOf('2026-01-15'),
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const u = result.stats?.unions;
    expect(u?.target).toBe('2026-12-31');
    // 48 left over the 12 months of 2026.
    expect(u?.pace.neededPerMonth).toBeCloseTo(4, 9);
  });
});

describe('the 审计全覆盖目标日期 setting', () => {
  const settingsOf = (line: string) => readSettings(parseTemplate('notice.md', `---\n标题: 甲\n发文机关: 乙\n${line}\n---\n正文`).template);

  it('reads a date as staff write it, and is null when absent', () => {
    expect(settingsOf('审计全覆盖目标日期: 2027年5月31日').settings.auditTarget).toBe('2027-05-31');
    expect(settingsOf('审计全覆盖目标日期: 2027年6月').settings.auditTarget).toBe('2027-06-30');
    expect(settingsOf('巡察组: 丙').settings.auditTarget).toBeNull();
    expect(settingsOf('巡察组: 丙').diagnostics).toEqual([]);
  });

  it('is an error with its line when it cannot be read', () => {
    expect(settingsOf('审计全覆盖目标日期: 两年内').diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^错误 notice\.md:4：审计全覆盖目标日期“两年内”无法识别/u),
    ]);
  });
});

describe('coverage of edge ledgers', () => {
  it('no unions (the ledger present, no rows): counts 0, ratios, dates and paces null, no quarters', () => {
    const u = computeStats(unionLedgerOf([]), asOf('2025-12-31')).unions;
    expect(u).toEqual({
      total: 0,
      checked: 0,
      plannedAudits: 0,
      audited: 0,
      coverage: null,
      supervisedCoverage: null,
      planEnd: null,
      planCoversAll: false,
      target: null,
      projectedFullCoverage: null,
      pace: { neededPerMonth: null, actualPerMonth: null },
      byTownship: [],
      byType: [],
      byQuarter: [],
      neitherCheckedNorPlanned: [],
    });
    // A target from the template: nothing is left to audit.
    expect(computeStats(unionLedgerOf([]), asOf('2025-12-31'), { auditTarget: asOf('2026-12-31') }).unions?.pace).toEqual({
      neededPerMonth: 0,
      actualPerMonth: null,
    });
  });

  it('all audited: coverage 1, projected = the last audit, nothing more needed', () => {
    const ledger = unionLedgerOf([
      union('甲', { checked: '2024-10-08', planned: '2025-06-30', audited: '2025-06-20' }, { township: '双江镇', type: '机关' }),
      union('乙', { planned: '2025-07-31', audited: '2025-08-05' }, { township: '播阳镇', type: '学校' }),
      union('丙', { planned: '2025-08-31', audited: '2025-07-10' }, { township: '双江镇', type: '机关' }),
    ]);
    const u = computeStats(ledger, asOf('2025-08-31')).unions;
    expect(u).toMatchObject({
      total: 3,
      checked: 1,
      plannedAudits: 3,
      audited: 3,
      coverage: 1,
      supervisedCoverage: 1,
      planEnd: '2025-08-31',
      planCoversAll: true,
      target: '2027-05-31',
      projectedFullCoverage: '2025-08-05',
      neitherCheckedNorPlanned: [],
    });
    expect(u?.pace.neededPerMonth).toBe(0);
    // 3 audits over June – August 2025.
    expect(u?.pace.actualPerMonth).toBeCloseTo(1, 9);
    expect(u?.byQuarter).toEqual([
      { quarter: '2024Q4', checked: 1, planned: 0, audited: 0 },
      { quarter: '2025Q1', checked: 0, planned: 0, audited: 0 },
      { quarter: '2025Q2', checked: 0, planned: 1, audited: 1 },
      { quarter: '2025Q3', checked: 0, planned: 2, audited: 2 },
    ]);
    expect(u?.byTownship).toEqual([
      { name: '双江镇', total: 2, checked: 1, planned: 2, audited: 2, coverage: 1 },
      { name: '播阳镇', total: 1, checked: 0, planned: 1, audited: 1, coverage: 1 },
    ]);
    // Before the last audit, not yet full: 2 audits in June – July 2025, 1 a month.
    const earlier = computeStats(ledger, asOf('2025-07-31')).unions;
    expect(earlier).toMatchObject({ audited: 2, projectedFullCoverage: '2025-08-31' });
  });

  it('counts an audit done before the plan started, and its time, in the actual pace', () => {
    const ledger = unionLedgerOf([union('甲', { audited: '2025-04-01' }), union('乙', { planned: '2025-06-30' })]);
    const u = computeStats(ledger, asOf('2025-05-31')).unions;
    // From 2025-04-01 (before the plan's June) to the end of May: 2 months, 1 audit.
    expect(u?.pace.actualPerMonth).toBeCloseTo(0.5, 9);
    // 1 more at 1 per 2 months: by the end of July.
    expect(u?.projectedFullCoverage).toBe('2025-07-31');
    expect(u?.target).toBe('2027-05-31');
  });

  it('a plan that leaves unions out: planCoversAll false, and the unions neither checked nor planned by name', () => {
    const ledger = unionLedgerOf([
      union('甲', { checked: '2024-10-08', planned: '2025-06-30' }),
      union('乙', { checked: '2024-10-09' }),
      union('丙'),
      union('丁', { planned: '2026-03-31' }),
      union('戊', { checked: '2025-09-01' }),
      union('己', { audited: '2025-05-20' }),
      union('庚'),
    ]);
    const u = computeStats(ledger, asOf('2025-06-30')).unions;
    expect(u).toMatchObject({ total: 7, checked: 2, plannedAudits: 2, audited: 1, planEnd: '2026-03-31', planCoversAll: false, target: '2027-05-31' });
    // 戊's check is after the as-of date; 己 was audited without a plan, so it is not a gap.
    expect(u?.neitherCheckedNorPlanned).toEqual(['丙', '戊', '庚']);
    expect(computeStats(ledger, asOf('2025-12-31')).unions?.neitherCheckedNorPlanned).toEqual(['丙', '庚']);
    // Checked-only unions make no plan; a ledger with no plan has no plan end, start or target.
    const unplanned = computeStats(unionLedgerOf([union('甲', { checked: '2024-10-08' }), union('乙')]), asOf('2025-06-30')).unions;
    expect(unplanned).toMatchObject({
      planEnd: null,
      planCoversAll: false,
      target: null,
      projectedFullCoverage: null,
      pace: { neededPerMonth: null, actualPerMonth: null },
    });
    expect(unplanned?.neitherCheckedNorPlanned).toEqual(['乙']);
  });

  it('quarters run from the earliest date in the ledger to the later of the as-of and plan-end quarters; future quarters count planned only', () => {
    const ledger = unionLedgerOf([
      union('甲', { checked: '2025-02-10', planned: '2025-12-31', audited: '2025-11-05' }),
      union('乙', { checked: '2025-08-01' }),
    ]);
    expect(computeStats(ledger, asOf('2025-07-15')).unions?.byQuarter).toEqual([
      { quarter: '2025Q1', checked: 1, planned: 0, audited: 0 },
      { quarter: '2025Q2', checked: 0, planned: 0, audited: 0 },
      { quarter: '2025Q3', checked: 0, planned: 0, audited: 0 },
      { quarter: '2025Q4', checked: 0, planned: 1, audited: 0 },
    ]);
    expect(computeStats(ledger, asOf('2026-04-01')).unions?.byQuarter.map((q) => [q.quarter, q.checked, q.planned, q.audited])).toEqual([
      ['2025Q1', 1, 0, 0],
      ['2025Q2', 0, 0, 0],
      ['2025Q3', 1, 0, 0],
      ['2025Q4', 0, 1, 1],
      ['2026Q1', 0, 0, 0],
      ['2026Q2', 0, 0, 0],
    ]);
    // Every date after the as-of date and no plan: the ledger's first quarter alone, nothing counted yet.
    expect(computeStats(unionLedgerOf([union('甲', { checked: '2025-08-01' })]), asOf('2025-01-01')).unions?.byQuarter).toEqual([
      { quarter: '2025Q3', checked: 0, planned: 0, audited: 0 },
    ]);
  });

  it('an audit dated before its check: a warning naming the row, and both dates still count', () => {
    const ledger = unionLedgerOf([
      union('甲', { checked: '2024-10-08', audited: '2025-07-01' }),
      union('乙', { checked: '2025-05-10', audited: '2025-03-20' }),
      union('丙', { audited: '2025-01-01' }),
    ]);
    const ds = unionDateDiagnostics(ledger);
    expect(ds.map((d) => [d.rule, d.severity, d.place.row, d.actual, d.expected])).toEqual([
      ['audit-before-check', 'warning', 4, '2025-03-20', '不早于 2025-05-10'],
    ]);
    expect(formatDiagnostic(ds[0]!)).toBe(
      '警告 基层工会台账.xlsx › 基层工会 › 第4行：“乙”的审计完成日期 2025-03-20 早于财务检查日期 2025-05-10，请核对两个日期；仍按所填日期统计',
    );
    // At 2025-04-30 乙 is audited but not yet checked.
    expect(computeStats(ledger, asOf('2025-04-30')).unions).toMatchObject({ checked: 1, audited: 2, supervisedCoverage: 1 });
  });

  it('through the pipeline: the audit-before-check warning leaves the figures computed; a union listed twice is an error naming both rows', async () => {
    const run = async (rows: (string | null)[][]) => {
      const bytes = await xlsx([{ name: '基层工会', rows: [UNION_HEADER, ...rows] }]);
      return runPipeline({
        inputsFolder: 'inputs',
        fileNames: ['基层工会台账.xlsx'],
        bytesOf: () => bytes,
        asOf: asOf('2025-12-31'),
        today: asOf('2026-01-15'),
      });
    };
    const early = await run([
      ['甲', '双江镇', '企业', '2024-10-08', '2025年6月', '2025-07-01'],
      ['乙', '播阳镇', '学校', '2025-05-10', '2025年6月', '2025-03-20'],
    ]);
    expect(early.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(early.diagnostics.filter((d) => d.rule === 'audit-before-check').map(formatDiagnostic)).toEqual([
      '警告 基层工会台账.xlsx › 基层工会 › 第3行：“乙”的审计完成日期 2025-03-20 早于财务检查日期 2025-05-10，请核对两个日期；仍按所填日期统计',
    ]);
    expect(early.stats?.unions).toMatchObject({ total: 2, checked: 2, audited: 2, coverage: 1, projectedFullCoverage: '2025-07-01' });

    const twice = await run([
      ['甲', '双江镇', '企业', '2024-10-08', '2025年6月', null],
      ['乙', '播阳镇', '学校', null, '2025年7月', null],
      ['甲', '双江镇', '企业', null, '2025年8月', null],
    ]);
    expect(twice.stats).toBeNull();
    const errors = twice.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.rule, d.place.row])).toEqual([['union-duplicate', 4]]);
    const text = formatDiagnostic(errors[0]!);
    expect(text).toBe(
      '错误 基层工会台账.xlsx › 基层工会 › A4（工会名称）：工会名称“甲”重复，已在 基层工会台账.xlsx › 基层工会 › 第2行 出现；每个基层工会只占一行',
    );
    expect(text).toMatch(/A4.*第2行/u);
  });
});
