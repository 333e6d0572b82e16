/**
 * Which files in the inputs folder are ledgers, and reading them.
 *
 * The CLI lists the folder and reads bytes; this module decides from names alone what to
 * read and what to skip (Excel's `~$` lock files, hidden files, templates, anything else),
 * then parses the bytes it is given. Files are taken in code-point order of their names, so
 * the order of categories never depends on the file system.
 */
import type { Diagnostic } from '../diagnostics.js';
import * as msg from '../messages.js';
import { readCsv } from './csv.js';
import type { RawSheet } from './table.js';
import { readXlsx } from './xlsx.js';

export type LedgerFormat = 'xlsx' | 'csv';

export interface SkippedFile {
  name: string;
  reason: string;
}

/** Template files recognised by name in the inputs folder. */
export const TEMPLATE_FILES = { notice: 'notice.md', quarterly: 'quarterly.md' } as const;
export type TemplateKind = keyof typeof TEMPLATE_FILES;

export interface InputPlan {
  ledgers: { name: string; format: LedgerFormat }[];
  templates: Partial<Record<TemplateKind, string>>;
  /** Files named but not read, with the reason: for the run log. */
  skipped: SkippedFile[];
  diagnostics: Diagnostic[];
}

const LEGACY_EXTENSIONS = ['.xls', '.et', '.ett', '.xlt'];
/** Spreadsheets of other programs: read as nothing, so an error (a ledger saved so would lose every row). */
const OTHER_SPREADSHEET_EXTENSIONS = ['.ods', '.fods', '.numbers', '.xlsb'];
/** Files that belong in the inputs folder but are not ledgers (templates, keep files). */
const NOT_LEDGER_EXTENSIONS = ['.md', '.txt', '.json', '.docx', '.pdf', '.png', '.svg'];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Decides from the names of the files directly in the inputs folder which to read. */
export function planInputs(folder: string, fileNames: readonly string[]): InputPlan {
  const plan: InputPlan = { ledgers: [], templates: {}, skipped: [], diagnostics: [] };
  const templateKinds = new Map<string, TemplateKind>(Object.entries(TEMPLATE_FILES).map(([kind, file]) => [file, kind as TemplateKind]));
  for (const name of [...fileNames].sort(byCodePoint)) {
    const ext = extensionOf(name);
    if (name.startsWith('~$')) plan.skipped.push({ name, reason: msg.skipReason.lockFile });
    else if (name.startsWith('.')) plan.skipped.push({ name, reason: msg.skipReason.hidden });
    else if (templateKinds.has(name.toLowerCase())) plan.templates[templateKinds.get(name.toLowerCase()) as TemplateKind] = name;
    else if (ext === '.xlsx' || ext === '.xlsm') plan.ledgers.push({ name, format: 'xlsx' });
    else if (ext === '.csv') plan.ledgers.push({ name, format: 'csv' });
    else if (LEGACY_EXTENSIONS.includes(ext)) plan.diagnostics.push(msg.legacyWorkbook(name));
    else if (OTHER_SPREADSHEET_EXTENSIONS.includes(ext)) plan.diagnostics.push(msg.otherSpreadsheet(name, ext));
    else if (NOT_LEDGER_EXTENSIONS.includes(ext)) plan.skipped.push({ name, reason: msg.skipReason.notLedger });
    else plan.skipped.push({ name, reason: msg.skipReason.unknownType });
  }
  if (plan.ledgers.length === 0 && plan.diagnostics.length === 0) plan.diagnostics.push(msg.noLedgerFiles(folder));
  return plan;
}

export interface ReadInputsResult {
  sheets: RawSheet[];
  diagnostics: Diagnostic[];
  /** Per file, how it was decoded (CSV encodings), for the run log. */
  notes: { name: string; note: string }[];
}

/**
 * A file's bytes, or why they could not be read: the errno code (EACCES, EBUSY, ENOENT…)
 * when the file is locked, not readable, or gone between listing the folder and reading it.
 */
export type FileBytes = Uint8Array | { error: string };
export type BytesOf = (name: string) => FileBytes;

/** Parses the planned ledger files; `bytesOf` gives each file's bytes. A file that cannot be read is an error naming it; the others are still read. */
export async function readLedgerFiles(ledgers: InputPlan['ledgers'], bytesOf: BytesOf): Promise<ReadInputsResult> {
  const result: ReadInputsResult = { sheets: [], diagnostics: [], notes: [] };
  for (const { name, format } of ledgers) {
    const bytes = bytesOf(name);
    if ('error' in bytes) {
      result.diagnostics.push(msg.unreadableFile(name, bytes.error));
      continue;
    }
    if (format === 'csv') {
      const read = readCsv(name, bytes);
      result.sheets.push(...read.sheets);
      result.diagnostics.push(...read.diagnostics);
      result.notes.push({ name, note: msg.csvEncodingNote(read.encoding) });
    } else {
      const read = await readXlsx(name, bytes);
      result.sheets.push(...read.sheets);
      result.diagnostics.push(...read.diagnostics);
    }
  }
  return result;
}
