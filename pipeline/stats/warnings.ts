/**
 * Warning colours (预警): every problem gets the colour of the first rule it meets, in the order
 * of urgency below, whatever order the settings list the colours in:
 *
 *   completed        已完成             the problem is completed at the counting date
 *   overdue          逾期               open, its deadline before the counting date
 *   dueWithin N      N日内到期           open, its deadline within N days from the counting date
 *                                       (the smallest N first, so 10日内 wins over 20日内)
 *   behindSchedule   未达序时进度         open, still 未完成 (not even 阶段性完成), and half the time
 *                                       from the start of rectification (反馈日期) to its deadline gone
 *   longTerm         长期坚持            open, its deadline 长期坚持
 *   otherOpen        其余               every other open problem
 *
 * A scheme that has a colour for `otherOpen` colours every open problem. The scheme is data (the
 * template's settings read it, compose/settings.ts); the words a legend prints are compose's.
 */
import { addDays, daysBetween, type IsoDate } from '../dates.js';
import type { Problem, StatusClass } from '../ledger/schema.js';

export type WarningRule =
  | { kind: 'completed' }
  | { kind: 'overdue' }
  | { kind: 'dueWithin'; days: number }
  | { kind: 'behindSchedule' }
  | { kind: 'longTerm' }
  | { kind: 'otherOpen' };

export interface WarningColour {
  /** the colour as the unit names it: 红色, 红, 黄灯 */
  word: string;
  /** the shade behind a cell of this colour, RGB hex (`FF7C80`) */
  fill: string;
  rules: WarningRule[];
}

export interface WarningScheme {
  colours: WarningColour[];
  /** the start of rectification (反馈日期), which `behindSchedule` measures time from */
  start: IsoDate | null;
}

/** The colour a problem has at a date, with the rule that gave it. */
export interface Warning {
  /** index into the scheme's colours */
  colour: number;
  rule: WarningRule;
}

const URGENCY: Record<WarningRule['kind'], number> = { completed: 0, overdue: 1, dueWithin: 2, behindSchedule: 3, longTerm: 4, otherOpen: 5 };

/** The rules of a scheme in the order they are tried, each with its colour. */
function rulesByUrgency(scheme: WarningScheme): { rule: WarningRule; colour: number }[] {
  const rules = scheme.colours.flatMap((c, colour) => c.rules.map((rule) => ({ rule, colour })));
  return rules.sort(
    (a, b) => URGENCY[a.rule.kind] - URGENCY[b.rule.kind] || (a.rule.kind === 'dueWithin' && b.rule.kind === 'dueWithin' ? a.rule.days - b.rule.days : 0),
  );
}

function meets(rule: WarningRule, p: Problem, cls: StatusClass, date: IsoDate, start: IsoDate | null): boolean {
  if (rule.kind === 'completed') return cls === 'completed';
  if (cls === 'completed') return false;
  const deadline = p.deadline;
  switch (rule.kind) {
    case 'overdue':
      return deadline?.kind === 'date' && deadline.date < date;
    case 'dueWithin':
      return deadline?.kind === 'date' && deadline.date >= date && deadline.date <= addDays(date, rule.days);
    case 'behindSchedule':
      if (cls !== 'notCompleted' || deadline?.kind !== 'date' || start === null || deadline.date < date || deadline.date <= start) return false;
      return daysBetween(start, date) * 2 >= daysBetween(start, deadline.date);
    case 'longTerm':
      return deadline?.kind === 'longTerm';
    case 'otherOpen':
      return true;
  }
}

/**
 * The warning of each problem at `date`, given its status class at that date (`classAt`: the
 * notice takes the ledger's status, the quarterly report the status at the quarter's end); null
 * where no rule of the scheme applies.
 */
export function warningsAt(
  problems: readonly Problem[],
  date: IsoDate,
  scheme: WarningScheme,
  classAt: (p: Problem) => StatusClass = (p) => p.status.class,
): (Warning | null)[] {
  const rules = rulesByUrgency(scheme);
  return problems.map((p) => {
    const cls = classAt(p);
    const hit = rules.find(({ rule }) => meets(rule, p, cls, date, scheme.start));
    return hit ? { colour: hit.colour, rule: hit.rule } : null;
  });
}

/** Whether a rule is a warning about time (overdue, due soon, behind schedule): what a table of problems due lists. */
export const isDueRule = (rule: WarningRule): boolean => rule.kind === 'overdue' || rule.kind === 'dueWithin' || rule.kind === 'behindSchedule';

/** Colour words and their shades; a unit's word is matched by the first of these characters it holds. */
export const COLOUR_FILLS: Readonly<Record<string, string>> = {
  红: 'FF7C80',
  橙: 'F4B183',
  黄: 'FFE699',
  绿: '92D050',
  青: '9FE2DF',
  蓝: '9DC3E6',
  紫: 'C9A6E4',
  灰: 'D9D9D9',
};

/** The shade of a colour word (红色, 黄灯, 蓝), or null when it names none of COLOUR_FILLS. */
export function colourFill(word: string): string | null {
  for (const char of word) {
    const fill = COLOUR_FILLS[char];
    if (fill) return fill;
  }
  return null;
}

/** Today's four colours: green completed, red overdue, yellow due within 30 days (and every other open problem), blue 长期坚持. */
export const DEFAULT_WARNINGS: WarningScheme = {
  colours: [
    { word: '绿色', fill: COLOUR_FILLS.绿 as string, rules: [{ kind: 'completed' }] },
    { word: '蓝色', fill: COLOUR_FILLS.蓝 as string, rules: [{ kind: 'longTerm' }] },
    { word: '红色', fill: COLOUR_FILLS.红 as string, rules: [{ kind: 'overdue' }] },
    { word: '黄色', fill: COLOUR_FILLS.黄 as string, rules: [{ kind: 'dueWithin', days: 30 }, { kind: 'otherOpen' }] },
  ],
  start: null,
};
