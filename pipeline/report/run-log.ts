/**
 * `run-log.md`: what a run read and skipped and why, every diagnostic, and how each figure
 * was counted, so a reviewer can check any number against the ledger.
 */
import { columnLetter, formatDiagnostic, formatPlace, sheetPlace } from '../diagnostics.js';
import { completedWithoutDate } from '../ledger/as-of.js';
import type { ImmediateProblem, Problem, RowOrigin, SerialNumber, StatusClass } from '../ledger/schema.js';
import type { SheetReport } from '../ledger/validate.js';
import type { AsOfSource } from '../ledger/as-of.js';
import type { Ledger } from '../ledger/schema.js';
import type { InputPlan, TemplateKind } from '../read/inputs.js';
import type { Stats } from '../stats/index.js';
import type { QuarterlyStats } from '../stats/quarterly.js';
import { quarterRecordBlock } from '../stats/previous.js';
import type { IsoDate } from '../dates.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Document } from '../document/ast.js';
import type { NoticeSettings } from '../compose/settings.js';
import type { Template } from '../compose/template.js';
import { isAudited, isChecked, isPlanned } from '../stats/coverage.js';
import { noticeFigureLines } from '../compose/trace.js';

/** What every run log reports of a run: the files planned and read, the sheets, the diagnostics. */
export interface RunRecord {
  plan: InputPlan;
  fileNotes: readonly { name: string; note: string }[];
  sheets: readonly SheetReport[];
  diagnostics: readonly Diagnostic[];
}

/** A notice run (run.ts's RunResult), as its run log reports it. */
export interface NoticeRunRecord extends RunRecord {
  asOf: IsoDate;
  asOfSource: AsOfSource;
  ledger: Ledger | null;
  stats: Stats | null;
  notice: Document | null;
  noticeSettings: NoticeSettings | null;
  noticeTemplate: Template | null;
}

/** A quarterly run (run-quarterly.ts's QuarterlyResult), as its run log reports it. */
export interface QuarterlyRunRecord extends RunRecord {
  quarter: string;
  asOf: IsoDate;
  documentDate: IsoDate;
  stats: QuarterlyStats | null;
}

const KIND_NAMES: Record<SheetReport['kind'], string> = {
  problems: '整改台账（巡察反馈问题）',
  immediate: '立行立改台账',
  unions: '基层工会台账',
  unrecognised: '未识别',
};

const AS_OF_SOURCES: Record<AsOfSource, string> = {
  option: '--as-of 指定',
  template: '通报模板的成文日期',
  today: '未指定，按今天',
};

const CLASS_NAMES: Record<StatusClass, string> = { completed: '已完成', staged: '阶段性完成', notCompleted: '未完成' };

function sheetName(report: SheetReport): string {
  return formatPlace(sheetPlace(report.file, report.sheet));
}

function numbers(items: readonly { number: SerialNumber }[]): string {
  return items.length === 0 ? '无' : items.map((p) => p.number).join('、');
}

function rowRef(origin: RowOrigin): string {
  return `${origin.sheet ?? origin.file} 第${origin.row}行`;
}

function sheetSection(report: SheetReport): string[] {
  const lines = [`### ${sheetName(report)}：${KIND_NAMES[report.kind]}`];
  if (report.kind === 'unrecognised' || report.headerRow === null) {
    lines.push('', '没有可识别的表头，未作为台账读取。', '');
    return lines;
  }
  lines.push('', `- 表头：第${report.headerRow}行`);
  const used = report.columns.filter((c) => c.field !== null);
  const unused = report.columns.filter((c) => c.field === null && !c.ignoredFor);
  const ignored = report.columns.filter((c) => c.ignoredFor);
  lines.push(`- 使用的列：${used.map((c) => `${columnLetter(c.column)}（${c.header}）`).join('、') || '无'}`);
  if (unused.length) lines.push(`- 未使用的列：${unused.map((c) => `${columnLetter(c.column)}（${c.header}）`).join('、')}`);
  if (ignored.length) {
    lines.push(`- 与其他列同义、已忽略的列：${ignored.map((c) => `${columnLetter(c.column)}（${c.header}）`).join('、')}`);
  }
  lines.push(`- 数据行：使用 ${report.usedRows} 行；有错误 ${report.rejectedRows} 行；空行 ${report.blankRows} 行；跳过 ${report.skippedRows.length} 行`);
  for (const s of report.skippedRows) lines.push(`  - 第${s.row}行：${s.reason}`);
  lines.push('');
  return lines;
}

function classLines(label: string, items: readonly (Problem | ImmediateProblem)[]): string[] {
  return (['completed', 'staged', 'notCompleted'] as const).map((cls) => {
    const these = items.filter((p) => p.status.class === cls);
    return `- ${label}${CLASS_NAMES[cls]} ${these.length} 个：序号 ${numbers(these)}`;
  });
}

function figureSection(result: NoticeRunRecord): string[] {
  const { ledger, stats, asOf } = result;
  if (!ledger || !stats) return ['## 数字的来历', '', '台账有错误，未计算任何数字。', ''];
  const lines = ['## 数字的来历', ''];
  if (ledger.problems && stats.problems) {
    const items = ledger.problems.items;
    lines.push(`- 反馈问题方面 ${stats.problems.categories} 个：整改台账“反馈问题”列中不同的类别，按首次出现的顺序`);
    lines.push(`- 具体问题 ${stats.problems.total} 个：整改台账的数据行（${[...new Set(items.map((p) => p.origin.sheet ?? p.origin.file))].join('、')}）`);
    lines.push(...classLines('', items));
    lines.push(`- 逾期 ${stats.problems.overdue.length} 个（整改时限早于 ${asOf} 且未完成）：序号 ${stats.problems.overdue.join('、') || '无'}`);
  } else lines.push('- 没有整改台账：problems 为 null');
  if (ledger.immediate && stats.immediate) {
    lines.push(`- 立行立改问题 ${stats.immediate.total} 个：${[...new Set(ledger.immediate.items.map((p) => rowRef(p.origin).split(' ')[0]))].join('、')}`);
    lines.push(...classLines('立行立改', ledger.immediate.items));
  } else lines.push('- 没有立行立改台账：immediate 为 null');
  if (ledger.unions && stats.unions) {
    const u = ledger.unions.items;
    const names = (list: typeof u) => (list.length ? list.map((x) => x.name).join('、') : '无');
    lines.push(`- 基层工会 ${stats.unions.total} 家：基层工会台账的数据行`);
    lines.push(`- 已检查 ${stats.unions.checked} 家（财务检查日期不晚于 ${asOf}）：${names(u.filter((x) => isChecked(x, asOf)))}`);
    lines.push(`- 计划审计 ${stats.unions.plannedAudits} 家（填有计划审计时间）`);
    lines.push(`- 已审计 ${stats.unions.audited} 家（审计完成日期不晚于 ${asOf}）：${names(u.filter((x) => isAudited(x, asOf)))}`);
    const unplanned = u.filter((x) => !isPlanned(x));
    if (unplanned.length) lines.push(`- 没有计划审计时间的工会：${names(unplanned)}`);
  } else lines.push('- 没有基层工会台账：unions 为 null');
  const undated = completedWithoutDate(ledger);
  if (undated.length) {
    lines.push(`- 已完成但没有完成时间的问题（计入已完成，不计入任何季度）：${undated.map((p) => `${p.number}（${rowRef(p.origin)}）`).join('、')}`);
  }
  lines.push('', '### 通报中的每个数字', '');
  if (!result.noticeTemplate || !result.notice) lines.push('没有通报模板，本次未生成通报。');
  else {
    lines.push('每项：占位符 = 通报中的值（模板或台账中的位置）：怎么数的；数到的行（文件 › 工作表 › 第N行）。', '');
    const figures = noticeFigureLines({ template: result.noticeTemplate, settings: result.noticeSettings, ledger, stats });
    lines.push(...(figures.length ? figures : ['通报模板中没有占位符。']));
  }
  lines.push('');
  return lines;
}

export interface RunLogContext {
  tool: { name: string; version: string };
  inputsFolder: string;
  written: readonly string[];
  /** Which font served each role of the PDF, and which were substituted. */
  fonts?: readonly string[];
}

/** What every run log opens with: the tool, the files and sheets read, the fonts, the diagnostics. */
function commonSections(result: RunRecord, context: RunLogContext, heading: string, asOfLine: string, templateKind: TemplateKind): string[] {
  const lines: string[] = [`# ${context.tool.name} ${heading}`, ''];
  lines.push(`- 工具版本：${context.tool.name} ${context.tool.version}`);
  lines.push(`- 输入文件夹：${context.inputsFolder}`);
  lines.push(`- ${asOfLine}`);
  if (context.written.length) lines.push(`- 写出的文件：${context.written.join('、')}`);
  lines.push('', '## 文件', '');
  for (const { name } of result.plan.ledgers) {
    const note = result.fileNotes.find((n) => n.name === name)?.note;
    lines.push(`- 读取 ${name}${note ? `（${note}）` : ''}`);
  }
  const template = result.plan.templates[templateKind];
  if (template) lines.push(`- 读取 ${template}（${templateKind === 'quarterly' ? '季度报告模板' : '通报模板'}）`);
  for (const s of result.plan.skipped) lines.push(`- 跳过 ${s.name}：${s.reason}`);
  lines.push('', '## 工作表', '');
  for (const report of result.sheets) lines.push(...sheetSection(report));
  if (context.fonts?.length) {
    lines.push('## PDF 字体', '');
    for (const line of context.fonts) lines.push(`- ${line}`);
    lines.push('');
  }
  lines.push('## 错误和警告', '');
  if (result.diagnostics.length === 0) lines.push('无。');
  // (a PDF the writer could not make keeps its technical detail here, for a maintainer)
  for (const d of result.diagnostics) lines.push(`- ${formatDiagnostic(d)}${d.rule === 'pdf-failed' && d.actual ? `（详情：${d.actual}）` : ''}`);
  lines.push('');
  return lines;
}

export function composeRunLog(result: NoticeRunRecord, context: RunLogContext): string {
  const lines = commonSections(result, context, '运行记录', `统计截止日期：${result.asOf}（${AS_OF_SOURCES[result.asOfSource]}）`, 'notice');
  lines.push(...figureSection(result));
  return lines.join('\n');
}

/** `quarterly-2025Q3.run-log.md`: what the quarterly run read, and how its figures were counted. */
export function composeQuarterlyRunLog(result: QuarterlyRunRecord, context: RunLogContext): string {
  const lines = commonSections(
    result,
    context,
    `季度报表运行记录（${result.quarter}）`,
    `季度：${result.quarter}，统计截止日期：${result.asOf}（季度最后一天），成文日期：${result.documentDate}`,
    'quarterly',
  );
  lines.push('## 数字的来历', '');
  const stats = result.stats;
  if (!stats) lines.push('台账有错误，未计算任何数字。');
  else {
    const range = `${stats.start} 至 ${stats.end}`;
    const problems = stats.problems;
    const serials = (list: typeof problems) => numbers(list.map((s) => s.problem));
    if (problems.length) {
      lines.push(
        `- 本季度完成整改（完成时间在 ${range}）：序号 ${serials(problems.filter((s) => s.completedAtEnd && s.problem.completedOn !== null && s.problem.completedOn >= stats.start))}`,
      );
      lines.push(`- 季末已完成（整改结果为已完成类，且完成时间不晚于 ${stats.end} 或未填）：序号 ${serials(problems.filter((s) => s.completedAtEnd))}`);
      lines.push(`- 季末阶段性完成：序号 ${serials(problems.filter((s) => s.cls === 'staged'))}`);
      const later = problems.filter((s) => s.cls === 'notCompleted' && s.problem.status.class === 'completed');
      lines.push(
        `- 季末未完成：序号 ${serials(problems.filter((s) => s.cls === 'notCompleted'))}${later.length ? `（其中序号 ${serials(later)} 在 ${stats.end} 以后才完成）` : ''}`,
      );
      stats.warnings.colours.forEach((colour, i) => {
        lines.push(`- 预警${colour.word}：序号 ${serials(problems.filter((s) => s.warning?.colour === i))}`);
      });
    }
    const unions = stats.unions.map((u) => u.union);
    if (unions.length) {
      const names = (list: typeof unions) => (list.length ? list.map((u) => u.name).join('、') : '无');
      lines.push(`- 本季度财务检查：${names(unions.filter((u) => u.checkedOn !== null && u.checkedOn >= stats.start && u.checkedOn <= stats.end))}`);
      lines.push(`- 本季度完成审计：${names(unions.filter((u) => u.auditedOn !== null && u.auditedOn >= stats.start && u.auditedOn <= stats.end))}`);
    }
    const source = stats.previousSource;
    lines.push(
      !source
        ? '- 台账中没有本季度以前的日期：上期数据记为“无上期数据”'
        : source.kind === 'record'
          ? `- 上期数字取自 ${source.path}${source.counted.length ? `；其中 ${source.counted.join('、')} 按现台账推算` : ''}`
          : `- 上期数字按现台账推算至 ${stats.previousQuarter} 末（输出文件夹中没有上季度的运行记录）；已完成但未填完成时间的问题 ${source.undated} 个计为当时已完成`,
    );
    lines.push('', '## 季末数字', '', '下一季度的报告从这里读取本季度末的数字（上期数据）。', '', ...quarterRecordBlock(stats.quarter, stats.headline));
  }
  lines.push('');
  return lines.join('\n');
}
