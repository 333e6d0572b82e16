/**
 * The quarterly report for the leadership, from `inputs/quarterly.md`: the template's prose
 * with the quarter's figures as placeholders (every number computed), and directives for the
 * tables of problems due or overdue and of coverage by township.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Block, Document, TableCell } from '../document/ast.js';
import { cell, paragraph, table } from '../document/build.js';
import * as msg from '../messages.js';
import { headlineChange, type HeadlineKey, type QuarterlyStats } from '../stats/quarterly.js';
import { composeDocument, type DirectiveHandler } from './document.js';
import type { ChartCatalog } from '../chart/index.js';
import { FIGURE_DIRECTIVE, figureDirective } from './figure.js';
import { collectingExpander, fail, ok, type Result } from './placeholders.js';
import { LIGHT_NAMES, NO_PREVIOUS } from './quarterly-workbook.js';
import type { NoticeSettings } from './settings.js';
import type { Template } from './template.js';
import { chineseDate, chineseDeadline, chineseQuarter } from '../text/zh.js';
import { compareSerials } from '../ledger/cells.js';

type Resolver = (args: string[], stats: QuarterlyStats) => Result;

/** 88.6% */
export function percent(value: number): string {
  return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** Each headline figure's placeholder name, unit and whether it is a ratio. */
const FIGURES: Record<string, { key: HeadlineKey; unit: string; ratio?: boolean; ledger: 'problems' | 'unions' }> = {
  问题总数: { key: 'problemsTotal', unit: '个', ledger: 'problems' },
  本季度完成整改数: { key: 'completedInQuarter', unit: '个', ledger: 'problems' },
  累计完成整改数: { key: 'completedToDate', unit: '个', ledger: 'problems' },
  累计整改完成率: { key: 'completionRate', unit: '个百分点', ratio: true, ledger: 'problems' },
  季末未完成数: { key: 'openAtEnd', unit: '个', ledger: 'problems' },
  季末逾期数: { key: 'overdueAtEnd', unit: '个', ledger: 'problems' },
  基层工会总数: { key: 'unionsTotal', unit: '家', ledger: 'unions' },
  本季度检查工会数: { key: 'checkedInQuarter', unit: '家', ledger: 'unions' },
  本季度审计工会数: { key: 'auditedInQuarter', unit: '家', ledger: 'unions' },
  累计审计工会数: { key: 'auditedToDate', unit: '家', ledger: 'unions' },
  计划应审计工会数: { key: 'plannedToDate', unit: '家', ledger: 'unions' },
  审计覆盖率: { key: 'coverage', unit: '个百分点', ratio: true, ledger: 'unions' },
  审计计划完成率: { key: 'planProgress', unit: '个百分点', ratio: true, ledger: 'unions' },
};

function figureText(value: number | null, ratio: boolean | undefined): string {
  if (value === null) return '—';
  return ratio ? percent(value) : String(value);
}

/** 较上季度增加8家 · 较上季度减少2个 · 与上季度持平 · 无上期数据 */
function changeText(change: number | null, unit: string, ratio: boolean | undefined): string {
  if (change === null) return NO_PREVIOUS;
  const size = ratio ? Math.round(Math.abs(change) * 1000) / 10 : Math.abs(change);
  if (size === 0) return '与上季度持平';
  return `较上季度${change > 0 ? '增加' : '减少'}${ratio ? size.toFixed(1) : size}${unit}`;
}

function hasLedger(stats: QuarterlyStats, kind: 'problems' | 'unions'): boolean {
  return (kind === 'problems' ? stats.headline.problemsTotal : stats.headline.unionsTotal) !== null;
}

function figureResolver(name: string): Resolver {
  const figure = FIGURES[name] as (typeof FIGURES)[string];
  return (_args, stats) => {
    if (!hasLedger(stats, figure.ledger)) return fail((place, raw) => msg.placeholderNeedsLedger(place, raw, figure.ledger));
    // A ratio over nothing (no audit planned yet) prints —.
    return ok(figureText(stats.headline[figure.key], figure.ratio));
  };
}

const RESOLVERS: Record<string, Resolver> = {
  ...Object.fromEntries(Object.keys(FIGURES).map((name) => [name, figureResolver(name)])),
  季度: (_a, stats) => ok(chineseQuarter(stats.quarter)),
  季末日期: (_a, stats) => ok(chineseDate(stats.end)),
  较上季度: (args, stats) => {
    const figure = args.length === 1 ? FIGURES[args[0] as string] : undefined;
    if (!figure) return fail((place, raw) => msg.placeholderBadArgument(place, raw, Object.keys(FIGURES)));
    if (!hasLedger(stats, figure.ledger)) return fail((place, raw) => msg.placeholderNeedsLedger(place, raw, figure.ledger));
    const change = headlineChange(stats);
    return ok(changeText(change ? change[figure.key] : null, figure.unit, figure.ratio));
  },
};

export const QUARTERLY_PLACEHOLDERS: readonly string[] = Object.keys(RESOLVERS);

/** Problems red or yellow at the quarter's end (overdue, or due within 30 days), most overdue first. */
function dueTable(stats: QuarterlyStats): Block[] {
  const due = stats.problems
    .filter((p) => p.light === 'red' || p.light === 'yellow')
    .sort((a, b) => (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) || compareSerials(a.number, b.number));
  if (due.length === 0) return [paragraph(`截至${chineseDate(stats.end)}，没有逾期或30日内到期的未完成问题。`)];
  const rows: TableCell[][] = due.map((p) => [
    cell(String(p.number), 'center'),
    cell(p.text),
    cell(p.deadline?.kind === 'date' ? chineseDeadline(p.deadline.date) : '', 'center'),
    cell(p.daysOverdue === null ? '' : String(p.daysOverdue), 'right'),
    cell(LIGHT_NAMES[p.light as 'red' | 'yellow'], 'center'),
  ]);
  return [
    table(
      [
        { widthChars: 3, align: 'center' },
        { widthChars: 12, align: 'left' },
        { widthChars: 5, align: 'center' },
        { widthChars: 3, align: 'right' },
        { widthChars: 5, align: 'center' },
      ],
      ['序号', '具体问题', '整改时限', '逾期天数', '状态'],
      rows,
    ),
  ];
}

function coverageTable(stats: QuarterlyStats): Block[] {
  const rows: TableCell[][] = stats.byTownship.map((g) => [
    cell(g.name),
    cell(String(g.total), 'right'),
    cell(String(g.checked), 'right'),
    cell(String(g.plannedToDate), 'right'),
    cell(String(g.audited), 'right'),
    cell(g.coverage === null ? '—' : percent(g.coverage), 'right'),
  ]);
  return [
    table(
      [
        { widthChars: 7, align: 'left' },
        { widthChars: 4, align: 'right' },
        { widthChars: 4, align: 'right' },
        { widthChars: 5, align: 'right' },
        { widthChars: 4, align: 'right' },
        { widthChars: 4, align: 'right' },
      ],
      ['乡镇', '工会数', '已检查', '应审计', '已审计', '覆盖率'],
      rows,
    ),
  ];
}

export interface QuarterlyComposeResult {
  document: Document;
  diagnostics: Diagnostic[];
}

export function composeQuarterly(
  template: Template,
  settings: NoticeSettings,
  stats: QuarterlyStats,
  charts: ChartCatalog | null = null,
): QuarterlyComposeResult {
  const diagnostics: Diagnostic[] = [];
  const expand = collectingExpander(RESOLVERS, stats, diagnostics);
  const needs =
    (kind: 'problems' | 'unions', build: () => Block[], name: string): DirectiveHandler =>
    (_args, place) => {
      if (hasLedger(stats, kind)) return build();
      diagnostics.push(msg.placeholderNeedsLedger(place, `::: ${name}`, kind));
      return [];
    };
  const document = composeDocument({
    template,
    settings,
    titleText: expand(settings.title, { file: template.file, line: settings.lines.标题 ?? 1 }),
    date: stats.end,
    expand,
    directives: {
      [FIGURE_DIRECTIVE]: figureDirective(charts, expand, diagnostics),
      到期问题表: needs('problems', () => dueTable(stats), '到期问题表'),
      乡镇覆盖表: needs('unions', () => coverageTable(stats), '乡镇覆盖表'),
    },
    diagnostics,
  });
  return { document, diagnostics };
}
