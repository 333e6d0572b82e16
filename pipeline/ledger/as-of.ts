/**
 * What the ledger says against the as-of date: completions dated after it contradict the
 * document's date (a warning), and completed problems without a date belong to no quarter
 * (listed in the run log). Also the union ledger's dates against each other: an audit dated
 * before the union's check (a warning).
 */
import type { IsoDate } from '../dates.js';
import { sheetPlace, type Diagnostic, type Place } from '../diagnostics.js';
import * as msg from '../messages.js';
import type { ImmediateProblem, Ledger, Problem, RowOrigin } from './schema.js';

/** Where a run's as-of date came from: `--as-of`, the template's document date, or today. */
export type AsOfSource = 'option' | 'template' | 'today';

const rowPlace = (origin: RowOrigin): Place => sheetPlace(origin.file, origin.sheet, origin.row);

function allProblems(ledger: Ledger): (Problem | ImmediateProblem)[] {
  return [...(ledger.problems?.items ?? []), ...(ledger.immediate?.items ?? [])];
}

export function asOfDiagnostics(ledger: Ledger, asOf: IsoDate): Diagnostic[] {
  return allProblems(ledger)
    .filter((p) => p.completedOn !== null && p.completedOn > asOf)
    .map((p) => msg.completedAfterAsOf(rowPlace(p.origin), p.completedOn as string, asOf));
}

/**
 * A union audited before its financial check: the ledger contradicts itself (a typo in a year,
 * most often), but both dates may be right, so a warning naming the row, not an error. Whatever
 * the as-of date: it is the two dates that disagree.
 */
export function unionDateDiagnostics(ledger: Ledger): Diagnostic[] {
  return (ledger.unions?.items ?? [])
    .filter((u) => u.auditedOn !== null && u.checkedOn !== null && u.auditedOn < u.checkedOn)
    .map((u) => msg.auditBeforeCheck(rowPlace(u.origin), u.name, u.auditedOn as string, u.checkedOn as string));
}

/** Completed problems with no completion date: counted as completed, in no quarter. */
export function completedWithoutDate(ledger: Ledger): (Problem | ImmediateProblem)[] {
  return allProblems(ledger).filter((p) => p.status.class === 'completed' && p.completedOn === null);
}
