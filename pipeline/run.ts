/**
 * The phase chain, in the one direction data flows:
 *
 *   1. plan   — from the inputs folder's file names, which files are ledgers (read/inputs.ts)
 *   2. read   — xlsx/csv bytes → RawSheet[] with every cell and merge (read/)
 *   3. ledger — recognise sheets by their headers, validate and type every row (ledger/)
 *   4. as-of  — fix the counting date and check the ledger against it (ledger/as-of.ts)
 *   5. stats  — pure figures at the as-of date (stats/)
 *
 * No phase touches the file system, the clock or the environment: the CLI hands in the
 * file names, a way to get their bytes, the as-of date it was given and today's date.
 * Errors in any phase are collected, not thrown, so one run reports all of them.
 */
import type { IsoDate } from './dates.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { asOfDiagnostics } from './ledger/as-of.js';
import type { Ledger } from './ledger/schema.js';
import { buildLedger, type SheetReport } from './ledger/validate.js';
import * as msg from './messages.js';
import { planInputs, readLedgerFiles, type InputPlan } from './read/inputs.js';
import { computeStats, type Stats } from './stats/index.js';

export interface RunInput {
  /** The inputs folder as the user named it (for messages). */
  inputsFolder: string;
  /** Names of the files directly in the inputs folder. */
  fileNames: readonly string[];
  bytesOf: (name: string) => Uint8Array;
  /** `--as-of`, when given. */
  asOf: IsoDate | null;
  /** Today in local time: the as-of date when none is given. */
  today: IsoDate;
}

export type AsOfSource = 'option' | 'today';

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
}

export async function runPipeline(input: RunInput): Promise<RunResult> {
  const plan = planInputs(input.inputsFolder, input.fileNames);
  const read = await readLedgerFiles(plan.ledgers, input.bytesOf);
  const ledgerResult = buildLedger(read.sheets);
  const diagnostics = [...plan.diagnostics, ...read.diagnostics, ...ledgerResult.diagnostics];

  const asOfSource: AsOfSource = input.asOf ? 'option' : 'today';
  const asOf = input.asOf ?? input.today;
  if (asOfSource === 'today') diagnostics.push(msg.asOfIsToday(asOf));

  const failed = hasErrors(diagnostics);
  if (!failed) diagnostics.push(...asOfDiagnostics(ledgerResult.ledger, asOf));
  return {
    plan,
    fileNotes: read.notes,
    sheets: ledgerResult.sheets,
    ledger: failed ? null : ledgerResult.ledger,
    asOf,
    asOfSource,
    diagnostics,
    stats: failed ? null : computeStats(ledgerResult.ledger, asOf),
  };
}
