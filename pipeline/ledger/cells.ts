/**
 * Reading one cell as the value its column holds: serial numbers, statuses, dates (Excel
 * date cells, serials in Chinese date formats, and the ways staff type dates), deadlines and
 * counts. Each reader returns the value or the reason it cannot be read; the caller places
 * the diagnostic.
 */
import { excelSerialToIso, isoDate, lastDayOfMonth, type IsoDate } from '../dates.js';
import type { CellValue } from '../read/table.js';
import { cellText } from '../read/table.js';
import { normalizeWord } from './headers.js';
import { LONG_TERM, STATUS_VOCABULARY, type Deadline, type SerialNumber, type Status, type StatusClass, type StatusVocabulary } from './schema.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; actual: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (actual: string): Parsed<never> => ({ ok: false, actual });

/**
 * A problem's 序号 as staff write it: `1`, `1.`, `１`, `1、`, `（1）` and the number 1 are problem 1
 * (an integer); `1-2` and `1.2` are labels, kept as written in half-width digits without a
 * trailing dot or enclosing brackets, so a pattern can print `1-2.` or `（1-2）`.
 */
export function parseSerial(cell: CellValue): Parsed<SerialNumber> {
  if (cell.kind === 'number') {
    if (Number.isInteger(cell.value) && cell.value > 0) return ok(cell.value);
    // a label typed into a number cell: Excel keeps 1.2 as the number 1.2
    return cell.value > 0 && Number.isFinite(cell.value) ? ok(String(cell.value)) : bad(String(cell.value));
  }
  const word = normalizeWord(cellText(cell))
    .replace(/[.、,]$/u, '')
    .replace(/^\((.*)\)$|^【(.*)】$|^\[(.*)\]$/u, '$1$2$3')
    .replace(/[－—–_]/gu, '-');
  if (/^\d{1,6}$/u.test(word)) return Number(word) > 0 ? ok(Number(word)) : bad(cellText(cell).trim());
  return /^\d{1,6}(?:[-.]\d{1,6}){1,3}$/u.test(word) ? ok(word) : bad(cellText(cell).trim());
}

/** Natural order of 序号: 1 < 1-2 < 1.10 < 2 < 10, comparing the numbers between the separators. */
export function compareSerials(a: SerialNumber, b: SerialNumber): number {
  const pa = String(a).split(/[-.]/u).map(Number);
  const pb = String(b).split(/[-.]/u).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export function parseCount(cell: CellValue): Parsed<number> {
  if (cell.kind === 'number') return Number.isInteger(cell.value) && cell.value >= 0 ? ok(cell.value) : bad(String(cell.value));
  const word = normalizeWord(cellText(cell)).replace(/(人|个|家|项|条)$/u, '');
  return /^\d{1,9}$/.test(word) ? ok(Number(word)) : bad(cellText(cell).trim());
}

/** Every word of a vocabulary, class by class. */
export function vocabularyWords(vocabulary: StatusVocabulary): string[] {
  return [...vocabulary.completed, ...vocabulary.staged, ...vocabulary.notCompleted];
}

export const STATUS_WORDS: readonly string[] = vocabularyWords(STATUS_VOCABULARY);

/**
 * The built-in vocabulary with a unit's own words added (the 状态词 setting). A unit's word
 * that the built-in vocabulary puts in another class moves to the unit's class.
 */
export function withUnitWords(unit: Partial<Record<StatusClass, readonly string[]>>): StatusVocabulary {
  const own = new Set(Object.values(unit).flatMap((words) => (words ?? []).map(normalizeWord)));
  const merged = {} as Record<StatusClass, string[]>;
  for (const cls of ['completed', 'staged', 'notCompleted'] as const) {
    const builtIn = STATUS_VOCABULARY[cls].filter((w) => !own.has(normalizeWord(w)));
    merged[cls] = [...builtIn, ...(unit[cls] ?? []).filter((w) => !builtIn.some((b) => normalizeWord(b) === normalizeWord(w)))];
  }
  return merged;
}

/** A status word's class, by the word after whitespace removal and width folding. */
export type StatusLookup = ReadonlyMap<string, StatusClass>;

export function statusLookup(vocabulary: StatusVocabulary): StatusLookup {
  return new Map(
    (Object.entries(vocabulary) as [StatusClass, readonly string[]][]).flatMap(([cls, words]) => words.map((w) => [normalizeWord(w), cls] as const)),
  );
}

const BUILT_IN_LOOKUP = statusLookup(STATUS_VOCABULARY);

export function parseStatus(cell: CellValue, lookup: StatusLookup = BUILT_IN_LOOKUP): Parsed<Status> {
  const written = cellText(cell).trim();
  const cls = lookup.get(normalizeWord(written));
  return cls ? ok({ written, class: cls }) : bad(written);
}

/**
 * A day followed by a time of day, as CSV exports and Excel's "save as CSV" write date-times:
 * `2025/6/30 10:00`, `2025-06-30 10:00:00`, `2025-06-30T10:00:00(.000)`. The time is dropped;
 * a time with a zone (`Z`, `+08:00`) is not accepted, since its day depends on the zone.
 */
const WITH_TIME = /^(.*?[\d日号])(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:\s*[AP]M)?$/iu;

function dateWord(text: string): string {
  return normalizeWord(text)
    .replace(/(之前|以前|前|止|为止)$/u, '')
    .replace(/[号]$/u, '日');
}

/** A full day: 2025年6月30日, 2025.6.30, 2025/6/30, 2025-06-30, 20250630. */
function parseDay(word: string): IsoDate | null {
  const m = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/u.exec(word) ?? /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/u.exec(word) ?? /^(\d{4})(\d{2})(\d{2})$/u.exec(word);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/**
 * parseDateText's answers by text: a ledger writes the same few dates (整改时限 2025年12月) in
 * thousands of rows. Bounded: emptied when full.
 */
const datesByText = new Map<string, IsoDate | null>();
const DATES_REMEMBERED = 10_000;

/** Text dates: 2025年6月30日, 2025.6.30, 2025/6/30, 2025-06-30, 20250630, any of these with a time (that day); a month (2025年6月, 2025-06) means its last day; 2025年底(前) means 31 December. */
export function parseDateText(text: string): IsoDate | null {
  let date = datesByText.get(text);
  if (date === undefined) {
    date = readDateText(text);
    if (datesByText.size >= DATES_REMEMBERED) datesByText.clear();
    datesByText.set(text, date);
  }
  return date;
}

function readDateText(text: string): IsoDate | null {
  const timed = WITH_TIME.exec(text.normalize('NFKC').trim());
  if (timed) {
    const [hour, minute, second] = [Number(timed[2]), Number(timed[3]), Number(timed[4] ?? 0)];
    return hour <= 23 && minute <= 59 && second <= 59 ? parseDay(dateWord(timed[1] as string)) : null;
  }
  const word = dateWord(text);
  const day = parseDay(word);
  if (day) return day;
  let m = /^(\d{4})年(\d{1,2})月(?:底|末)?$/u.exec(word) ?? /^(\d{4})[./-](\d{1,2})$/u.exec(word);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? lastDayOfMonth(Number(m[1]), month) : null;
  }
  m = /^(\d{4})年(?:年)?(?:底|末|年底|年末|12月底)$/u.exec(word);
  if (m) return isoDate(Number(m[1]), 12, 31);
  return null;
}

/** The days a number in a date column may stand for as an Excel serial (32874 to 73050 in the 1900 system). */
export const SERIAL_DATE_RANGE = { from: '1990-01-01' as IsoDate, to: '2099-12-31' as IsoDate } as const;

/** A date column's cell: an Excel date, a serial number (Chinese date formats) of a day in SERIAL_DATE_RANGE, or text. */
export function parseDate(cell: CellValue, date1904: boolean): Parsed<IsoDate> {
  switch (cell.kind) {
    case 'date':
      return ok(cell.date);
    case 'number': {
      // A number is a day only as an Excel serial of a plausible ledger date: a year typed into
      // a General-format cell (2025) is a mistake to report, not 1905-07-17.
      const date = excelSerialToIso(cell.value, date1904);
      return date && date >= SERIAL_DATE_RANGE.from && date <= SERIAL_DATE_RANGE.to ? ok(date) : bad(String(cell.value));
    }
    case 'text': {
      const date = parseDateText(cell.text);
      return date ? ok(date) : bad(cell.text.trim());
    }
    default:
      return bad(cellText(cell));
  }
}

export function parseDeadline(cell: CellValue, date1904: boolean): Parsed<Deadline> {
  const written = cellText(cell).trim();
  if (cell.kind === 'text' && normalizeWord(written) === LONG_TERM) return ok({ kind: 'longTerm', written });
  const date = parseDate(cell, date1904);
  if (!date.ok) return date;
  return ok({ kind: 'date', date: date.value, written: cell.kind === 'text' ? written : '' });
}

/** A measures cell may hold several paragraphs, one per line; blank lines separate nothing more. */
export function parseParagraphs(cell: CellValue): string[] {
  return cellText(cell)
    .split(/\r\n|\r|\n|\u2028|\u2029/u)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** One line of text: inner line breaks become nothing (Chinese needs no space between lines). */
export function parseText(cell: CellValue): string {
  const text = cellText(cell);
  if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text.trim();
  return text
    .split(/\r\n|\r|\n/u)
    .map((p) => p.trim())
    .join('');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters decodeExcelText changes
const NEEDS_DECODING = /_x|[\u0000-\u0008\u000b-\u000d\u000e-\u001f\u007f]/u;
const NOTHING_REMOVED: readonly string[] = Object.freeze([]);

/**
 * Text as Excel meant it: Excel writes a character XML cannot hold as `_xHHHH_` (a manual line
 * break pasted from Word is `_x000B_`). Line breaks (`_x000A_`, `_x000B_`, `_x000D_`) become
 * line breaks; other control characters, escaped or not, are removed and returned, so the cell
 * can be warned about. `_x005F_` escapes a literal underscore.
 */
export function decodeExcelText(text: string): { text: string; removed: readonly string[] } {
  // Nearly every cell has nothing to decode: it is handed back as it is, without three replaces.
  if (!NEEDS_DECODING.test(text)) return { text, removed: NOTHING_REMOVED };
  const removed: string[] = [];
  const decoded = text.replace(/_x([0-9A-Fa-f]{4})_/gu, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const out = decoded.replace(/\r\n?|\v/gu, '\n').replace(/[\u0000-\u0008\u000c\u000e-\u001f\u007f]/gu, (c) => {
    removed.push(c);
    return '';
  });
  return { text: out, removed };
}
