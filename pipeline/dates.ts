/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`).
 *
 * Ledgers speak of days, not instants, so a date here has no time and no zone. ISO strings
 * compare correctly as strings, print as they are in `stats.json`, and cannot drift by a
 * time-zone offset the way `Date` objects do.
 */
export type IsoDate = string & { readonly __isoDate: unique symbol };

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidYmd(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The days of a month (1–12) of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return DAYS_IN_MONTH[month - 1] ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date for a year, month and day, or null when no such day exists. */
export function isoDate(year: number, month: number, day: number): IsoDate | null {
  if (!isValidYmd(year, month, day)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate;
}

/** Reads a strict `YYYY-MM-DD` string (the CLI's `--as-of`), or null. */
export function parseIsoDate(text: string): IsoDate | null {
  const m = ISO_PATTERN.exec(text.trim());
  if (!m) return null;
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function ymd(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month)) as IsoDate;
}

/** Excel's serial day number: 1 is 1900-01-01 (1900 system) or 1904-01-02 (1904 system). */
export function excelSerialToIso(serial: number, date1904 = false): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const whole = Math.floor(serial);
  // 25569 is 1970-01-01 in the 1900 system (which counts the fictitious 1900-02-29); 1904 adds 1462.
  const epochDays = whole - 25569 + (date1904 ? 1462 : 0);
  const d = new Date(epochDays * 86_400_000);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The calendar day a `Date` from exceljs stands for (exceljs builds them at UTC midnight). */
export function utcDateToIso(date: Date): IsoDate | null {
  if (Number.isNaN(date.getTime())) return null;
  // exceljs turns a serial with a time part into a UTC instant; the cell's day is its UTC date.
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** The calendar day of a local-time instant (only the CLI asks, for "today"). */
export function localDateToIso(date: Date): IsoDate {
  return isoDate(date.getFullYear(), date.getMonth() + 1, date.getDate()) as IsoDate;
}

export type Quarter = string & { readonly __quarter: unique symbol };

/** `2025Q3` for any date in July–September 2025. */
export function quarterOf(date: IsoDate): Quarter {
  const { year, month } = ymd(date);
  return `${year}Q${Math.ceil(month / 3)}` as Quarter;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The day `days` after `date` (before it when `days` is negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) as IsoDate;
}

/**
 * The start of `date` on a continuous month axis: whole months since year 0, plus the part of
 * its month already gone (a day is 1/28 to 1/31 of a month). The first of a month is a whole
 * number, so calendar months between month starts come out exact (2025-06-01 → 2026-01-01 is 7).
 */
export function monthPosition(date: IsoDate): number {
  const { year, month, day } = ymd(date);
  return year * 12 + (month - 1) + (day - 1) / daysInMonth(year, month);
}

/** Calendar months from the start of one day to the start of another (see monthPosition). */
export function calendarMonthsBetween(from: IsoDate, to: IsoDate): number {
  const a = ymd(from);
  const b = ymd(to);
  // Whole months first, so that they stay exact; then the parts of the two months.
  return (b.year - a.year) * 12 + (b.month - a.month) + (b.day - 1) / daysInMonth(b.year, b.month) - (a.day - 1) / daysInMonth(a.year, a.month);
}

/**
 * The day that ends at or runs through a point of the month axis: a point exactly at the start of
 * a day is the end of the day before. Null when the point is outside the years a date can have.
 */
export function dayEndingAt(position: number): IsoDate | null {
  if (!Number.isFinite(position)) return null;
  const whole = Math.floor(position);
  const year = Math.floor(whole / 12);
  const month = whole - year * 12 + 1;
  if (year < 1900 || year > 9999) return null;
  // A hair of tolerance so that a position computed as 28.000000000000004 months still means a month start.
  const day = Math.ceil((position - whole) * daysInMonth(year, month) - 1e-9);
  if (day >= 1) return isoDate(year, month, day);
  return month === 1 ? isoDate(year - 1, 12, 31) : lastDayOfMonth(year, month - 1);
}

export interface QuarterRange {
  quarter: Quarter;
  year: number;
  /** 1–4 */
  index: number;
  start: IsoDate;
  end: IsoDate;
}

export function quarterRange(quarter: Quarter): QuarterRange {
  const year = Number(quarter.slice(0, 4));
  const index = Number(quarter.slice(5));
  return { quarter, year, index, start: isoDate(year, index * 3 - 2, 1) as IsoDate, end: lastDayOfMonth(year, index * 3) };
}

export function makeQuarter(year: number, index: number): Quarter {
  return `${year}Q${index}` as Quarter;
}

export function previousQuarter(quarter: Quarter): Quarter {
  const { year, index } = quarterRange(quarter);
  return index === 1 ? makeQuarter(year - 1, 4) : makeQuarter(year, index - 1);
}

/** The last quarter that has ended before `today`. */
export function lastCompleteQuarter(today: IsoDate): Quarter {
  return previousQuarter(quarterOf(today));
}

const QUARTER_WORDS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** `2025Q3`, `2025-Q3`, `2025q3` or `2025年第三季度` (also 第3季度), else null. */
export function parseQuarter(text: string): Quarter | null {
  const word = text.normalize('NFKC').replace(/\s+/gu, '');
  const m = /^(\d{4})-?[Qq]([1-4])$/u.exec(word) ?? /^(\d{4})年?第([一二三四1-4])季度?$/u.exec(word);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1990 || year > 2099) return null;
  return makeQuarter(year, QUARTER_WORDS[m[2] as string] as number);
}
