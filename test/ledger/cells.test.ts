import { describe, expect, it } from 'vitest';
import {
  compareSerials,
  decodeExcelText,
  parseCount,
  parseDate,
  parseDateText,
  parseDeadline,
  parseParagraphs,
  parseSerial,
  parseStatus,
  STATUS_WORDS,
} from '../../pipeline/ledger/cells.js';
import { STATUS_VOCABULARY, type SerialNumber } from '../../pipeline/ledger/schema.js';
import type { CellValue } from '../../pipeline/read/table.js';

const text = (t: string): CellValue => ({ kind: 'text', text: t });
const num = (value: number): CellValue => ({ kind: 'number', value });

describe('parseSerial', () => {
  it.each([
    [num(1), 1],
    [text('1'), 1],
    [text('1.'), 1],
    [text('１'), 1],
    [text('１２'), 12],
    [text(' 7、'), 7],
    [text('　3　'), 3],
    [num(44), 44],
    [text('（1）'), 1],
    [text('(2)'), 2],
    [text('【3】'), 3],
  ])('%j is %i', (cell, expected) => {
    expect(parseSerial(cell)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [text('1-2'), '1-2'],
    [text('１－２'), '1-2'],
    [text('1.2'), '1.2'],
    [text('1.2.'), '1.2'],
    [text('（1-2）'), '1-2'],
    [num(1.5), '1.5'],
  ])('%j is the label %s: half-width, without its trailing dot or brackets', (cell, expected) => {
    expect(parseSerial(cell)).toEqual({ ok: true, value: expected });
  });

  it('orders 序号 naturally', () => {
    const serials: SerialNumber[] = [10, '1.10', 2, '1-2', 1, '1.2', '2-1'];
    expect([...serials].sort(compareSerials)).toEqual([1, '1-2', '1.2', '1.10', 2, '2-1', 10]);
  });

  it.each([
    [num(0), '0'],
    [num(-2), '-2'],
    [text('一'), '一'],
    [text('abc'), 'abc'],
    [text('1-'), '1-'],
    [text('0'), '0'],
  ])('rejects %j, quoting %s', (cell, actual) => {
    expect(parseSerial(cell)).toEqual({ ok: false, actual });
  });
});

describe('decodeExcelText', () => {
  it('turns Excel’s escaped line breaks into line breaks and keeps other text', () => {
    expect(decodeExcelText('第一段_x000B_第二段_x000D__x000A_第三段')).toEqual({ text: '第一段\n第二段\n第三段', removed: [] });
    expect(decodeExcelText('A_x005F_x000B_B')).toEqual({ text: 'A_x000B_B', removed: [] });
    expect(decodeExcelText('普通文字 x000B')).toEqual({ text: '普通文字 x000B', removed: [] });
  });

  it('removes other control characters, escaped or not, and says which', () => {
    expect(decodeExcelText('问题_x0001_描述\u0007。')).toEqual({ text: '问题描述。', removed: ['\u0001', '\u0007'] });
  });
});

describe('parseStatus', () => {
  it('classifies every word of the vocabulary into its class', () => {
    for (const [cls, words] of Object.entries(STATUS_VOCABULARY)) {
      for (const word of words) expect(parseStatus(text(word))).toEqual({ ok: true, value: { written: word, class: cls } });
    }
    expect(STATUS_WORDS).toHaveLength(23);
  });

  it('matches after removing spaces and U+3000, and keeps the word as written (trimmed)', () => {
    expect(parseStatus(text(' 已 完成 '))).toEqual({ ok: true, value: { written: '已 完成', class: 'completed' } });
    expect(parseStatus(text('\u3000阶段性完成'))).toEqual({ ok: true, value: { written: '阶段性完成', class: 'staged' } });
    expect(parseStatus(text('正在\n整改'))).toEqual({ ok: true, value: { written: '正在\n整改', class: 'notCompleted' } });
  });

  it('rejects anything else, quoting it', () => {
    expect(parseStatus(text('待定'))).toEqual({ ok: false, actual: '待定' });
    expect(parseStatus(text('已完成。'))).toEqual({ ok: false, actual: '已完成。' });
    expect(parseStatus(num(1))).toEqual({ ok: false, actual: '1' });
  });
});

describe('parseDateText', () => {
  it.each([
    ['2025年6月30日', '2025-06-30'],
    ['2025年6月30号', '2025-06-30'],
    ['2025.6.30', '2025-06-30'],
    ['2025/6/30', '2025-06-30'],
    ['2025-06-30', '2025-06-30'],
    ['20250630', '2025-06-30'],
    ['２０２５年６月３０日', '2025-06-30'],
    ['2025年6月30日前', '2025-06-30'],
    ['2025年6月', '2025-06-30'],
    ['2024年2月', '2024-02-29'],
    ['2025.9', '2025-09-30'],
    ['2025年6月底', '2025-06-30'],
    ['2025年底前', '2025-12-31'],
    ['2025年底', '2025-12-31'],
    ['2025年年底', '2025-12-31'],
    ['2025年末', '2025-12-31'],
  ])('%s is %s', (typed, iso) => {
    expect(parseDateText(typed)).toBe(iso);
  });

  it.each(['2025-02-30', '2025年13月', '2025年6月31日', '尽快', '长期坚持', '6月30日', '2025'])('%s is not a date', (typed) => {
    expect(parseDateText(typed)).toBeNull();
  });
});

describe('parseDate', () => {
  it('reads date cells, serial numbers (1900 and 1904 systems) and text', () => {
    expect(parseDate({ kind: 'date', date: '2025-06-30' as never }, false)).toEqual({ ok: true, value: '2025-06-30' });
    expect(parseDate(num(45838), false)).toEqual({ ok: true, value: '2025-06-30' });
    expect(parseDate(num(45838.75), false)).toEqual({ ok: true, value: '2025-06-30' });
    expect(parseDate(num(45838 - 1462), true)).toEqual({ ok: true, value: '2025-06-30' });
    expect(parseDate(text('2025年6月'), false)).toEqual({ ok: true, value: '2025-06-30' });
    expect(parseDate(text('明年'), false)).toEqual({ ok: false, actual: '明年' });
    expect(parseDate({ kind: 'boolean', value: true }, false)).toEqual({ ok: false, actual: 'TRUE' });
  });
});

describe('parseDate: numbers are Excel serials of days from 1990-01-01 to 2099-12-31 only', () => {
  it.each([
    [32874, false, '1990-01-01'],
    [73050, false, '2099-12-31'],
    [32874 - 1462, true, '1990-01-01'],
    [73050 - 1462, true, '2099-12-31'],
  ])('%d (1904 system: %s) is %s', (serial, date1904, iso) => {
    expect(parseDate(num(serial), date1904)).toEqual({ ok: true, value: iso });
  });

  it.each([
    [2025, false], // a year typed into a General cell, not 1905-07-17
    [61, false],
    [32873, false], // 1989-12-31
    [73051, false], // 2100-01-01
    [32873 - 1462, true],
    [73051 - 1462, true],
    [20250630, false],
    [0, false],
    [-5, false],
  ])('rejects %d (1904 system: %s), quoting the number', (serial, date1904) => {
    expect(parseDate(num(serial), date1904)).toEqual({ ok: false, actual: String(serial) });
  });

  it('a deadline typed as a bare year is rejected too', () => {
    expect(parseDeadline(num(2025), false)).toEqual({ ok: false, actual: '2025' });
  });
});

describe('parseDateText: a date with a time of day is that day', () => {
  it.each([
    ['2025-06-30 10:00', '2025-06-30'],
    ['2025/6/30 10:00:00', '2025-06-30'],
    ['2025/6/30 0:00', '2025-06-30'],
    ['2025-06-30T10:00:00', '2025-06-30'],
    ['2025-06-30T23:59:59.000', '2025-06-30'],
    ['2025-06-30  10:00', '2025-06-30'],
    ['2025.6.30 10:00', '2025-06-30'],
    ['2025年6月30日 10:00', '2025-06-30'],
    ['2025/6/30 10:00:00 AM', '2025-06-30'],
    ['２０２５－０６－３０　１０：００', '2025-06-30'],
  ])('%s is %s', (typed, iso) => {
    expect(parseDateText(typed)).toBe(iso);
    expect(parseDate(text(typed), false)).toEqual({ ok: true, value: iso });
  });

  it.each([
    '2025-06-30 24:00', // no such time
    '2025-06-30 10:60',
    '2025-02-30 10:00', // no such day
    '2025年6月 10:00', // a month is not a day
    '2025-06-30T10:00:00Z', // an instant: its day depends on the zone
    '2025-06-30T10:00:00+08:00',
    '10:00',
  ])('%s is not a date', (typed) => {
    expect(parseDateText(typed)).toBeNull();
  });
});

describe('parseDeadline', () => {
  it('reads 长期坚持 as a long-term item, however it is spaced', () => {
    expect(parseDeadline(text('长期坚持'), false)).toEqual({ ok: true, value: { kind: 'longTerm', written: '长期坚持' } });
    expect(parseDeadline(text(' 长期 坚持'), false)).toEqual({ ok: true, value: { kind: 'longTerm', written: '长期 坚持' } });
  });

  it('reads a year end and keeps the words staff wrote; a date cell keeps none', () => {
    expect(parseDeadline(text('2025年底前'), false)).toEqual({ ok: true, value: { kind: 'date', date: '2025-12-31', written: '2025年底前' } });
    expect(parseDeadline(num(45838), false)).toEqual({ ok: true, value: { kind: 'date', date: '2025-06-30', written: '' } });
  });

  it('rejects what is neither', () => {
    expect(parseDeadline(text('立即整改'), false)).toEqual({ ok: false, actual: '立即整改' });
  });
});

describe('parseCount and parseParagraphs', () => {
  it('reads counts with a unit and rejects fractions', () => {
    expect(parseCount(num(25))).toEqual({ ok: true, value: 25 });
    expect(parseCount(text('１２人'))).toEqual({ ok: true, value: 12 });
    expect(parseCount(num(0))).toEqual({ ok: true, value: 0 });
    expect(parseCount(num(2.5))).toEqual({ ok: false, actual: '2.5' });
    expect(parseCount(text('若干'))).toEqual({ ok: false, actual: '若干' });
  });

  it('splits measures into paragraphs at line breaks and drops blank lines', () => {
    expect(parseParagraphs(text('一是建立制度。\r\n\r\n  二是加强学习。\n三是定期检查。 '))).toEqual(['一是建立制度。', '二是加强学习。', '三是定期检查。']);
  });
});
