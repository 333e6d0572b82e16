/**
 * The previous quarter as an earlier run recorded it. A quarterly run log ends with its quarter's
 * headline figures as a JSON block (`quarterRecordBlock`), so the next quarter's report compares
 * with what was reported then rather than with a recount from today's ledger (in which a
 * problem completed without a date counts as completed in every earlier quarter). A stats.json
 * that `build` counted at the previous quarter's last day serves too, for the figures it holds.
 *
 * The CLI reads the candidate files (the outputs folder and its history/), newest first; this
 * module only reads their text. Pure.
 */
import { quarterRange, type Quarter } from '../dates.js';
import type { Headline, HeadlineKey } from './quarterly.js';

export interface PreviousRecord {
  quarter: Quarter;
  /** relative to the outputs folder, with `/` */
  path: string;
  what: 'runLog' | 'stats';
  /** the figures the record holds (a key it lacks is absent) */
  headline: Partial<Headline>;
}

/** A file that may record a quarter: its path (relative to the outputs folder) and text. */
export interface RecordCandidate {
  path: string;
  text: string;
}

const MARK = 'tongbaoQuarter';

/** The quarter's headline figures as the run log's last block (fenced JSON, one line). */
export function quarterRecordBlock(quarter: Quarter, headline: Headline): string[] {
  return ['```json', JSON.stringify({ [MARK]: quarter, end: quarterRange(quarter).end, headline }), '```'];
}

/** The run log file of a quarter: `quarterly-2025Q2.run-log.md`. */
export const quarterRunLogName = (quarter: Quarter): string => `quarterly-${quarter}.run-log.md`;

const isCount = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

function fromRunLog(candidate: RecordCandidate, quarter: Quarter): PreviousRecord | null {
  for (const m of candidate.text.matchAll(/```json\n(.*)\n```/gu)) {
    let data: unknown;
    try {
      data = JSON.parse(m[1] as string);
    } catch {
      continue;
    }
    if (!data || typeof data !== 'object') continue;
    const record = data as { [MARK]?: unknown; headline?: unknown };
    if (record[MARK] !== quarter || !record.headline || typeof record.headline !== 'object') continue;
    const headline: Partial<Headline> = {};
    for (const [key, value] of Object.entries(record.headline as Record<string, unknown>)) {
      if (isCount(value)) headline[key as HeadlineKey] = value;
    }
    return { quarter, path: candidate.path, what: 'runLog', headline };
  }
  return null;
}

interface StatsJson {
  asOf?: unknown;
  problems?: { total?: unknown; completed?: unknown; staged?: unknown; notCompleted?: unknown; completionRate?: unknown; overdue?: unknown } | null;
  unions?: {
    total?: unknown;
    checked?: unknown;
    audited?: unknown;
    coverage?: unknown;
    byQuarter?: { quarter?: unknown; checked?: unknown; planned?: unknown; audited?: unknown }[];
  } | null;
}

/** build's stats.json counted at the quarter's last day: the figures it holds, by the headline's keys. */
function fromStats(candidate: RecordCandidate, quarter: Quarter): PreviousRecord | null {
  let data: StatsJson;
  try {
    data = JSON.parse(candidate.text) as StatsJson;
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object' || data.asOf !== quarterRange(quarter).end) return null;
  const headline: Partial<Headline> = {};
  const set = (key: HeadlineKey, value: unknown) => {
    if (isCount(value)) headline[key] = value;
  };
  const p = data.problems;
  if (p === null) {
    for (const key of ['problemsTotal', 'completedToDate', 'stagedAtEnd', 'notCompletedAtEnd', 'completionRate', 'openAtEnd', 'overdueAtEnd'] as const)
      headline[key] = null;
  } else if (p && typeof p === 'object') {
    set('problemsTotal', p.total);
    set('completedToDate', p.completed);
    set('stagedAtEnd', p.staged);
    set('notCompletedAtEnd', p.notCompleted);
    set('completionRate', p.completionRate);
    if (typeof p.total === 'number' && typeof p.completed === 'number') headline.openAtEnd = p.total - p.completed;
    if (Array.isArray(p.overdue)) headline.overdueAtEnd = p.overdue.length;
  }
  const u = data.unions;
  if (u && typeof u === 'object') {
    set('unionsTotal', u.total);
    set('checkedToDate', u.checked);
    set('auditedToDate', u.audited);
    set('coverage', u.coverage);
    if (Array.isArray(u.byQuarter)) {
      const here = u.byQuarter.find((b) => b.quarter === quarter);
      set('checkedInQuarter', here ? here.checked : 0);
      set('auditedInQuarter', here ? here.audited : 0);
      const planned = u.byQuarter.filter((b) => typeof b.quarter === 'string' && b.quarter <= quarter).map((b) => b.planned);
      if (planned.every((n) => typeof n === 'number')) {
        const sum = (planned as number[]).reduce((a, b) => a + b, 0);
        headline.plannedToDate = sum;
        if (typeof u.audited === 'number') headline.planProgress = sum === 0 ? null : u.audited / sum;
      }
    }
  }
  return { quarter, path: candidate.path, what: 'stats', headline };
}

/**
 * The record of `quarter` among the candidates (newest first): a quarterly run log of that
 * quarter first, else a stats.json counted at its last day; null when none holds it.
 */
export function findPreviousRecord(candidates: readonly RecordCandidate[], quarter: Quarter): PreviousRecord | null {
  const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  for (const c of candidates) {
    if (base(c.path) !== quarterRunLogName(quarter)) continue;
    const record = fromRunLog(c, quarter);
    if (record) return record;
  }
  for (const c of candidates) {
    if (base(c.path) !== 'stats.json') continue;
    const record = fromStats(c, quarter);
    if (record) return record;
  }
  return null;
}
