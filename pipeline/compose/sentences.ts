/**
 * Sentences generated from the figures, worded as the reference notice words them.
 */
import { compareSerials } from '../ledger/cells.js';
import type { Deadline, Problem, SerialNumber, StatusClass } from '../ledger/schema.js';
import type { ClassCounts } from '../stats/rectification.js';
import { chineseDeadline } from '../text/zh.js';

const CLAUSES: [StatusClass, string][] = [
  ['completed', '已完成整改'],
  ['staged', '阶段性完成整改'],
  ['notCompleted', '尚未完成整改'],
];

/** 已完成整改39个，阶段性完成整改5个: a clause per class, zero counts left out. */
function classClauses(counts: ClassCounts): string {
  return CLAUSES.filter(([cls]) => counts[cls] > 0)
    .map(([cls, words]) => `${words}${counts[cls]}个`)
    .join('，');
}

/**
 * 截至目前，巡察反馈的14个方面44个具体问题，已完成整改39个，阶段性完成整改5个；巡察移交的12个
 * 立行立改问题，已完成整改12个。 A ledger that is absent or has no rows leaves its half out (never
 * “0个立行立改问题”); with neither, the sentence is empty. `inspection`: 巡察 or 巡视, as the settings say.
 */
export function progressSentence(
  problems: (ClassCounts & { categories: number }) | null,
  immediate: ClassCounts | null,
  inspection: string = DEFAULT_INSPECTION,
): string {
  const halves: string[] = [];
  if (problems && problems.total > 0) {
    halves.push(`${inspection}反馈的${problems.categories}个方面${problems.total}个具体问题，${classClauses(problems)}`);
  }
  if (immediate && immediate.total > 0) {
    halves.push(`${inspection}移交的${immediate.total}个立行立改问题，${classClauses(immediate)}`);
  }
  return halves.length === 0 ? '' : `截至目前，${halves.join('；')}。`;
}

/** What the notice calls the inspection by default (the setting 巡察类别 may say 巡视). */
export const DEFAULT_INSPECTION = '巡察';

type Group = { key: string; deadline: Deadline | null; numbers: SerialNumber[] };

function groupKey(deadline: Deadline | null): string {
  if (!deadline) return 'none';
  return deadline.kind === 'longTerm' ? 'longTerm' : deadline.date;
}

/** Dated groups first, earliest first; then 长期坚持; then problems without a deadline. */
function groupOrder(a: Group, b: Group): number {
  const rank = (g: Group) => (g.key === 'longTerm' ? 1 : g.key === 'none' ? 2 : 0);
  return rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function numbersText(numbers: readonly SerialNumber[], separator: string): string {
  return numbers.join(separator);
}

/** `12、15等2个问题` or `问题14` */
function subject(numbers: readonly SerialNumber[], separator: string): string {
  return numbers.length === 1 ? `问题${numbers[0]}` : `${numbersText(numbers, separator)}等${numbers.length}个问题`;
}

/** 必须在2025年底前完成 / 长期坚持 / 尚未明确完成时限 */
function predicate(deadline: Deadline | null, must: boolean): string {
  if (!deadline) return '尚未明确完成时限';
  if (deadline.kind === 'longTerm') return '长期坚持';
  return `${must ? '必须' : ''}在${chineseDeadline(deadline.date)}完成`;
}

/**
 * The deadlines of a set of problems, every number listed:
 *   one deadline:   12、15、16、19等4个问题必须在2025年底前完成
 *   one exception:  除问题14在2026年底前完成外，其他12.15.16.19等4个问题必须在2025年底前完成
 *   more groups:    each group with its deadline, earliest first, joined by ，
 */
export function deadlineSentence(problems: readonly Problem[], separator: string): string {
  const groups = new Map<string, Group>();
  for (const p of [...problems].sort((a, b) => compareSerials(a.number, b.number))) {
    const key = groupKey(p.deadline);
    const group = groups.get(key);
    if (group) group.numbers.push(p.number);
    else groups.set(key, { key, deadline: p.deadline, numbers: [p.number] });
  }
  const ordered = [...groups.values()].sort(groupOrder);
  if (ordered.length === 0) return '';
  if (ordered.length === 1) {
    const [only] = ordered as [Group];
    return `${subject(only.numbers, separator)}${predicate(only.deadline, true)}`;
  }
  if (ordered.length === 2) {
    const single = ordered.filter((g) => g.numbers.length === 1);
    if (single.length === 1) {
      const exception = single[0] as Group;
      const rest = ordered.find((g) => g !== exception) as Group;
      return `除${subject(exception.numbers, separator)}${predicate(exception.deadline, false)}外，其他${subject(rest.numbers, separator)}${predicate(rest.deadline, true)}`;
    }
  }
  return ordered.map((g) => `${subject(g.numbers, separator)}${predicate(g.deadline, true)}`).join('，');
}
