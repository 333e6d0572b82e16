/**
 * A unit other than the example: a ledger with two category levels (方面 › 问题子类) and its own
 * status words (已办结, 初见成效, 待整改, mapped in notice.md), its own warning colours, and a
 * quarterly.md that uses every table directive. `tongbao quarterly` (in-process, the PDF drawn)
 * must give each table, cell by cell, in the workbook (values, formats, shades) and in the PDF's
 * text (a row's cells in order on its line), and the DOCX the same cells.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli, useTempDirs, writeFiles } from '../helpers/cli.js';
import { openDocx, paragraphs } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { day, xlsx } from '../helpers/workbook.js';

const tempDir = useTempDirs();

const NOTICE = `---
标题: 通报
发文机关: 某县总工会党组
状态词:
  已完成: 已办结
  阶段性完成: 初见成效
  未完成: 待整改
---
正文。
`;

const QUARTERLY = `---
标题: 某县总工会{{季度}}整改工作报告
发文机关: 某县总工会党组
成文日期: 2025-10-10
百分比小数位: 1
预警:
  红色: 逾期
  橙色: 20日内到期
  蓝色: 长期坚持
  黄色: 其余
  绿色: 已完成
---
截至{{统计截止日期}}，已完成{{累计完成整改数}}个[[，阶段性完成{{季末阶段性完成数}}个]][[，未完成{{季末未完成数}}个]]。

::: 指标表
标题: 表{{表号}} 主要指标
指标: 问题总数、累计完成整改数、季末阶段性完成数、季末未完成数、累计整改完成率、累计审计工会数
:::

::: 方面统计表
标题: 表{{表号}} 各方面各子类整改情况
分组: 方面、问题子类
列: 方面、问题子类、问题数、已完成、阶段性完成、未完成、完成率、红色、黄色
列名: 方面、子类、问题数、已办结、初见成效、待整改、完成率、红色、黄色
工作表: 按子类
:::

::: 问题表
标题: 表{{表号}} 问题清单
列: 序号、具体问题、整改结果、{{责任部室}}{{责任人}}、整改时限、预警
列名: 序号、问题、结果、责任人、时限、预警
:::

::: 到期问题表
标题: 表{{表号}} 逾期和临近到期的问题
:::

::: 乡镇覆盖表
标题: 表{{表号}} 各乡镇审计进度
:::

::: 类型覆盖表
标题: 表{{表号}} 各类单位审计进度
:::

::: 工会表
标题: 表{{表号}} 基层工会
列: 工会名称、所属乡镇、单位类型、计划审计时间、审计完成日期、状态
列名: 工会、乡镇、类型、计划审计、审计日期、状态
:::
`;

const HEADER = ['序号', '反馈问题', '问题子类', '具体问题', '整改结果', '整改情况', '责任领导', '责任部室', '责任人', '整改时限', '完成时间'];

async function workspace(): Promise<string> {
  const dir = tempDir();
  writeFiles(join(dir, 'inputs'), {
    '整改台账.xlsx': await xlsx([
      {
        name: '整改台账',
        rows: [
          HEADER,
          [1, '党的建设', '理论学习', '学习不深入。', '已办结', '措施一。', '王书记', '办公室', '李主任', '2025年6月30日', day('2025-05-20')],
          [2, '党的建设', '理论学习', '笔记不全。', '初见成效', '措施二。', '王书记', '办公室', '李主任', '2025年10月20日', null],
          [3, '党的建设', '组织生活', '会议不规范。', '待整改', '措施三。', '张副主席', '组织部', '赵部长', '2025年9月1日', null],
          // completed after the quarter's end: 未完成 at its end
          [4, '财务管理', '经费使用', '超范围用经费。', '已办结', '措施四。', '张副主席', '财务室', '钱会计', '2025年底前', day('2025-10-15')],
          [5, '财务管理', '票据管理', '票据不全。', '待整改', '措施五。', '张副主席', '财务室', '钱会计', '长期坚持', null],
        ],
      },
    ]),
    '基层工会台账.xlsx': await xlsx([
      {
        name: '基层工会',
        rows: [
          ['工会名称', '所属乡镇', '单位类型', '财务检查日期', '计划审计时间', '审计完成日期'],
          ['甲厂工会', '东镇', '企业', day('2025-07-10'), '2025年8月', day('2025-08-20')],
          ['乙校工会', '东镇', '学校', null, '2025年9月', null],
          ['丙院工会', '西乡', '医院', day('2025-05-05'), '2025年12月', null],
          ['丁所工会', '西乡', '企业', null, null, null],
        ],
      },
    ]),
    'notice.md': NOTICE,
    'quarterly.md': QUARTERLY,
  });
  return dir;
}

/** Each table as the report prints it: caption, header, rows (totals included), the legend. */
const LEGEND = '注：红色表示已超过整改时限，橙色表示20日内到期，蓝色表示长期坚持，黄色表示其他未完成，绿色表示已完成整改。';
const TABLES: { sheet: string; caption: string; rows: string[][]; legend?: boolean }[] = [
  {
    sheet: '汇总',
    caption: '表1 主要指标',
    rows: [
      ['指标', '本季度末', '上季度末', '变化'],
      ['反馈问题总数', '5', '5', '0'],
      ['累计完成整改', '1', '1', '0'],
      ['阶段性完成', '1', '1', '0'],
      ['未完成', '3', '3', '0'],
      ['整改完成率', '20.0%', '20.0%', '0'],
      ['累计完成审计', '1', '0', '+1'],
    ],
  },
  {
    sheet: '按子类',
    caption: '表2 各方面各子类整改情况',
    rows: [
      ['方面', '子类', '问题数', '已办结', '初见成效', '待整改', '完成率', '红色', '黄色'],
      ['党的建设', '理论学习', '2', '1', '1', '0', '50.0%', '0', '0'],
      ['党的建设', '组织生活', '1', '0', '0', '1', '0.0%', '1', '0'],
      ['财务管理', '经费使用', '1', '0', '0', '1', '0.0%', '0', '1'],
      ['财务管理', '票据管理', '1', '0', '0', '1', '0.0%', '0', '0'],
      ['合计', '', '5', '1', '1', '3', '20.0%', '1', '1'],
    ],
    legend: true,
  },
  {
    sheet: '问题清单',
    caption: '表3 问题清单',
    rows: [
      ['序号', '问题', '结果', '责任人', '时限', '预警'],
      ['1', '学习不深入。', '已办结', '办公室李主任', '2025年6月30日', '绿色'],
      ['2', '笔记不全。', '初见成效', '办公室李主任', '2025年10月20日', '橙色'],
      ['3', '会议不规范。', '待整改', '组织部赵部长', '2025年9月1日', '红色'],
      ['4', '超范围用经费。', '未完成', '财务室钱会计', '2025年底前', '黄色'],
      ['5', '票据不全。', '待整改', '财务室钱会计', '长期坚持', '蓝色'],
    ],
    legend: true,
  },
  {
    sheet: '到期问题',
    caption: '表4 逾期和临近到期的问题',
    rows: [
      ['序号', '具体问题', '责任领导', '责任人', '整改时限', '逾期天数', '预警'],
      ['3', '会议不规范。', '张副主席', '赵部长', '2025年9月1日', '29', '红色'],
      ['2', '笔记不全。', '王书记', '李主任', '2025年10月20日', '', '橙色'],
    ],
    legend: true,
  },
  {
    sheet: '乡镇覆盖',
    caption: '表5 各乡镇审计进度',
    rows: [
      ['乡镇', '工会数', '计划应审计', '已审计', '计划完成率', '覆盖率', '进度'],
      ['东镇', '2', '2', '1', '50.0%', '50.0%', '滞后1家'],
      ['西乡', '2', '0', '0', '—', '0.0%', ''],
      ['合计', '4', '2', '1', '50.0%', '25.0%', '滞后1家'],
    ],
  },
  {
    sheet: '类型覆盖',
    caption: '表6 各类单位审计进度',
    rows: [
      ['单位类型', '工会数', '计划应审计', '已审计', '计划完成率', '覆盖率', '进度'],
      ['企业', '2', '1', '1', '100.0%', '50.0%', ''],
      ['学校', '1', '1', '0', '0.0%', '0.0%', '滞后1家'],
      ['医院', '1', '0', '0', '—', '0.0%', ''],
      ['合计', '4', '2', '1', '50.0%', '25.0%', '滞后1家'],
    ],
  },
  {
    sheet: '基层工会',
    caption: '表7 基层工会',
    rows: [
      ['工会', '乡镇', '类型', '计划审计', '审计日期', '状态'],
      ['甲厂工会', '东镇', '企业', '2025年8月', '2025年8月20日', '已审计'],
      ['乙校工会', '东镇', '学校', '2025年9月', '', '计划审计'],
      ['丙院工会', '西乡', '医院', '2025年12月', '', '已检查'],
      ['丁所工会', '西乡', '企业', '', '', '未安排'],
    ],
  },
];

/** A workbook cell as the page shows it, from its value and number format. */
function shown(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const [y, m, d] = [v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()];
    return cell.numFmt === 'yyyy"年"m"月"d"日"' ? `${y}年${m}月${d}日` : `${y}年${m}月`;
  }
  if (typeof v === 'number') {
    // the first section of the format: +0.0% · 0.00"个百分点" · 0
    const m = /^(\+?)0(?:\.(0+))?(%|"[^"]*")?/u.exec(cell.numFmt ?? '');
    if (!m) return String(v);
    const places = m[2]?.length ?? 0;
    const sign = m[1] && v > 0 ? '+' : '';
    if (v === 0 && m[1]) return '0';
    if (m[3] === '%') return `${sign}${(v * 100).toFixed(places)}%`;
    return `${sign}${v.toFixed(places)}${m[3] ? m[3].slice(1, -1) : ''}`;
  }
  return String(v);
}

describe('a quarterly report with every table directive, two category levels and the unit’s own words', () => {
  it('prints each table cell by cell in the workbook, the PDF and the DOCX', async () => {
    const dir = await workspace();
    const r = await runCli(['quarterly', '--inputs', 'inputs', '--outputs', 'out', '--quarter', '2025Q3'], dir);
    // (no warning but the machine's own: no office fonts here)
    expect(r.stderr.filter((l) => !l.includes('本机没有找到 PDF 要用的字体'))).toEqual([]);
    expect(r.code).toBe(0);

    // the workbook: one sheet per table, in the template's order
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'out/quarterly-2025Q3.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(TABLES.map((t) => t.sheet));
    for (const table of TABLES) {
      const ws = wb.getWorksheet(table.sheet) as ExcelJS.Worksheet;
      expect(ws.getRow(1).getCell(1).value, table.sheet).toBe(table.caption);
      const width = (table.rows[0] as string[]).length;
      const rows = table.rows.map((_r, i) => Array.from({ length: width }, (_c, k) => shown(ws.getRow(i + 2).getCell(k + 1))));
      expect(rows, table.sheet).toEqual(table.rows);
      const after = ws.getRow(table.rows.length + 2).getCell(1).value;
      expect(after ?? null, table.sheet).toBe(
        table.legend ? LEGEND : table.sheet === '汇总' ? '上季度末（2025年6月30日）数字按现台账推算（未找到上季度报告的运行记录）。' : null,
      );
    }
    // values stay values: a ratio with its places, a real date, the colour as a fill, the totals bold
    const bySub = wb.getWorksheet('按子类') as ExcelJS.Worksheet;
    expect(bySub.getRow(7).getCell(7).value).toBeCloseTo(0.2, 10);
    expect(bySub.getRow(7).getCell(7).numFmt).toBe('0.0%');
    expect(bySub.getRow(7).getCell(1).font?.bold).toBe(true);
    const list = wb.getWorksheet('问题清单') as ExcelJS.Worksheet;
    expect([3, 4, 5, 6, 7].map((n) => (list.getRow(n).getCell(6).fill as ExcelJS.FillPattern).fgColor?.argb)).toEqual([
      'FF92D050',
      'FFF4B183',
      'FFFF7C80',
      'FFFFE699',
      'FF9DC3E6',
    ]);
    expect((wb.getWorksheet('基层工会') as ExcelJS.Worksheet).getRow(3).getCell(5).value).toBeInstanceOf(Date);

    // the PDF: the sentence, every caption, every row's cells in order on its line, the legends
    const pdf = await readPdf(new Uint8Array(readFileSync(join(dir, 'out/quarterly-2025Q3.pdf'))));
    const lines = pdf.pages.flatMap((p) => p.lines.map((l) => l.text.replace(/\s/gu, '')));
    // (prose and notes wrap: their lines joined)
    const all = lines.join('');
    expect(all).toContain('截至2025年9月30日，已完成1个，阶段性完成1个，未完成3个。');
    for (const table of TABLES) {
      expect(lines, table.caption).toContain(table.caption.replace(/\s/gu, ''));
      for (const row of table.rows) expect(lines, `${table.caption}: ${row.join('|')}`).toContain(row.join(''));
    }
    expect(all.split(LEGEND).length - 1).toBe(3);
    expect(all).toContain('2025年10月10日');

    // the DOCX: the same cells, in order
    const docx = paragraphs(openDocx(new Uint8Array(readFileSync(join(dir, 'out/quarterly-2025Q3.docx')))).xml('word/document.xml')).map((p) => p.text);
    for (const table of TABLES) {
      const start = docx.indexOf(table.caption);
      expect(start, table.caption).toBeGreaterThan(0);
      const cells = table.rows.flat();
      expect(docx.slice(start + 1, start + 1 + cells.length), table.caption).toEqual(cells);
    }
  }, 120_000);
});
