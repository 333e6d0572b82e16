/**
 * Figures of the rectification and 立行立改 ledgers. Statuses are the ledger's current state:
 * the as-of date never moves a problem between classes; it only decides what is overdue.
 */
import type { IsoDate } from '../dates.js';
import { compareSerials } from '../ledger/cells.js';
import type { ImmediateProblem, Ledger, Problem, StatusClass } from '../ledger/schema.js';

export interface ClassCounts {
  total: number;
  completed: number;
  staged: number;
  notCompleted: number;
}

export interface CategoryStats extends ClassCounts {
  category: string;
}

export interface ProblemStats extends ClassCounts {
  categories: number;
  /**
   * 序号 of the problems whose deadline is before the as-of date and that are not completed:
   * integers when every 序号 of the ledger is an integer, else every one as its label (`1-2`, `3`).
   */
  overdue: number[] | string[];
  /** completed ÷ total (立行立改 not included); null when there are no problems */
  completionRate: number | null;
  byCategory: CategoryStats[];
}

export function countClasses(items: readonly { status: { class: StatusClass } }[]): ClassCounts {
  const counts: ClassCounts = { total: items.length, completed: 0, staged: 0, notCompleted: 0 };
  for (const item of items) counts[item.status.class]++;
  return counts;
}

export function isOverdue(problem: Problem | ImmediateProblem, asOf: IsoDate): boolean {
  return problem.status.class !== 'completed' && problem.deadline?.kind === 'date' && problem.deadline.date < asOf;
}

export function problemStats(problems: NonNullable<Ledger['problems']>, asOf: IsoDate): ProblemStats {
  const byCategory = problems.categories.map((c) => ({
    category: c.name,
    ...countClasses(problems.items.filter((p) => p.category === c.name)),
  }));
  const counts = countClasses(problems.items);
  const overdue = problems.items
    .filter((p) => isOverdue(p, asOf))
    .map((p) => p.number)
    .sort(compareSerials);
  const allIntegers = problems.items.every((p) => typeof p.number === 'number');
  return {
    categories: problems.categories.length,
    ...counts,
    overdue: allIntegers ? (overdue as number[]) : overdue.map(String),
    completionRate: counts.total > 0 ? counts.completed / counts.total : null,
    byCategory,
  };
}

export function immediateStats(immediate: NonNullable<Ledger['immediate']>): ClassCounts {
  return countClasses(immediate.items);
}
