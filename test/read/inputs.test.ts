import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import * as msg from '../../pipeline/messages.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { planInputs, readLedgerFiles } from '../../pipeline/read/inputs.js';
import { encodeGbk } from '../helpers/gbk.js';
import { xlsx } from '../helpers/workbook.js';

describe('planInputs', () => {
  it('reads .xlsx and .csv in code-point order and lists every other file with its reason', () => {
    const plan = planInputs('inputs', ['整改台账.xlsx', 'b.CSV', '~$整改台账.xlsx', '.整改台账.xlsx', 'readme.txt', 'a.xlsx', '照片.jpg', 'm.xlsm']);
    // Code-point order: ASCII before CJK, 'a' before 'b' before 'm'.
    expect(plan.ledgers).toEqual([
      { name: 'a.xlsx', format: 'xlsx' },
      { name: 'b.CSV', format: 'csv' },
      { name: 'm.xlsm', format: 'xlsx' },
      { name: '整改台账.xlsx', format: 'xlsx' },
    ]);
    expect(plan.skipped).toEqual([
      { name: '.整改台账.xlsx', reason: msg.skipReason.hidden },
      { name: 'readme.txt', reason: msg.skipReason.notLedger },
      { name: '~$整改台账.xlsx', reason: msg.skipReason.lockFile },
      { name: '照片.jpg', reason: msg.skipReason.unknownType },
    ]);
    expect(plan.diagnostics).toEqual([]);
  });

  it('skips the lock file ~$x.xlsx and the hidden .x.xlsx even though they end in .xlsx', () => {
    const plan = planInputs('inputs', ['~$x.xlsx', '.x.xlsx', 'x.xlsx']);
    expect(plan.ledgers.map((l) => l.name)).toEqual(['x.xlsx']);
    expect(plan.skipped.map((s) => s.name)).toEqual(['.x.xlsx', '~$x.xlsx']);
    expect(plan.skipped.map((s) => s.reason)).toEqual([msg.skipReason.hidden, msg.skipReason.lockFile]);
  });

  it('reports a legacy .xls (and .et) by its extension, naming the file', () => {
    const plan = planInputs('inputs', ['旧台账.xls', '工会.et', '新台账.xlsx']);
    expect(plan.ledgers.map((l) => l.name)).toEqual(['新台账.xlsx']);
    expect(plan.diagnostics.map((d) => [d.rule, formatDiagnostic(d).split('：')[0]])).toEqual([
      ['file-legacy', '错误 工会.et'],
      ['file-legacy', '错误 旧台账.xls'],
    ]);
  });

  it('reports an .ods (another program’s spreadsheet) instead of skipping it, naming the file', () => {
    const plan = planInputs('inputs', ['台账.ods', '新台账.xlsx']);
    expect(plan.ledgers.map((l) => l.name)).toEqual(['新台账.xlsx']);
    expect(plan.diagnostics.map(formatDiagnostic)).toEqual([
      '错误 台账.ods：这是 .ods 格式的表格，无法读取；请用 WPS、Excel 或 LibreOffice 打开后“另存为” .xlsx 格式',
    ]);
  });

  it('reports a folder with no ledger files (only a lock file and a template)', () => {
    const plan = planInputs('my-inputs', ['~$台账.xlsx', 'readme.txt']);
    expect(plan.ledgers).toEqual([]);
    expect(plan.diagnostics.map((d) => [d.rule, d.place.file])).toEqual([['inputs-empty', 'my-inputs']]);
    expect(planInputs('my-inputs', []).diagnostics.map((d) => d.rule)).toEqual(['inputs-empty']);
  });
});

describe('readLedgerFiles', () => {
  it('reads workbooks and CSV files in plan order and notes the CSV encoding', async () => {
    const files: Record<string, Uint8Array> = {
      'a.csv': encodeGbk('工会名称,所属乡镇,单位类型\n县教育局工会,双江镇,机关\n'),
      'b.xlsx': await xlsx([
        { name: '说明', rows: [['说明']] },
        {
          name: '整改台账',
          rows: [
            ['序号', '反馈问题', '具体问题'],
            [1, '类别', '问题'],
          ],
        },
      ]),
    };
    const plan = planInputs('inputs', Object.keys(files));
    const read = await readLedgerFiles(plan.ledgers, (name) => files[name] as Uint8Array);
    expect(read.diagnostics).toEqual([]);
    expect(read.sheets.map((s) => [s.file, s.sheet])).toEqual([
      ['a.csv', null],
      ['b.xlsx', '说明'],
      ['b.xlsx', '整改台账'],
    ]);
    expect(read.notes).toEqual([{ name: 'a.csv', note: msg.csvEncodingNote('gb18030') }]);
    expect(read.notes[0]?.note).toContain('GBK');
  });

  it('takes categories in file order (code points), whatever order the folder lists them in', async () => {
    const files: Record<string, Uint8Array> = {
      'b.xlsx': await xlsx([
        {
          name: '整改台账',
          rows: [
            ['序号', '反馈问题', '具体问题', '整改结果', '整改情况'],
            [2, '甲类', '问题', '完成', '措施'],
          ],
        },
      ]),
      'a.csv': new TextEncoder().encode('序号,反馈问题,具体问题,整改结果,整改情况\n1,乙类,问题,完成,措施\n'),
    };
    for (const listing of [
      ['b.xlsx', 'a.csv'],
      ['a.csv', 'b.xlsx'],
    ]) {
      const plan = planInputs('inputs', listing);
      const read = await readLedgerFiles(plan.ledgers, (name) => files[name] as Uint8Array);
      const { ledger, diagnostics } = buildLedger(read.sheets);
      expect(diagnostics).toEqual([]);
      expect(ledger.problems?.categories.map((c) => c.name)).toEqual(['乙类', '甲类']);
    }
  });

  it('keeps going past an unreadable file and reports it with the others', async () => {
    const files: Record<string, Uint8Array> = {
      'a.xlsx': new TextEncoder().encode('not a zip'),
      'b.xlsx': await xlsx([
        {
          name: '整改台账',
          rows: [
            ['序号', '反馈问题', '具体问题'],
            [1, '类别', '问题'],
          ],
        },
      ]),
      'c.csv': new Uint8Array(),
    };
    const plan = planInputs('inputs', Object.keys(files));
    const read = await readLedgerFiles(plan.ledgers, (name) => files[name] as Uint8Array);
    expect(read.sheets.map((s) => s.file)).toEqual(['b.xlsx']);
    expect(read.diagnostics.map((d) => [d.rule, d.place.file])).toEqual([
      ['file-not-xlsx', 'a.xlsx'],
      ['file-empty', 'c.csv'],
    ]);
  });
  it('reports a file that cannot be read (locked, no permission) naming it, and reads the others', async () => {
    const files: Record<string, Uint8Array | { error: string }> = {
      'a.xlsx': { error: 'EBUSY' },
      'b.xlsx': await xlsx([
        {
          name: '整改台账',
          rows: [
            ['序号', '反馈问题', '具体问题'],
            [1, '类别', '问题'],
          ],
        },
      ]),
      'c.csv': { error: 'EACCES' },
      'd.csv': new TextEncoder().encode('not a zip\n'),
    };
    const plan = planInputs('inputs', Object.keys(files));
    const read = await readLedgerFiles(plan.ledgers, (name) => files[name] as Uint8Array | { error: string });
    expect(read.sheets.map((s) => s.file)).toEqual(['b.xlsx', 'd.csv']);
    expect(read.diagnostics.map((d) => [d.rule, d.severity, d.actual])).toEqual([
      ['file-unreadable', 'error', 'EBUSY'],
      ['file-unreadable', 'error', 'EACCES'],
    ]);
    expect(read.diagnostics.map(formatDiagnostic)).toEqual([
      '错误 a.xlsx：无法读取文件（文件正被其他程序占用），请关闭正在使用它的程序或检查权限',
      '错误 c.csv：无法读取文件（没有读取权限或文件被锁定），请关闭正在使用它的程序或检查权限',
    ]);
    expect(read.notes.map((n) => n.name)).toEqual(['d.csv']);
  });
});
