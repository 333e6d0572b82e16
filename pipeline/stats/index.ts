/**
 * `stats.json`: every figure, computed from the ledger at the as-of date. A ledger kind that
 * is absent is null, never zeros, so "no data" cannot be read as "none done".
 */
import type { IsoDate } from '../dates.js';
import type { Ledger } from '../ledger/schema.js';
import { unionStats, type CoverageOptions, type UnionStats } from './coverage.js';
import { immediateStats, problemStats, type ClassCounts, type ProblemStats } from './rectification.js';

export interface Stats {
  asOf: IsoDate;
  problems: ProblemStats | null;
  immediate: ClassCounts | null;
  unions: UnionStats | null;
}

/** `options` carries the template settings the figures depend on (the audit target). */
export function computeStats(ledger: Ledger, asOf: IsoDate, options: CoverageOptions = {}): Stats {
  return {
    asOf,
    problems: ledger.problems ? problemStats(ledger.problems, asOf) : null,
    immediate: ledger.immediate ? immediateStats(ledger.immediate) : null,
    unions: ledger.unions ? unionStats(ledger.unions, asOf, options) : null,
  };
}
