import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../pipeline/zip.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { readXlsx } from '../../pipeline/read/xlsx.js';
import type { RawSheet } from '../../pipeline/read/table.js';
import { cellAt } from '../../pipeline/read/table.js';
import { cellXfNumFmtIds, day, serialOf, xlsx } from '../helpers/workbook.js';

const HEADER = ['序号', '反馈问题', '具体问题', '整改结果', '整改情况', '整改时限', '完成时间'];

async function read(bytes: Uint8Array, file = '台账.xlsx') {
  const result = await readXlsx(file, bytes);
  expect(result.diagnostics).toEqual([]);
  return result.sheets;
}

describe('readXlsx: layout of real ledgers', () => {
  it('keeps title rows above the header, fills a category merged down, and lists every merge', async () => {
    const bytes = await xlsx([
      {
        name: '整改台账',
        rows: [
          ['中共某县总工会党组巡察整改台账'],
          ['填报单位：县总工会办公室', null, null, null, '2025年5月30日'],
          HEADER,
          [1, '意识形态工作还有短板', '问题一', '已完成', '措施一'],
          [2, null, '问题二', '已完成', '措施二'],
          [3, null, '问题三', '阶段性完成', '措施三'],
          [4, '阵地建设有欠缺', '问题四', '已完成', '措施四'],
          [],
          ['注：本表由办公室汇总，数据截至2025年5月30日。'],
        ],
        merges: ['A1:G1', 'B4:B6', 'A9:G9'],
      },
    ]);
    const [sheet] = await read(bytes);
    expect(sheet?.sheet).toBe('整改台账');
    expect(sheet?.merges).toEqual(
      expect.arrayContaining([
        { top: 1, left: 1, bottom: 1, right: 7 },
        { top: 4, left: 2, bottom: 6, right: 2 },
        { top: 9, left: 1, bottom: 9, right: 7 },
      ]),
    );
    const s = sheet as RawSheet;
    // The master's value is read in every cell of the merged area.
    for (const row of [4, 5, 6]) expect(cellAt(s, row, 2)).toEqual({ kind: 'text', text: '意识形态工作还有短板' });
    expect(cellAt(s, 9, 7)).toEqual({ kind: 'text', text: '注：本表由办公室汇总，数据截至2025年5月30日。' });

    const { ledger, sheets, diagnostics } = buildLedger([s]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The vertical merge is not a "carried down" guess: no warning for rows 5 and 6.
    expect(diagnostics.map((d) => d.rule)).not.toContain('category-carried-down');
    expect(sheets[0]?.headerRow).toBe(3);
    expect(ledger.problems?.categories.map((c) => c.name)).toEqual(['意识形态工作还有短板', '阵地建设有欠缺']);
    expect(ledger.problems?.items.map((p) => [p.number, p.category])).toEqual([
      [1, '意识形态工作还有短板'],
      [2, '意识形态工作还有短板'],
      [3, '意识形态工作还有短板'],
      [4, '阵地建设有欠缺'],
    ]);
    expect(sheets[0]).toMatchObject({ usedRows: 4, blankRows: 1, rejectedRows: 0 });
    expect(sheets[0]?.skippedRows).toHaveLength(1);
    expect(sheets[0]?.skippedRows[0]?.row).toBe(9);
    expect(sheets[0]?.skippedRows[0]?.reason).toContain('合并单元格');
    expect(sheets[0]?.skippedRows[0]?.reason).toContain('注：本表由办公室汇总');
  });

  it('reads formulas by their cached result, rich text and hyperlinks as plain text, errors as errors', async () => {
    const bytes = await xlsx([
      {
        name: 'Sheet1',
        rows: [
          [1, { formula: 'A1+1', result: 5 }, { richText: [{ text: '整改' }, { font: { bold: true }, text: '完成' }] }],
          [{ text: '链接文字', hyperlink: 'http://example.com/a' }, { formula: 'B1&"x"', result: '文本结果' }, { error: '#N/A' }],
          [{ formula: 'DATE(2025,6,30)', result: day('2025-06-30') }, true, '  保留空格  '],
          [
            { formula: 'ROW()', result: 4 },
            { text: { richText: [{ text: '富' }, { text: '文本链接' }] }, hyperlink: 'http://example.com/b' } as never,
            { formula: '1/0', result: { error: '#DIV/0!' } } as never,
          ],
          [{ sharedFormula: 'A4', result: 5 } as never, { formula: 'A1' } as never],
        ],
      },
    ]);
    const [sheet] = await read(bytes);
    const s = sheet as RawSheet;
    expect(cellAt(s, 1, 2)).toEqual({ kind: 'number', value: 5 });
    expect(cellAt(s, 1, 3)).toEqual({ kind: 'text', text: '整改完成' });
    expect(cellAt(s, 2, 1)).toEqual({ kind: 'text', text: '链接文字' });
    expect(cellAt(s, 2, 2)).toEqual({ kind: 'text', text: '文本结果' });
    expect(cellAt(s, 2, 3)).toEqual({ kind: 'error', text: '#N/A' });
    expect(cellAt(s, 3, 2)).toEqual({ kind: 'boolean', value: true });
    expect(cellAt(s, 3, 3)).toEqual({ kind: 'text', text: '  保留空格  ' });
    expect(cellAt(s, 3, 1)).toEqual({ kind: 'date', date: '2025-06-30' });
    expect(cellAt(s, 4, 1)).toEqual({ kind: 'number', value: 4 });
    expect(cellAt(s, 4, 2)).toEqual({ kind: 'text', text: '富文本链接' });
    expect(cellAt(s, 4, 3)).toEqual({ kind: 'error', text: '#DIV/0!' });
    // A shared formula reads its own cached result; a formula with no cached result is empty.
    expect(cellAt(s, 5, 1)).toEqual({ kind: 'number', value: 5 });
    expect(cellAt(s, 5, 2)).toEqual({ kind: 'empty' });
  });

  it('reads sheets in workbook order and keeps a 说明 sheet for the ledger stage to skip', async () => {
    const bytes = await xlsx([
      { name: '说明', rows: [['填表说明'], ['1. 序号填阿拉伯数字。']] },
      { name: '整改台账', rows: [HEADER, [1, '类别', '问题', '完成', '措施']] },
      {
        name: '汇总',
        rows: [
          ['方面', '问题数'],
          ['类别', 1],
        ],
      },
    ]);
    const sheets = await read(bytes);
    expect(sheets.map((s) => s.sheet)).toEqual(['说明', '整改台账', '汇总']);
    const { sheets: reports, diagnostics } = buildLedger(sheets);
    expect(diagnostics).toEqual([]);
    expect(reports.map((r) => [r.sheet, r.kind])).toEqual([
      ['说明', 'unrecognised'],
      ['整改台账', 'problems'],
      ['汇总', 'unrecognised'],
    ]);
  });

  it('reads a workbook with print titles and named ranges like any other', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('整改台账');
    ws.addRow(['巡察整改台账']);
    ws.addRow(HEADER);
    ws.addRow([1, '类别', '问题', '完成', '措施']);
    ws.pageSetup.printTitlesRow = '1:2';
    wb.definedNames.add("'整改台账'!$A$3:$E$3", '问题区');
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    // (the workbook does carry them)
    const workbookXml = new TextDecoder().decode(readZip(bytes).get('xl/workbook.xml'));
    expect(workbookXml).toMatch(/<definedNames>.*_xlnm\.Print_Titles.*<\/definedNames>/su);
    expect(workbookXml).toMatch(/<definedNames>.*问题区.*<\/definedNames>/su);
    const sheets = await read(bytes);
    expect(sheets).toHaveLength(1);
    expect(cellAt(sheets[0] as RawSheet, 3, 3)).toEqual({ kind: 'text', text: '问题' });
    const { ledger, diagnostics } = buildLedger(sheets);
    expect(diagnostics).toEqual([]);
    expect(ledger.problems?.items.map((p) => p.text)).toEqual(['问题']);
  });

  it('counts blank rows inside the data as blank, not as problems', async () => {
    const bytes = await xlsx([
      {
        name: '整改台账',
        rows: [HEADER, [1, '类别', '问题一', '完成', '措施'], [], [], [2, '类别', '问题二', '完成', '措施'], [null, null, '   ']],
      },
    ]);
    const { ledger, sheets } = buildLedger(await read(bytes));
    expect(ledger.problems?.items.map((p) => p.number)).toEqual([1, 2]);
    expect(sheets[0]).toMatchObject({ usedRows: 2, blankRows: 3, rejectedRows: 0, skippedRows: [] });
  });
});

describe('readXlsx: dates', () => {
  it('reads real date cells as their calendar day, whatever the time zone', async () => {
    const bytes = await xlsx([
      {
        name: 'Sheet1',
        rows: [
          [day('2025-06-30'), { v: day('2025-01-01'), numFmt: 'yyyy"年"m"月"d"日"' }, { v: day('2024-02-29'), numFmt: 'yyyy-mm-dd' }],
          [{ v: new Date(Date.UTC(2025, 11, 31, 23, 30)), numFmt: 'yyyy-mm-dd hh:mm' }],
        ],
      },
    ]);
    const s = (await read(bytes))[0] as RawSheet;
    expect(cellAt(s, 1, 1)).toEqual({ kind: 'date', date: '2025-06-30' });
    expect(cellAt(s, 1, 2)).toEqual({ kind: 'date', date: '2025-01-01' });
    expect(cellAt(s, 1, 3)).toEqual({ kind: 'date', date: '2024-02-29' });
    expect(cellAt(s, 2, 1)).toEqual({ kind: 'date', date: '2025-12-31' });
  });

  it('reads serials in the Chinese built-in date formats 31, 57 and 58 as the right day', async () => {
    const bytes = await xlsx([
      {
        name: '整改台账',
        rows: [
          HEADER,
          [1, '类别', '问题一', '已完成', '措施', { v: serialOf('2025-06-30'), builtin: 31 }, { v: serialOf('2025-05-20'), builtin: 31 }],
          [2, '类别', '问题二', '已完成', '措施', { v: serialOf('2025-07-31'), builtin: 57 }, { v: serialOf('2025-03-01'), builtin: 57 }],
          [3, '类别', '问题三', '已完成', '措施', { v: serialOf('2024-12-31'), builtin: 58 }, { v: serialOf('2024-02-29'), builtin: 58 }],
        ],
      },
    ]);
    // The patch really produced xfs with the built-in ids (no custom format left behind).
    const ids = await cellXfNumFmtIds(bytes);
    expect(ids).toEqual(expect.arrayContaining([31, 57, 58]));
    expect(ids.filter((id) => id >= 164)).toEqual([]);

    const sheets = await read(bytes);
    // exceljs does not know these ids as dates: the reader hands on the serial unchanged…
    expect(cellAt(sheets[0] as RawSheet, 2, 6)).toEqual({ kind: 'number', value: 45838 });
    // …and the ledger, knowing the column holds dates, reads the day.
    const { ledger, diagnostics } = buildLedger(sheets);
    expect(diagnostics).toEqual([]);
    expect(ledger.problems?.items.map((p) => [p.deadline?.kind === 'date' ? p.deadline.date : null, p.completedOn])).toEqual([
      ['2025-06-30', '2025-05-20'],
      ['2025-07-31', '2025-03-01'],
      ['2024-12-31', '2024-02-29'],
    ]);
  });

  it('reads dates typed as text in every accepted form', async () => {
    const typed = ['2025年6月30日', '2025.6.30', '2025/6/30', '2025-06-30', '2025年6月', '2025年底前', ' 2025 年 6 月 30 日 '];
    const bytes = await xlsx([{ name: '整改台账', rows: [HEADER, ...typed.map((t, i) => [i + 1, '类别', `问题${i + 1}`, '未完成', '措施', t])] }]);
    const { ledger, diagnostics } = buildLedger(await read(bytes));
    expect(diagnostics).toEqual([]);
    const deadlines = ledger.problems?.items.map((p) => (p.deadline?.kind === 'date' ? p.deadline.date : p.deadline?.kind));
    expect(deadlines).toEqual(['2025-06-30', '2025-06-30', '2025-06-30', '2025-06-30', '2025-06-30', '2025-12-31', '2025-06-30']);
    // The deadline keeps what staff wrote, for the notice.
    expect(ledger.problems?.items[5]?.deadline).toEqual({ kind: 'date', date: '2025-12-31', written: '2025年底前' });
  });

  it('uses the 1904 date system of a workbook for serials in date columns', async () => {
    const plain = await xlsx([
      {
        name: '整改台账',
        rows: [
          HEADER,
          [1, '类别', '问题', '已完成', '措施', { v: serialOf('2025-12-31') - 1462, numFmt: 'yyyy-mm-dd' }, { v: serialOf('2025-06-30') - 1462, builtin: 31 }],
        ],
      },
    ]);
    // exceljs writes no date1904 flag; set it in workbook.xml as Mac Excel does.
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(plain);
    const workbookXml = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
    expect(workbookXml).toMatch(/<workbookPr[^>]*\/>/);
    zip.file('xl/workbook.xml', workbookXml.replace(/<workbookPr([^>]*)\/>/, '<workbookPr date1904="1"$1/>'));
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    const sheets = await read(bytes);
    expect(sheets[0]?.date1904).toBe(true);
    // A date cell (exceljs converts it, honouring the flag) and a serial the ledger converts.
    expect(cellAt(sheets[0] as RawSheet, 2, 6)).toEqual({ kind: 'date', date: '2025-12-31' });
    const { ledger } = buildLedger(sheets);
    expect(ledger.problems?.items[0]?.deadline).toEqual({ kind: 'date', date: '2025-12-31', written: '' });
    expect(ledger.problems?.items[0]?.completedOn).toBe('2025-06-30');
  });
});

describe('readXlsx: files that are not readable workbooks', () => {
  it('reports an empty file', async () => {
    const r = await readXlsx('空.xlsx', new Uint8Array());
    expect(r.sheets).toEqual([]);
    expect(r.diagnostics.map((d) => [d.rule, d.place])).toEqual([['file-empty', { file: '空.xlsx' }]]);
  });

  it('reports bytes that are not a zip', async () => {
    const r = await readXlsx('假.xlsx', new TextEncoder().encode('序号,反馈问题\n1,类别\n'));
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['file-not-xlsx']);
  });

  it('reports a zip that is not a workbook (a renamed .docx or .zip) instead of throwing', async () => {
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    const r = await readXlsx('改名.xlsx', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(r.sheets).toEqual([]);
    expect(r.diagnostics.map((d) => [d.rule, d.place.file])).toEqual([['file-not-xlsx', '改名.xlsx']]);
  });

  it('reports a truncated workbook as damaged instead of throwing', async () => {
    const whole = await xlsx([{ name: '整改台账', rows: [HEADER, [1, '类别', '问题', '完成', '措施']] }]);
    const r = await readXlsx('半.xlsx', whole.subarray(0, Math.floor(whole.length / 2)));
    expect(r.sheets).toEqual([]);
    expect(r.diagnostics.map((d) => [d.rule, d.severity, d.place.file])).toEqual([['file-damaged', 'error', '半.xlsx']]);
  });

  it('tells a legacy compound file from an encrypted workbook', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const legacy = await readXlsx('旧.xlsx', ole);
    expect(legacy.diagnostics.map((d) => d.rule)).toEqual(['file-legacy']);
    const encrypted = await readXlsx('密.xlsx', Buffer.concat([ole, Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(64)]));
    expect(encrypted.diagnostics.map((d) => d.rule)).toEqual(['file-encrypted']);
  });
});
