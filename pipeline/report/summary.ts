/**
 * The figures a command prints on stdout when it is done (`check`, `build`, `quarterly`): a
 * short account of the run, in Chinese, for the console.
 */
import type { Stats } from '../stats/index.js';
import type { QuarterlyStats } from '../stats/quarterly.js';

export function figuresSummary(stats: Stats): string[] {
  const lines = [`统计截止日期：${stats.asOf}`];
  const p = stats.problems;
  lines.push(
    p
      ? `整改台账：${p.categories}个方面${p.total}个问题，已完成${p.completed}个，阶段性完成${p.staged}个，未完成${p.notCompleted}个${p.overdue.length ? `，逾期${p.overdue.length}个` : ''}`
      : '整改台账：无',
  );
  const i = stats.immediate;
  lines.push(i ? `立行立改：${i.total}个，已完成${i.completed}个` : '立行立改：无');
  const u = stats.unions;
  // A unit without grassroots unions (no union ledger, or one with no rows) gets no union line.
  if (u && u.total > 0) lines.push(`基层工会：${u.total}家，已检查${u.checked}家，计划审计${u.plannedAudits}家，已审计${u.audited}家`);
  return lines;
}

export function quarterlySummary(stats: QuarterlyStats): string[] {
  const h = stats.headline;
  const lines = [`季度：${stats.quarter}（统计至 ${stats.end}）`];
  if (h.problemsTotal !== null)
    lines.push(
      `整改：本季度完成${h.completedInQuarter}个；季末共${h.problemsTotal}个，已完成${h.completedToDate}个，阶段性完成${h.stagedAtEnd}个，未完成${h.notCompletedAtEnd}个，逾期${h.overdueAtEnd}个`,
    );
  if (h.unionsTotal !== null)
    lines.push(`基层工会：本季度检查${h.checkedInQuarter}家、审计${h.auditedInQuarter}家，累计审计${h.auditedToDate}家（共${h.unionsTotal}家）`);
  if (!stats.previous) lines.push('上期：无上期数据');
  return lines;
}
