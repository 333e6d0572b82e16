/**
 * Chinese document conventions: ordinals in Chinese numerals, dates as `2025年5月30日`,
 * deadlines as staff write them, full-width punctuation, and how wide a line of text is.
 */
import { ymd, daysInMonth, type IsoDate } from '../dates.js';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumeral: ${n} is outside 1–99`);
  const tens = Math.floor(n / 10);
  const units = n % 10;
  const tensText = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`;
  return tensText + (units === 0 ? '' : (DIGITS[units] as string));
}

/** （一）, （二）… */
export const bracketedOrdinal = (n: number): string => `（${chineseNumeral(n)}）`;
/** 一、, 二、… */
export const sectionOrdinal = (n: number): string => `${chineseNumeral(n)}、`;

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

/**
 * Width in body characters: CJK and full-width forms take one, ASCII half of one (as digits
 * and Latin letters do in 仿宋 and 宋体).
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u0020-\u007e]/u.test(ch) ? 0.5 : 1;
  return width;
}

const NO_LINE_START = new Set([...'，。；：、？！）》」』】”’']);

/**
 * Splits a title into as few lines as fit `maxWidth` characters, of balanced length (GB/T
 * 9704 asks for symmetric lines): 27 characters at 20 a line become 14 and 13, not 20 and 7.
 * Closing punctuation never starts a line.
 */
export function balancedLines(text: string, maxWidth: number): string[] {
  const total = displayWidth(text);
  const count = Math.ceil(total / maxWidth);
  if (count <= 1) return [text];
  const target = total / count;
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    const width = displayWidth(line + ch);
    const full = lines.length < count - 1 && (width > maxWidth || displayWidth(line) >= target - 0.25);
    if (line && full && !NO_LINE_START.has(ch)) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  lines.push(line);
  return lines;
}
