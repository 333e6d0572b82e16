/**
 * How each figure in the notice was counted, for the run log: for every placeholder the
 * notice uses (in the template's prose and in ledger text) and every item list, the value the
 * notice prints, the rule (which class, which dates, which period) and the ledger rows counted,
 * as `整改台账.xlsx › 整改台账 › 第3–13、15、19、20行`, so a reviewer can check any number
 * against the sheet. The value is resolved by the same code that fills the notice
 * (placeholders.ts); the rows are selected here by the same rules the statistics use.
 */
import { formatPlace, sheetPlace, type Place } from '../diagnostics.js';
import type { IsoDate } from '../dates.js';
import type { Deadline, Ledger, Problem, RowOrigin, StatusClass, StatusVocabulary, Union } from '../ledger/schema.js';
import { isOverdue } from '../stats/rectification.js';
import type { Stats } from '../stats/index.js';
import { PROBLEM_LIST_DIRECTIVE, readItemLayout } from './items.js';
import { expandPlaceholders, parsePeriod, type PlaceholderContext } from './placeholders.js';
import type { NoticeSettings } from './settings.js';
import { findPlaceholders, type Template } from './template.js';
import { compareSerials, withUnitWords } from '../ledger/cells.js';
import { normalizeWord } from '../ledger/headers.js';

const CLASS_NAMES: Record<StatusClass, string> = { completed: '已完成', staged: '阶段性完成', notCompleted: '未完成' };

/** `第3–13、15、19、20、22–46行`: runs of three or more consecutive rows become a range. */
export function rowList(rows: readonly number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return `第${parts.join('、')}行`;
}

/** Rows grouped by file and sheet (in order of first appearance), `；` between groups; 无 when there are none. */
export function rowRanges(origins: readonly RowOrigin[]): string {
  if (origins.length === 0) return '无';
  const groups = new Map<string, { place: Place; rows: number[] }>();
  for (const origin of origins) {
    const key = `${origin.file}\u0000${origin.sheet ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { place: sheetPlace(origin.file, origin.sheet), rows: [] };
      groups.set(key, group);
    }
    group.rows.push(origin.row);
  }
  return [...groups.values()].map((g) => `${formatPlace(g.place)} › ${rowList(g.rows)}`).join('；');
}

interface Counted {
  count: number;
  rule: string;
  origins: RowOrigin[];
  /** Listed below the line, one bullet each. */
  details?: string[];
}

function counted(rule: string, items: readonly { origin: RowOrigin }[]): Counted {
  return { count: items.length, rule, origins: items.map((i) => i.origin) };
}

/** 整改结果属“已完成”一类（完成、已完成、…），台账中写作“已完成”37个、“完成”2个 */
function classRule(cls: StatusClass, items: readonly { status: { written: string } }[], vocabulary: StatusVocabulary): string {
  const tally = new Map<string, number>();
  for (const item of items) tally.set(item.status.written, (tally.get(item.status.written) ?? 0) + 1);
  const written = [...tally].map(([word, n]) => `“${word}”${n}个`).join('、');
  return `整改结果属“${CLASS_NAMES[cls]}”一类（${vocabulary[cls].join('、')}）${written ? `，台账中写作${written}` : ''}`;
}

function periodOf(args: readonly string[]): { from: IsoDate; to: IsoDate } | null | 'bad' {
  if (args.length === 0) return null;
  return (args.length === 1 && parsePeriod(args[0] as string)) || 'bad';
}

/** Unions counted by one of the union placeholders, by the rule placeholders.ts applies. */
function unionFigure(
  unions: readonly Union[],
  asOf: IsoDate,
  args: readonly string[],
  date: (u: Union) => IsoDate | null,
  column: string,
  upToAsOf: boolean,
): Counted | null {
  const period = periodOf(args);
  if (period === 'bad') return null;
  // 财务检查日期不晚于 2025-05-30，且在 2024-10-01 至 2024-10-31 之间 的工会
  const rule = `${column}${upToAsOf ? `不晚于 ${asOf}` : '已填写'}${period ? `，且在 ${period.from} 至 ${period.to} 之间` : ''}`;
  const items = unions.filter((u) => {
    const d = date(u);
    return d !== null && (!upToAsOf || d <= asOf) && (!period || (d >= period.from && d <= period.to));
  });
  return counted(`基层工会台账中${rule}${upToAsOf || period ? ' ' : ''}的工会`, items);
}

/** The rows a counting placeholder counts; null for placeholders that are not counts (or whose ledger is absent). */
function countFigure(name: string, args: readonly string[], ledger: Ledger, asOf: IsoDate, vocabulary: StatusVocabulary): Counted | null {
  const problems = ledger.problems?.items;
  const immediate = ledger.immediate?.items;
  const unions = ledger.unions?.items;
  const inClass = <T extends { status: { class: StatusClass } }>(items: readonly T[], cls: StatusClass) => items.filter((p) => p.status.class === cls);
  if (problems && ledger.problems) {
    if (name === '方面数') {
      const firsts = ledger.problems.categories.flatMap((c) => problems.filter((p) => p.category === c.name).slice(0, 1));
      return {
        ...counted('整改台账“反馈问题”列中不同的类别，按首次出现的顺序（所列行是各类别首次出现的行）', firsts),
        details: firsts.map((p, i) => `（${i + 1}）${p.category}（${rowList([p.origin.row])}起）`),
      };
    }
    // `{{已完成数 党的建设}}`: within one 方面
    const category = args.length > 0 ? normalizeWord(args.join('')) : null;
    const scoped = category === null ? problems : problems.filter((p) => normalizeWord(p.category) === category);
    const within = category === null ? '' : `“反馈问题”为“${args.join('')}”的`;
    if (name === '问题总数') return counted(`整改台账的${within}全部数据行（每行一个问题）`, scoped);
    const cls = { 已完成数: 'completed', 阶段性完成数: 'staged', 未完成数: 'notCompleted' }[name] as StatusClass | undefined;
    if (cls) return counted(`${within}${classRule(cls, inClass(scoped, cls), vocabulary)}`, inClass(scoped, cls));
    if (name === '整改结果数') {
      const word = normalizeWord(args.join(''));
      return counted(
        `整改结果写作“${args.join('')}”的问题`,
        problems.filter((p) => normalizeWord(p.status.written) === word),
      );
    }
    if (name === '逾期问题数') {
      return counted(
        `整改时限早于 ${asOf} 且整改结果不属“已完成”一类的问题`,
        problems.filter((p) => isOverdue(p, asOf)),
      );
    }
  }
  if (immediate) {
    if (name === '立行立改总数') return counted('立行立改台账的全部数据行', immediate);
    const cls = { 立行立改已完成数: 'completed', 立行立改阶段性完成数: 'staged', 立行立改未完成数: 'notCompleted' }[name] as StatusClass | undefined;
    if (cls) return counted(`立行立改问题中${classRule(cls, inClass(immediate, cls), vocabulary)}`, inClass(immediate, cls));
  }
  if (unions) {
    if (name === '基层工会总数') return counted('基层工会台账的全部数据行（每行一家工会）', unions);
    if (name === '已检查工会数') return unionFigure(unions, asOf, args, (u) => u.checkedOn, '财务检查日期', true);
    if (name === '计划审计工会数') return unionFigure(unions, asOf, args, (u) => u.plannedAudit, '计划审计时间', false);
    if (name === '已审计工会数') return unionFigure(unions, asOf, args, (u) => u.auditedOn, '审计完成日期', true);
  }
  return null;
}

/** The bullet for a count at `indent`, with its details one level deeper. */
function countLines(indent: string, label: string, c: Counted): string[] {
  return [`${indent}- ${label}：${c.rule}；${rowRanges(c.origins)}`, ...(c.details ?? []).map((d) => `${indent}  - ${d}`)];
}

/** 整改进展's figures, as progressSentence uses them (a class with no problems is left out of the sentence). */
function progressParts(ledger: Ledger, stats: Stats, vocabulary: StatusVocabulary): { lines: string[]; origins: RowOrigin[] } {
  const names: string[] = [];
  if (stats.problems) {
    names.push('方面数', '问题总数');
    if (stats.problems.completed) names.push('已完成数');
    if (stats.problems.staged) names.push('阶段性完成数');
    if (stats.problems.notCompleted) names.push('未完成数');
  }
  if (stats.immediate) {
    names.push('立行立改总数');
    if (stats.immediate.completed) names.push('立行立改已完成数');
    if (stats.immediate.staged) names.push('立行立改阶段性完成数');
    if (stats.immediate.notCompleted) names.push('立行立改未完成数');
  }
  const counts = names.flatMap((n) => {
    const c = countFigure(n, [], ledger, stats.asOf, vocabulary);
    return c ? [{ n, c }] : [];
  });
  return { lines: counts.flatMap(({ n, c }) => countLines('  ', `${n} ${c.count}`, c)), origins: counts.flatMap(({ c }) => c.origins) };
}

function deadlineKey(d: Deadline | null): string {
  return d === null ? '（未填）' : d.written;
}

/** 阶段性完成时限 / 未完成时限: the class's problems grouped by deadline as written. */
function deadlineParts(problems: readonly Problem[], cls: StatusClass): { rule: string; parts: string[]; origins: RowOrigin[] } {
  const items = problems.filter((p) => p.status.class === cls).sort((a, b) => compareSerials(a.number, b.number));
  const groups = new Map<string, Problem[]>();
  for (const p of items) {
    const group = groups.get(deadlineKey(p.deadline));
    if (group) group.push(p);
    else groups.set(deadlineKey(p.deadline), [p]);
  }
  return {
    rule: `整改结果属“${CLASS_NAMES[cls]}”一类的 ${items.length} 个问题，按“整改时限”列分组`,
    parts: [...groups].map(([written, ps]) => `整改时限 ${written}：序号 ${ps.map((p) => p.number).join('、')}；${rowRanges(ps.map((p) => p.origin))}`),
    origins: items.map((p) => p.origin),
  };
}

const SETTING_SOURCES: Record<string, string[]> = {
  发文机关: ['发文机关'],
  巡察组: ['巡察组'],
  巡察期间: ['巡察开始日期', '巡察结束日期'],
  反馈日期: ['反馈日期'],
  成文日期: ['成文日期'],
};

interface Use {
  name: string;
  args: string[];
  raw: string;
  places: Place[];
}

/** Placeholders in the template's prose, then in the ledger's problem texts and measures; one entry per distinct name and argument. */
function placeholderUses(template: Template, ledger: Ledger): Use[] {
  const uses = new Map<string, Use>();
  const scan = (text: string, place: Place) => {
    for (const u of findPlaceholders(text).uses) {
      const key = [u.name, ...u.args].join(' ');
      const use = uses.get(key);
      if (use) {
        if (!use.places.some((p) => formatPlace(p) === formatPlace(place))) use.places.push(place);
      } else uses.set(key, { name: u.name, args: u.args, raw: `{{${key}}}`, places: [place] });
    }
  };
  for (const block of template.blocks) {
    if (block.kind !== 'directive') scan(block.text, { file: template.file, line: block.line });
  }
  for (const p of ledger.problems?.items ?? []) {
    const place = sheetPlace(p.origin.file, p.origin.sheet, p.origin.row);
    for (const text of [p.text, ...p.measures]) scan(text, place);
  }
  return [...uses.values()];
}

function placesText(places: readonly Place[]): string {
  const shown = places.slice(0, 5).map(formatPlace).join('、');
  return places.length > 5 ? `${shown} 等 ${places.length} 处` : shown;
}

export interface TraceInput {
  template: Template;
  settings: NoticeSettings | null;
  ledger: Ledger;
  stats: Stats;
}

/** One figure of the notice as the run log and the page trace it: its lines, and the ledger rows it was counted from. */
export interface FigureTrace {
  /** `{{问题总数}}`, `::: 问题清单 已完成` */
  label: string;
  /** What the notice prints (for an item list: how many problems it lists). */
  value: string;
  /** Where the template or the ledger uses it. */
  where: string;
  /** The run log's lines for it (a bullet, with sub-bullets). */
  lines: string[];
  /** Every ledger row counted, the parts' rows included, in order, without repeats. */
  origins: RowOrigin[];
}

function uniqueOrigins(origins: readonly RowOrigin[]): RowOrigin[] {
  const seen = new Set<string>();
  return origins.filter((o) => {
    const key = `${o.file}\u0000${o.sheet ?? ''}\u0000${o.row}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The notice's figures: one per placeholder used (sentences with one sub-bullet per figure or
 * group they are made of) and one per item list.
 */
export function noticeFigures({ template, settings, ledger, stats }: TraceInput): FigureTrace[] {
  const ctx: PlaceholderContext = { ledger, stats, settings };
  const vocabulary = withUnitWords(settings?.statusWords ?? {});
  const figures: FigureTrace[] = [];
  for (const use of placeholderUses(template, ledger)) {
    const where = placesText(use.places);
    const expanded = expandPlaceholders(use.raw, ctx, use.places[0] as Place);
    if (expanded.diagnostics.length) continue; // an error, already reported: the notice was not written
    const value = expanded.text;
    const figure = (lines: string[], origins: readonly RowOrigin[] = []) =>
      figures.push({ label: use.raw, value, where, lines, origins: uniqueOrigins(origins) });
    const c = countFigure(use.name, use.args, ledger, stats.asOf, vocabulary);
    if (c) {
      figure(countLines('', `${use.raw} = ${value}（${where}）`, c), c.origins);
      continue;
    }
    const head = `- ${use.raw}（${where}）印作“${value}”`;
    if (use.name === '整改进展') {
      const parts = progressParts(ledger, stats, vocabulary);
      figure([`${head}，由以下数字组成：`, ...parts.lines], parts.origins);
    } else if ((use.name === '阶段性完成时限' || use.name === '未完成时限') && ledger.problems) {
      const d = deadlineParts(ledger.problems.items, use.name === '阶段性完成时限' ? 'staged' : 'notCompleted');
      figure([`${head}：${d.rule}`, ...d.parts.map((l) => `  - ${l}`)], d.origins);
    } else if (SETTING_SOURCES[use.name]) {
      const keys = SETTING_SOURCES[use.name] as string[];
      const at = keys.map((k) => `“${k}”${settings?.lines[k] !== undefined ? `（${template.file}:${settings.lines[k]}）` : ''}`).join('、');
      figure([`${head}：来自模板设置${at}`]);
    } else if (use.name === '统计截止日期') {
      figure([`${head}：统计截止日期 ${stats.asOf}`]);
    } else if (use.name === '整改完成率' && stats.problems) {
      const counts = ['已完成数', '问题总数'].map((n) => countFigure(n, [], ledger, stats.asOf, vocabulary));
      figure(
        [`${head}：整改台账中整改结果属“已完成”一类的 ${stats.problems.completed} 个 ÷ 全部 ${stats.problems.total} 个问题（不含立行立改）`],
        counts[1]?.origins ?? [],
      );
    } else figure([head]);
  }
  for (const block of template.blocks) {
    if (block.kind !== 'directive' || block.name !== PROBLEM_LIST_DIRECTIVE || !ledger.problems) continue;
    // (an unreadable directive was reported when the notice was composed)
    const layout = readItemLayout(block.args, block.options, { file: template.file, line: block.line }, () => true, []);
    if (!layout) continue;
    const items = ledger.problems.items.filter((p) => layout.classes.includes(p.status.class));
    const rules = layout.classes
      .map((cls) =>
        classRule(
          cls,
          items.filter((p) => p.status.class === cls),
          vocabulary,
        ),
      )
      .join('；');
    const scope = layout.classes.map((cls) => CLASS_NAMES[cls]).join('、');
    const where = `${template.file}:${block.line}`;
    figures.push({
      label: `::: 问题清单 ${scope}`,
      value: String(items.length),
      where,
      lines: [`- ::: 问题清单 ${scope}（${where}）列出 ${items.length} 个问题：${rules}，按类别顺序、类别内按序号；${rowRanges(items.map((p) => p.origin))}`],
      origins: uniqueOrigins(items.map((p) => p.origin)),
    });
  }
  return figures;
}

/** The run log's lines for the notice's figures (noticeFigures, one after another). */
export function noticeFigureLines(input: TraceInput): string[] {
  return noticeFigures(input).flatMap((f) => f.lines);
}
