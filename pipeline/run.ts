/**
 * The phase chain, in the one direction data flows:
 *
 *   1. plan     — from the inputs folder's file names: which files are ledgers, which the template
 *   2. template — parse notice.md and its settings (compose/template.ts, settings.ts); its 状态词
 *                 are the unit's own status words, which the ledger may hold
 *   3. read     — xlsx/csv bytes → RawSheet[] with every cell and merge (read/)
 *   4. ledger   — recognise sheets by their headers, validate and type every row (ledger/)
 *   5. as-of    — fix the counting date (--as-of, else the document date, else today with a
 *                 warning) and check the ledger's dates against it and each other (ledger/as-of.ts)
 *   6. stats    — pure figures at the as-of date (stats/)
 *   7. charts   — the chart specs the CLI read get the ledger's and figures' datasets; for
 *                 `build`, those the notice places are drawn (SVG and PNG, in the font the CLI
 *                 found), the rest handed back for the CLI to draw while it writes (chart/)
 *   8. compose  — template + ledger + figures (+ charts) → the notice as a document tree (compose/notice.ts)
 *
 * Rendering the tree (DOCX, PDF) is left to the caller. No phase touches the file system (but
 * resvg, which reads the chart font's file by the path the CLI gives), the
 * clock or the environment: the CLI hands in the file names, a way to get their bytes, the
 * as-of date it was given and today's date. Errors in any phase are collected, not thrown, so
 * one run reports all of them; nothing is computed from inputs that have errors.
 */
import type { IsoDate } from './dates.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import type { Document } from './document/ast.js';
import { NO_CHART_RUN, runCharts, type ChartInput, type ChartRun } from './chart/index.js';
import { placedCharts } from './compose/figure.js';
import { composeNotice } from './compose/notice.js';
import { unfilledMarkers } from './compose/markers.js';
import { readSettings, type NoticeSettings } from './compose/settings.js';
import { parseTemplate, type Template } from './compose/template.js';
import { asOfDiagnostics, unionDateDiagnostics, type AsOfSource } from './ledger/as-of.js';
import type { Ledger } from './ledger/schema.js';
import { withUnitWords } from './ledger/cells.js';
import { buildLedger, type SheetReport } from './ledger/validate.js';
import * as msg from './messages.js';
import type { RawSheet } from './read/table.js';
import { planInputs, readLedgerFiles, TEMPLATE_FILES, type BytesOf, type InputPlan, type TemplateKind } from './read/inputs.js';
import { computeStats, type Stats } from './stats/index.js';

export interface RunInput {
  /** The inputs folder as the user named it (for messages). */
  inputsFolder: string;
  /** Names of the files directly in the inputs folder. */
  fileNames: readonly string[];
  /** A file's bytes, or `{ error: code }` when it cannot be read (locked, no permission, gone). */
  bytesOf: BytesOf;
  /** `--as-of`, when given. */
  asOf: IsoDate | null;
  /** Today in local time: the as-of date when neither `--as-of` nor a document date is given. */
  today: IsoDate;
  /** The chart specs (charts/*.vl.json) and, for `build`, how to draw them; absent: no charts. */
  charts?: ChartInput;
}

export interface RunResult {
  plan: InputPlan;
  fileNotes: { name: string; note: string }[];
  sheets: SheetReport[];
  /** The sheets as read, every cell with its place (the page shows a ledger row beside its error). */
  rawSheets: RawSheet[];
  ledger: Ledger | null;
  asOf: IsoDate;
  asOfSource: AsOfSource;
  diagnostics: Diagnostic[];
  /** null when the inputs have errors: nothing is computed from a ledger that failed. */
  stats: Stats | null;
  /** The notice, when the inputs hold its template and nothing has errors. */
  notice: Document | null;
  /** The notice template's settings (the PDF's font files among them), when it was read. */
  noticeSettings: NoticeSettings | null;
  /** The notice template as parsed, when it was read: the run log traces each placeholder it uses. */
  noticeTemplate: Template | null;
  /**
   * The charts: those the notice places are drawn before compose; the rest (`toDraw`) are left
   * to the caller, which draws them while it writes the documents (outputs/charts/).
   */
  charts: ChartRun;
}

/** A template (the notice's by default); null when the inputs hold none; `unreadable` when its file cannot be read. */
export function readTemplate(
  plan: InputPlan,
  bytesOf: BytesOf,
  kind: TemplateKind = 'notice',
): { template: Template; settings: NoticeSettings; diagnostics: Diagnostic[] } | { unreadable: Diagnostic } | null {
  const name = plan.templates[kind];
  if (!name) return null;
  const bytes = bytesOf(name);
  if ('error' in bytes) return { unreadable: msg.unreadableFile(name, bytes.error) };
  if (bytes.byteLength > msg.TEMPLATE_LIMIT_KB * 1024) return { unreadable: msg.templateTooLarge(name) };
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Saved as GBK (记事本's ANSI on Chinese Windows) or UTF-16: one clear error, not garbled ones.
    return { unreadable: msg.templateNotUtf8(name) };
  }
  const parsed = parseTemplate(name, source);
  const settings = readSettings(parsed.template);
  // Fill-in markers (`【发文机关】`) that `tongbao init` left and staff have not replaced yet: warnings.
  const markers = unfilledMarkers(name, source);
  return { template: parsed.template, settings: settings.settings, diagnostics: [...parsed.diagnostics, ...settings.diagnostics, ...markers] };
}

/**
 * Phases 2–3, shared by the notice and the quarterly report: read the ledger files and build
 * the ledger, whose status cells may hold the built-in words and the unit's own (`unitWords`,
 * the notice template's 状态词).
 */
export async function readLedgers(plan: InputPlan, bytesOf: BytesOf, unitWords: NoticeSettings['statusWords'] = {}) {
  const read = await readLedgerFiles(plan.ledgers, bytesOf);
  const ledgerResult = buildLedger(read.sheets, withUnitWords(unitWords));
  return { read, ledgerResult, diagnostics: [...plan.diagnostics, ...read.diagnostics, ...ledgerResult.diagnostics] };
}

export async function runPipeline(input: RunInput): Promise<RunResult> {
  const plan = planInputs(input.inputsFolder, input.fileNames);
  // The template first: its 状态词 decide which status words the ledger may hold.
  const templateRead = readTemplate(plan, input.bytesOf);
  const unitWords = templateRead && !('unreadable' in templateRead) ? templateRead.settings.statusWords : {};
  const { read, ledgerResult, diagnostics: readDiagnostics } = await readLedgers(plan, input.bytesOf, unitWords);
  const notice = templateRead && 'unreadable' in templateRead ? null : templateRead;
  const diagnostics = [...readDiagnostics, ...(notice?.diagnostics ?? [])];
  if (templateRead && 'unreadable' in templateRead) diagnostics.push(templateRead.unreadable);
  else if (!notice) diagnostics.push(msg.templateMissing(TEMPLATE_FILES.notice));

  const documentDate = notice?.settings.documentDate ?? null;
  const asOfSource: AsOfSource = input.asOf ? 'option' : documentDate ? 'template' : 'today';
  const asOf = input.asOf ?? documentDate ?? input.today;
  if (asOfSource === 'today') diagnostics.push(msg.asOfIsToday(asOf));

  const result: RunResult = {
    plan,
    fileNotes: read.notes,
    sheets: ledgerResult.sheets,
    rawSheets: read.sheets,
    ledger: null,
    asOf,
    asOfSource,
    diagnostics,
    stats: null,
    notice: null,
    noticeSettings: notice?.settings ?? null,
    noticeTemplate: notice?.template ?? null,
    charts: NO_CHART_RUN,
  };
  if (hasErrors(diagnostics)) return result;

  diagnostics.push(...asOfDiagnostics(ledgerResult.ledger, asOf), ...unionDateDiagnostics(ledgerResult.ledger));
  const stats = computeStats(ledgerResult.ledger, asOf, { auditTarget: notice?.settings.auditTarget ?? null });
  // Charts before compose, which may place them; a broken spec is an input error like any other.
  const placed = notice ? placedCharts(notice.template) : [];
  const charts = input.charts ? await runCharts(input.charts, ledgerResult.ledger, stats, notice?.settings ?? null, placed) : null;
  if (charts) diagnostics.push(...charts.diagnostics);
  if (notice) {
    const composed = composeNotice(notice.template, notice.settings, ledgerResult.ledger, stats, charts?.catalog ?? null);
    diagnostics.push(...composed.diagnostics);
    if (hasErrors(composed.diagnostics)) return result;
    result.notice = composed.document;
  }
  if (charts && hasErrors(charts.diagnostics)) return { ...result, notice: null };
  return { ...result, ledger: ledgerResult.ledger, stats, charts: charts ?? NO_CHART_RUN };
}
