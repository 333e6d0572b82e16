/**
 * The quarterly report for the leadership, from `inputs/quarterly.md`: the template's prose
 * with the quarter's figures as placeholders (every number computed; `[[…]]` leaves out a part
 * whose figure is zero), the table directives both templates share (compose/tables.ts), and
 * `::: 指标表`, the headline figures against the previous quarter with a note saying how the
 * previous quarter's figures were obtained. Every table is also a sheet of the quarterly
 * workbook; a template without tables gives the workbook its default sheets.
 */
import { quarterRange, type IsoDate } from '../dates.js';
import type { Diagnostic, Place } from '../diagnostics.js';
import type { Document, Table } from '../document/ast.js';
import type { Ledger } from '../ledger/schema.js';
import * as msg from '../messages.js';
import { headlineChange, type HeadlineKey, type QuarterlyStats } from '../stats/quarterly.js';
import { composeDocument, type DirectiveHandler } from './document.js';
import type { ChartCatalog } from '../chart/index.js';
import { FIGURE_DIRECTIVE, figureDirective } from './figure.js';
import { isItemField, itemSections, PROBLEM_LIST_DIRECTIVE, readItemLayout } from './items.js';
import { collectingExpander, fail, ok, type Result } from './placeholders.js';
import type { NoticeSettings } from './settings.js';
import { parseTemplate, type Template } from './template.js';
import { percentOut, splitList, tableDirective, tableDirectives, type Fields, type Out, type TableKind, type TableSources } from './tables.js';
import { chineseDate, chineseQuarter, fullWidthPunctuation, percentText } from '../text/zh.js';
import { ledgerTextPlace } from './notice.js';

export const NO_PREVIOUS = '无上期数据';

interface Context {
  stats: QuarterlyStats;
  settings: NoticeSettings;
  /** the document date (成文日期, else today) */
  date: IsoDate;
  categories: number | null;
}

type Resolver = (args: string[], ctx: Context) => Result;

/** Each headline figure: its placeholder name, its label in 指标表, its unit and whether it is a ratio. */
interface Figure {
  key: HeadlineKey;
  label: string;
  unit: string;
  ratio?: boolean;
  ledger: 'problems' | 'unions';
}

export const FIGURES: Readonly<Record<string, Figure>> = {
  问题总数: { key: 'problemsTotal', label: '反馈问题总数', unit: '个', ledger: 'problems' },
  本季度完成整改数: { key: 'completedInQuarter', label: '本季度完成整改', unit: '个', ledger: 'problems' },
  累计完成整改数: { key: 'completedToDate', label: '累计完成整改', unit: '个', ledger: 'problems' },
  季末阶段性完成数: { key: 'stagedAtEnd', label: '阶段性完成', unit: '个', ledger: 'problems' },
  季末未完成数: { key: 'notCompletedAtEnd', label: '未完成', unit: '个', ledger: 'problems' },
  累计整改完成率: { key: 'completionRate', label: '整改完成率', unit: '个百分点', ratio: true, ledger: 'problems' },
  季末逾期数: { key: 'overdueAtEnd', label: '逾期未完成', unit: '个', ledger: 'problems' },
  基层工会总数: { key: 'unionsTotal', label: '基层工会总数', unit: '家', ledger: 'unions' },
  本季度检查工会数: { key: 'checkedInQuarter', label: '本季度财务检查', unit: '家', ledger: 'unions' },
  累计检查工会数: { key: 'checkedToDate', label: '累计财务检查', unit: '家', ledger: 'unions' },
  本季度审计工会数: { key: 'auditedInQuarter', label: '本季度完成审计', unit: '家', ledger: 'unions' },
  累计审计工会数: { key: 'auditedToDate', label: '累计完成审计', unit: '家', ledger: 'unions' },
  计划应审计工会数: { key: 'plannedToDate', label: '计划应完成审计', unit: '家', ledger: 'unions' },
  审计覆盖率: { key: 'coverage', label: '审计覆盖率', unit: '个百分点', ratio: true, ledger: 'unions' },
  审计计划完成率: { key: 'planProgress', label: '审计计划完成率', unit: '个百分点', ratio: true, ledger: 'unions' },
};

const FIGURE_NAMES = Object.keys(FIGURES);

/** The rows of 指标表 when the template does not choose. */
const DEFAULT_FIGURES = [
  '问题总数',
  '本季度完成整改数',
  '累计完成整改数',
  '季末阶段性完成数',
  '季末未完成数',
  '累计整改完成率',
  '季末逾期数',
  '基层工会总数',
  '本季度检查工会数',
  '本季度审计工会数',
  '累计审计工会数',
  '计划应审计工会数',
  '审计覆盖率',
  '审计计划完成率',
];

function figureText(value: number | null, figure: Figure, decimals: number | null): string {
  if (value === null) return '—';
  return figure.ratio ? percentText(value, decimals) : String(value);
}

/** A change in percentage points, as many places as the percentages show. */
function pointsText(change: number, decimals: number | null): string {
  return percentText(Math.abs(change), decimals).replace(/%$/u, '');
}

/** 较上季度增加8家 · 较上季度减少2个 · 较上季度增加13.33个百分点 · 与上季度持平 · 无上期数据 */
function changeText(change: number | null, figure: Figure, decimals: number | null): string {
  if (change === null) return NO_PREVIOUS;
  const size = figure.ratio ? pointsText(change, decimals) : String(Math.abs(change));
  if (Number(size) === 0) return '与上季度持平';
  return `较上季度${change > 0 ? '增加' : '减少'}${size}${figure.unit}`;
}

function hasLedger(stats: QuarterlyStats, kind: 'problems' | 'unions'): boolean {
  return (kind === 'problems' ? stats.headline.problemsTotal : stats.headline.unionsTotal) !== null;
}

function figureResolver(name: string): Resolver {
  const figure = FIGURES[name] as Figure;
  return (_args, { stats, settings }) => {
    if (!hasLedger(stats, figure.ledger)) return fail((place, raw) => msg.placeholderNeedsLedger(place, raw, figure.ledger));
    // A ratio over nothing (no audit planned yet) prints —.
    return ok(figureText(stats.headline[figure.key], figure, settings.percentDecimals));
  };
}

/** How the previous quarter's figures were obtained, in a sentence (the note under 指标表). */
export function previousNote(stats: QuarterlyStats): string {
  const source = stats.previousSource;
  const end = chineseDate(quarterRange(stats.previousQuarter).end);
  if (!source) return `台账中没有${chineseQuarter(stats.quarter)}以前的数据，上季度末记为“${NO_PREVIOUS}”。`;
  if (source.kind === 'record') {
    const what = source.what === 'runLog' ? `${chineseQuarter(stats.previousQuarter)}报告的运行记录` : `统计截止日期为${end}的统计数据`;
    const counted = source.counted.map((key) => Object.values(FIGURES).find((f) => f.key === key)?.label).filter((l): l is string => Boolean(l));
    return `上季度末（${end}）数字取自${what}（${source.path}）${counted.length ? `，其中${counted.join('、')}按现台账推算` : ''}。`;
  }
  const undated = source.undated > 0 ? `；已完成但未填完成时间的${source.undated}个问题，计为上季度末已完成` : '';
  return `上季度末（${end}）数字按现台账推算（未找到上季度报告的运行记录）${undated}。`;
}

const RESOLVERS: Record<string, Resolver> = {
  ...Object.fromEntries(FIGURE_NAMES.map((name) => [name, figureResolver(name)])),
  方面数: (_a, { stats, categories }) =>
    hasLedger(stats, 'problems') && categories !== null ? ok(categories) : fail((place, raw) => msg.placeholderNeedsLedger(place, raw, 'problems')),
  季度: (_a, { stats }) => ok(chineseQuarter(stats.quarter)),
  上季度: (_a, { stats }) => ok(chineseQuarter(stats.previousQuarter)),
  季末日期: (_a, { stats }) => ok(chineseDate(stats.end)),
  统计截止日期: (_a, { stats }) => ok(chineseDate(stats.end)),
  成文日期: (_a, { date }) => ok(chineseDate(date)),
  发文机关: (_a, { settings }) => ok(settings.issuer),
  上期数据说明: (_a, { stats }) => ok(previousNote(stats)),
  较上季度: (args, { stats, settings }) => {
    const figure = args.length === 1 ? FIGURES[args[0] as string] : undefined;
    if (!figure) return fail((place, raw) => msg.placeholderBadArgument(place, raw, FIGURE_NAMES));
    if (!hasLedger(stats, figure.ledger)) return fail((place, raw) => msg.placeholderNeedsLedger(place, raw, figure.ledger));
    const change = headlineChange(stats);
    return ok(changeText(change ? change[figure.key] : null, figure, settings.percentDecimals));
  },
};

export const QUARTERLY_PLACEHOLDERS: readonly string[] = Object.keys(RESOLVERS);

// ── 指标表 ───────────────────────────────────────────────────────────────────────────────

interface FigureRow {
  name: string;
  label: string;
  figure: Figure;
}

function figureOut(value: number | null, figure: Figure, decimals: number | null): Out {
  if (value === null) return { text: '—' };
  return figure.ratio ? percentOut(value, decimals) : { text: String(value), value: { kind: 'integer', value } };
}

function changeOut(change: number | null, figure: Figure, decimals: number | null): Out {
  if (change === null) return { text: '—' };
  const sign = change > 0 ? '+' : change < 0 ? '-' : '';
  if (!figure.ratio) return { text: `${sign}${Math.abs(change)}`, value: { kind: 'integer', value: change, signed: true } };
  const points = pointsText(change, decimals);
  const places = /\.(\d+)$/u.exec(points)?.[1]?.length ?? 0;
  if (Number(points) === 0) return { text: '0', value: { kind: 'integer', value: 0, signed: true } };
  return {
    text: `${sign}${points}个百分点`,
    value: { kind: 'decimal', value: Number(`${sign}${points}`), decimals: places, signed: true, suffix: '个百分点' },
  };
}

function figureTable(stats: QuarterlyStats, decimals: number | null): TableKind<FigureRow> {
  return {
    keys: ['指标', '指标名'],
    sheet: '汇总',
    needs: null,
    build(options, place, sources) {
      const { diagnostics } = sources;
      const change = headlineChange(stats);
      const fields: Fields<FigureRow> = {
        指标: { kind: 'text', get: (r) => ({ text: r.label }) },
        本季度末: { kind: 'number', get: (r) => figureOut(stats.headline[r.figure.key], r.figure, decimals) },
        上季度末: { kind: 'number', get: (r) => (stats.previous ? figureOut(stats.previous[r.figure.key], r.figure, decimals) : { text: NO_PREVIOUS }) },
        变化: { kind: 'number', get: (r) => (change ? changeOut(change[r.figure.key], r.figure, decimals) : { text: NO_PREVIOUS }) },
      };
      const spec = options.get('列') ? splitList(options.get('列') as string) : ['指标', '本季度末', '上季度末', '变化'];
      const labels = options.get('列名') ? splitList(options.get('列名') as string) : null;
      const columns = spec.map((name) => ({ name, field: fields[name] }));
      const at = (key: string): Place => ({ ...place, line: options.line(key) });
      for (const c of columns) if (!c.field) diagnostics.push(msg.templateUnknownColumn(at('列'), '指标表', c.name, Object.keys(fields)));
      if (labels && labels.length !== spec.length) diagnostics.push(msg.templateColumnLabels(at('列名'), labels.length, spec.length));
      const chosen = options.get('指标')
        ? splitList(options.get('指标') as string)
        : DEFAULT_FIGURES.filter((n) => hasLedger(stats, (FIGURES[n] as Figure).ledger));
      const rowLabels = options.get('指标名') ? splitList(options.get('指标名') as string) : null;
      if (rowLabels && rowLabels.length !== chosen.length) diagnostics.push(msg.templateColumnLabels(at('指标名'), rowLabels.length, chosen.length));
      const rows: FigureRow[] = [];
      chosen.forEach((name, i) => {
        const figure = FIGURES[name];
        if (!figure) diagnostics.push(msg.templateBadFigure(at('指标'), name, FIGURE_NAMES));
        else if (!hasLedger(stats, figure.ledger)) diagnostics.push(msg.placeholderNeedsLedger(at('指标'), name, figure.ledger));
        else rows.push({ name, label: rowLabels?.[i] ?? figure.label, figure });
      });
      return {
        parts: {
          columns: columns.map((c, i) => ({
            label: labels?.[i] ?? c.name,
            kind: c.field?.kind ?? 'text',
            cell: c.field?.get ?? (() => ({ text: '' })),
            inTotals: false,
          })),
          rows,
          totals: null,
          notes: [previousNote(stats)],
        },
        empty: '',
      };
    },
  };
}

export const FIGURE_TABLE_DIRECTIVE = '指标表';

const SHEET_TITLES: Readonly<Record<string, string>> = {
  指标表: '整改及经费审计情况汇总',
  方面统计表: '末各方面整改情况',
  问题表: '末巡察反馈问题整改情况',
  到期问题表: '末逾期及临近整改时限的问题',
  工会表: '末基层工会检查及审计情况',
  乡镇覆盖表: '末各乡镇审计覆盖情况',
  类型覆盖表: '末各类单位审计覆盖情况',
};

/** The workbook's sheets when the template has no table: every table of the ledgers there are, none printed. */
function defaultWorkbookTemplate(stats: QuarterlyStats): Template {
  const lines = ['::: 指标表', '工作表: 汇总', '印出: 否', ':::'];
  if (hasLedger(stats, 'problems')) {
    lines.push('::: 方面统计表', '印出: 否', ':::');
    lines.push('::: 问题表', '列: 序号、方面、具体问题、整改结果、责任领导、责任部室、责任人、整改时限、完成时间、逾期天数、预警', '印出: 否', ':::');
  }
  if (hasLedger(stats, 'unions')) {
    lines.push('::: 工会表', '印出: 否', ':::');
    for (const name of ['乡镇覆盖表', '类型覆盖表'])
      lines.push(
        `::: ${name}`,
        `列: ${name === '乡镇覆盖表' ? '乡镇' : '单位类型'}、工会数、已检查、计划应审计、已审计、计划完成率、覆盖率、进度`,
        '印出: 否',
        ':::',
      );
  }
  return parseTemplate('（默认工作簿）', lines.join('\n')).template;
}

export interface QuarterlyComposeResult {
  document: Document;
  /** the workbook's sheets: the template's tables, in order (or the default ones) */
  sheets: Table[];
  diagnostics: Diagnostic[];
}

export interface QuarterlyComposeOptions {
  ledger: Ledger;
  /** the document date: 成文日期, else today */
  date: IsoDate;
  charts?: ChartCatalog | null;
}

export function composeQuarterly(
  template: Template,
  settings: NoticeSettings,
  stats: QuarterlyStats,
  options: QuarterlyComposeOptions,
): QuarterlyComposeResult {
  const { ledger } = options;
  const diagnostics: Diagnostic[] = [];
  const ctx: Context = { stats, settings, date: options.date, categories: ledger.problems?.categories.length ?? null };
  const expand = collectingExpander(RESOLVERS, ctx, diagnostics);
  const period = chineseQuarter(stats.quarter);
  const sheets: Table[] = [];
  const sources: TableSources = {
    ledger,
    date: stats.end,
    problems: ledger.problems ? stats.problems : null,
    unions: ledger.unions?.items ?? null,
    warnings: stats.warnings,
    percentDecimals: settings.percentDecimals,
    expand,
    diagnostics,
    sheets: (t) => sheets.push(t),
    sheetTitle: (directive) => `${period}${SHEET_TITLES[directive] ?? ''}`,
    tableNumbers: { count: 0 },
  };
  const knownName = (name: string) => isItemField(name, ledger) || QUARTERLY_PLACEHOLDERS.includes(name);
  const problemList: DirectiveHandler = (args, place, opts) => {
    const layout = readItemLayout(args, opts, place, knownName, diagnostics);
    if (!layout) return [];
    if (!ledger.problems) {
      diagnostics.push(msg.placeholderNeedsLedger(place, `::: ${PROBLEM_LIST_DIRECTIVE}`, 'problems'));
      return [];
    }
    return itemSections(
      ledger,
      layout,
      (pattern, fields) => expand(pattern, place, fields),
      (text, p, field) => expand(text, ledgerTextPlace(p, field)),
    );
  };
  const directives = (src: TableSources): Record<string, DirectiveHandler> => ({
    [FIGURE_DIRECTIVE]: figureDirective(options.charts ?? null, expand, diagnostics),
    [PROBLEM_LIST_DIRECTIVE]: problemList,
    [FIGURE_TABLE_DIRECTIVE]: tableDirective(FIGURE_TABLE_DIRECTIVE, figureTable(stats, settings.percentDecimals), src),
    ...tableDirectives(src),
  });
  const document = composeDocument({
    template,
    settings,
    titleText: fullWidthPunctuation(expand(settings.title, { file: template.file, line: settings.lines.标题 ?? 1 })),
    date: options.date,
    expand,
    directives: directives(sources),
    diagnostics,
  });
  if (sheets.length === 0) {
    composeDocument({
      template: defaultWorkbookTemplate(stats),
      settings,
      titleText: '',
      date: options.date,
      expand,
      directives: directives(sources),
      diagnostics,
    });
  }
  return { document, sheets, diagnostics };
}
