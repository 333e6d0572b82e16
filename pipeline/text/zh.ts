/**
 * Chinese document conventions: ordinals in Chinese numerals, dates as `2025年5月30日`,
 * deadlines as staff write them, full-width punctuation, and how wide a line of text is.
 */
import { ymd, daysInMonth, type IsoDate } from '../dates.js';
import { NUMBER_UNITS } from './line-break.js';
import { displayWidth } from './width.js';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九, 100 → 一百, 101 → 一百零一,
 * 110 → 一百一十, 1010 → 一千零一十, up to 9999 (a ledger may have well over 99 方面).
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`chineseNumeral: ${n} is outside 1–9999`);
  if (n < 20) return n < 10 ? (DIGITS[n] as string) : `十${n === 10 ? '' : DIGITS[n - 10]}`;
  const places: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let text = '';
  let zero = false;
  for (const [size, unit] of places) {
    const digit = Math.floor(n / size) % 10;
    if (digit === 0) {
      zero = text !== '';
      continue;
    }
    if (zero) text += '零';
    zero = false;
    text += `${DIGITS[digit]}${unit}`;
  }
  return text;
}

/** （一）, （二）… */
export const bracketedOrdinal = (n: number): string => `（${chineseNumeral(n)}）`;
/** 一、, 二、… */

/** 2025-05-30 → 2025年5月30日 (no zero padding). */
export function chineseDate(date: IsoDate): string {
  const { year, month, day } = ymd(date);
  return `${year}年${month}月${day}日`;
}

/** A period within one year drops the second year: 2024年7月5日至9月4日. */
export function chinesePeriod(from: IsoDate, to: IsoDate): string {
  const a = ymd(from);
  const b = ymd(to);
  const end = a.year === b.year ? `${b.month}月${b.day}日` : chineseDate(to);
  return `${chineseDate(from)}至${end}`;
}

/** A deadline as a sentence says it: 2025-12-31 → 2025年底前, 2025-06-30 → 2025年6月底前, else 2025年6月15日前. */
export function chineseDeadline(date: IsoDate): string {
  const { year, month, day } = ymd(date);
  if (month === 12 && day === 31) return `${year}年底前`;
  if (day === daysInMonth(year, month)) return `${year}年${month}月底前`;
  return `${chineseDate(date)}前`;
}

const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’《》';
const HALF_TO_FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！' };

/**
 * ASCII , : ; ? ! next to Chinese text become full-width, and ( ) around Chinese text become
 * （）. Periods are left alone: `12.15.16.19` and `1.` are numbering, not sentence ends.
 */
export function fullWidthPunctuation(text: string): string {
  const nearCjk = new RegExp(`(?<=[${CJK}])\\s*([,:;?!])|([,:;?!])\\s*(?=[${CJK}])`, 'gu');
  let out = text.replace(nearCjk, (_m, a: string | undefined, b: string | undefined) => HALF_TO_FULL[(a ?? b) as string] as string);
  out = out.replace(new RegExp(`\\(([^()]*[${CJK}][^()]*)\\)`, 'gu'), '（$1）');
  return out;
}

const NO_LINE_START = new Set([...'，。；：、？！）》」』】”’']);
/** Words a title line must not break inside: dates (2025年5月20日), quarters, Latin, and numbers with their unit (30个). */
const UNBREAKABLE = new RegExp(`\\d+年(?:\\d+月(?:\\d+日)?)?|\\d+月(?:\\d+日)?|第[一二三四五六七八九十]+季度|[A-Za-z0-9.]+[${NUMBER_UNITS}%]?`, 'gu');

/** Characters a title line must not end with: particles and prepositions that lead into what follows. */
const NO_LINE_END = new Set([...'的和与及对于在之或关把将从向（《“‘']);
/** How many characters of balance a break before 关于 is worth: a title breaks where its meaning does. */
const BEFORE_GUANYU_BONUS = 4;

/**
 * Splits a title into as few lines as fit `maxWidth` characters, of balanced length (GB/T
 * 9704 asks for symmetric lines, whole words): 27 characters at 20 a line become 14 and 13,
 * not 20 and 7. A break before 关于 (after the issuer) is preferred to one a few characters
 * closer to the balance. Lines never break inside a date (2025年5月20日), a quarter (第一季度),
 * a Latin word or a number with its unit (30个), never end with a particle or preposition
 * (的、和、关于…), and never start with closing punctuation.
 */
export function balancedLines(text: string, maxWidth: number): string[] {
  const chars = [...text];
  const total = displayWidth(text);
  const count = Math.ceil(total / maxWidth);
  if (count <= 1) return [text];
  const protectedAt = new Set<number>();
  for (const m of text.matchAll(UNBREAKABLE)) {
    const start = [...text.slice(0, m.index)].length;
    for (let i = start + 1; i < start + [...m[0]].length; i++) protectedAt.add(i);
  }
  const prefix = [0];
  for (const ch of chars) prefix.push((prefix[prefix.length - 1] as number) + displayWidth(ch));
  const breaks: number[] = [];
  let from = 0;
  for (let k = 1; k < count; k++) {
    const target = (total * k) / count;
    let best = -1;
    const cost = (i: number) => Math.abs((prefix[i] as number) - target) - (chars[i] === '关' && chars[i + 1] === '于' ? BEFORE_GUANYU_BONUS : 0);
    for (let i = from + 1; i < chars.length; i++) {
      if (protectedAt.has(i) || NO_LINE_START.has(chars[i] as string) || NO_LINE_END.has(chars[i - 1] as string)) continue;
      if ((prefix[i] as number) - (prefix[from] as number) > maxWidth) break;
      // the rest must still fit the lines left
      if (total - (prefix[i] as number) > maxWidth * (count - k)) continue;
      // on a tie the longer upper line wins (titles read top-heavy)
      if (best === -1 || cost(i) <= cost(best)) best = i;
    }
    if (best === -1) break;
    breaks.push(best);
    from = best;
  }
  const lines: string[] = [];
  let start = 0;
  for (const b of [...breaks, chars.length]) {
    lines.push(chars.slice(start, b).join(''));
    start = b;
  }
  return lines;
}

/** 2025Q3 → 2025年第三季度 */
export function chineseQuarter(quarter: string): string {
  return `${quarter.slice(0, 4)}年第${chineseNumeral(Number(quarter.slice(5)))}季度`;
}

/**
 * A ratio (0–1) as a percentage: with `decimals` given, exactly that many decimals (76.0%);
 * without, up to two and no trailing zeros (76%, 98.71%, 76.5%).
 */
export function percentText(ratio: number, decimals: number | null = null): string {
  const places = decimals ?? 2;
  const scale = 10 ** places;
  const value = Math.round(ratio * 100 * scale) / scale;
  return `${decimals === null ? String(value) : value.toFixed(places)}%`;
}
