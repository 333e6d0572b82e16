/**
 * Figures of a quarterly report, counted at the quarter's last day: what moved in the quarter,
 * where things stand at its end, the traffic light of every problem, and the change against
 * the previous quarter. Statuses are the ledger's current state; a problem counts as completed
 * at a quarter's end when its status is completed and its completion date (if any) is on or
 * before that day.
 */
import { addDays, daysBetween, previousQuarter, quarterRange, type IsoDate, type Quarter, type QuarterRange } from '../dates.js';
import type { Deadline, Ledger, Problem, RowOrigin, SerialNumber, Union } from '../ledger/schema.js';
import { ratio } from './coverage.js';

/** green completed · blue long-term (长期坚持) · red past its deadline · yellow due within 30 days after the quarter · none */
export type Light = 'green' | 'blue' | 'red' | 'yellow' | null;

export const YELLOW_WINDOW_DAYS = 30;

export interface ProblemAtQuarterEnd {
  number: SerialNumber;
  category: string;
  text: string;
  status: string;
  completedAtEnd: boolean;
  completedOn: IsoDate | null;
  deadline: Deadline | null;
  /** days past the deadline at the quarter's end, for red problems */
  daysOverdue: number | null;
  light: Light;
  origin: RowOrigin;
}

export type UnionState = '已审计' | '已检查' | '计划审计' | '未安排';

export interface UnionAtQuarterEnd {
  name: string;
  township: string;
  type: string;
  checkedOn: IsoDate | null;
  plannedAudit: IsoDate | null;
  auditedOn: IsoDate | null;
  state: UnionState;
  origin: RowOrigin;
}

export interface QuarterGroup {
  name: string;
  total: number;
  /** with a check on or before the quarter's end */
  checked: number;
  /** with a planned audit due on or before the quarter's end */
  plannedToDate: number;
  audited: number;
  coverage: number | null;
}

/** The headline figures; each is null when its ledger is absent. */
export interface Headline {
  problemsTotal: number | null;
  completedInQuarter: number | null;
  completedToDate: number | null;
  completionRate: number | null;
  openAtEnd: number | null;
  overdueAtEnd: number | null;
  unionsTotal: number | null;
  checkedInQuarter: number | null;
  auditedInQuarter: number | null;
  auditedToDate: number | null;
  plannedToDate: number | null;
  coverage: number | null;
  /** audited to date / planned to date */
  planProgress: number | null;
}

export type HeadlineKey = keyof Headline;

export interface QuarterlyStats {
  quarter: Quarter;
  start: IsoDate;
  end: IsoDate;
  headline: Headline;
  /** null when the ledgers hold nothing dated before the quarter: 无上期数据, not zeros */
  previous: Headline | null;
  problems: ProblemAtQuarterEnd[];
  unions: UnionAtQuarterEnd[];
  byTownship: QuarterGroup[];
  byType: QuarterGroup[];
}

const within = (date: IsoDate | null, range: QuarterRange) => date !== null && date >= range.start && date <= range.end;
const byEnd = (date: IsoDate | null, end: IsoDate) => date !== null && date <= end;

function completedAt(p: Problem, end: IsoDate): boolean {
  return p.status.class === 'completed' && (p.completedOn === null || p.completedOn <= end);
}

export function lightAt(p: Problem, end: IsoDate): Light {
  if (completedAt(p, end)) return 'green';
  if (!p.deadline) return null;
  if (p.deadline.kind === 'longTerm') return 'blue';
  if (p.deadline.date < end) return 'red';
  if (p.deadline.date <= addDays(end, YELLOW_WINDOW_DAYS)) return 'yellow';
  return null;
}

function problemAt(p: Problem, end: IsoDate): ProblemAtQuarterEnd {
  const light = lightAt(p, end);
  return {
    number: p.number,
    category: p.category,
    text: p.text,
    status: p.status.written,
    completedAtEnd: light === 'green',
    completedOn: p.completedOn,
    deadline: p.deadline,
    daysOverdue: light === 'red' && p.deadline?.kind === 'date' ? daysBetween(p.deadline.date, end) : null,
    light,
    origin: p.origin,
  };
}

function unionState(u: Union, end: IsoDate): UnionState {
  if (byEnd(u.auditedOn, end)) return '已审计';
  if (byEnd(u.checkedOn, end)) return '已检查';
  if (u.plannedAudit !== null) return '计划审计';
  return '未安排';
}

function groups(unions: readonly Union[], key: (u: Union) => string, end: IsoDate): QuarterGroup[] {
  const map = new Map<string, Union[]>();
  for (const u of unions) {
    const members = map.get(key(u));
    if (members) members.push(u);
    else map.set(key(u), [u]);
  }
  return [...map].map(([name, members]) => {
    const audited = members.filter((u) => byEnd(u.auditedOn, end)).length;
    return {
      name,
      total: members.length,
      checked: members.filter((u) => byEnd(u.checkedOn, end)).length,
      plannedToDate: members.filter((u) => byEnd(u.plannedAudit, end)).length,
      audited,
      coverage: ratio(audited, members.length),
    };
  });
}

function headlineAt(ledger: Ledger, range: QuarterRange): Headline {
  const { end } = range;
  const problems = ledger.problems?.items ?? null;
  const unions = ledger.unions?.items ?? null;
  const completedToDate = problems ? problems.filter((p) => completedAt(p, end)).length : null;
  const auditedToDate = unions ? unions.filter((u) => byEnd(u.auditedOn, end)).length : null;
  const plannedToDate = unions ? unions.filter((u) => byEnd(u.plannedAudit, end)).length : null;
  return {
    problemsTotal: problems ? problems.length : null,
    completedInQuarter: problems ? problems.filter((p) => p.status.class === 'completed' && within(p.completedOn, range)).length : null,
    completedToDate,
    completionRate: problems && completedToDate !== null ? ratio(completedToDate, problems.length) : null,
    openAtEnd: problems && completedToDate !== null ? problems.length - completedToDate : null,
    overdueAtEnd: problems ? problems.filter((p) => lightAt(p, end) === 'red').length : null,
    unionsTotal: unions ? unions.length : null,
    checkedInQuarter: unions ? unions.filter((u) => within(u.checkedOn, range)).length : null,
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

export function quarterlyStats(ledger: Ledger, quarter: Quarter): QuarterlyStats {
  const range = quarterRange(quarter);
  const unions = ledger.unions?.items ?? [];
  return {
    quarter,
    start: range.start,
    end: range.end,
    headline: headlineAt(ledger, range),
    previous: hasEventsBefore(ledger, range.start) ? headlineAt(ledger, quarterRange(previousQuarter(quarter))) : null,
    problems: (ledger.problems?.items ?? []).map((p) => problemAt(p, range.end)),
    unions: unions.map((u) => ({
      name: u.name,
      township: u.township,
      type: u.type,
      checkedOn: u.checkedOn,
      plannedAudit: u.plannedAudit,
      auditedOn: u.auditedOn,
      state: unionState(u, range.end),
      origin: u.origin,
    })),
    byTownship: groups(unions, (u) => u.township, range.end),
    byType: groups(unions, (u) => u.type, range.end),
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
