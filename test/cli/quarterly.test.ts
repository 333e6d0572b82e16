/**
 * `tongbao quarterly`. The reports of 2025Q3 and 2026Q1 are the shared runs of the compiled
 * CLI (test/setup/shared-builds.ts); the figures of other quarters are read from the workbook
 * the pipeline makes in-process (runQuarterly + renderXlsx; no documents, charts not drawn); the
 * command line's handling of the quarter runs on a one-row ledger without charts.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { IsoDate, Quarter } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { quarterlySummary } from '../../pipeline/report/summary.js';
import { renderXlsx } from '../../pipeline/render/xlsx/index.js';
import { runQuarterly } from '../../pipeline/run-quarterly.js';
import { projectSpecs } from '../helpers/charts.js';
import { EXAMPLE_INPUTS } from '../helpers/example.js';
import { listFiles, runCli, useTempDirs } from '../helpers/cli.js';
import { attr, elements, openDocx, paragraphs } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { sharedRun } from '../helpers/shared.js';
import { xlsx } from '../helpers/workbook.js';

const tempDir = useTempDirs();

/** `tongbao quarterly` in-process on a one-row ledger, with an empty charts/ (no charts drawn). */
async function quarterly(quarter: string | null, now?: Date) {
  const out = tempDir();
  const inputs = join(out, 'inputs');
  mkdirSync(join(inputs, 'charts'), { recursive: true });
  writeFileSync(
    join(inputs, '整改台账.xlsx'),
    await xlsx([
      {
        name: '整改台账',
        rows: [
          ['序号', '反馈问题', '具体问题', '整改结果', '整改情况'],
          [1, '学习教育', '学习不深入', '已完成', '建立制度'],
        ],
      },
    ]),
  );
  const args = ['quarterly', '--inputs', inputs, '--outputs', out, ...(quarter ? ['--quarter', quarter] : [])];
  const result = await runCli(args, out, now);
  return { ...result, out };
}

/** The example's quarter, in-process: its figures, summary lines and workbook. */
async function exampleQuarter(quarter: Quarter) {
  const names = readdirSync(EXAMPLE_INPUTS, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
  const result = await runQuarterly({
    inputsFolder: 'inputs',
    fileNames: names,
    bytesOf: (name) => readFileSync(join(EXAMPLE_INPUTS, name)),
    quarter,
    today: '2026-01-15' as IsoDate,
    charts: { specs: projectSpecs(), draw: null },
  });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderXlsx(result.workbook!)) as unknown as ArrayBuffer);
  return { summary: quarterlySummary(result.stats!), wb };
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
  it('reads the quarter in every accepted form, and defaults to the last complete quarter', async () => {
    // 2025年第三季度: the shared run above; 2025-Q3 and none (on 2025-10-15) here.
    const shared = await sharedRun('quarterly-2025Q3');
    expect(shared.status).toBe(0);
    expect(existsSync(join(shared.outputs, 'quarterly-2025Q3.xlsx'))).toBe(true);
    const r = await quarterly('2025-Q3');
    expect(r.code).toBe(0);
    expect(existsSync(join(r.out, 'quarterly-2025Q3.xlsx'))).toBe(true);
    const d = await quarterly(null, new Date('2025-10-15T09:00:00+08:00'));
    expect(d.code).toBe(0);
    expect(listFiles(d.out).filter((f) => f.startsWith('quarterly-'))).toEqual([
      'quarterly-2025Q3.manifest.json',
      'quarterly-2025Q3.run-log.md',
      'quarterly-2025Q3.xlsx',
    ]);
  });

  it('refuses a quarter it cannot read, listing the accepted forms (exit 2)', async () => {
    const out = tempDir();
    const r = await runCli(['quarterly', '--inputs', EXAMPLE_INPUTS, '--outputs', out, '--quarter', '2025Q5'], out);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe('错误 --quarter：无法识别的季度“2025Q5”，可写：2025Q3、2025-Q3、2025年第三季度');
    expect(listFiles(out)).toEqual([]);
  });

  it('prints 无上期数据 for the first quarter with data', async () => {
    const r = await exampleQuarter('2024Q4' as Quarter);
    const s = summary(r.wb);
    expect(s.get('本季度财务检查')?.map((c) => c.value)).toEqual([30, '无上期数据', '无上期数据']);
    expect(r.summary).toContain('上期：无上期数据');
  });

  it('shows a quarter with no activity as zeros measured, and one after every deadline all red', async () => {
    const quiet = summary((await exampleQuarter('2026Q2' as Quarter)).wb);
    expect(['本季度完成整改', '本季度财务检查', '本季度完成审计'].map((l) => quiet.get(l)?.[0]?.value)).toEqual([0, 0, 0]);
    const late = (await exampleQuarter('2027Q1' as Quarter)).wb;
    const ws = late.getWorksheet('问题清单') as ExcelJS.Worksheet;
    const red: number[] = [];
    ws.eachRow((row, n) => {
      if (n > 2 && row.getCell(11).value === '红色') red.push(Number(row.getCell(1).value));
    });
    expect(red).toEqual([12, 14, 15, 16, 19]);
    expect(summary(late).get('逾期未完成')?.[0]?.value).toBe(5);
  });

  it('warns about open problems the warning settings leave without a colour, and about a date before the quarter’s end', async () => {
    const names = readdirSync(EXAMPLE_INPUTS).filter((n) => n !== 'quarterly.md');
    const template = '---\n标题: 报告\n发文机关: 某\n成文日期: 2025-09-15\n预警:\n  红色: 逾期\n  绿色: 已完成\n---\n正文。\n';
    const result = await runQuarterly({
      inputsFolder: 'inputs',
      fileNames: [...names, 'quarterly.md'],
      bytesOf: (name) => (name === 'quarterly.md' ? new TextEncoder().encode(template) : readFileSync(join(EXAMPLE_INPUTS, name))),
      quarter: '2025Q3' as Quarter,
      today: '2025-10-10' as IsoDate,
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      '警告 quarterly.md:4：成文日期2025-09-15早于所统计季度的最后一天2025-09-30：报告中的数字统计至2025-09-30',
      '警告 quarterly.md：问题12、14、15、16、19未完成，但预警设置中没有适用的颜色：可在“预警”中加一条“其余”',
    ]);
    expect(result.report?.meta.date).toBe('2025-09-15');
  });

  it('compares with the figures the previous quarter’s run log recorded, and says so', async () => {
    const out = tempDir();
    const inputs = join(out, 'inputs');
    mkdirSync(inputs, { recursive: true });
    writeFileSync(
      join(inputs, '整改台账.xlsx'),
      await xlsx([
        {
          name: '整改台账',
          rows: [
            ['序号', '反馈问题', '具体问题', '整改结果', '整改情况', '完成时间'],
            [1, '学习教育', '学习不深入', '已完成', '建立制度'],
            [2, '学习教育', '制度不健全', '已完成', '建立制度', '2025-08-01'],
          ],
        },
      ]),
    );
    // (no quarterly.md: only the workbook, whose default 汇总 sheet compares with the previous quarter)
    // the run log of 2025Q2 as a run made then wrote it: no problem was completed at its end
    const record = '```json\n{"tongbaoQuarter":"2025Q2","end":"2025-06-30","headline":{"problemsTotal":2,"completedToDate":0}}\n```\n';
    mkdirSync(join(out, 'out/history/2025-07-02T090000'), { recursive: true });
    writeFileSync(join(out, 'out/history/2025-07-02T090000/quarterly-2025Q2.run-log.md'), `# 季度报表运行记录（2025Q2）\n\n${record}`);
    const r = await runCli(['quarterly', '--inputs', inputs, '--outputs', join(out, 'out'), '--quarter', '2025Q3'], out);
    expect(r.stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    expect(r.code).toBe(0);
    const wb = await workbook(join(out, 'out/quarterly-2025Q3.xlsx'));
    expect(
      summary(wb)
        .get('累计完成整改')
        ?.map((c) => c.value),
    ).toEqual([2, 0, 2]);
    const ws = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
    expect(ws.getRow(10).getCell(1).value).toBe(
      '上季度末（2025年6月30日）数字取自2025年第二季度报告的运行记录（history/2025-07-02T090000/quarterly-2025Q2.run-log.md），其中本季度完成整改、阶段性完成、未完成、整改完成率、逾期未完成按现台账推算。',
    );
    // this quarter's own run log records its figures for the next one
    expect(readFileSync(join(out, 'out/quarterly-2025Q3.run-log.md'), 'utf8')).toContain(
      '{"tongbaoQuarter":"2025Q3","end":"2025-09-30","headline":{"problemsTotal":2,',
    );
  });

  // The shared runs last: the tests above run while the compiled CLI makes them.
  it('writes the quarter’s workbook with figures, formats and print set-up', async () => {
    const r = await sharedRun('quarterly-2025Q3');
    expect(r.stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    expect(r.status).toBe(0);
    expect(listFiles(r.outputs).filter((f) => f.startsWith('quarterly-2025Q3'))).toEqual([
      'quarterly-2025Q3.docx',
      'quarterly-2025Q3.manifest.json',
      'quarterly-2025Q3.pdf',
      'quarterly-2025Q3.run-log.md',
      'quarterly-2025Q3.xlsx',
    ]);
    const wb = await workbook(join(r.outputs, 'quarterly-2025Q3.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '按方面', '未完成问题', '乡镇覆盖', '类型覆盖', '问题清单', '基层工会']);

    const s = summary(wb);
    const value = (label: string) => s.get(label)?.map((c) => c.value);
    expect(value('累计完成整改')).toEqual([39, 39, 0]);
    expect(value('阶段性完成')).toEqual([5, 5, 0]);
    expect(value('本季度完成审计')?.[0]).toBe(8);
    expect(value('累计完成审计')).toEqual([8, 0, 8]);
    expect(s.get('整改完成率')?.[0]?.value).toBeCloseTo(39 / 44, 10);
    expect(s.get('整改完成率')?.[0]?.numFmt).toBe('0.00%');
    expect(s.get('审计覆盖率')?.[2]?.value).toBe(13.33);
    expect(s.get('审计覆盖率')?.[2]?.numFmt).toBe('+0.00"个百分点";-0.00"个百分点";0');
    expect(s.get('累计完成审计')?.[2]?.numFmt).toBe('+0;-0;0');

    const problems = wb.getWorksheet('问题清单') as ExcelJS.Worksheet;
    expect((problems.getRow(2).values as unknown[]).slice(1)).toEqual([
      '序号',
      '方面',
      '具体问题',
      '整改结果',
      '责任领导',
      '责任部室',
      '责任人',
      '整改时限',
      '完成时间',
      '逾期天数',
      '预警',
    ]);
    const first = problems.getRow(3);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(9).value).toBeInstanceOf(Date); // 完成时间, a real date
    expect(first.getCell(9).numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(first.getCell(11).value).toBe('绿色');
    expect((first.getCell(11).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF92D050');
    const open = problems.getRow(14); // 序号 12: its owners and its colour
    expect([5, 6, 7, 8, 11].map((c) => open.getCell(c).value)).toEqual(['党组书记、分管副主席', '基层工作部', '基层工作部部长', '2025年底前', '黄色']);

    // the 方面 sheet: the printed table with its totals row and the workbook's fonts
    const categories = wb.getWorksheet('按方面') as ExcelJS.Worksheet;
    expect(categories.getRow(1).getCell(1).value).toBe('表2 各方面整改情况');
    expect((categories.getRow(17).values as unknown[]).slice(1)).toEqual(['合计', 44, 39, 5, 0, 39 / 44]);
    expect(categories.getRow(17).getCell(1).font?.bold).toBe(true);
    expect(categories.getRow(3).getCell(1).font?.name).toBe('仿宋_GB2312');
    expect(categories.getRow(2).getCell(1).font?.name).toBe('黑体');
    expect(categories.getRow(1).getCell(1).font?.name).toBe('方正小标宋简体');
    // the legend under the open problems
    const due = wb.getWorksheet('未完成问题') as ExcelJS.Worksheet;
    expect(due.getRow(8).getCell(1).value).toBe('注：绿色表示已完成整改，蓝色表示长期坚持，红色表示已超过整改时限，黄色表示30日内到期或其他未完成。');

    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.orientation, ws.name).toBe('landscape');
      expect(ws.pageSetup.paperSize, ws.name).toBe(9);
      expect(ws.pageSetup.printTitlesRow, ws.name).toBe('1:2');
      expect(ws.headerFooter.oddFooter, ws.name).toBe('&C— &P —');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.getRow(2).getCell(1).font?.bold).toBe(true);
    }
    // the quarter's charts, apart from build's
    expect(listFiles(r.outputs).filter((f) => f.startsWith('charts/'))).toEqual(
      ['audit-coverage', 'coverage-by-township', 'status-by-category'].flatMap((n) => [`charts/2025Q3/${n}.png`, `charts/2025Q3/${n}.svg`]),
    );
    expect(readFileSync(join(r.outputs, 'charts/2025Q3/audit-coverage.svg'), 'utf8')).toContain('基层工会经费审计进度');
    // its own manifest: every file it wrote, with its hash
    const manifest = JSON.parse(readFileSync(join(r.outputs, 'quarterly-2025Q3.manifest.json'), 'utf8')) as { asOf: string; outputs: { path: string }[] };
    expect(manifest.asOf).toBe('2025-09-30');
    expect(
      manifest.outputs
        .map((o) => o.path)
        .filter((p) => p.startsWith('quarterly-'))
        .sort(),
    ).toEqual(['quarterly-2025Q3.docx', 'quarterly-2025Q3.pdf', 'quarterly-2025Q3.run-log.md', 'quarterly-2025Q3.xlsx']);
    expect(manifest.outputs.filter((o) => o.path.startsWith('charts/2025Q3/'))).toHaveLength(6);
    const log = readFileSync(join(r.outputs, 'quarterly-2025Q3.run-log.md'), 'utf8');
    expect(log).toContain('季度：2025Q3，统计截止日期：2025-09-30');
    // the summary on stdout (report/summary.ts's quarterlySummary; its 上期 line is checked above for 2024Q4)
    expect(r.stdout).toContain('季度：2025Q3（统计至 2025-09-30）');
    expect(r.stdout).toContain('整改：本季度完成0个；季末共44个，已完成39个，阶段性完成5个，未完成0个，逾期0个');
    expect(r.stdout).not.toContain('上期：无上期数据');
  });

  it('writes the report as DOCX and PDF with the headline figures and the tables', async () => {
    const r = await sharedRun('quarterly-2026Q1');
    expect(r.status).toBe(0);
    const docxPackage = openDocx(new Uint8Array(readFileSync(join(r.outputs, 'quarterly-2026Q1.docx'))));
    const docx = paragraphs(docxPackage.xml('word/document.xml')).map((p) => p.text);
    expect(docx[0]).toBe('通道侗族自治县总工会2026年第一季度整改及经费审计工作统计报告');
    const figures =
      '截至2026年3月31日，巡察反馈的14个方面44个具体问题，已累计完成整改39个，阶段性完成5个，整改完成率88.64%，与上季度持平；已超过整改时限的4个。';
    expect(docx.some((t) => t.includes(figures))).toBe(true);
    // the table of open problems: one row per problem, cells in order, most overdue first, with its owners
    const row12 = '12|部分企事业单位未建立工会。|阶段性完成|党组书记、分管副主席|基层工作部部长|2025年底前|红色';
    expect(docx.join('|')).toContain(row12);
    expect(docx.join('|')).toContain('19|联合工会形同虚设。|阶段性完成|党组书记、分管副主席|基层工作部部长|2025年底前|红色|14|');
    // the colour is a cell shade, the header repeats and no row splits
    const xml = docxPackage.xml('word/document.xml');
    expect(elements(xml, 'shd').map((e) => attr(e, 'fill'))).toContain('FF7C80');
    expect(elements(xml, 'tblHeader').length).toBeGreaterThan(0);
    expect(elements(xml, 'cantSplit').length).toBeGreaterThan(0);
    expect(docx).toContain('注：绿色表示已完成整改，蓝色表示长期坚持，红色表示已超过整改时限，黄色表示30日内到期或其他未完成。');
    const pdf = await readPdf(new Uint8Array(readFileSync(join(r.outputs, 'quarterly-2026Q1.pdf'))));
    const pdfText = pdf.pages.flatMap((p) => p.lines.map((l) => l.text)).join('');
    expect(pdfText.replace(/\s/gu, '')).toContain(figures);
    expect(pdfText).toContain('联合工会形同虚设。');
    expect(pdfText).toContain('红色');
    expect(pdfText.replace(/\s/gu, '')).toContain('注：绿色表示已完成整改，蓝色表示长期坚持，红色表示已超过整改时限，黄色表示30日内到期或其他未完成。');
    expect(pdf.pages.map((p) => p.lines.some((l) => l.text === `— ${p.number} —`))).toEqual(pdf.pages.map(() => true));
    // the template places both charts: pictures in the DOCX, the SVG's text in the PDF
    expect(docx).toContain('图1 截至2026年3月31日各方面整改情况');
    expect(docx).toContain('图2 截至2026年3月31日基层工会经费审计进度');
    expect(Object.keys(docxPackage.parts).filter((p) => p.startsWith('word/media/'))).toHaveLength(2);
    expect(pdfText).toContain('基层工会经费审计进度');
    expect(pdfText).toContain('完成率25%');
  });

  it('leaves the files of build alone', async () => {
    // The shared 2025Q3 run wrote into a folder holding a stats.json “old”.
    const r = await sharedRun('quarterly-2025Q3');
    expect(r.status).toBe(0);
    expect(readFileSync(join(r.outputs, 'stats.json'), 'utf8')).toBe('old');
  });
});
