import { describe, expect, it } from 'vitest';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { decodeCsv, detectEncoding, readCsv } from '../../pipeline/read/csv.js';
import { cellAt, type RawSheet } from '../../pipeline/read/table.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { encodeGbk } from '../helpers/gbk.js';

const TEXT = [
  '问题编号,问题描述,整改状态,整改措施,问题类别,完成时限',
  '1,学习不深入,已完成,"建立学习制度，每月一次。",学习教育,2025年6月30日',
  '2,"制度不健全,执行不严",阶段性完成,修订制度,制度建设,长期坚持',
  '',
].join('\r\n');

const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = Uint8Array.from([0xef, 0xbb, 0xbf]);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function expectLedgerRows(sheet: RawSheet) {
  expect(sheet.sheet).toBeNull();
  expect(cellAt(sheet, 1, 1)).toEqual({ kind: 'text', text: '问题编号' });
  expect(cellAt(sheet, 3, 2)).toEqual({ kind: 'text', text: '制度不健全,执行不严' });
  const { ledger, sheets, diagnostics } = buildLedger([sheet]);
  expect(diagnostics).toEqual([]);
  expect(sheets[0]).toMatchObject({ kind: 'problems', headerRow: 1, usedRows: 2 });
  expect(ledger.problems?.items.map((p) => [p.number, p.category, p.text, p.status.class, p.deadline])).toEqual([
    [1, '学习教育', '学习不深入', 'completed', { kind: 'date', date: '2025-06-30', written: '2025年6月30日' }],
    [2, '制度建设', '制度不健全,执行不严', 'staged', { kind: 'longTerm', written: '长期坚持' }],
  ]);
}

describe('readCsv: encodings', () => {
  it('hand-built GBK bytes match known code points (checks the test encoder itself)', () => {
    expect([...encodeGbk('中文')]).toEqual([0xd6, 0xd0, 0xce, 0xc4]);
    expect([...encodeGbk('a,1')]).toEqual([0x61, 0x2c, 0x31]);
  });

  it('reads a GBK (GB18030) CSV as Chinese Excel saves it', () => {
    const bytes = encodeGbk(TEXT);
    expect(detectEncoding(bytes)).toEqual({ encoding: 'gb18030', bomLength: 0 });
    const read = readCsv('台账.csv', bytes);
    expect(read.encoding).toBe('gb18030');
    expect(read.diagnostics).toEqual([]);
    expectLedgerRows(read.sheets[0] as RawSheet);
  });

  it('reads UTF-8 with a BOM, and drops the BOM from the first header', () => {
    const read = readCsv('台账.csv', concat(BOM, utf8(TEXT)));
    expect(read.encoding).toBe('utf-8');
    expectLedgerRows(read.sheets[0] as RawSheet);
  });

  it('reads UTF-8 without a BOM', () => {
    const bytes = utf8(TEXT);
    expect(detectEncoding(bytes)).toEqual({ encoding: 'utf-8', bomLength: 0 });
    expectLedgerRows(readCsv('台账.csv', bytes).sheets[0] as RawSheet);
  });

  it('reads UTF-16LE "Unicode text" (tab-separated, with a BOM)', () => {
    const tsv = TEXT.split('\r\n')
      .map((line) => line.replace(/"([^"]*)"/g, (_m, inner: string) => inner.replace(/,/g, '，')))
      .map((line) => line.split(',').join('\t'))
      .join('\r\n');
    const bytes = concat(Uint8Array.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le'));
    const { text, encoding } = decodeCsv(bytes);
    expect(encoding).toBe('utf-16le');
    expect(text.startsWith('问题编号\t')).toBe(true);
    const sheet = readCsv('台账.csv', bytes).sheets[0] as RawSheet;
    expect(cellAt(sheet, 3, 2)).toEqual({ kind: 'text', text: '制度不健全，执行不严' });
  });
});

describe('readCsv: content', () => {
  it('keeps title rows and blank rows in place, so row numbers match the file', () => {
    const text = [
      '某县总工会整改台账,,,,',
      ',,,,',
      '序号,反馈问题,具体问题,整改结果,整改情况',
      '1,类别,问题一,完成,措施',
      ',,,,',
      '2,类别,问题二,完成,措施',
      '',
      '',
    ].join('\n');
    const read = readCsv('台账.csv', utf8(text));
    const sheet = read.sheets[0] as RawSheet;
    // Trailing empty lines are dropped; inner blank rows stay.
    expect(sheet.cells).toHaveLength(6);
    const { ledger, sheets } = buildLedger([sheet]);
    expect(sheets[0]).toMatchObject({ headerRow: 3, usedRows: 2, blankRows: 1 });
    expect(ledger.problems?.items.map((p) => p.origin.row)).toEqual([4, 6]);
  });

  it('places a CSV cell without a sheet: 台账.csv › C2（整改状态）', () => {
    const text = '序号,具体问题,整改状态,整改情况,反馈问题\n1,问题,待定,措施,类别\n';
    const sheet = readCsv('台账.csv', utf8(text)).sheets[0] as RawSheet;
    const lines = buildLedger([sheet]).diagnostics.map(formatDiagnostic);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^错误 台账\.csv › C2（整改状态）：未知的整改结果“待定”，可填：完成、已完成、/);
  });

  it('reports an empty CSV file', () => {
    const read = readCsv('空.csv', concat(BOM, utf8('\r\n\r\n')));
    expect(read.sheets).toEqual([]);
    expect(read.diagnostics.map((d) => [d.rule, d.place])).toEqual([['file-empty', { file: '空.csv' }]]);
  });
});
