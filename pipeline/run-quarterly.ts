/**
 * The quarterly report's phase chain: plan, read and ledger as for the notice (run.ts), then
 * the quarter's figures at its last day (stats/quarterly.ts) and the workbook (compose/
 * quarterly-workbook.ts), and the report composed from `quarterly.md` (compose/quarterly.ts).
 * Without that template only the workbook is made, with a warning.
 */
import { quarterRange, type IsoDate, type Quarter } from './dates.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { composeQuarterly } from './compose/quarterly.js';
import { quarterlyWorkbook } from './compose/quarterly-workbook.js';
import type { Document } from './document/ast.js';
import * as msg from './messages.js';
import { readStatusWords, type NoticeSettings } from './compose/settings.js';
import { unionDateDiagnostics } from './ledger/as-of.js';
import type { Ledger } from './ledger/schema.js';
import type { SheetReport } from './ledger/validate.js';
import type { RawSheet } from './read/table.js';
import { planInputs, TEMPLATE_FILES, type InputPlan } from './read/inputs.js';
import type { WorkbookModel } from './document/workbook.js';
import { readLedgers, readTemplate, type RunInput } from './run.js';
import { quarterlyStats, type QuarterlyStats } from './stats/quarterly.js';
import { computeStats } from './stats/index.js';
import { NO_CHART_RUN, runCharts, type ChartRun } from './chart/index.js';
import { placedCharts } from './compose/figure.js';

export interface QuarterlyInput extends Pick<RunInput, 'inputsFolder' | 'fileNames' | 'bytesOf' | 'charts'> {
  quarter: Quarter;
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
  const result: QuarterlyResult = {
    plan,
    fileNotes: read.notes,
    sheets: ledgerResult.sheets,
    rawSheets: read.sheets,
    quarter: input.quarter,
    asOf: quarterRange(input.quarter).end,
    diagnostics,
    ledger: null,
    stats: null,
    workbook: null,
    settings: template?.settings ?? null,
    report: null,
    charts: NO_CHART_RUN,
  };
  if (hasErrors(diagnostics)) return result;
  diagnostics.push(...unionDateDiagnostics(ledgerResult.ledger));
  const stats = quarterlyStats(ledgerResult.ledger, input.quarter);
  const workbook = quarterlyWorkbook(stats, template?.settings.issuer || 'tongbao');
  // The charts show the figures at the quarter's end.
  const charts = input.charts
    ? await runCharts(
        input.charts,
        ledgerResult.ledger,
        computeStats(ledgerResult.ledger, result.asOf, { auditTarget: template?.settings.auditTarget ?? null }),
        template?.settings ?? null,
        template ? placedCharts(template.template) : [],
      )
    : null;
  if (charts) diagnostics.push(...charts.diagnostics);
  if (template) {
    const composed = composeQuarterly(template.template, template.settings, stats, charts?.catalog ?? null);
    diagnostics.push(...composed.diagnostics);
    if (hasErrors(composed.diagnostics)) return result;
    result.report = composed.document;
  }
  if (charts && hasErrors(charts.diagnostics)) return { ...result, report: null };
  return { ...result, ledger: ledgerResult.ledger, stats, workbook, charts: charts ?? NO_CHART_RUN };
}
