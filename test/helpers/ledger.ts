/** Ledgers built directly as data, for compose and stats tests that need no workbook. */
import type { IsoDate } from '../../pipeline/dates.js';
import type { Category, Deadline, ImmediateProblem, Ledger, Problem, StatusClass } from '../../pipeline/ledger/schema.js';

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
    origin: { file: '台账.xlsx', sheet: '整改台账', row: number + 2 },
  };
}

export const dated = (date: string): Deadline => ({ kind: 'date', date: date as IsoDate, written: '' });
export const longTerm: Deadline = { kind: 'longTerm', written: '长期坚持' };

export function ledgerOf(items: Problem[], immediate: ImmediateProblem[] | null = null): Ledger {
  const categories: Category[] = [];
  for (const p of items) if (!categories.some((c) => c.name === p.category)) categories.push({ name: p.category, shortName: null });
  return { problems: { categories, items }, immediate: immediate ? { items: immediate } : null, unions: null };
}
