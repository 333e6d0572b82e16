/**
 * Placeholders: `{{名称}}` or `{{名称 参数}}` in the template's prose (and in ledger text).
 * Every number in the prose comes from here, so it always agrees with the ledgers.
 */
import { isoDate, lastDayOfMonth, type IsoDate } from '../dates.js';
import type { Diagnostic, Place } from '../diagnostics.js';
import type { Ledger, Union } from '../ledger/schema.js';
import * as msg from '../messages.js';
import type { Stats } from '../stats/index.js';
import { normalizeWord } from '../ledger/headers.js';
import { DEFAULT_INSPECTION, deadlineSentence, progressSentence } from './sentences.js';
import type { NoticeSettings } from './settings.js';
import { findPlaceholders } from './template.js';
import { chineseDate, chinesePeriod, fullWidthPunctuation, percentText } from '../text/zh.js';

export interface PlaceholderContext {
  ledger: Ledger;
  stats: Stats;
  settings: NoticeSettings | null;
}

export type Result = { ok: true; text: string } | { ok: false; diagnostic: (place: Place, raw: string) => Diagnostic };

export const ok = (text: string | number): Result => ({ ok: true, text: String(text) });
export const fail = (make: (place: Place, raw: string) => Diagnostic): Result => ({ ok: false, diagnostic: make });

/** A period argument: `2024-10` or `2024年10月` (a month), `2025Q3` (a quarter), `2025` (a year). */
export function parsePeriod(arg: string): { from: IsoDate; to: IsoDate } | null {
  const word = arg.normalize('NFKC').trim();
  let m = /^(\d{4})(?:-|年)(\d{1,2})月?$/u.exec(word);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return { from: isoDate(year, month, 1) as IsoDate, to: lastDayOfMonth(year, month) };
  }
  m = /^(\d{4})-?Q([1-4])$/iu.exec(word);
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    return { from: isoDate(year, q * 3 - 2, 1) as IsoDate, to: lastDayOfMonth(year, q * 3) };
  }
  m = /^(\d{4})年?$/u.exec(word);
  if (m) return { from: isoDate(Number(m[1]), 1, 1) as IsoDate, to: isoDate(Number(m[1]), 12, 31) as IsoDate };
  return null;
}

type Resolver = (args: string[], ctx: PlaceholderContext) => Result;

const needs = (kind: 'problems' | 'immediate' | 'unions') => fail((place, raw) => msg.placeholderNeedsLedger(place, raw, kind));

/**
 * A count of the rectification ledger; with a 方面 as its argument (`{{已完成数 党的建设}}`),
 * counted within that 方面.
 */
function problemCount(key: 'total' | 'completed' | 'staged' | 'notCompleted'): Resolver {
  return (args, { ledger, stats }) => {
    if (!stats.problems || !ledger.problems) return needs('problems');
    if (args.length === 0) return ok(stats.problems[key]);
    const name = normalizeWord(args.join(''));
    const category = stats.problems.byCategory.find((c) => normalizeWord(c.category) === name);
    if (!category) return fail((place, raw) => msg.placeholderUnknownCategory(place, raw, stats.problems?.byCategory.map((c) => c.category) ?? []));
    return ok(category[key]);
  };
}

/** `{{整改结果数 已销号}}`: problems whose 整改结果 is written so (the unit's own words too). */
const statusWordCount: Resolver = (args, { ledger }) => {
  if (!ledger.problems) return needs('problems');
  if (args.length === 0) return fail((place, raw) => msg.placeholderBadArgument(place, raw, ['整改结果的写法，如 已销号']));
  const word = normalizeWord(args.join(''));
  return ok(ledger.problems.items.filter((p) => normalizeWord(p.status.written) === word).length);
};

const completionRate: Resolver = (args, { stats, settings }) => {
  if (!stats.problems) return needs('problems');
  if (args.length > 0) return fail((place, raw) => msg.placeholderTakesNoArgument(place, raw));
  const rate = stats.problems.completionRate;
  return rate === null ? fail((place, raw) => msg.placeholderNoRate(place, raw)) : ok(percentText(rate, settings?.percentDecimals ?? null));
};

function immediateCount(key: 'total' | 'completed' | 'staged' | 'notCompleted'): Resolver {
  return (_args, { stats }) => (stats.immediate ? ok(stats.immediate[key]) : needs('immediate'));
}

/** Union counts, optionally within a period; dated events count only up to the as-of date. */
function unionCount(date: ((u: Union) => IsoDate | null) | null, key: 'total' | 'checked' | 'plannedAudits' | 'audited', upToAsOf: boolean): Resolver {
  return (args, { ledger, stats }) => {
    if (!ledger.unions || !stats.unions) return needs('unions');
    if (args.length === 0 || date === null) {
      if (args.length > 0) return fail((place, raw) => msg.placeholderTakesNoArgument(place, raw));
      return ok(stats.unions[key]);
    }
    const period = parsePeriod(args[0] as string);
    if (!period || args.length > 1) return fail((place, raw) => msg.placeholderBadPeriod(place, raw));
    const count = ledger.unions.items.filter((u) => {
      const d = date(u);
      return d !== null && d >= period.from && d <= period.to && (!upToAsOf || d <= stats.asOf);
    }).length;
    return ok(count);
  };
}

const DATE_SETTINGS: Readonly<Record<string, (s: NoticeSettings) => IsoDate | null>> = {
  巡察开始日期: (s) => s.inspectionStart,
  巡察结束日期: (s) => s.inspectionEnd,
  反馈日期: (s) => s.feedbackDate,
  成文日期: (s) => s.documentDate,
};

/**
 * What a placeholder prints for date settings still holding `init`'s fill-in markers: the
 * markers (a period joins its two ends with 至), so the draft shows where the date goes; the
 * marker itself is warned about with its template line. null: no marker, the setting is missing.
 */
function unfilledSetting(settings: NoticeSettings, key: string): string | null {
  const keys = key.split('、');
  if (!keys.some((k) => settings.unfilled?.[k])) return null;
  return keys
    .map((k) => {
      const date = DATE_SETTINGS[k]?.(settings) ?? null;
      return settings.unfilled?.[k] ?? (date ? chineseDate(date) : `【${k}】`);
    })
    .join('至');
}

function setting(pick: (s: NoticeSettings) => string | null, key: string): Resolver {
  return (_args, { settings }) => {
    const value = settings ? pick(settings) : null;
    if (value) return ok(value);
    const marker = settings ? unfilledSetting(settings, key) : null;
    return marker ? ok(marker) : fail((place, raw) => msg.placeholderNeedsSetting(place, raw, key));
  };
}

const RESOLVERS: Record<string, Resolver> = {
  方面数: (args, { stats }) =>
    !stats.problems ? needs('problems') : args.length > 0 ? fail((place, raw) => msg.placeholderTakesNoArgument(place, raw)) : ok(stats.problems.categories),
  问题总数: problemCount('total'),
  已完成数: problemCount('completed'),
  阶段性完成数: problemCount('staged'),
  未完成数: problemCount('notCompleted'),
  整改完成率: completionRate,
  整改结果数: statusWordCount,
  逾期问题数: (_a, { stats }) => (stats.problems ? ok(stats.problems.overdue.length) : needs('problems')),
  立行立改总数: immediateCount('total'),
  立行立改已完成数: immediateCount('completed'),
  立行立改阶段性完成数: immediateCount('staged'),
  立行立改未完成数: immediateCount('notCompleted'),
  基层工会总数: unionCount(null, 'total', false),
  已检查工会数: unionCount((u) => u.checkedOn, 'checked', true),
  计划审计工会数: unionCount((u) => u.plannedAudit, 'plannedAudits', false),
  已审计工会数: unionCount((u) => u.auditedOn, 'audited', true),
  整改进展: (_a, { stats, settings }) =>
    stats.problems || stats.immediate ? ok(progressSentence(stats.problems, stats.immediate, settings?.inspection)) : needs('problems'),
  阶段性完成时限: (_a, { ledger, settings }) =>
    ledger.problems
      ? ok(
          deadlineSentence(
            ledger.problems.items.filter((p) => p.status.class === 'staged'),
            settings?.numberSeparator ?? '、',
          ),
        )
      : needs('problems'),
  未完成时限: (_a, { ledger, settings }) =>
    ledger.problems
      ? ok(
          deadlineSentence(
            ledger.problems.items.filter((p) => p.status.class === 'notCompleted'),
            settings?.numberSeparator ?? '、',
          ),
        )
      : needs('problems'),
  发文机关: setting((s) => s.issuer, '发文机关'),
  巡察组: setting((s) => s.inspectionGroup, '巡察组'),
  巡察类别: (_a, { settings }) => ok(settings?.inspection ?? DEFAULT_INSPECTION),
  巡察期间: setting((s) => (s.inspectionStart && s.inspectionEnd ? chinesePeriod(s.inspectionStart, s.inspectionEnd) : null), '巡察开始日期、巡察结束日期'),
  反馈日期: setting((s) => (s.feedbackDate ? chineseDate(s.feedbackDate) : null), '反馈日期'),
  成文日期: setting((s) => (s.documentDate ? chineseDate(s.documentDate) : null), '成文日期'),
  统计截止日期: (_a, { stats }) => ok(chineseDate(stats.asOf)),
};

export const PLACEHOLDER_NAMES: readonly string[] = Object.keys(RESOLVERS);

/** Replaces every placeholder in `text`; each one that cannot be resolved becomes an error at `place`. */
export function expandPlaceholders(text: string, ctx: PlaceholderContext, place: Place): { text: string; diagnostics: Diagnostic[] } {
  return expandWith(text, RESOLVERS, ctx, place);
}

/**
 * How compose expands a template's (or a ledger's) text: placeholders resolved by `resolvers`,
 * their diagnostics collected into `diagnostics`, punctuation made full-width.
 */
export function collectingExpander<C>(
  resolvers: Readonly<Record<string, (args: string[], ctx: C) => Result>>,
  ctx: C,
  diagnostics: Diagnostic[],
): (text: string, place: Place, fields?: LocalFields) => string {
  return (text, place, fields) => {
    const result = expandWith(text, resolvers, ctx, place, fields);
    diagnostics.push(...result.diagnostics);
    return fullWidthPunctuation(result.text);
  };
}

/** The notice's expander (see collectingExpander). */
export const noticeExpander = (ctx: PlaceholderContext, diagnostics: Diagnostic[]) => collectingExpander(RESOLVERS, ctx, diagnostics);

/** Names that mean something where a text is expanded (an item's fields in a pattern), looked up before the placeholders. */
export type LocalFields = (name: string) => Result | null;

/** A placeholder's text that is a zero: 0, 0%, 0.0%. */
const ZERO = /^0(?:\.0+)?%?$/u;

/** `[[…]]`: a part of a text left out when a placeholder in it comes to zero. */
const OPTIONAL = /\[\[([\s\S]*?)\]\]/gu;

/**
 * The same, with another table of placeholders (the quarterly report has its own). A part of
 * the text in `[[…]]` is left out when any placeholder in it prints a zero (`[[，未完成{{未完成数}}个]]`),
 * so no sentence says “0个”; its brackets are never printed.
 */
export function expandWith<C>(
  text: string,
  resolvers: Readonly<Record<string, (args: string[], ctx: C) => Result>>,
  ctx: C,
  place: Place,
  fields?: LocalFields,
): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(OPTIONAL)) {
    out += expandPart(text.slice(last, m.index), resolvers, ctx, place, fields, diagnostics).text;
    const part = expandPart(m[1] as string, resolvers, ctx, place, fields, diagnostics);
    if (!part.zero) out += part.text;
    last = m.index + m[0].length;
  }
  out += expandPart(text.slice(last), resolvers, ctx, place, fields, diagnostics).text;
  return { text: out, diagnostics };
}

function expandPart<C>(
  text: string,
  resolvers: Readonly<Record<string, (args: string[], ctx: C) => Result>>,
  ctx: C,
  place: Place,
  fields: LocalFields | undefined,
  diagnostics: Diagnostic[],
): { text: string; zero: boolean } {
  const { uses, unclosed } = findPlaceholders(text);
  if (unclosed) diagnostics.push(msg.placeholderUnclosed(place));
  let out = '';
  let last = 0;
  let zero = false;
  for (const use of uses) {
    out += text.slice(last, use.start);
    last = use.end;
    const local = use.args.length === 0 ? (fields?.(use.name) ?? null) : null;
    if (local?.ok) {
      out += local.text;
      zero ||= ZERO.test(local.text);
      continue;
    }
    const resolver = resolvers[use.name];
    if (!resolver) {
      diagnostics.push(msg.placeholderUnknown(place, use.raw, Object.keys(resolvers)));
      out += use.raw;
      continue;
    }
    const result = resolver(use.args, ctx);
    if (result.ok) {
      out += result.text;
      zero ||= ZERO.test(result.text);
    } else {
      diagnostics.push(result.diagnostic(place, use.raw));
      out += use.raw;
    }
  }
  return { text: out + text.slice(last), zero };
}
