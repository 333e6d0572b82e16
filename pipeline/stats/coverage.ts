/**
 * Figures of the grassroots-union ledger at the as-of date (docs/contract.md, "Outputs": `stats.json` → `unions`).
 *
 * What counts when:
 * - a check or an audit counts once it is dated on or before the as-of date; a planned audit
 *   counts whatever its date (a plan is a plan from the day it is written down);
 * - planned audits are month-granular: the ledger writes `2025年6月` and the model keeps its last
 *   day, 2025-06-30, so the plan *starts* on the first day of the month of the earliest planned
 *   audit (2025-06-01), whatever day of that month the ledger gave;
 * - the full-coverage target is the template's `审计全覆盖目标日期`, else the day before the
 *   second anniversary of the plan start (2025-06-01 → 2027-05-31: "from June 2025, all within
 *   two years" ends with May 2027, the plan's own last month in the shipped example);
 * - months are calendar months (dates.ts monthPosition): from 2025-06-01 to the end of
 *   2025-12-31 is exactly 7 months. A period "up to the as-of date" includes the as-of day.
 *
 * Pure: no clock, no file system; the target setting is handed in.
 */
import { addDays, calendarMonthsBetween, dayEndingAt, isoDate, monthPosition, quarterOf, ymd, type IsoDate, type Quarter } from '../dates.js';
import type { Ledger, Union } from '../ledger/schema.js';

export interface GroupCoverage {
  name: string;
  total: number;
  checked: number;
  planned: number;
  audited: number;
  /** audited / total */
  coverage: number | null;
}

export interface QuarterCoverage {
  quarter: Quarter;
  /** checks dated in the quarter and on or before the as-of date */
  checked: number;
  /** planned audits whose planned date falls in the quarter, whatever the as-of date */
  planned: number;
  /** audits completed in the quarter and on or before the as-of date */
  audited: number;
}

export interface Pace {
  /** unaudited unions / months left from the as-of date to the target; null when there is no target or it is not after the as-of date */
  neededPerMonth: number | null;
  /** audits so far / months from the start of the audit work (see unionStats) to the as-of date; null before that start */
  actualPerMonth: number | null;
}

export interface UnionStats {
  total: number;
  checked: number;
  plannedAudits: number;
  audited: number;
  coverage: number | null;
  supervisedCoverage: number | null;
  /** the plan's last planned date (a planned month is its last day), null when nothing is planned */
  planEnd: IsoDate | null;
  /** there is at least one union and every union has a planned audit */
  planCoversAll: boolean;
  /** the full-coverage target: the template setting, else the day before the plan start's second anniversary */
  target: IsoDate | null;
  /** when the last union would be audited at the actual pace; the last audit's date once all are audited */
  projectedFullCoverage: IsoDate | null;
  pace: Pace;
  byTownship: GroupCoverage[];
  byType: GroupCoverage[];
  byQuarter: QuarterCoverage[];
  /** unions with no check and no audit on or before the as-of date and no planned audit, in ledger order */
  neitherCheckedNorPlanned: string[];
}

export interface CoverageOptions {
  /** `审计全覆盖目标日期` from the notice template; null or absent: the default target. */
  auditTarget?: IsoDate | null;
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export const isChecked = (u: Union, asOf: IsoDate): boolean => u.checkedOn !== null && u.checkedOn <= asOf;
export const isAudited = (u: Union, asOf: IsoDate): boolean => u.auditedOn !== null && u.auditedOn <= asOf;
export const isPlanned = (u: Union): boolean => u.plannedAudit !== null;

const minDate = (dates: readonly (IsoDate | null)[]): IsoDate | null =>
  dates.reduce<IsoDate | null>((min, d) => (d !== null && (min === null || d < min) ? d : min), null);
const maxDate = (dates: readonly (IsoDate | null)[]): IsoDate | null =>
  dates.reduce<IsoDate | null>((max, d) => (d !== null && (max === null || d > max) ? d : max), null);

/** The first day of the month of the earliest planned audit, or null when nothing is planned. */
export function planStart(unions: readonly Union[]): IsoDate | null {
  const first = minDate(unions.map((u) => u.plannedAudit));
  if (first === null) return null;
  const { year, month } = ymd(first);
  return isoDate(year, month, 1);
}

/** The day before the second anniversary of the plan start (2025-06-01 → 2027-05-31). */
export function defaultTarget(start: IsoDate): IsoDate {
  const { year, month, day } = ymd(start);
  // Plan starts are firsts of months, so the anniversary always exists; clamp anyway (29 Feb).
  const anniversary = isoDate(year + 2, month, day) ?? isoDate(year + 2, month + 1, 1);
  return addDays(anniversary as IsoDate, -1);
}

/** Groups in order of first appearance in the ledger. */
function groupBy(unions: readonly Union[], key: (u: Union) => string, asOf: IsoDate): GroupCoverage[] {
  const groups = new Map<string, Union[]>();
  for (const u of unions) {
    const k = key(u);
    const list = groups.get(k);
    if (list) list.push(u);
    else groups.set(k, [u]);
  }
  return [...groups].map(([name, members]) => {
    const audited = members.filter((u) => isAudited(u, asOf)).length;
    return {
      name,
      total: members.length,
      checked: members.filter((u) => isChecked(u, asOf)).length,
      planned: members.filter(isPlanned).length,
      audited,
      coverage: ratio(audited, members.length),
    };
  });
}

function nextQuarter(q: Quarter): Quarter {
  const year = Number(q.slice(0, 4));
  const n = Number(q.slice(5));
  return (n === 4 ? `${year + 1}Q1` : `${year}Q${n + 1}`) as Quarter;
}

/**
 * Every quarter from the one of the earliest date in the ledger (check, planned audit or audit,
 * whatever the as-of date) to the later of the as-of date's quarter and the plan end's, empty
 * quarters included. Quarters after the as-of date count planned audits only.
 */
export function quarterBuckets(unions: readonly Union[], asOf: IsoDate): QuarterCoverage[] {
  const first = minDate(unions.flatMap((u) => [u.checkedOn, u.plannedAudit, u.auditedOn]));
  if (first === null) return [];
  const lastDate = maxDate([asOf, ...unions.map((u) => u.plannedAudit)]) as IsoDate;
  const from = quarterOf(first);
  const last = quarterOf(lastDate);
  // biome-ignore lint/complexity/useMathMinMax: quarters are strings (2025Q3), ordered as text
  const to = last < from ? from : last;
  const buckets = new Map<Quarter, QuarterCoverage>();
  for (let q = from; q <= to; q = nextQuarter(q)) buckets.set(q, { quarter: q, checked: 0, planned: 0, audited: 0 });
  const bump = (date: IsoDate | null, key: 'checked' | 'planned' | 'audited'): void => {
    const bucket = date === null ? undefined : buckets.get(quarterOf(date));
    if (bucket) bucket[key]++;
  };
  for (const u of unions) {
    if (isChecked(u, asOf)) bump(u.checkedOn, 'checked');
    bump(u.plannedAudit, 'planned');
    if (isAudited(u, asOf)) bump(u.auditedOn, 'audited');
  }
  return [...buckets.values()];
}

export function unionStats(unions: NonNullable<Ledger['unions']>, asOf: IsoDate, options: CoverageOptions = {}): UnionStats {
  const items = unions.items;
  const total = items.length;
  const auditedUnions = items.filter((u) => isAudited(u, asOf));
  const audited = auditedUnions.length;
  const remaining = total - audited;
  const supervised = items.filter((u) => isChecked(u, asOf) || isAudited(u, asOf)).length;

  const start = planStart(items);
  const target = options.auditTarget ?? (start ? defaultTarget(start) : null);
  // After the as-of day: the first moment not yet counted.
  const afterAsOf = addDays(asOf, 1);

  // Needed: what is left, spread over the months from the end of the as-of day to the end of the target day.
  const neededPerMonth = target !== null && target > asOf ? remaining / calendarMonthsBetween(afterAsOf, addDays(target, 1)) : null;

  // Actual: audits so far over the months since the audit work began: the plan start, or an
  // earlier audit (audits done before the plan still count, and count their time).
  const workStart = minDate([start, minDate(auditedUnions.map((u) => u.auditedOn))]);
  const elapsed = workStart !== null ? calendarMonthsBetween(workStart, afterAsOf) : 0;
  const actualPerMonth = elapsed > 0 ? audited / elapsed : null;

  let projectedFullCoverage: IsoDate | null = null;
  if (total > 0 && remaining === 0) projectedFullCoverage = maxDate(auditedUnions.map((u) => u.auditedOn));
  else if (audited > 0 && elapsed > 0) {
    // remaining / (audited / elapsed), in that order so whole numbers stay whole.
    projectedFullCoverage = dayEndingAt(monthPosition(afterAsOf) + (remaining * elapsed) / audited);
  }

  return {
    total,
    checked: items.filter((u) => isChecked(u, asOf)).length,
    plannedAudits: items.filter(isPlanned).length,
    audited,
    coverage: ratio(audited, total),
    supervisedCoverage: ratio(supervised, total),
    planEnd: maxDate(items.map((u) => u.plannedAudit)),
    planCoversAll: total > 0 && items.every(isPlanned),
    target,
    projectedFullCoverage,
    pace: { neededPerMonth, actualPerMonth },
    byTownship: groupBy(items, (u) => u.township, asOf),
    byType: groupBy(items, (u) => u.type, asOf),
    byQuarter: quarterBuckets(items, asOf),
    neitherCheckedNorPlanned: items.filter((u) => !isChecked(u, asOf) && !isAudited(u, asOf) && !isPlanned(u)).map((u) => u.name),
  };
}
