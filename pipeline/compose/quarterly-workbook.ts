/**
 * The quarterly workbook for the auditors: a summary of the headline figures and their
 * change, the problems with their traffic lights, the unions and coverage by township and
 * by type. Every label is chosen here; the XLSX writer only lays it out.
 */
import type { Cell, Column, SheetModel, WorkbookModel } from '../document/workbook.js';
import type { Deadline } from '../ledger/schema.js';
import { headlineChange, type HeadlineKey, type Light, type QuarterGroup, type QuarterlyStats } from '../stats/quarterly.js';
import { chineseDeadline, chineseQuarter } from '../text/zh.js';

export const LIGHT_FILLS: Record<NonNullable<Light>, string> = {
  green: 'FF92D050',
  blue: 'FF9DC3E6',
  red: 'FFFF7C80',
  yellow: 'FFFFE699',
};

export const LIGHT_NAMES: Record<NonNullable<Light>, string> = { green: '绿（已完成）', blue: '蓝（长期坚持）', red: '红（逾期）', yellow: '黄（30日内到期）' };

export const NO_PREVIOUS = '无上期数据';

/** The headline figures in the order the summary lists them, with their labels and formats. */
export const HEADLINE_ROWS: { key: HeadlineKey; label: string; format: 'integer' | 'percent' }[] = [
  { key: 'problemsTotal', label: '反馈问题总数', format: 'integer' },
  { key: 'completedInQuarter', label: '本季度完成整改', format: 'integer' },
  { key: 'completedToDate', label: '累计完成整改', format: 'integer' },
  { key: 'completionRate', label: '累计整改完成率', format: 'percent' },
  { key: 'openAtEnd', label: '季末未完成整改', format: 'integer' },
  { key: 'overdueAtEnd', label: '季末逾期未完成', format: 'integer' },
  { key: 'unionsTotal', label: '基层工会总数', format: 'integer' },
  { key: 'checkedInQuarter', label: '本季度财务检查', format: 'integer' },
  { key: 'auditedInQuarter', label: '本季度完成审计', format: 'integer' },
  { key: 'auditedToDate', label: '累计完成审计', format: 'integer' },
  { key: 'plannedToDate', label: '截至季末计划应审计', format: 'integer' },
  { key: 'coverage', label: '审计覆盖率', format: 'percent' },
  { key: 'planProgress', label: '审计计划完成率', format: 'percent' },
];

const text = (value: string | null): Cell => ({ value: value === null || value === '' ? null : value, format: 'text' });
const num = (value: number | null, format: Cell['format'] = 'integer'): Cell => ({ value, format });
const date = (value: string | null): Cell => ({ value, format: 'date' });

function deadlineText(deadline: Deadline | null): string | null {
  if (!deadline) return null;
  return deadline.kind === 'longTerm' ? '长期坚持' : deadline.written || chineseDeadline(deadline.date);
}

function summarySheet(stats: QuarterlyStats, title: string): SheetModel {
  const change = headlineChange(stats);
  const columns: Column[] = [
    { header: '指标', width: 26, format: 'text' },
    { header: '本季度末', width: 14, format: 'integer' },
    { header: '上季度末', width: 14, format: 'integer' },
    { header: '变化', width: 14, format: 'integer' },
  ];
  const rows = HEADLINE_ROWS.filter((r) => stats.headline[r.key] !== null).map(({ key, label, format }): Cell[] => [
    text(label),
    num(stats.headline[key], format),
    stats.previous ? num(stats.previous[key], format) : text(NO_PREVIOUS),
    change ? num(change[key], format === 'percent' ? 'signedPercent' : 'signedInteger') : text(NO_PREVIOUS),
  ]);
  return { name: '汇总', title, columns, rows };
}

function problemSheet(stats: QuarterlyStats, title: string): SheetModel {
  const columns: Column[] = [
    { header: '序号', width: 7, format: 'integer' },
    { header: '反馈问题', width: 30, format: 'text', wrap: true },
    { header: '具体问题', width: 46, format: 'text', wrap: true },
    { header: '整改结果', width: 12, format: 'text' },
    { header: '整改时限', width: 14, format: 'text' },
    { header: '完成时间', width: 16, format: 'date' },
    { header: '逾期天数', width: 10, format: 'integer' },
    { header: '状态灯', width: 16, format: 'text' },
  ];
  const rows = stats.problems.map((p): Cell[] => [
    typeof p.number === 'number' ? num(p.number) : text(p.number),
    text(p.category),
    text(p.text),
    text(p.status),
    text(deadlineText(p.deadline)),
    date(p.completedAtEnd ? p.completedOn : null),
    num(p.daysOverdue),
    p.light ? { value: LIGHT_NAMES[p.light], format: 'text', fill: LIGHT_FILLS[p.light] } : text(null),
  ]);
  return { name: '问题清单', title, columns, rows };
}

function unionSheet(stats: QuarterlyStats, title: string): SheetModel {
  const columns: Column[] = [
    { header: '工会名称', width: 32, format: 'text' },
    { header: '所属乡镇', width: 14, format: 'text' },
    { header: '单位类型', width: 10, format: 'text' },
    { header: '财务检查日期', width: 16, format: 'date' },
    { header: '计划审计时间', width: 16, format: 'date' },
    { header: '审计完成日期', width: 16, format: 'date' },
    { header: '季末状态', width: 12, format: 'text' },
  ];
  const end = stats.end;
  const rows = stats.unions.map((u): Cell[] => [
    text(u.name),
    text(u.township),
    text(u.type),
    date(u.checkedOn !== null && u.checkedOn <= end ? u.checkedOn : null),
    date(u.plannedAudit),
    date(u.auditedOn !== null && u.auditedOn <= end ? u.auditedOn : null),
    text(u.state),
  ]);
  return { name: '基层工会', title, columns, rows };
}

function groupSheet(name: string, label: string, groups: readonly QuarterGroup[], title: string): SheetModel {
  const columns: Column[] = [
    { header: label, width: 18, format: 'text' },
    { header: '工会数', width: 10, format: 'integer' },
    { header: '已检查', width: 10, format: 'integer' },
    { header: '截至季末计划应审计', width: 20, format: 'integer' },
    { header: '已审计', width: 10, format: 'integer' },
    { header: '审计覆盖率', width: 12, format: 'percent' },
  ];
  const rows = groups.map((g): Cell[] => [text(g.name), num(g.total), num(g.checked), num(g.plannedToDate), num(g.audited), num(g.coverage, 'percent')]);
  return { name, title, columns, rows };
}

export function quarterlyWorkbook(stats: QuarterlyStats, issuer: string): WorkbookModel {
  const period = chineseQuarter(stats.quarter);
  const sheets = [summarySheet(stats, `${period}整改及经费审计情况汇总`)];
  if (stats.headline.problemsTotal !== null) sheets.push(problemSheet(stats, `${period}末巡察反馈问题整改情况`));
  if (stats.headline.unionsTotal !== null) {
    sheets.push(unionSheet(stats, `${period}末基层工会检查及审计情况`));
    sheets.push(groupSheet('乡镇覆盖', '所属乡镇', stats.byTownship, `${period}末各乡镇审计覆盖情况`));
    sheets.push(groupSheet('类型覆盖', '单位类型', stats.byType, `${period}末各类单位审计覆盖情况`));
  }
  return { creator: issuer, date: stats.end, sheets };
}
