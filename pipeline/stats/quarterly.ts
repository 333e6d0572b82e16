/**
 * Figures of a quarterly report, counted at the quarter's last day: what moved in the quarter,
 * where things stand at its end (the three status classes), the warning colour of every
 * problem, and the change against the previous quarter. Statuses are the ledger's current
 * state; a problem counts as completed at a quarter's end when its status is completed and its
 * completion date (if any) is on or before that day. One completed after that day was not yet
 * completed then, and counts as 未完成 (the ledger does not say whether it had a stage done).
 *
 * The previous quarter's figures come from a record of it when the CLI found one (an earlier
 * quarterly run log or a stats.json counted at its last day, stats/previous.ts), else they are
 * counted from today's ledger at the previous quarter's end, which `previousSource` says.
 */
import { daysBetween, previousQuarter, quarterRange, type IsoDate, type Quarter, type QuarterRange } from '../dates.js';
import type { Ledger, Problem, StatusClass, Union } from '../ledger/schema.js';
import { ratio } from './coverage.js';
import type { PreviousRecord } from './previous.js';
import { DEFAULT_WARNINGS, warningsAt, type Warning, type WarningScheme } from './warnings.js';

/** A problem at a day (the quarter's end, or the notice's as-of date). */
export interface ProblemAtQuarterEnd {
  problem: Problem;
  /** its status class at the quarter's end */
  cls: StatusClass;
  completedAtEnd: boolean;
  /** days past the deadline at the quarter's end, for open problems past it */
  daysOverdue: number | null;
  /** days from the quarter's end to the deadline, for open problems not past it */
  daysLeft: number | null;
  warning: Warning | null;
}

export type UnionState = '已审计' | '已检查' | '计划审计' | '未安排';

export interface UnionAtQuarterEnd {
  union: Union;
  state: UnionState;
}

export interface QuarterGroup {
  name: string;
  total: number;
  /** with a check on or before the quarter's end */
  checked: number;
  /** with a planned audit at any date */
  planned: number;
  /** with a planned audit due on or before the quarter's end */
  plannedToDate: number;
  audited: number;
  /** audited / total */
  coverage: number | null;
  /** audited / planned to date */
  planProgress: number | null;
}

/** The headline figures; each is null when its ledger is absent (or, for a previous quarter, when its record lacks it). */
export interface Headline {
  problemsTotal: number | null;
  completedInQuarter: number | null;
  completedToDate: number | null;
  stagedAtEnd: number | null;
  notCompletedAtEnd: number | null;
  completionRate: number | null;
  openAtEnd: number | null;
  overdueAtEnd: number | null;
  unionsTotal: number | null;
  checkedInQuarter: number | null;
  checkedToDate: number | null;
  auditedInQuarter: number | null;
  auditedToDate: number | null;
  plannedToDate: number | null;
  coverage: number | null;
  /** audited to date / planned to date */
  planProgress: number | null;
}

export type HeadlineKey = keyof Headline;

/** How the previous quarter's figures were obtained. */
export type PreviousSource =
  | {
      kind: 'record';
      /** the file, relative to the outputs folder (`quarterly-2025Q2.run-log.md`, `history/…/stats.json`) */
      path: string;
      what: 'runLog' | 'stats';
      /** figures the record does not hold, counted from today's ledger instead */
      counted: HeadlineKey[];
    }
  | {
      kind: 'ledger';
      /** completed problems without a completion date: counted as completed at the previous quarter's end too */
      undated: number;
    };

export interface QuarterlyStats {
  quarter: Quarter;
  start: IsoDate;
  end: IsoDate;
  headline: Headline;
  /** null when there is no record and the ledgers hold nothing dated before the quarter: 无上期数据, not zeros */
  previous: Headline | null;
  previousQuarter: Quarter;
  previousSource: PreviousSource | null;
  problems: ProblemAtQuarterEnd[];
  unions: UnionAtQuarterEnd[];
  byTownship: QuarterGroup[];
  byType: QuarterGroup[];
  warnings: WarningScheme;
}

const within = (date: IsoDate | null, range: QuarterRange) => date !== null && date >= range.start && date <= range.end;
const byEnd = (date: IsoDate | null, end: IsoDate) => date !== null && date <= end;

export function completedAt(p: Problem, end: IsoDate): boolean {
  return p.status.class === 'completed' && (p.completedOn === null || p.completedOn <= end);
}

/** A problem's status class at a day: completed later means not yet completed then. */
export function classAt(p: Problem, end: IsoDate): StatusClass {
  if (p.status.class !== 'completed') return p.status.class;
  return completedAt(p, end) ? 'completed' : 'notCompleted';
}

/**
 * Each problem's state at a day: its status class then (`classOf`: the quarterly report's by
 * completion dates, the notice's the ledger's status as written), days past or to its deadline,
 * and its warning colour.
 */
export function problemStatesAt(
  problems: readonly Problem[],
  end: IsoDate,
  scheme: WarningScheme,
  classOf: (p: Problem) => StatusClass = (p) => classAt(p, end),
): ProblemAtQuarterEnd[] {
  const warnings = warningsAt(problems, end, scheme, classOf);
  return problems.map((p, i) => {
    const cls = classOf(p);
    const open = cls !== 'completed';
    const dated = p.deadline?.kind === 'date' ? p.deadline.date : null;
    return {
      problem: p,
      cls,
      completedAtEnd: !open,
      daysOverdue: open && dated !== null && dated < end ? daysBetween(dated, end) : null,
      daysLeft: open && dated !== null && dated >= end ? daysBetween(end, dated) : null,
      warning: warnings[i] ?? null,
    };
  });
}

export function unionStateAt(u: Union, end: IsoDate): UnionState {
  if (byEnd(u.auditedOn, end)) return '已审计';
  if (byEnd(u.checkedOn, end)) return '已检查';
  if (u.plannedAudit !== null) return '计划审计';
  return '未安排';
}

/** Unions grouped by township or type (in the order the ledger first names each), counted at `end`. */
export function unionGroupsAt(unions: readonly Union[], key: (u: Union) => string, end: IsoDate): QuarterGroup[] {
  const map = new Map<string, Union[]>();
  for (const u of unions) {
    const list = map.get(key(u));
    if (list) list.push(u);
    else map.set(key(u), [u]);
  }
  return [...map].map(([name, members]) => groupOf(name, members, end));
}

/** One group's counts (also the totals row over every union). */
export function groupOf(name: string, members: readonly Union[], end: IsoDate): QuarterGroup {
  const audited = members.filter((u) => byEnd(u.auditedOn, end)).length;
  const plannedToDate = members.filter((u) => byEnd(u.plannedAudit, end)).length;
  return {
    name,
    total: members.length,
    checked: members.filter((u) => byEnd(u.checkedOn, end)).length,
    planned: members.filter((u) => u.plannedAudit !== null).length,
    plannedToDate,
    audited,
    coverage: ratio(audited, members.length),
    planProgress: ratio(audited, plannedToDate),
  };
}

function headlineAt(ledger: Ledger, range: QuarterRange): Headline {
  const { end } = range;
  const problems = ledger.problems?.items ?? null;
  const unions = ledger.unions?.items ?? null;
  const count = (cls: StatusClass) => (problems ? problems.filter((p) => classAt(p, end) === cls).length : null);
  const completedToDate = count('completed');
  const auditedToDate = unions ? unions.filter((u) => byEnd(u.auditedOn, end)).length : null;
  const plannedToDate = unions ? unions.filter((u) => byEnd(u.plannedAudit, end)).length : null;
  return {
    problemsTotal: problems ? problems.length : null,
    completedInQuarter: problems ? problems.filter((p) => p.status.class === 'completed' && within(p.completedOn, range)).length : null,
    completedToDate,
    stagedAtEnd: count('staged'),
    notCompletedAtEnd: count('notCompleted'),
    completionRate: problems && completedToDate !== null ? ratio(completedToDate, problems.length) : null,
    openAtEnd: problems && completedToDate !== null ? problems.length - completedToDate : null,
    overdueAtEnd: problems ? problems.filter((p) => classAt(p, end) !== 'completed' && p.deadline?.kind === 'date' && p.deadline.date < end).length : null,
    unionsTotal: unions ? unions.length : null,
    checkedInQuarter: unions ? unions.filter((u) => within(u.checkedOn, range)).length : null,
    checkedToDate: unions ? unions.filter((u) => byEnd(u.checkedOn, end)).length : null,
    auditedInQuarter: unions ? unions.filter((u) => within(u.auditedOn, range)).length : null,
    auditedToDate,
    plannedToDate,
    coverage: unions && auditedToDate !== null ? ratio(auditedToDate, unions.length) : null,
    planProgress: auditedToDate !== null && plannedToDate !== null ? ratio(auditedToDate, plannedToDate) : null,
  };
}

/** Whether the ledgers record anything (a completion, check or audit) dated before `date`. */
function hasEventsBefore(ledger: Ledger, date: IsoDate): boolean {
  const dates = [...(ledger.problems?.items ?? []).map((p) => p.completedOn), ...(ledger.unions?.items ?? []).flatMap((u) => [u.checkedOn, u.auditedOn])];
  return dates.some((d) => d !== null && d < date);
}

export interface QuarterlyOptions {
  /** the warning colours (the template's 预警 setting); today's four colours by default */
  warnings?: WarningScheme;
  /** the previous quarter as an earlier run recorded it, when the CLI found one */
  previousRecord?: PreviousRecord | null;
}

/** The previous quarter: its record where it has a figure, today's ledger where it has not (or there is no record). */
function previousOf(ledger: Ledger, quarter: Quarter, record: PreviousRecord | null): { previous: Headline | null; source: PreviousSource | null } {
  const range = quarterRange(quarter);
  const previous = previousQuarter(quarter);
  const counted = headlineAt(ledger, quarterRange(previous));
  if (record && record.quarter === previous) {
    const merged = { ...counted };
    const fromLedger: HeadlineKey[] = [];
    for (const key of Object.keys(counted) as HeadlineKey[]) {
      const recorded = record.headline[key];
      if (recorded !== undefined && (recorded !== null || counted[key] === null)) merged[key] = recorded;
      else if (counted[key] !== null) fromLedger.push(key);
    }
    return { previous: merged, source: { kind: 'record', path: record.path, what: record.what, counted: fromLedger } };
  }
  if (!hasEventsBefore(ledger, range.start)) return { previous: null, source: null };
  const undated = (ledger.problems?.items ?? []).filter((p) => p.status.class === 'completed' && p.completedOn === null).length;
  return { previous: counted, source: { kind: 'ledger', undated } };
}

export function quarterlyStats(ledger: Ledger, quarter: Quarter, options: QuarterlyOptions = {}): QuarterlyStats {
  const range = quarterRange(quarter);
  const unions = ledger.unions?.items ?? [];
  const warnings = options.warnings ?? DEFAULT_WARNINGS;
  const { previous, source } = previousOf(ledger, quarter, options.previousRecord ?? null);
  return {
    quarter,
    start: range.start,
    end: range.end,
    headline: headlineAt(ledger, range),
    previous,
    previousQuarter: previousQuarter(quarter),
    previousSource: source,
    problems: problemStatesAt(ledger.problems?.items ?? [], range.end, warnings),
    unions: unions.map((u) => ({ union: u, state: unionStateAt(u, range.end) })),
    byTownship: unionGroupsAt(unions, (u) => u.township, range.end),
    byType: unionGroupsAt(unions, (u) => u.type, range.end),
    warnings,
  };
}

/** The change of each headline figure against the previous quarter (null where either is null). */
export function headlineChange(stats: QuarterlyStats): Record<HeadlineKey, number | null> | null {
  const { previous, headline } = stats;
  if (!previous) return null;
  const change = {} as Record<HeadlineKey, number | null>;
  for (const key of Object.keys(headline) as HeadlineKey[]) {
    const now = headline[key];
    const before = previous[key];
    change[key] = now === null || before === null ? null : now - before;
  }
  return change;
}

export type ProblemState = ProblemAtQuarterEnd;
