/**
 * Figures of the rectification and 立行立改 ledgers. Statuses are the ledger's current state:
 * the as-of date never moves a problem between classes; it only decides what is overdue.
 */
import type { IsoDate } from '../dates.js';
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
  /** numbers of problems whose deadline is before the as-of date and that are not completed */
  overdue: number[];
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
  return {
    categories: problems.categories.length,
    ...countClasses(problems.items),
    overdue: problems.items
      .filter((p) => isOverdue(p, asOf))
      .map((p) => p.number)
      .sort((a, b) => a - b),
    byCategory,
  };
}

export function immediateStats(immediate: NonNullable<Ledger['immediate']>): ClassCounts {
  return countClasses(immediate.items);
}
