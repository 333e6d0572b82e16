/**
 * Figures of the grassroots-union ledger at the as-of date: a check or audit counts once it
 * is dated on or before that day; a planned audit counts whatever its date.
 */
import type { IsoDate } from '../dates.js';
import type { Ledger, Union } from '../ledger/schema.js';

export interface GroupCoverage {
  name: string;
  total: number;
  checked: number;
  planned: number;
  audited: number;
  /** audited / total */
  coverage: number | null;
}

export interface UnionStats {
  total: number;
  checked: number;
  plannedAudits: number;
  audited: number;
  coverage: number | null;
  supervisedCoverage: number | null;
  byTownship: GroupCoverage[];
  byType: GroupCoverage[];
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export const isChecked = (u: Union, asOf: IsoDate): boolean => u.checkedOn !== null && u.checkedOn <= asOf;
export const isAudited = (u: Union, asOf: IsoDate): boolean => u.auditedOn !== null && u.auditedOn <= asOf;
export const isPlanned = (u: Union): boolean => u.plannedAudit !== null;

/** Groups in order of first appearance in the ledger. */
function groupBy(unions: readonly Union[], key: (u: Union) => string, asOf: IsoDate): GroupCoverage[] {
  const groups = new Map<string, Union[]>();
  for (const u of unions) {
    const k = key(u);
    const list = groups.get(k);
    if (list) list.push(u);
    else groups.set(k, [u]);
  }
  return [...groups].map(([name, members]) => {
    const audited = members.filter((u) => isAudited(u, asOf)).length;
    return {
      name,
      total: members.length,
      checked: members.filter((u) => isChecked(u, asOf)).length,
      planned: members.filter(isPlanned).length,
      audited,
      coverage: ratio(audited, members.length),
    };
  });
}

export function unionStats(unions: NonNullable<Ledger['unions']>, asOf: IsoDate): UnionStats {
  const items = unions.items;
  const audited = items.filter((u) => isAudited(u, asOf)).length;
  const supervised = items.filter((u) => isChecked(u, asOf) || isAudited(u, asOf)).length;
  return {
    total: items.length,
    checked: items.filter((u) => isChecked(u, asOf)).length,
    plannedAudits: items.filter(isPlanned).length,
    audited,
    coverage: ratio(audited, items.length),
    supervisedCoverage: ratio(supervised, items.length),
    byTownship: groupBy(items, (u) => u.township, asOf),
    byType: groupBy(items, (u) => u.type, asOf),
  };
}
