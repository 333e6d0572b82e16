/**
 * The quarterly report's phase chain: plan, read and ledger as for the notice (run.ts), then
 * the quarter's figures at its last day (stats/quarterly.ts: the three status classes, the
 * warning colours of the template's 预警, the previous quarter from an earlier run's record
 * when the CLI found one), and the report composed from `quarterly.md` (compose/quarterly.ts),
 * whose tables are also the workbook's sheets (compose/quarterly-workbook.ts). The report is
 * dated by the template's 成文日期, else today with a warning; its figures are counted at the
 * quarter's last day whatever its date. Without the template only the workbook is made (its
 * default sheets), with a warning.
 */
import { previousQuarter, quarterRange, type IsoDate, type Quarter } from './dates.js';
import { errorsOf, hasErrors, type Diagnostic } from './diagnostics.js';
import { composeQuarterly } from './compose/quarterly.js';
import { quarterlyWorkbook } from './compose/quarterly-workbook.js';
import type { Document } from './document/ast.js';
import { GB_T_9704 } from './document/layout.js';
import * as msg from './messages.js';
import { DEFAULT_FONTS, readSettings, readStatusWords, type NoticeSettings } from './compose/settings.js';
import { parseTemplate } from './compose/template.js';
import { uncolouredOpen } from './compose/tables.js';
import { unionDateDiagnostics } from './ledger/as-of.js';
import type { Ledger } from './ledger/schema.js';
import type { SheetReport } from './ledger/validate.js';
import type { RawSheet } from './read/table.js';
import { planInputs, TEMPLATE_FILES, type InputPlan } from './read/inputs.js';
import type { WorkbookModel } from './document/workbook.js';
import { readLedgers, readTemplate, type RunInput } from './run.js';
import { classAt, quarterlyStats, type QuarterlyStats } from './stats/quarterly.js';
import { findPreviousRecord, type RecordCandidate } from './stats/previous.js';
import { computeStats, type Stats } from './stats/index.js';
import { countClasses } from './stats/rectification.js';
import { NO_CHART_RUN, runCharts, type ChartCatalog, type ChartRun } from './chart/index.js';
import { placedCharts } from './compose/figure.js';

export interface QuarterlyInput extends Pick<RunInput, 'inputsFolder' | 'fileNames' | 'bytesOf' | 'charts'> {
  quarter: Quarter;
  /** Today in local time: the report's date when the template gives no 成文日期. */
  today: IsoDate;
  /**
   * Files of the outputs folder that may record an earlier quarter (quarterly run logs and
   * stats.json, also in history/), newest first; the CLI reads them. Absent: none.
   */
  records?: readonly RecordCandidate[];
}

export interface QuarterlyResult {
  plan: InputPlan;
  fileNotes: { name: string; note: string }[];
  sheets: SheetReport[];
  /** The sheets as read (see run.ts). */
  rawSheets: RawSheet[];
  quarter: Quarter;
  /** the quarter's last day: every figure is counted there */
  asOf: IsoDate;
  /** the report's date (成文日期, else today) */
  documentDate: IsoDate;
  diagnostics: Diagnostic[];
  ledger: Ledger | null;
  stats: QuarterlyStats | null;
  workbook: WorkbookModel | null;
  settings: NoticeSettings | null;
  /** the report for the leadership, when the inputs hold `quarterly.md` */
  report: Document | null;
  /** the charts at the quarter's end (outputs/charts/<quarter>/): placed ones drawn, the rest to draw */
  charts: ChartRun;
}

/** The unit's own status words, from the notice template (every command reads them there); none without one. */
function unitStatusWords(plan: InputPlan, bytesOf: QuarterlyInput['bytesOf']): { words: NoticeSettings['statusWords']; diagnostics: Diagnostic[] } {
  const notice = readTemplate(plan, bytesOf, 'notice');
  if (!notice || 'unreadable' in notice) return { words: {}, diagnostics: [] };
  return readStatusWords(notice.template);
}

/** The figures of the charts at the quarter's end: problems in the class they had then. */
function chartStats(ledger: Ledger, end: IsoDate, settings: NoticeSettings | null): Stats {
  const stats = computeStats(ledger, end, { auditTarget: settings?.auditTarget ?? null });
  const problems = ledger.problems;
  if (!stats.problems || !problems) return stats;
  const atEnd = (items: typeof problems.items) => countClasses(items.map((p) => ({ status: { class: classAt(p, end) } })));
  const counts = atEnd(problems.items);
  return {
    ...stats,
    problems: {
      ...stats.problems,
      ...counts,
      completionRate: counts.total > 0 ? counts.completed / counts.total : null,
      byCategory: problems.categories.map((c) => ({ category: c.name, ...atEnd(problems.items.filter((p) => p.category === c.name)) })),
    },
  };
}

export async function runQuarterly(input: QuarterlyInput): Promise<QuarterlyResult> {
  const plan = planInputs(input.inputsFolder, input.fileNames);
  const statusWords = unitStatusWords(plan, input.bytesOf);
  const { read, ledgerResult, diagnostics } = await readLedgers(plan, input.bytesOf, statusWords.words);
  diagnostics.push(...statusWords.diagnostics);
  const templateRead = readTemplate(plan, input.bytesOf, 'quarterly');
  if (templateRead && 'unreadable' in templateRead) diagnostics.push(templateRead.unreadable);
  const template = templateRead && !('unreadable' in templateRead) ? templateRead : null;
  if (template) diagnostics.push(...template.diagnostics);
  else if (!templateRead) diagnostics.push(msg.quarterlyTemplateMissing(TEMPLATE_FILES.quarterly));
  const end = quarterRange(input.quarter).end;
  const templateName = plan.templates.quarterly ?? TEMPLATE_FILES.quarterly;
  const settings = template?.settings ?? null;
  const documentDate = settings?.documentDate ?? input.today;
  if (template && !settings?.documentDate) diagnostics.push(msg.quarterlyDateIsToday(templateName, input.today));
  else if (settings?.documentDate && settings.documentDate < end)
    diagnostics.push(msg.quarterlyDateBeforeEnd({ file: templateName, line: settings.lines.成文日期 ?? 1 }, settings.documentDate, end));
  const result: QuarterlyResult = {
    plan,
    fileNotes: read.notes,
    sheets: ledgerResult.sheets,
    rawSheets: read.sheets,
    quarter: input.quarter,
    asOf: end,
    documentDate,
    diagnostics,
    ledger: null,
    stats: null,
    workbook: null,
    settings,
    report: null,
    charts: NO_CHART_RUN,
  };
  if (hasErrors(diagnostics)) return result;
  const ledger = ledgerResult.ledger;
  diagnostics.push(...unionDateDiagnostics(ledger));
  const stats = quarterlyStats(ledger, input.quarter, {
    ...(settings ? { warnings: settings.warnings } : {}),
    previousRecord: findPreviousRecord(input.records ?? [], previousQuarter(input.quarter)),
  });
  const open = uncolouredOpen(stats.problems);
  if (open.length > 0) diagnostics.push(msg.warningLeavesOpen(templateName, open));
  // The charts show the figures at the quarter's end.
  const charts = input.charts
    ? await runCharts(input.charts, ledger, chartStats(ledger, end, settings), settings, template ? placedCharts(template.template) : [], {
        percentDecimals: settings?.percentDecimals ?? null,
      })
    : null;
  if (charts) diagnostics.push(...charts.diagnostics);
  // Without a template: the workbook's default sheets, composed with the default settings.
  const composeWith = template ?? {
    template: parseTemplate(templateName, '').template,
    settings: readSettings(parseTemplate(templateName, '').template).settings,
  };
  const composed = composeQuarterly(composeWith.template, composeWith.settings, stats, { ledger, date: documentDate, charts: charts?.catalog ?? null });
  diagnostics.push(...composed.diagnostics);
  if (hasErrors(composed.diagnostics)) return result;
  if (template) result.report = composed.document;
  const workbook = quarterlyWorkbook(
    composed.sheets,
    template ? composed.document : { meta: { title: '', issuer: 'tongbao', date: documentDate }, fonts: DEFAULT_FONTS, layout: GB_T_9704 },
  );
  if (charts && hasErrors(charts.diagnostics)) return { ...result, report: null };
  return { ...result, ledger, stats, workbook, charts: charts ?? NO_CHART_RUN };
}

/**
 * `check`: the workspace's quarterly template, when it has one, composed for `quarter` on the
 * ledger the notice's run has read, so that its mistakes (a column it cannot name, a 预警 rule
 * it cannot read, a placeholder it does not know) show before staff make a report. Only errors,
 * and not those of a ledger the workspace lacks:
 * its warnings (no 成文日期, open problems without a colour) depend on the quarter asked for, and
 * the ledger's own diagnostics were the notice's run's.
 */
export function quarterlyTemplateErrors(
  plan: InputPlan,
  bytesOf: QuarterlyInput['bytesOf'],
  ledger: Ledger,
  quarter: Quarter,
  charts: ChartCatalog | null,
): Diagnostic[] {
  const templateRead = readTemplate(plan, bytesOf, 'quarterly');
  if (!templateRead) return [];
  if ('unreadable' in templateRead) return [templateRead.unreadable];
  if (hasErrors(templateRead.diagnostics)) return errorsOf(templateRead.diagnostics);
  const { template, settings } = templateRead;
  // What the template can get wrong does not depend on how many rows there are: its tables are
  // composed on the first rows only, so that checking 100,000 unions costs no more than 500.
  const sample = sampleLedger(ledger, CHECK_SAMPLE_ROWS);
  const stats = quarterlyStats(sample, quarter, { warnings: settings.warnings, previousRecord: null });
  const date = settings.documentDate ?? quarterRange(quarter).end;
  // A ledger the workspace lacks is the run's concern, not a mistake in the template: `quarterly`
  // says so when asked for a report (a unit without a union ledger still checks clean).
  return errorsOf(composeQuarterly(template, settings, stats, { ledger: sample, date, charts }).diagnostics).filter(
    (d) => d.rule !== 'placeholder-ledger-missing',
  );
}

const CHECK_SAMPLE_ROWS = 500;

function sampleLedger(ledger: Ledger, rows: number): Ledger {
  return {
    problems: ledger.problems && { ...ledger.problems, items: ledger.problems.items.slice(0, rows) },
    immediate: ledger.immediate && { items: ledger.immediate.items.slice(0, rows) },
    unions: ledger.unions && { items: ledger.unions.items.slice(0, rows) },
  };
}
