import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_INPUTS } from '../helpers/example.js';
import { listFiles, runCli, useTempDirs } from '../helpers/cli.js';
import { openDocx, paragraphs } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';

const tempDir = useTempDirs();

async function quarterly(quarter: string | null, now?: Date) {
  const out = tempDir();
  const args = ['quarterly', '--inputs', EXAMPLE_INPUTS, '--outputs', out, ...(quarter ? ['--quarter', quarter] : [])];
  const result = await runCli(args, out, now);
  return { ...result, out };
}

async function workbook(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** 汇总 sheet as label → [this quarter, previous, change] cells. */
function summary(wb: ExcelJS.Workbook) {
  const ws = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
  const rows = new Map<string, ExcelJS.Cell[]>();
  ws.eachRow((row, n) => {
    if (n > 2) rows.set(String(row.getCell(1).value), [row.getCell(2), row.getCell(3), row.getCell(4)]);
  });
  return rows;
}

describe('tongbao quarterly', () => {
  it('writes the quarter’s workbook with figures, formats and print set-up', async () => {
    const r = await quarterly('2025Q3');
    expect(r.code).toBe(0);
    expect(listFiles(r.out).filter((f) => f.startsWith('quarterly-2025Q3'))).toEqual([
      'quarterly-2025Q3.docx',
      'quarterly-2025Q3.manifest.json',
      'quarterly-2025Q3.pdf',
      'quarterly-2025Q3.run-log.md',
      'quarterly-2025Q3.xlsx',
    ]);
    const wb = await workbook(join(r.out, 'quarterly-2025Q3.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '问题清单', '基层工会', '乡镇覆盖', '类型覆盖']);

    const s = summary(wb);
    const value = (label: string) => s.get(label)?.map((c) => c.value);
    expect(value('累计完成整改')).toEqual([39, 39, 0]);
    expect(value('本季度完成审计')?.[0]).toBe(8);
    expect(value('累计完成审计')).toEqual([8, 0, 8]);
    expect(s.get('累计整改完成率')?.[0]?.value).toBeCloseTo(39 / 44, 10);
    expect(s.get('累计整改完成率')?.[0]?.numFmt).toBe('0.0%');
    expect(s.get('审计覆盖率')?.[2]?.numFmt).toBe('+0.0%;-0.0%;0.0%');
    expect(s.get('累计完成审计')?.[2]?.numFmt).toBe('+0;-0;0');

    const problems = wb.getWorksheet('问题清单') as ExcelJS.Worksheet;
    const first = problems.getRow(3);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(6).value).toBeInstanceOf(Date); // 完成时间, a real date
    expect(first.getCell(6).numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(first.getCell(8).value).toBe('绿（已完成）');
    expect((first.getCell(8).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF92D050');

    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.orientation, ws.name).toBe('landscape');
      expect(ws.pageSetup.paperSize, ws.name).toBe(9);
      expect(ws.pageSetup.printTitlesRow, ws.name).toBe('1:2');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.getRow(2).getCell(1).font?.bold).toBe(true);
    }
    // the quarter's charts, apart from build's
    expect(listFiles(r.out).filter((f) => f.startsWith('charts/'))).toEqual(
      ['audit-coverage', 'coverage-by-township', 'status-by-category'].flatMap((n) => [`charts/2025Q3/${n}.png`, `charts/2025Q3/${n}.svg`]),
    );
    expect(readFileSync(join(r.out, 'charts/2025Q3/audit-coverage.svg'), 'utf8')).toContain('基层工会经费审计进度');
    // its own manifest: every file it wrote, with its hash
    const manifest = JSON.parse(readFileSync(join(r.out, 'quarterly-2025Q3.manifest.json'), 'utf8')) as { asOf: string; outputs: { path: string }[] };
    expect(manifest.asOf).toBe('2025-09-30');
    expect(manifest.outputs.map((o) => o.path).filter((p) => p.startsWith('quarterly-')).sort()).toEqual([
      'quarterly-2025Q3.docx',
      'quarterly-2025Q3.pdf',
      'quarterly-2025Q3.run-log.md',
      'quarterly-2025Q3.xlsx',
    ]);
    expect(manifest.outputs.filter((o) => o.path.startsWith('charts/2025Q3/'))).toHaveLength(6);
    const log = readFileSync(join(r.out, 'quarterly-2025Q3.run-log.md'), 'utf8');
    expect(log).toContain('季度：2025Q3，统计截止日期：2025-09-30');
  });

  it('writes the report as DOCX and PDF with the headline figures and the tables', async () => {
    const r = await quarterly('2026Q1');
    expect(r.code).toBe(0);
    const docx = paragraphs(openDocx(new Uint8Array(readFileSync(join(r.out, 'quarterly-2026Q1.docx')))).xml('word/document.xml')).map((p) => p.text);
    expect(docx[0]).toBe('通道侗族自治县总工会2026年第一季度整改及经费审计工作统计报告');
    const figures = '截至2026年3月31日，巡察反馈的44个具体问题已累计完成整改39个，与上季度持平，整改完成率88.6%；尚未完成整改5个，其中已超过整改时限的4个。';
    expect(docx.some((t) => t.includes(figures))).toBe(true);
    // the table of overdue problems: one row per problem, cells in order
    expect(docx.join('|')).toContain('12|部分企事业单位未建立工会。|2025年底前|90|红（逾期）');
    const pdf = await readPdf(new Uint8Array(readFileSync(join(r.out, 'quarterly-2026Q1.pdf'))));
    const pdfText = pdf.pages.flatMap((p) => p.lines.map((l) => l.text)).join('');
    expect(pdfText.replace(/\s/gu, '')).toContain(figures);
    expect(pdfText).toContain('部分企事业单位未建立工会。');
    expect(pdfText).toContain('红（逾期）');
    expect(pdf.pages.map((p) => p.lines.some((l) => l.text === `— ${p.number} —`))).toEqual(pdf.pages.map(() => true));
    // the template places the audit chart: a picture in the DOCX, the SVG's text in the PDF
    expect(docx).toContain('图1 截至2026年3月31日基层工会经费审计进度');
    expect(Object.keys(openDocx(new Uint8Array(readFileSync(join(r.out, 'quarterly-2026Q1.docx')))).parts).some((p) => p.startsWith('word/media/'))).toBe(true);
    expect(pdfText).toContain('基层工会经费审计进度');
  });

  it('reads the quarter in every accepted form, and defaults to the last complete quarter', async () => {
    for (const form of ['2025-Q3', '2025年第三季度']) {
      const r = await quarterly(form);
      expect(r.code).toBe(0);
      expect(existsSync(join(r.out, 'quarterly-2025Q3.xlsx'))).toBe(true);
    }
    const r = await quarterly(null, new Date('2025-10-15T09:00:00+08:00'));
    expect(existsSync(join(r.out, 'quarterly-2025Q3.xlsx'))).toBe(true);
  });

  it('refuses a quarter it cannot read, listing the accepted forms (exit 2)', async () => {
    const r = await quarterly('2025Q5');
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe('错误 --quarter：无法识别的季度“2025Q5”，可写：2025Q3、2025-Q3、2025年第三季度');
    expect(listFiles(r.out)).toEqual([]);
  });

  it('prints 无上期数据 for the first quarter with data', async () => {
    const r = await quarterly('2024Q4');
    const s = summary(await workbook(join(r.out, 'quarterly-2024Q4.xlsx')));
    expect(s.get('本季度财务检查')?.map((c) => c.value)).toEqual([30, '无上期数据', '无上期数据']);
    expect(r.stdout).toContain('上期：无上期数据');
  });

  it('shows a quarter with no activity as zeros measured, and one after every deadline all red', async () => {
    const quiet = summary(await workbook(join((await quarterly('2026Q2')).out, 'quarterly-2026Q2.xlsx')));
    expect(['本季度完成整改', '本季度财务检查', '本季度完成审计'].map((l) => quiet.get(l)?.[0]?.value)).toEqual([0, 0, 0]);
    const late = await workbook(join((await quarterly('2027Q1')).out, 'quarterly-2027Q1.xlsx'));
    const ws = late.getWorksheet('问题清单') as ExcelJS.Worksheet;
    const red: number[] = [];
    ws.eachRow((row, n) => {
      if (n > 2 && row.getCell(8).value === '红（逾期）') red.push(Number(row.getCell(1).value));
    });
    expect(red).toEqual([12, 14, 15, 16, 19]);
    expect(summary(late).get('季末逾期未完成')?.[0]?.value).toBe(5);
  });

  it('leaves the files of build alone', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'stats.json'), 'old');
    const r = await runCli(['quarterly', '--quarter', '2025Q3', '--inputs', EXAMPLE_INPUTS, '--outputs', out], out);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'stats.json'), 'utf8')).toBe('old');
  });
});
