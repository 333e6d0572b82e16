/** Ledgers built directly as data, for compose and stats tests that need no workbook. */
import type { IsoDate } from '../../pipeline/dates.js';
import type { Category, Deadline, ImmediateProblem, Ledger, Problem, StatusClass, Union } from '../../pipeline/ledger/schema.js';

const WRITTEN: Record<StatusClass, string> = { completed: '已完成', staged: '阶段性完成', notCompleted: '未完成' };

export function problem(
  number: number,
  category: string,
  cls: StatusClass,
  extra: { deadline?: Deadline | null; completedOn?: IsoDate | null; measures?: string[]; text?: string; written?: string } = {},
): Problem {
  return {
    number,
    category,
    text: extra.text ?? `问题${number}的表述。`,
    status: { written: extra.written ?? WRITTEN[cls], class: cls },
    measures: extra.measures ?? [`问题${number}的整改措施。`],
    leader: null,
    department: null,
    person: null,
    deadline: extra.deadline ?? null,
    completedOn: extra.completedOn ?? null,
    shortName: null,
    subcategory: null,
    origin: { file: '台账.xlsx', sheet: '整改台账', row: number + 2 },
    columns: {},
  };
}

export const dated = (date: string): Deadline => ({ kind: 'date', date: date as IsoDate, written: '' });
export const longTerm: Deadline = { kind: 'longTerm', written: '长期坚持' };

export function ledgerOf(items: Problem[], immediate: ImmediateProblem[] | null = null): Ledger {
  const categories: Category[] = [];
  for (const p of items) if (!categories.some((c) => c.name === p.category)) categories.push({ name: p.category, shortName: null });
  return { problems: { categories, items }, immediate: immediate ? { items: immediate } : null, unions: null };
}

/** A grassroots union as the ledger model holds it; dates as `YYYY-MM-DD` (a planned month as its last day). */
export function union(
  name: string,
  dates: { checked?: string | null; planned?: string | null; audited?: string | null } = {},
  extra: { township?: string; type?: string } = {},
): Union {
  return {
    name,
    township: extra.township ?? '双江镇',
    type: extra.type ?? '企业',
    members: null,
    checkedOn: (dates.checked ?? null) as IsoDate | null,
    plannedAudit: (dates.planned ?? null) as IsoDate | null,
    auditedOn: (dates.audited ?? null) as IsoDate | null,
    findings: null,
    origin: { file: '基层工会台账.xlsx', sheet: '基层工会', row: 3 },
  };
}

/** A ledger with only a union ledger (rows numbered from 3, under a title and a header row). */
export function unionLedgerOf(items: Union[]): Ledger {
  return { problems: null, immediate: null, unions: { items: items.map((u, i) => ({ ...u, origin: { ...u.origin, row: i + 3 } })) } };
}
