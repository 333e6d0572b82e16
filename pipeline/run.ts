/**
 * The phase chain, in the one direction data flows:
 *
 *   1. plan     — from the inputs folder's file names: which files are ledgers, which the template
 *   2. read     — xlsx/csv bytes → RawSheet[] with every cell and merge (read/)
 *   3. ledger   — recognise sheets by their headers, validate and type every row (ledger/)
 *   4. template — parse notice.md and its settings (compose/template.ts, settings.ts)
 *   5. as-of    — fix the counting date (--as-of, else the document date, else today with a
 *                 warning) and check the ledger's dates against it and each other (ledger/as-of.ts)
 *   6. stats    — pure figures at the as-of date (stats/)
 *   7. compose  — template + ledger + figures → the notice as a document tree (compose/notice.ts)
 *
 * Rendering the tree (DOCX, PDF) is left to the caller. No phase touches the file system, the
 * clock or the environment: the CLI hands in the file names, a way to get their bytes, the
 * as-of date it was given and today's date. Errors in any phase are collected, not thrown, so
 * one run reports all of them; nothing is computed from inputs that have errors.
 */
import type { IsoDate } from './dates.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import type { Document } from './document/ast.js';
import { composeNotice } from './compose/notice.js';
import { readSettings, type NoticeSettings } from './compose/settings.js';
import { parseTemplate, type Template } from './compose/template.js';
import { asOfDiagnostics, unionDateDiagnostics } from './ledger/as-of.js';
import type { Ledger } from './ledger/schema.js';
import { buildLedger, type SheetReport } from './ledger/validate.js';
import * as msg from './messages.js';
import { planInputs, readLedgerFiles, TEMPLATE_FILES, type BytesOf, type InputPlan } from './read/inputs.js';
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
}

export type AsOfSource = 'option' | 'template' | 'today';

export interface RunResult {
  plan: InputPlan;
  fileNotes: { name: string; note: string }[];
  sheets: SheetReport[];
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
}

/** The notice template; null when the inputs hold none; `unreadable` when its file cannot be read. */
function readNoticeTemplate(
  plan: InputPlan,
  bytesOf: BytesOf,
): { template: Template; settings: NoticeSettings; diagnostics: Diagnostic[] } | { unreadable: Diagnostic } | null {
  const name = plan.templates.notice;
  if (!name) return null;
  const bytes = bytesOf(name);
  if ('error' in bytes) return { unreadable: msg.unreadableFile(name, bytes.error) };
  const source = new TextDecoder('utf-8').decode(bytes);
  const parsed = parseTemplate(name, source);
  const settings = readSettings(parsed.template);
  return { template: parsed.template, settings: settings.settings, diagnostics: [...parsed.diagnostics, ...settings.diagnostics] };
}

export async function runPipeline(input: RunInput): Promise<RunResult> {
  const plan = planInputs(input.inputsFolder, input.fileNames);
  const read = await readLedgerFiles(plan.ledgers, input.bytesOf);
  const ledgerResult = buildLedger(read.sheets);
  const templateRead = readNoticeTemplate(plan, input.bytesOf);
  const notice = templateRead && 'unreadable' in templateRead ? null : templateRead;
  const diagnostics = [...plan.diagnostics, ...read.diagnostics, ...ledgerResult.diagnostics, ...(notice?.diagnostics ?? [])];
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
    ledger: null,
    asOf,
    asOfSource,
    diagnostics,
    stats: null,
    notice: null,
    noticeSettings: notice?.settings ?? null,
  };
  if (hasErrors(diagnostics)) return result;

  diagnostics.push(...asOfDiagnostics(ledgerResult.ledger, asOf), ...unionDateDiagnostics(ledgerResult.ledger));
  const stats = computeStats(ledgerResult.ledger, asOf, { auditTarget: notice?.settings.auditTarget ?? null });
  if (notice) {
    const composed = composeNotice(notice.template, notice.settings, ledgerResult.ledger, stats);
    diagnostics.push(...composed.diagnostics);
    if (hasErrors(composed.diagnostics)) return result;
    result.notice = composed.document;
  }
  return { ...result, ledger: ledgerResult.ledger, stats };
}
