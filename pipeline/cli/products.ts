/**
 * What a successful run hands the writing step (write.ts), the same shape for the notice
 * (`build`, run.ts) and the quarterly report (`quarterly`, run-quarterly.ts).
 */
import type { ChartRun } from '../chart/index.js';
import type { NoticeSettings } from '../compose/settings.js';
import { lastCompleteQuarter, type IsoDate } from '../dates.js';
import { hasErrors, sheetPlace, type Diagnostic, type Place } from '../diagnostics.js';
import { ledgerTextPlace } from '../compose/notice.js';
import type { Template } from '../compose/template.js';
import type { Ledger, RowOrigin, TextCellField } from '../ledger/schema.js';
import type { Document } from '../document/ast.js';
import * as msg from '../messages.js';
import { TEMPLATE_FILES } from '../read/inputs.js';
import { MANIFEST_FILE } from '../report/manifest.js';
import type { RunLogContext } from '../report/run-log.js';
import { figuresSummary, quarterlySummary } from '../report/summary.js';
import { runPipeline, type RunInput, type RunResult } from '../run.js';
import type { QuarterlyInput, QuarterlyResult } from '../run-quarterly.js';
import { CHARTS_OUTPUT_FOLDER } from './charts.js';
import type { OutputFile } from './outputs.js';

/**
 * What a successful run hands the writing step, the same for the notice and the quarterly
 * report: the files computed without rendering, the document to render (DOCX and PDF), the
 * charts left to draw and where they go, and how to write its run log.
 */
export interface Product {
  files: OutputFile[];
  document: { tree: Document; name: string; settings: NoticeSettings | null; templateName: string } | null;
  charts: ChartRun;
  chartsFolder: string;
  /** The progress phase while it is rendered. */
  phase: string;
  runLogName: string;
  manifestName: string;
  /** The run log's text, given every diagnostic (the run's and the charts' drawn later) and what else it records. */
  runLog(diagnostics: readonly Diagnostic[], context: RunLogContext): string;
  asOf: IsoDate;
  sheets: RunResult['sheets'];
  summary: string[];
  /**
   * Where a character of the document comes from (a ledger cell, a template line), for a warning
   * about it; `labels`: a chart's, so the names charts print (categories, townships…) first.
   */
  placeOf(char: string, prefer?: 'labels'): Place | null;
}

/** A cell of a row by its field (RowOrigin.cells), else the row. */
function cellPlace(origin: RowOrigin, field: TextCellField): Place {
  const place = sheetPlace(origin.file, origin.sheet, origin.row);
  const cell = origin.cells?.[field];
  if (cell) {
    place.column = cell.column;
    place.header = cell.header;
  }
  return place;
}

/** The first cell of a name a chart prints that holds the character: a category (or its 简称), a union's name, township or type. */
function labelPlaceOf(char: string, ledger: Ledger | null): Place | null {
  for (const p of [...(ledger?.problems?.items ?? []), ...(ledger?.immediate?.items ?? [])]) {
    for (const field of ['category', 'shortName', 'subcategory'] as const) if (p[field]?.includes(char)) return cellPlace(p.origin, field);
  }
  for (const u of ledger?.unions?.items ?? []) {
    for (const field of ['township', 'type', 'name'] as const) if (u[field].includes(char)) return cellPlace(u.origin, field);
  }
  return null;
}

/** The first ledger cell or template line that holds the character. */
function placeOfCharacter(char: string, ledger: Ledger | null, template: Template | null, prefer?: 'labels'): Place | null {
  const label = prefer === 'labels' ? labelPlaceOf(char, ledger) : null;
  if (label) return label;
  for (const p of ledger?.problems?.items ?? []) {
    if (p.text.includes(char)) return ledgerTextPlace(p, 'text');
    if (p.measures.some((m) => m.includes(char))) return ledgerTextPlace(p, 'measures');
  }
  const rows = [...(ledger?.problems?.items ?? []), ...(ledger?.immediate?.items ?? [])];
  for (const p of rows) {
    if ([p.category ?? '', p.subcategory ?? '', p.status.written, ...Object.values(p.columns)].some((t) => t.includes(char))) {
      return sheetPlace(p.origin.file, p.origin.sheet, p.origin.row);
    }
  }
  for (const u of ledger?.unions?.items ?? []) {
    if ([u.name, u.township, u.type].some((t) => t.includes(char))) return sheetPlace(u.origin.file, u.origin.sheet, u.origin.row);
  }
  if (template) {
    for (const entry of template.frontMatter) if (entry.value.includes(char)) return { file: template.file, line: entry.line };
    for (const block of template.blocks) {
      const text = block.kind === 'directive' ? [...block.args, ...block.options.map((o) => o.value)].join('') : block.text;
      if (text.includes(char)) return { file: template.file, line: block.line };
    }
  }
  return null;
}

/** A run's diagnostics and summary, its product when it has no errors, and the run itself (the page shows its sheets and figures). */
export type Ran = { diagnostics: Diagnostic[]; summary: string[]; product: Product | null; notice?: RunResult; quarterly?: QuarterlyResult };

/** `build` and `check`: the notice, stats.json and the charts (run.ts). */
export async function noticeProduct(input: RunInput): Promise<Ran> {
  const result = await runPipeline(input);
  const summary = result.stats ? figuresSummary(result.stats) : [];
  if (!result.stats) return { diagnostics: result.diagnostics, summary, product: null, notice: result };
  const { composeRunLog } = await import('../report/run-log.js');
  return {
    diagnostics: result.diagnostics,
    summary,
    notice: result,
    product: {
      files: [{ path: 'stats.json', contents: `${JSON.stringify(result.stats, null, 2)}\n` }],
      document: result.notice
        ? { tree: result.notice, name: 'notice', settings: result.noticeSettings, templateName: result.plan.templates.notice ?? TEMPLATE_FILES.notice }
        : null,
      charts: result.charts,
      chartsFolder: CHARTS_OUTPUT_FOLDER,
      phase: msg.progress.compose,
      runLogName: 'run-log.md',
      manifestName: MANIFEST_FILE,
      runLog: (diagnostics, context) => composeRunLog({ ...result, diagnostics }, context),
      asOf: result.asOf,
      sheets: result.sheets,
      summary,
      placeOf: (char, prefer) => placeOfCharacter(char, result.ledger, result.noticeTemplate, prefer),
    },
  };
}

/**
 * `check`: the notice's run, and the quarterly template's errors when the workspace has one
 * (run-quarterly.ts quarterlyTemplateErrors), composed for the last quarter ended by `today` on
 * the ledger just read. Skipped when the ledgers have errors, which the notice's run reports.
 */
export async function checkedProduct(input: RunInput & { today: IsoDate }): Promise<Ran> {
  const ran = await noticeProduct(input);
  const result = ran.notice;
  if (!result?.ledger || !result.plan.templates.quarterly) return ran;
  const { quarterlyTemplateErrors } = await import('../run-quarterly.js');
  const errors = quarterlyTemplateErrors(result.plan, input.bytesOf, result.ledger, lastCompleteQuarter(input.today), result.charts.catalog);
  return errors.length === 0 ? ran : { ...ran, diagnostics: [...ran.diagnostics, ...errors] };
}

/** `quarterly`: the quarter's workbook, report and charts (run-quarterly.ts), beside build's files. */
export async function quarterlyProduct(input: QuarterlyInput): Promise<Ran> {
  const { runQuarterly } = await import('../run-quarterly.js');
  const result = await runQuarterly(input);
  const stats = result.stats;
  if (hasErrors(result.diagnostics) || !result.workbook || !stats) return { diagnostics: result.diagnostics, summary: [], product: null, quarterly: result };
  const base = `quarterly-${result.quarter}`;
  const [{ renderXlsx }, { composeQuarterlyRunLog }] = await Promise.all([import('../render/xlsx/index.js'), import('../report/run-log.js')]);
  const summary = quarterlySummary(stats);
  return {
    diagnostics: result.diagnostics,
    summary,
    quarterly: result,
    product: {
      files: [{ path: `${base}.xlsx`, contents: await renderXlsx(result.workbook) }],
      document: result.report
        ? { tree: result.report, name: base, settings: result.settings, templateName: result.plan.templates.quarterly ?? TEMPLATE_FILES.quarterly }
        : null,
      charts: result.charts,
      // The quarter's charts go to charts/<quarter>/, leaving build's charts alone.
      chartsFolder: `${CHARTS_OUTPUT_FOLDER}/${result.quarter}`,
      phase: msg.progress.report,
      runLogName: `${base}.run-log.md`,
      manifestName: `${base}.manifest.json`,
      runLog: (diagnostics, context) => composeQuarterlyRunLog({ ...result, diagnostics }, context),
      asOf: result.asOf,
      sheets: result.sheets,
      summary,
      placeOf: (char, prefer) => placeOfCharacter(char, result.ledger, null, prefer),
    },
  };
}
