/**
 * Table directives, the same in the notice's and the quarterly report's templates. Each is a
 * document-tree table (document/ast.ts) that the DOCX, the PDF and the quarterly workbook
 * render alike. Like `::: 问题清单`, a directive stands alone or takes `键: 值` lines closed by `:::`:
 *
 *   ::: 方面统计表                  one row per 方面 (分组: 方面、问题子类 — per 问题子类), a totals row
 *   ::: 问题表                      one row per problem (范围, 预警 filter; 排序)
 *   ::: 到期问题表                  the problems overdue, due soon or behind schedule, most overdue first
 *   ::: 乡镇覆盖表 / ::: 类型覆盖表  audit coverage by township / unit type, a totals row, a mark where behind plan
 *   ::: 工会表                      one row per grassroots union
 *
 *   列: 序号、具体问题、责任人、预警     the columns: field names, a ledger column's header, or a
 *                                   format with {{字段}} (`{{责任部室}}{{责任人}}`)
 *   列名: 序号、问题、责任人、颜色      the headers, one per column (default: the field names)
 *   标题: 表{{表号}} …               a caption above the table (and the workbook sheet's title);
 *                                   {{表号}} numbers the printed tables 1, 2, 3…
 *   合计: 合计                        the totals row's label; 无: no totals row
 *   说明: …                          a note under the table (placeholders allowed)
 *   图例: 否                          leave out the warning colours' legend
 *   为空时: …                         what prints instead of a table with no rows
 *   工作表: 名称 / 无 · 印出: 否        the quarterly workbook's sheet / only in the workbook
 *
 * Every option, column and field is checked; an unknown one is an error at its template line.
 * Texts, numbers and percentages are formatted here (the rates with 百分比小数位); the cells
 * keep their values for the workbook.
 */
import type { IsoDate } from '../dates.js';
import type { Diagnostic, Place } from '../diagnostics.js';
import type { Align, CellValue, Table, TableCell } from '../document/ast.js';
import { paragraph } from '../document/build.js';
import { GB_T_9704 } from '../document/layout.js';
import { compareSerials } from '../ledger/cells.js';
import { normalizeWord } from '../ledger/headers.js';
import { STATUS_CLASS_NAMES, type Ledger, type Problem, type StatusClass, type Union } from '../ledger/schema.js';
import * as msg from '../messages.js';
import { groupOf, unionGroupsAt, unionStateAt, type ProblemState, type QuarterGroup } from '../stats/quarterly.js';
import { isDueRule, type WarningRule, type WarningScheme } from '../stats/warnings.js';
import { chineseDate, chineseDeadline, chineseNumeral, fullWidthPunctuation, percentText } from '../text/zh.js';
import { CLASS_ARGUMENTS, problemFields } from './items.js';
import { ok, type LocalFields } from './placeholders.js';
import { columnWidths } from './table-widths.js';
import type { DirectiveHandler } from './document.js';
import type { DirectiveOption } from './template.js';

// ── what the caller gives ─────────────────────────────────────────────────────────────────

export type Expand = (text: string, place: Place, fields?: LocalFields) => string;

export interface TableSources {
  ledger: Ledger;
  /** the day the tables count at (the notice's as-of date, the quarter's last day) */
  date: IsoDate;
  /** every problem's state at that day; null without a rectification ledger */
  problems: readonly ProblemState[] | null;
  unions: readonly Union[] | null;
  warnings: WarningScheme;
  percentDecimals: number | null;
  expand: Expand;
  diagnostics: Diagnostic[];
  /** the quarterly report: each table is also a workbook sheet, given here in order; null: the notice */
  sheets: ((table: Table) => void) | null;
  /** a sheet's title when the table has no caption */
  sheetTitle: (directive: string) => string;
  /** the tables printed so far, for {{表号}} in captions */
  tableNumbers: { count: number };
}

// ── columns ──────────────────────────────────────────────────────────────────────────────

/** How a field's cells behave: text wraps, numbers stand right, codes (序号, dates, colours) centred. */
type Kind = 'text' | 'number' | 'code';

export interface Out {
  text: string;
  value?: CellValue;
  shade?: string;
}

export interface FieldDef<R> {
  kind: Kind;
  get(row: R): Out;
  /** shown in a totals row too (a mark); other text and code fields are blank there */
  inTotals?: boolean;
}

export type Fields<R> = Readonly<Record<string, FieldDef<R>>>;

interface ColumnDef<R> {
  label: string;
  kind: Kind;
  cell(row: R): Out;
  inTotals: boolean;
}

const ALIGN: Record<Kind, Align> = { text: 'left', number: 'right', code: 'center' };

/** `a、b、{{c}}、{{d}}/{{e}}`: split at 、 (and ，) outside {{…}}. */
export function splitList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const two = value.slice(i, i + 2);
    if (two === '{{' || two === '}}') {
      depth += two === '{{' ? 1 : -1;
      current += two;
      i++;
      continue;
    }
    const ch = value[i] as string;
    if (depth === 0 && (ch === '、' || ch === '，' || ch === ',')) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts.filter((p) => p !== '');
}

const text = (value: string): Out => ({ text: value });
const integer = (value: number | null): Out => (value === null ? { text: '' } : { text: String(value), value: { kind: 'integer', value } });

/** A ratio as a percentage (76%, 98.71%, or with 百分比小数位 places); — when there is none. */
export function percentOut(ratio: number | null, decimals: number | null): Out {
  if (ratio === null) return { text: '—' };
  const shown = percentText(ratio, decimals);
  const places = /\.(\d+)%$/u.exec(shown)?.[1]?.length ?? 0;
  return { text: shown, value: { kind: 'percent', value: ratio, decimals: places } };
}

const dateOut = (date: IsoDate | null): Out => (date === null ? { text: '' } : { text: chineseDate(date), value: { kind: 'date', value: date } });

function readColumns<R>(
  directive: string,
  spec: string[],
  labels: string[] | null,
  fields: Fields<R>,
  place: Place,
  lines: { columns: number; labels: number },
  sources: TableSources,
  extra: { ledgerColumn?: (name: string) => ((row: R) => Out) | null; rowFields?: (row: R) => LocalFields } = {},
): ColumnDef<R>[] | null {
  const before = sources.diagnostics.length;
  const at = { ...place, line: lines.columns };
  const columns: ColumnDef<R>[] = [];
  for (const name of spec) {
    const field = fields[name];
    if (field) {
      columns.push({ label: name, kind: field.kind, cell: field.get, inTotals: field.inTotals ?? false });
      continue;
    }
    if (name.includes('{{') && extra.rowFields) {
      const rowFields = extra.rowFields;
      columns.push({
        label: name.replace(/\{\{\s*([^{}\s]+)\s*\}\}/gu, '$1'),
        kind: 'text',
        cell: (row) => text(sources.expand(name, at, rowFields(row))),
        inTotals: false,
      });
      continue;
    }
    const column = extra.ledgerColumn?.(name) ?? null;
    if (column) {
      columns.push({ label: name, kind: 'text', cell: column, inTotals: false });
      continue;
    }
    sources.diagnostics.push(msg.templateUnknownColumn(at, directive, name, Object.keys(fields)));
  }
  if (labels) {
    if (labels.length !== spec.length) sources.diagnostics.push(msg.templateColumnLabels({ ...place, line: lines.labels }, labels.length, spec.length));
    else
      labels.forEach((label, i) => {
        const column = columns[i];
        if (column) column.label = label;
      });
  }
  return sources.diagnostics.length > before ? null : columns;
}

// ── the options every table takes ────────────────────────────────────────────────────────

const COMMON_KEYS = ['列', '列名', '标题', '说明', '工作表', '印出'] as const;

interface Options {
  values: Map<string, DirectiveOption>;
  get(key: string): string | null;
  line(key: string): number;
}

function readOptions(directive: string, options: readonly DirectiveOption[], keys: readonly string[], place: Place, diagnostics: Diagnostic[]): Options | null {
  const values = new Map<string, DirectiveOption>();
  const all = [...COMMON_KEYS, ...keys];
  let bad = false;
  for (const option of options) {
    if (!all.includes(option.key)) {
      diagnostics.push(msg.templateUnknownDirectiveOption({ ...place, line: option.line }, directive, option.key, all));
      bad = true;
    } else values.set(option.key, option);
  }
  if (bad) return null;
  return { values, get: (key) => values.get(key)?.value ?? null, line: (key) => values.get(key)?.line ?? place.line ?? 1 };
}

const YES = ['是', '印出', 'yes', 'true'];
const NO = ['否', '不印', '无', 'no', 'false'];

function yesNo(options: Options, key: string, fallback: boolean, place: Place, diagnostics: Diagnostic[]): boolean {
  const value = options.get(key);
  if (value === null || value === '') return fallback;
  if (YES.includes(value.toLowerCase())) return true;
  if (NO.includes(value.toLowerCase())) return false;
  diagnostics.push(msg.templateBadDirectiveValue({ ...place, line: options.line(key) }, key, value, ['是', '否']));
  return fallback;
}

/** An Excel sheet name: at most 31 characters, none of []:*?/\. */
function sheetName(name: string): string {
  return [...name.replace(/[[\]:*?/\\]/gu, '')].slice(0, 31).join('') || '表';
}

// ── the legend ───────────────────────────────────────────────────────────────────────────

/** What each rule means, as the legend says it. */
export function ruleWords(rule: WarningRule): string {
  switch (rule.kind) {
    case 'completed':
      return '已完成整改';
    case 'overdue':
      return '已超过整改时限';
    case 'dueWithin':
      return `${rule.days}日内到期`;
    case 'behindSchedule':
      return '整改时间过半仍未完成';
    case 'longTerm':
      return '长期坚持';
    case 'otherOpen':
      return '其他未完成';
  }
}

/** 注：绿色表示已完成整改，蓝色表示长期坚持，红色表示已超过整改时限，黄色表示30日内到期或其他未完成。 */
export function legendText(scheme: WarningScheme): string {
  const parts = scheme.colours.filter((c) => c.rules.length > 0).map((c) => `${c.word}表示${c.rules.map(ruleWords).join('或')}`);
  return parts.length === 0 ? '' : `注：${parts.join('，')}。`;
}

// ── building a table ─────────────────────────────────────────────────────────────────────

export interface TableParts<R> {
  directive: string;
  columns: ColumnDef<R>[];
  rows: readonly R[];
  totals: { label: string; row: R } | null;
  caption: string | null;
  notes: string[];
}

/** The table node: cells by column, widths fitted to the line, the totals row bold. */
export function tableNode<R>(parts: TableParts<R>): Table {
  const cellOf = (out: Out, kind: Kind, bold = false): TableCell => {
    const cell: TableCell = { text: out.text };
    if (kind === 'code') cell.align = 'center';
    if (out.value) cell.value = out.value;
    if (out.shade) cell.shade = out.shade;
    if (bold) cell.bold = true;
    return cell;
  };
  const rows = parts.rows.map((row) => parts.columns.map((c) => cellOf(c.cell(row), c.kind)));
  let totals: TableCell[][] | undefined;
  if (parts.totals) {
    const { label, row } = parts.totals;
    const labelAt = parts.columns.findIndex((c) => c.kind !== 'number');
    totals = [
      parts.columns.map((c, i) =>
        i === labelAt
          ? cellOf(text(label), c.kind, true)
          : c.kind === 'number' || c.inTotals
            ? cellOf(c.cell(row), c.kind, true)
            : cellOf(text(''), c.kind, true),
      ),
    ];
  }
  const all = [...rows, ...(totals ?? [])];
  const widths = columnWidths(
    parts.columns.map((c, i) => ({ header: c.label, cells: all.map((r) => r[i]?.text ?? ''), wraps: c.kind === 'text' })),
    GB_T_9704,
  );
  const table: Table = {
    type: 'table',
    columns: parts.columns.map((c, i) =>
      c.kind === 'text' ? { widthChars: widths[i] as number, align: ALIGN[c.kind], wraps: true } : { widthChars: widths[i] as number, align: ALIGN[c.kind] },
    ),
    header: [parts.columns.map((c) => ({ text: c.label, align: 'center' }))],
    rows,
  };
  if (totals) table.totals = totals;
  if (parts.caption) table.caption = parts.caption;
  if (parts.notes.length > 0) table.notes = parts.notes;
  return table;
}

/** A table directive's handler over the shared options: the kind's own part gives the columns and rows. */
interface Built<R> {
  parts: Omit<TableParts<R>, 'caption' | 'notes' | 'directive'> & { notes?: string[] };
  /** what prints when there are no rows ('' : nothing) */
  empty: string;
}

export interface TableKind<R> {
  /** the kind's own option keys */
  keys: readonly string[];
  /** the workbook sheet's default name */
  sheet: string;
  /** the ledger it needs */
  needs: 'problems' | 'unions' | null;
  build(options: Options, place: Place, sources: TableSources): Built<R> | null;
}

export function tableDirective<R>(directive: string, kind: TableKind<R>, sources: TableSources): DirectiveHandler {
  return (args, place, rawOptions) => {
    const { diagnostics } = sources;
    if (args.length > 0) {
      diagnostics.push(msg.templateBadDirectiveArgument(place, directive, args, ['（不带参数，设置写在下面的“键: 值”行中）']));
      return [];
    }
    const options = readOptions(directive, rawOptions, kind.keys, place, diagnostics);
    if (!options) return [];
    if (kind.needs === 'problems' && !sources.problems) {
      diagnostics.push(msg.placeholderNeedsLedger(place, `::: ${directive}`, 'problems'));
      return [];
    }
    if (kind.needs === 'unions' && !sources.unions) {
      diagnostics.push(msg.placeholderNeedsLedger(place, `::: ${directive}`, 'unions'));
      return [];
    }
    const before = diagnostics.length;
    const built = kind.build(options, place, sources);
    const printed = yesNo(options, '印出', true, place, diagnostics);
    if (!built || diagnostics.length > before) return [];
    const at = (key: string): Place => ({ ...place, line: options.line(key) });
    // {{表号}}: the printed tables' running number (a table that prints nothing takes none)
    const prints = printed && built.parts.rows.length > 0;
    const number = sources.tableNumbers.count + 1;
    if (prints) sources.tableNumbers.count = number;
    const caption = options.get('标题') ? sources.expand(options.get('标题') as string, at('标题'), (name) => (name === '表号' ? ok(number) : null)) : null;
    const notes = [...(built.parts.notes ?? [])];
    if (options.get('说明')) notes.push(sources.expand(options.get('说明') as string, at('说明')));
    const table = tableNode({ ...built.parts, directive, caption, notes });
    const sheet = options.get('工作表');
    if (sources.sheets && !(sheet !== null && NO.includes(sheet))) {
      sources.sheets({ ...table, sheet: { name: sheetName(sheet || kind.sheet), title: caption ?? sources.sheetTitle(directive) } });
    }
    if (!printed) return [];
    if (built.parts.rows.length === 0) return built.empty === '' ? [] : [paragraph(built.empty)];
    return [table];
  };
}

function columnsOption<R>(
  directive: string,
  options: Options,
  defaults: readonly string[],
  fields: Fields<R>,
  place: Place,
  sources: TableSources,
  extra: Parameters<typeof readColumns<R>>[7] = {},
): ColumnDef<R>[] | null {
  const spec = options.get('列') ? splitList(options.get('列') as string) : [...defaults];
  const labels = options.get('列名') ? splitList(options.get('列名') as string) : null;
  return readColumns(directive, spec, labels, fields, place, { columns: options.line('列'), labels: options.line('列名') }, sources, extra);
}

function totalsLabel(options: Options): string | null {
  const value = options.get('合计');
  if (value === null) return '合计';
  return NO.includes(value) || value === '' ? null : value;
}

/** The legend when a column shows colours and 图例 is not 否. */
function legendNotes(options: Options, showsColours: boolean, scheme: WarningScheme, place: Place, diagnostics: Diagnostic[]): string[] {
  if (!showsColours || !yesNo(options, '图例', true, place, diagnostics)) return [];
  const legend = legendText(scheme);
  return legend ? [legend] : [];
}

// ── 方面统计表 ────────────────────────────────────────────────────────────────────────────

interface CategoryRow {
  ordinal: number;
  category: string;
  shortName: string;
  subcategory: string;
  states: readonly ProblemState[];
}

function countOf(states: readonly ProblemState[], cls: StatusClass): number {
  return states.filter((s) => s.cls === cls).length;
}

function categoryFields(sources: TableSources): Fields<CategoryRow> {
  const fields: Record<string, FieldDef<CategoryRow>> = {
    序号: { kind: 'code', get: (r) => integer(r.ordinal) },
    方面序号: { kind: 'code', get: (r) => text(chineseNumeral(r.ordinal)) },
    方面: { kind: 'text', get: (r) => text(fullWidthPunctuation(r.category)) },
    简称: { kind: 'text', get: (r) => text(r.shortName) },
    问题子类: { kind: 'text', get: (r) => text(fullWidthPunctuation(r.subcategory)) },
    问题数: { kind: 'number', get: (r) => integer(r.states.length) },
    已完成: { kind: 'number', get: (r) => integer(countOf(r.states, 'completed')) },
    阶段性完成: { kind: 'number', get: (r) => integer(countOf(r.states, 'staged')) },
    未完成: { kind: 'number', get: (r) => integer(countOf(r.states, 'notCompleted')) },
    完成率: {
      kind: 'number',
      get: (r) => percentOut(r.states.length === 0 ? null : countOf(r.states, 'completed') / r.states.length, sources.percentDecimals),
    },
    逾期数: { kind: 'number', get: (r) => integer(r.states.filter((s) => s.daysOverdue !== null).length) },
  };
  sources.warnings.colours.forEach((colour, i) => {
    fields[colour.word] = { kind: 'number', get: (r) => integer(r.states.filter((s) => s.warning?.colour === i).length) };
  });
  return fields;
}

const CATEGORY_GROUPINGS: Readonly<Record<string, boolean>> = { 方面: false, '方面、问题子类': true, 问题子类: true };

export const CATEGORY_TABLE: TableKind<CategoryRow> = {
  keys: ['合计', '分组', '图例'],
  sheet: '按方面',
  needs: 'problems',
  build(options, place, sources) {
    const { ledger, diagnostics } = sources;
    const states = sources.problems ?? [];
    const grouping = options.get('分组');
    const bySub = grouping === null ? false : CATEGORY_GROUPINGS[grouping.replace(/[,，\s]+/gu, '、')];
    if (bySub === undefined) {
      diagnostics.push(msg.templateBadDirectiveValue({ ...place, line: options.line('分组') }, '分组', grouping ?? '', Object.keys(CATEGORY_GROUPINGS)));
      return null;
    }
    const fields = categoryFields(sources);
    const columns = columnsOption('方面统计表', options, ['方面', '问题数', '已完成', '阶段性完成', '未完成', '完成率'], fields, place, sources);
    if (!columns) return null;
    const rows: CategoryRow[] = [];
    (ledger.problems?.categories ?? []).forEach((c, i) => {
      const mine = states.filter((s) => s.problem.category === c.name);
      const base = { ordinal: i + 1, category: c.name, shortName: c.shortName ?? '' };
      if (!bySub) rows.push({ ...base, subcategory: '', states: mine });
      else
        for (const sub of new Set(mine.map((s) => s.problem.subcategory ?? '')))
          rows.push({ ...base, subcategory: sub, states: mine.filter((s) => (s.problem.subcategory ?? '') === sub) });
    });
    const label = totalsLabel(options);
    const showsColours = columns.some((c) => sources.warnings.colours.some((w) => w.word === c.label));
    return {
      parts: {
        columns,
        rows,
        totals: label === null ? null : { label, row: { ordinal: 0, category: label, shortName: '', subcategory: '', states } },
        notes: legendNotes(options, showsColours, sources.warnings, place, diagnostics),
      },
      empty: '',
    };
  },
};

// ── 问题表 and 到期问题表 ─────────────────────────────────────────────────────────────────

function deadlineText(p: Problem): string {
  if (!p.deadline) return '';
  return p.deadline.kind === 'longTerm' ? p.deadline.written || '长期坚持' : p.deadline.written || chineseDeadline(p.deadline.date);
}

/** The status as the ledger writes it, unless the problem was in another class at the day (completed later: 未完成). */
function statusText(s: ProblemState): string {
  return s.cls === s.problem.status.class ? s.problem.status.written : STATUS_CLASS_NAMES[s.cls];
}

function problemTableFields(sources: TableSources): Fields<ProblemState> {
  const { warnings } = sources;
  return {
    序号: { kind: 'code', get: (s) => (typeof s.problem.number === 'number' ? integer(s.problem.number) : text(s.problem.number)) },
    方面: { kind: 'text', get: (s) => text(fullWidthPunctuation(s.problem.category)) },
    简称: { kind: 'text', get: (s) => text(s.problem.shortName ?? '') },
    问题子类: { kind: 'text', get: (s) => text(s.problem.subcategory ? fullWidthPunctuation(s.problem.subcategory) : '') },
    具体问题: { kind: 'text', get: (s) => text(s.problem.text) },
    整改结果: { kind: 'code', get: (s) => text(statusText(s)) },
    整改状态: { kind: 'code', get: (s) => text(STATUS_CLASS_NAMES[s.cls]) },
    整改情况: { kind: 'text', get: (s) => text(s.problem.measures.join('')) },
    责任领导: { kind: 'text', get: (s) => text(s.problem.leader ?? '') },
    责任部室: { kind: 'text', get: (s) => text(s.problem.department ?? '') },
    责任人: { kind: 'text', get: (s) => text(s.problem.person ?? '') },
    整改时限: { kind: 'code', get: (s) => text(deadlineText(s.problem)) },
    完成时间: { kind: 'code', get: (s) => dateOut(s.cls === 'completed' ? s.problem.completedOn : null) },
    逾期天数: { kind: 'number', get: (s) => integer(s.daysOverdue) },
    剩余天数: { kind: 'number', get: (s) => integer(s.daysLeft) },
    预警: {
      kind: 'code',
      get: (s) => {
        const colour = s.warning ? warnings.colours[s.warning.colour] : undefined;
        return colour ? { text: colour.word, shade: colour.fill } : text('');
      },
    },
  };
}

/** A ledger column by its header, as a column of the table. */
function ledgerColumn(name: string, ledger: Ledger): ((s: ProblemState) => Out) | null {
  const key = normalizeWord(name);
  if (!ledger.problems?.items.some((p) => key in p.columns)) return null;
  return (s) => text(s.problem.columns[key] ?? '');
}

/** A pattern's fields: the problem's (as in `::: 问题清单`), then the table's own. */
function rowFields(fields: Fields<ProblemState>): (s: ProblemState) => LocalFields {
  return (s) => {
    const item = problemFields(s.problem, String(s.problem.number), { category: 0, subcategory: 0 }, (t) => t);
    return (name) => {
      const own = fields[name];
      if (own) return ok(own.get(s).text);
      return item(name);
    };
  };
}

type Sort = 'number' | 'overdue' | 'deadline';
const SORTS: Readonly<Record<string, Sort>> = { 序号: 'number', 逾期天数: 'overdue', 整改时限: 'deadline' };

function sortStates(states: ProblemState[], sort: Sort): ProblemState[] {
  const bySerial = (a: ProblemState, b: ProblemState) => compareSerials(a.problem.number, b.problem.number);
  const deadlineOf = (s: ProblemState) => (s.problem.deadline?.kind === 'date' ? s.problem.deadline.date : '9999');
  if (sort === 'overdue')
    return states.sort((a, b) => (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) || deadlineOf(a).localeCompare(deadlineOf(b)) || bySerial(a, b));
  if (sort === 'deadline') return states.sort((a, b) => deadlineOf(a).localeCompare(deadlineOf(b)) || bySerial(a, b));
  return states.sort(bySerial);
}

function problemTable(due: boolean): TableKind<ProblemState> {
  return {
    keys: ['范围', '预警', '排序', '为空时', '图例'],
    sheet: due ? '到期问题' : '问题清单',
    needs: 'problems',
    build(options, place, sources) {
      const { diagnostics, warnings } = sources;
      const directive = due ? '到期问题表' : '问题表';
      const at = (key: string): Place => ({ ...place, line: options.line(key) });
      const fields = problemTableFields(sources);
      const defaults = due
        ? ['序号', '具体问题', '责任领导', '责任人', '整改时限', '逾期天数', '预警']
        : ['序号', '具体问题', '整改结果', '责任人', '整改时限', '完成时间', '预警'];
      const columns = columnsOption(directive, options, defaults, fields, place, sources, {
        ledgerColumn: (name) => ledgerColumn(name, sources.ledger),
        rowFields: rowFields(fields),
      });
      let states = [...(sources.problems ?? [])];
      if (due) states = states.filter((s) => s.warning !== null && isDueRule(s.warning.rule));
      const range = options.get('范围');
      if (range !== null) {
        const classes = new Set<StatusClass>();
        for (const word of splitList(range)) {
          const these = CLASS_ARGUMENTS[word];
          if (these) for (const cls of these) classes.add(cls);
          else diagnostics.push(msg.templateBadDirectiveValue(at('范围'), '范围', word, Object.keys(CLASS_ARGUMENTS)));
        }
        states = states.filter((s) => classes.has(s.cls));
      }
      const colourFilter = options.get('预警');
      if (colourFilter !== null) {
        const wanted = new Set<number>();
        for (const word of splitList(colourFilter)) {
          const i = warnings.colours.findIndex((c) => c.word === word);
          if (i === -1)
            diagnostics.push(
              msg.templateBadDirectiveValue(
                at('预警'),
                '预警',
                word,
                warnings.colours.map((c) => c.word),
              ),
            );
          else wanted.add(i);
        }
        states = states.filter((s) => s.warning !== null && wanted.has(s.warning.colour));
      }
      const sortWord = options.get('排序');
      const sort = sortWord === null ? (due ? 'overdue' : 'number') : SORTS[sortWord];
      if (!sort) {
        diagnostics.push(msg.templateBadDirectiveValue(at('排序'), '排序', sortWord ?? '', Object.keys(SORTS)));
        return null;
      }
      if (!columns) return null;
      const emptyWord = options.get('为空时');
      const empty =
        emptyWord !== null ? sources.expand(emptyWord, at('为空时')) : due ? `截至${chineseDate(sources.date)}，没有逾期或临近整改时限的未完成问题。` : '';
      return {
        parts: {
          columns,
          rows: sortStates(states, sort),
          totals: null,
          notes: legendNotes(
            options,
            columns.some((c) => c.cell === fields.预警?.get),
            warnings,
            place,
            diagnostics,
          ),
        },
        empty,
      };
    },
  };
}

export const PROBLEM_TABLE = problemTable(false);
export const DUE_TABLE = problemTable(true);

// ── 乡镇覆盖表 and 类型覆盖表 ─────────────────────────────────────────────────────────────

/** A row falling short of its plan is shaded so. */
const BEHIND_SHADE = 'FCE4D6';

function coverageFields(nameFields: readonly string[], mark: string, place: Place, sources: TableSources): Fields<QuarterGroup> {
  const shortBy = (g: QuarterGroup) => Math.max(0, g.plannedToDate - g.audited);
  const fields: Record<string, FieldDef<QuarterGroup>> = {
    工会数: { kind: 'number', get: (g) => integer(g.total) },
    已检查: { kind: 'number', get: (g) => integer(g.checked) },
    计划审计: { kind: 'number', get: (g) => integer(g.planned) },
    计划应审计: { kind: 'number', get: (g) => integer(g.plannedToDate) },
    已审计: { kind: 'number', get: (g) => integer(g.audited) },
    计划完成率: { kind: 'number', get: (g) => percentOut(g.planProgress, sources.percentDecimals) },
    覆盖率: { kind: 'number', get: (g) => percentOut(g.coverage, sources.percentDecimals) },
    差额: { kind: 'number', get: (g) => integer(shortBy(g)) },
    进度: {
      kind: 'code',
      inTotals: true,
      get: (g) => {
        const by = shortBy(g);
        if (by === 0) return text('');
        const out = sources.expand(mark, place, (name) => (name === '差额' ? ok(by) : null));
        return { text: out, shade: BEHIND_SHADE };
      },
    },
  };
  for (const name of nameFields) fields[name] = { kind: 'text', get: (g) => text(g.name) };
  return fields;
}

function coverageTable(by: 'township' | 'type'): TableKind<QuarterGroup> {
  const directive = by === 'township' ? '乡镇覆盖表' : '类型覆盖表';
  const names = by === 'township' ? ['乡镇', '所属乡镇', '名称'] : ['单位类型', '类型', '名称'];
  return {
    keys: ['合计', '滞后标记'],
    sheet: by === 'township' ? '乡镇覆盖' : '类型覆盖',
    needs: 'unions',
    build(options, place, sources) {
      const markPlace = { ...place, line: options.line('滞后标记') };
      const fields = coverageFields(names, options.get('滞后标记') ?? '滞后{{差额}}家', markPlace, sources);
      const defaults = [names[0] as string, '工会数', '计划应审计', '已审计', '计划完成率', '覆盖率', '进度'];
      const columns = columnsOption(directive, options, defaults, fields, place, sources);
      if (!columns) return null;
      const unions = sources.unions ?? [];
      const rows = unionGroupsAt(unions, (u) => (by === 'township' ? u.township : u.type), sources.date);
      const label = totalsLabel(options);
      return {
        parts: { columns, rows, totals: label === null ? null : { label, row: groupOf(label, unions, sources.date) } },
        empty: '',
      };
    },
  };
}

export const TOWNSHIP_TABLE = coverageTable('township');
export const TYPE_TABLE = coverageTable('type');

// ── 工会表 ───────────────────────────────────────────────────────────────────────────────

/** A planned audit is a month: 2025年9月. */
function monthOut(date: IsoDate | null): Out {
  if (date === null) return text('');
  return { text: `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月`, value: { kind: 'date', value: date, month: true } };
}

function unionFields(sources: TableSources): Fields<Union> {
  const upTo = (d: IsoDate | null) => (d !== null && d <= sources.date ? d : null);
  return {
    工会名称: { kind: 'text', get: (u) => text(u.name) },
    所属乡镇: { kind: 'text', get: (u) => text(u.township) },
    单位类型: { kind: 'text', get: (u) => text(u.type) },
    会员人数: { kind: 'number', get: (u) => integer(u.members) },
    财务检查日期: { kind: 'code', get: (u) => dateOut(upTo(u.checkedOn)) },
    计划审计时间: { kind: 'code', get: (u) => monthOut(u.plannedAudit) },
    审计完成日期: { kind: 'code', get: (u) => dateOut(upTo(u.auditedOn)) },
    审计发现问题数: { kind: 'number', get: (u) => integer(u.findings) },
    状态: { kind: 'code', get: (u) => text(unionStateAt(u, sources.date)) },
  };
}

export const UNION_TABLE: TableKind<Union> = {
  keys: [],
  sheet: '基层工会',
  needs: 'unions',
  build(options, place, sources) {
    const columns = columnsOption(
      '工会表',
      options,
      ['工会名称', '所属乡镇', '单位类型', '财务检查日期', '计划审计时间', '审计完成日期', '状态'],
      unionFields(sources),
      place,
      sources,
    );
    if (!columns) return null;
    return { parts: { columns, rows: sources.unions ?? [], totals: null }, empty: '' };
  },
};

/** The table directives both templates know, by name. */
export function tableDirectives(sources: TableSources): Record<string, DirectiveHandler> {
  return {
    方面统计表: tableDirective('方面统计表', CATEGORY_TABLE, sources),
    问题表: tableDirective('问题表', PROBLEM_TABLE, sources),
    到期问题表: tableDirective('到期问题表', DUE_TABLE, sources),
    乡镇覆盖表: tableDirective('乡镇覆盖表', TOWNSHIP_TABLE, sources),
    类型覆盖表: tableDirective('类型覆盖表', TYPE_TABLE, sources),
    工会表: tableDirective('工会表', UNION_TABLE, sources),
  };
}

/** Problems left without a colour though open (the scheme has no 其余), by 序号. */
export function uncolouredOpen(states: readonly ProblemState[]): string[] {
  return states.filter((s) => s.cls !== 'completed' && s.warning === null).map((s) => String(s.problem.number));
}
