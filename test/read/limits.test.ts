/**
 * Big and odd workbooks (issue 13), generated here by scripts/scale-ledgers.mjs (nothing
 * committed): a zip bomb, a stray cell far away, cells beyond Excel's grid, a merged area over
 * most of a sheet, sheet names Excel would not write, and the XML the reader must not trust.
 * The scale runs themselves (100,000 unions, row and cell limits) are in limits.slow.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { LIMITS } from '../../pipeline/read/limits.js';
import { cellAt, type RawSheet } from '../../pipeline/read/table.js';
import { readXlsx } from '../../pipeline/read/xlsx.js';
import { hasStackTrace, listFiles, runCli, useTempDirs, writeFiles } from '../helpers/cli.js';
import { workbook, zipBomb } from '../../scripts/scale-ledgers.mjs';

const HEADER = ['序号', '反馈问题', '具体问题', '整改结果', '整改情况', '整改时限', '完成时间'];
const ROWS = [HEADER, [1, '类别', '问题一', '已完成', '措施一'], [2, '类别', '问题二', '未完成', '措施二']];
const tempDir = useTempDirs();

/** One error, as the CLI prints it. */
function only(diagnostics: readonly { severity: string }[]): string {
  expect(diagnostics).toHaveLength(1);
  return formatDiagnostic(diagnostics[0] as never);
}

/** `build` on a folder holding only this workbook: exit code, output lines, and what was written. */
async function buildWith(bytes: Uint8Array, name = '整改台账.xlsx') {
  const dir = tempDir();
  writeFiles(join(dir, 'inputs'), { [name]: bytes });
  const r = await runCli(['build', '--inputs', 'inputs', '--outputs', 'out', '--as-of', '2025-05-30'], dir);
  return { ...r, written: listFiles(dir).filter((f) => !f.startsWith('inputs/')) };
}

describe('a zip bomb', () => {
  it('declaring 1 GiB of shared strings in 1 MB is refused from its directory, before inflating, naming the file and the limit', async () => {
    const bomb = zipBomb({ crc: false });
    expect(bomb.length).toBeLessThan(1.5 * 1024 * 1024);
    // refused from the zip's directory: the time it takes is measured by the slow test and the bench
    const r = await readXlsx('台账.xlsx', bomb);
    expect(r.sheets).toEqual([]);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['file-too-large-inflated']);
    expect(only(r.diagnostics)).toBe(
      '错误 台账.xlsx：工作簿解压后有 1025 MB，超过上限 256 MB（文件可能已损坏或被恶意构造）；正常台账远小于此，请用 Excel 或 WPS 打开检查后重新保存，或把台账拆成几个文件',
    );
  });

  it('declaring a small size but inflating to 1 GiB stops inflating at the declared size: a damaged file', async () => {
    const r = await readXlsx('台账.xlsx', zipBomb({ crc: false, declaredBytes: 1024 * 1024 }));
    expect(r.diagnostics.map((d) => [d.rule, d.place])).toEqual([['file-damaged', { file: '台账.xlsx' }]]);
    expect(r.diagnostics[0]?.actual).toMatch(/sharedStrings\.xml" cannot be inflated/u);
  });

  it('makes build exit 1 with the error and write nothing', async () => {
    const r = await buildWith(zipBomb({ crc: false }));
    expect(r.code).toBe(1);
    expect(hasStackTrace([...r.stdout, ...r.stderr])).toBe(false);
    expect([...r.stdout, ...r.stderr].join('\n')).toContain('错误 整改台账.xlsx：工作簿解压后有 1025 MB，超过上限 256 MB');
    expect(r.written).toEqual([]);
  });
});

describe('the used range', () => {
  it('a stray cell at XFD1048576 costs one cell: the ledger reads as without it', async () => {
    const bytes = workbook([{ name: '整改台账', rows: ROWS, cells: [{ ref: 'XFD1048576', text: '误输入' }] }]);
    const { sheets, diagnostics } = await readXlsx('台账.xlsx', bytes);
    expect(diagnostics).toEqual([]);
    const sheet = sheets[0] as RawSheet;
    expect(cellAt(sheet, 1_048_576, 16_384)).toEqual({ kind: 'text', text: '误输入' });
    // sparse: the rows in between are not there at all
    expect(Object.keys(sheet.cells)).toHaveLength(4);
    const ledger = buildLedger(sheets);
    expect(ledger.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ledger.ledger.problems?.items.map((p) => p.text)).toEqual(['问题一', '问题二']);
  });

  it('a cell beyond column XFD or row 1048576 is refused, naming the sheet and the cell', async () => {
    for (const ref of ['XFE1', 'A1048577']) {
      const r = await readXlsx('台账.xlsx', workbook([{ name: '整改台账', rows: ROWS, cells: [{ ref, text: 'x' }] }]));
      expect(r.sheets).toEqual([]);
      expect(only(r.diagnostics)).toBe(
        `错误 台账.xlsx › 整改台账：单元格 ${ref} 超出工作表的范围（最多 16,384 列、1,048,576 行，即到 XFD1048576），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存`,
      );
    }
  });

  it('a merged area A60:XFD1048576 is refused by its cell count before anything is filled', async () => {
    const bytes = workbook([{ name: '整改台账', rows: ROWS, merges: ['A1:G1', 'A60:XFD1048576'] }]);
    const r = await readXlsx('台账.xlsx', bytes);
    expect(r.diagnostics.map((d) => [d.rule, d.place])).toEqual([['merge-too-large', { file: '台账.xlsx', sheet: '整改台账' }]]);
    expect(only(r.diagnostics)).toBe(
      `错误 台账.xlsx › 整改台账：合并单元格 A60:XFD1048576 有 ${(16_384 * (1_048_576 - 59)).toLocaleString('en-US')} 个单元格，工作表中合并的单元格合计超过 1,000,000 个的上限（整行、整列的合并多半是误操作）；请取消这一合并后重新保存`,
    );
    expect(LIMITS.mergedCells).toBe(1_000_000);
  });

  it('makes build exit 1 for a merged area over the limit, writing nothing', async () => {
    const r = await buildWith(workbook([{ name: '整改台账', rows: ROWS, merges: ['A60:XFD1048576'] }]));
    expect(r.code).toBe(1);
    expect([...r.stdout, ...r.stderr].join('\n')).toContain('错误 整改台账.xlsx › 整改台账：合并单元格 A60:XFD1048576 有');
    expect(r.written).toEqual([]);
  });
});

describe('sheet names Excel would not write', () => {
  it('with "/" or over 31 characters read like any other, with nothing printed by a library', async () => {
    const long = '2025年度巡察反馈问题整改落实情况台账（县总工会机关及直属单位汇总）';
    expect([...long].length).toBeGreaterThan(31);
    const bytes = workbook([
      {
        name: '整改/立行立改',
        rows: [
          ['序号', '具体问题', '整改结果', '整改情况', '完成时间'],
          [1, '问题甲', '已完成', '措施甲'],
        ],
      },
      { name: long, rows: ROWS },
    ]);
    const r = await readXlsx('台账.xlsx', bytes);
    expect(r.diagnostics).toEqual([]);
    expect(r.sheets.map((s) => s.sheet)).toEqual(['整改/立行立改', long]);

    const dir = tempDir();
    writeFiles(join(dir, 'inputs'), { '整改台账.xlsx': bytes });
    const writes: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const warn = console.warn;
    process.stderr.write = ((chunk: string) => writes.push(String(chunk)) > 0) as never;
    console.warn = (...args: unknown[]) => void writes.push(args.join(' '));
    try {
      const c = await runCli(['check', '--inputs', 'inputs', '--as-of', '2025-05-30'], dir);
      expect(c.code).toBe(0);
      expect([...c.stdout, ...c.stderr].join('\n')).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{3,} [A-Za-z]{3,}/u);
    } finally {
      process.stderr.write = write;
      console.warn = warn;
    }
    expect(writes).toEqual([]);
  });
});

describe('the XML the reader does not trust or need', () => {
  it("expands no entity a DOCTYPE declares (no XXE), only XML's own", async () => {
    const sst =
      '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lollollol">]>' +
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>序号</t></si><si><t>&xxe;&lol;&amp;&#x6574;&#25913;</t></si></sst>';
    const sheet =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>';
    const r = await readXlsx('台账.xlsx', workbook([{ name: 'Sheet1', xml: sheet }], { sharedStrings: sst }));
    expect(r.diagnostics).toEqual([]);
    expect(cellAt(r.sheets[0] as RawSheet, 1, 2)).toEqual({ kind: 'text', text: '&xxe;&lol;&整改' });
  });

  it('reads prefixed elements, inline rich text without its phonetic guide, CDATA, comments and cells without addresses', async () => {
    const sheet =
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:r><x:t>整改</x:t></x:r><x:r><x:t xml:space="preserve">完成 </x:t></x:r><x:rPh sb="0" eb="1"><x:t>ZHENG</x:t></x:rPh></x:is></x:c>' +
      '<x:c t="str"><x:f>"a"&amp;"b"</x:f><x:v><![CDATA[a<b]]></x:v></x:c><!-- a comment <c r="Z9"><v>9</v></c> --><x:c t="b"><x:v>1</x:v></x:c><x:c s="0"/></x:row>' +
      '<x:row><x:c t="e"><x:v>#N/A</x:v></x:c><x:c><x:v>1.5</x:v></x:c></x:row>' +
      '</x:sheetData><x:mergeCells><x:mergeCell ref="B3:B4"/></x:mergeCells></x:worksheet>';
    const r = await readXlsx('台账.xlsx', workbook([{ name: 'Sheet1', xml: sheet }]));
    expect(r.diagnostics).toEqual([]);
    const s = r.sheets[0] as RawSheet;
    expect([cellAt(s, 2, 2), cellAt(s, 2, 3), cellAt(s, 2, 4), cellAt(s, 2, 5)]).toEqual([
      { kind: 'text', text: '整改完成 ' },
      { kind: 'text', text: 'a<b' },
      { kind: 'boolean', value: true },
      { kind: 'empty' },
    ]);
    expect([cellAt(s, 3, 1), cellAt(s, 3, 2), cellAt(s, 4, 2)]).toEqual([
      { kind: 'error', text: '#N/A' },
      { kind: 'number', value: 1.5 },
      { kind: 'number', value: 1.5 },
    ]);
    expect(cellAt(s, 9, 26)).toEqual({ kind: 'empty' });
  });
});
