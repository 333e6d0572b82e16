/**
 * The named datasets that chart specs read (`"data": {"name": "…"}` in charts/*.vl.json). The
 * pipeline fills them from the ledger and the figures; a spec picks the ones it draws, so staff
 * restyle or redraw a chart by editing its JSON, never the code. charts/README.md lists the
 * datasets and their fields for staff; the field names follow stats.json's keys.
 *
 * Pure: the ledger and the figures at the as-of date in, rows out. Words shown in a chart (series
 * names, labels) are chosen here, numbers are left as numbers for the spec to format.
 */
import { quarterOf, quarterRange, type IsoDate, type Quarter } from '../dates.js';
import type { Category, Ledger, StatusClass, Union } from '../ledger/schema.js';
import { isAudited, isChecked } from '../stats/coverage.js';
import type { Stats } from '../stats/index.js';
import { bracketedOrdinal, chineseDate, chineseNumeral, percentText } from '../text/zh.js';

export type Row = Record<string, string | number | null>;

export const DATASET_NAMES = ['problemsByCategory', 'auditProgress', 'auditTarget', 'unionsByTownship', 'unionsByType'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Which ledger each dataset is drawn from: a dataset whose ledger is absent is null. */
export const DATASET_LEDGER: Record<DatasetName, 'problems' | 'unions'> = {
  problemsByCategory: 'problems',
  auditProgress: 'unions',
  auditTarget: 'unions',
  unionsByTownship: 'unions',
  unionsByType: 'unions',
};

export type Datasets = Record<DatasetName, Row[] | null>;

export const STATUS_NAMES: Record<StatusClass, string> = { completed: '已完成', staged: '阶段性完成', notCompleted: '未完成' };
const STATUS_ORDER: StatusClass[] = ['completed', 'staged', 'notCompleted'];

/** How many characters of a category's name a label keeps when the ledger gives no 简称. */
export const LABEL_CHARS = 4;

/**
 * A category's label in a chart: the ledger's 简称 when given, else its ordinal in the ledger
 * and its first characters (`（三）责任担当…`); a name of up to five characters is kept whole.
 */
export function categoryLabel(category: Category, ordinal: number): string {
  const short = category.shortName?.trim();
  if (short) return short;
  const chars = [...category.name.trim()];
  const head = chars.length <= LABEL_CHARS + 1 ? chars.join('') : `${chars.slice(0, LABEL_CHARS).join('')}…`;
  return `${bracketedOrdinal(ordinal)}${head}`;
}

/** What a dataset's words depend on: the template's 百分比小数位. */
export interface DatasetOptions {
  percentDecimals?: number | null;
}

function problemsByCategory(ledger: Ledger, stats: Stats, options: DatasetOptions): Row[] | null {
  if (!ledger.problems || !stats.problems) return null;
  const rows: Row[] = [];
  ledger.problems.categories.forEach((category, i) => {
    const counts = stats.problems?.byCategory.find((c) => c.category === category.name);
    if (!counts) return;
    const rate = counts.total > 0 ? counts.completed / counts.total : null;
    const rateLabel = rate === null ? '' : percentText(rate, options.percentDecimals ?? null);
    STATUS_ORDER.forEach((cls, k) => {
      rows.push({
        category: category.name,
        label: categoryLabel(category, i + 1),
        order: i + 1,
        status: STATUS_NAMES[cls],
        statusOrder: k + 1,
        count: counts[cls],
        total: counts.total,
        completed: counts.completed,
        rate,
        rateLabel,
        totalLabel: rate === null ? `${counts.total}` : `${counts.total}（完成率${rateLabel}）`,
      });
    });
  });
  return rows;
}

function nextQuarter(q: Quarter): Quarter {
  const { year, index } = quarterRange(q);
  return (index === 4 ? `${year + 1}Q1` : `${year}Q${index + 1}`) as Quarter;
}

/** `2025Q3` → its year, its name and both together: 2025年, 三季度, 2025年三季度. */
export function quarterWords(q: Quarter): { year: string; quarterName: string; label: string } {
  const { year, index } = quarterRange(q);
  const quarterName = `${chineseNumeral(index)}季度`;
  return { year: `${year}年`, quarterName, label: `${year}年${quarterName}` };
}

export const SERIES = {
  planned: '计划审计（累计）',
  audited: '已审计（累计）',
  checked: '已财务检查（累计）',
} as const;

/**
 * Cumulative counts by quarter, one row per quarter and series: planned audits over every
 * quarter of the plan (through the target's quarter), audits and checks done only up to the
 * as-of date's quarter (later quarters have not happened yet).
 */
function auditProgress(stats: Stats): Row[] | null {
  const unions = stats.unions;
  if (!unions) return null;
  const buckets = new Map(unions.byQuarter.map((b) => [b.quarter, b]));
  const asOfQuarter = quarterOf(stats.asOf);
  // at least the as-of date's quarter, so a ledger without dates still draws its axes
  const first = unions.byQuarter[0]?.quarter ?? asOfQuarter;
  let last = unions.byQuarter[unions.byQuarter.length - 1]?.quarter ?? asOfQuarter;
  if (asOfQuarter > last) last = asOfQuarter;
  if (unions.target && quarterOf(unions.target) > last) last = quarterOf(unions.target);
  const rows: Row[] = [];
  const totals = { planned: 0, audited: 0, checked: 0 };
  for (let q = first, order = 1; q <= last; q = nextQuarter(q), order++) {
    const bucket = buckets.get(q);
    totals.planned += bucket?.planned ?? 0;
    totals.audited += bucket?.audited ?? 0;
    totals.checked += bucket?.checked ?? 0;
    const words = quarterWords(q);
    const common = {
      quarter: q,
      ...words,
      order,
      end: quarterRange(q).end,
      total: unions.total,
      // flags, so a spec can mark the as-of date's and the target's quarters with rules
      isAsOf: q === asOfQuarter ? 1 : 0,
      isTarget: unions.target !== null && q === quarterOf(unions.target) ? 1 : 0,
      totalLabel: `全覆盖：${unions.total}家`,
      targetLabel: unions.target ? `目标：${chineseDate(unions.target)}前全覆盖` : null,
      asOfLabel: `统计截至${chineseDate(stats.asOf)}`,
    };
    rows.push({ ...common, series: SERIES.planned, seriesOrder: 1, count: totals.planned });
    if (q <= asOfQuarter) {
      rows.push({ ...common, series: SERIES.audited, seriesOrder: 2, count: totals.audited });
      rows.push({ ...common, series: SERIES.checked, seriesOrder: 3, count: totals.checked });
    }
  }
  return rows;
}

/** One row: the full-coverage line (every union) and the target date, with their words. */
function auditTarget(stats: Stats): Row[] | null {
  const unions = stats.unions;
  if (!unions) return null;
  const targetQuarter = unions.target ? quarterOf(unions.target) : null;
  return [
    {
      total: unions.total,
      totalLabel: `全覆盖：${unions.total}家`,
      target: unions.target,
      targetQuarter,
      targetLabel: unions.target ? `目标：${chineseDate(unions.target)}前` : null,
      targetQuarterLabel: targetQuarter ? quarterWords(targetQuarter).label : null,
      asOf: stats.asOf,
      asOfQuarter: quarterOf(stats.asOf),
      asOfQuarterLabel: quarterWords(quarterOf(stats.asOf)).label,
      asOfLabel: `统计截至${chineseDate(stats.asOf)}`,
    },
  ];
}

export const UNION_GROUPS = ['已审计', '已财务检查、未审计', '未检查、未审计'] as const;

/**
 * Unions of each township (or unit type) split into audited / checked but not audited / neither,
 * at the as-of date: the three parts add up to the group's total, so they stack into one bar.
 */
function unionsBy(unions: readonly Union[] | undefined, key: (u: Union) => string, asOf: IsoDate): Row[] | null {
  if (!unions) return null;
  const groups = new Map<string, Union[]>();
  for (const u of unions) {
    const list = groups.get(key(u));
    if (list) list.push(u);
    else groups.set(key(u), [u]);
  }
  const rows: Row[] = [];
  [...groups].forEach(([name, members], i) => {
    const audited = members.filter((u) => isAudited(u, asOf)).length;
    const checkedOnly = members.filter((u) => !isAudited(u, asOf) && isChecked(u, asOf)).length;
    const counts = [audited, checkedOnly, members.length - audited - checkedOnly];
    const coverage = members.length === 0 ? null : audited / members.length;
    UNION_GROUPS.forEach((group, k) => {
      rows.push({
        name,
        order: i + 1,
        group,
        groupOrder: k + 1,
        count: counts[k] as number,
        total: members.length,
        audited,
        coverage,
        coverageLabel: coverage === null ? '' : `审计覆盖率${Math.round(coverage * 100)}%`,
      });
    });
  });
  return rows;
}

/** The datasets of a run; those of a ledger that is absent or has no rows are null (its charts are not drawn). */
export function chartDatasets(ledger: Ledger, stats: Stats, options: DatasetOptions = {}): Datasets {
  const unions = ledger.unions?.items.length ? ledger.unions.items : undefined;
  const unionStats = unions ? stats : { ...stats, unions: null };
  return {
    problemsByCategory: ledger.problems?.items.length ? problemsByCategory(ledger, stats, options) : null,
    auditProgress: auditProgress(unionStats),
    auditTarget: auditTarget(unionStats),
    unionsByTownship: unionsBy(unions, (u) => u.township, stats.asOf),
    unionsByType: unionsBy(unions, (u) => u.type, stats.asOf),
  };
}
