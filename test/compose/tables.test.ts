/** Table directives in the notice (the quarterly report's are in quarterly.test.ts), and how their columns are fitted. */
import { describe, expect, it } from 'vitest';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { columnWidths } from '../../pipeline/compose/table-widths.js';
import { splitList } from '../../pipeline/compose/tables.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import type { Table } from '../../pipeline/document/ast.js';
import { dumpDocument } from '../../pipeline/document/json.js';
import { GB_T_9704, tableTextWidthPt } from '../../pipeline/document/layout.js';
import type { Ledger, Problem } from '../../pipeline/ledger/schema.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { displayWidth } from '../../pipeline/text/width.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WARNINGS } from '../../pipeline/stats/warnings.js';
import { ROOT } from '../helpers/example.js';
import { dated, ledgerOf, problem, union } from '../helpers/ledger.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** The fenced block after a README heading or `<!-- 示例 id -->` mark, as staff would copy it. */
function readmeBlock(after: string): string {
  const start = README.indexOf(after);
  const m = /```text\n([\s\S]*?)```/u.exec(README.slice(start));
  if (start === -1 || !m) throw new Error(`README has no block after ${after}`);
  return m[1] as string;
}

const FRONT = '---\n标题: 通报\n发文机关: 某某县总工会党组\n成文日期: 2025-12-20\n---\n';

function compose(ledger: Ledger, body: string, asOf = '2025-12-20') {
  const { template } = parseTemplate('notice.md', FRONT + body);
  const { settings } = readSettings(template);
  return composeNotice(template, settings, ledger, computeStats(ledger, asOf as IsoDate));
}

const owned = (p: Problem, leader: string, person: string, subcategory: string | null = null): Problem => ({
  ...p,
  leader,
  person,
  subcategory,
  columns: { 牵头单位: `${person}所在部门` },
});

const ledger: Ledger = {
  ...ledgerOf([
    owned(problem(1, '甲方面', 'completed', { completedOn: '2025-06-01' as IsoDate }), '张书记', '李主任', '学习'),
    owned(problem(2, '甲方面', 'staged', { deadline: dated('2025-12-31'), written: '基本完成' }), '张书记', '王部长', '学习'),
    owned(problem(3, '甲方面', 'notCompleted', { deadline: dated('2025-11-30') }), '赵副主席', '钱科长', '制度'),
    owned(problem(4, '乙方面', 'notCompleted', { deadline: dated('2026-06-30') }), '赵副主席', '孙干事', null),
  ]),
  unions: {
    items: [
      union('甲厂工会', { planned: '2025-06-30', audited: '2025-06-20' }, { township: '东镇', type: '企业' }),
      union('乙校工会', { planned: '2025-09-30' }, { township: '东镇', type: '学校' }),
      union('丙院工会', { planned: '2026-03-31' }, { township: '西乡', type: '医院' }),
    ],
  },
};

const tables = (blocks: readonly { type: string }[]) => blocks.filter((b): b is Table => b.type === 'table');

describe('table directives in the notice', () => {
  it('tabulates by 方面 and by 问题子类, the notice’s statuses as the ledger writes them', () => {
    const { document, diagnostics } = compose(
      ledger,
      '::: 方面统计表\n:::\n\n::: 方面统计表\n分组: 方面、问题子类\n列: 方面、问题子类、问题数、已完成、阶段性完成、未完成、完成率、逾期数\n合计: 总计\n:::\n',
    );
    expect(diagnostics).toEqual([]);
    expect(dumpDocument(document).split('\n').slice(1, -2)).toEqual([
      '| 方面 | 问题数 | 已完成 | 阶段性完成 | 未完成 | 完成率 |',
      '| 甲方面 | 3 | 1 | 1 | 1 | 33.33% |',
      '| 乙方面 | 1 | 0 | 0 | 1 | 0% |',
      '| 合计 | 4 | 1 | 1 | 2 | 25% |',
      '| 方面 | 问题子类 | 问题数 | 已完成 | 阶段性完成 | 未完成 | 完成率 | 逾期数 |',
      '| 甲方面 | 学习 | 2 | 1 | 1 | 0 | 50% | 0 |',
      '| 甲方面 | 制度 | 1 | 0 | 0 | 1 | 0% | 1 |',
      '| 乙方面 |  | 1 | 0 | 0 | 1 | 0% | 0 |',
      '| 总计 |  | 4 | 1 | 1 | 2 | 25% | 1 |',
    ]);
  });

  it('lists problems with chosen columns and labels, formats and ledger columns, filtered and sorted', () => {
    const { document, diagnostics } = compose(
      ledger,
      '::: 问题表\n范围: 阶段性完成、未完成\n列: 序号、具体问题、{{责任领导}}／{{责任人}}、牵头单位、整改时限、逾期天数、剩余天数、预警\n列名: 序号、问题、责任人、牵头单位、时限、逾期、剩余、颜色\n排序: 整改时限\n:::\n',
    );
    expect(diagnostics).toEqual([]);
    expect(dumpDocument(document).split('\n').slice(1, -2)).toEqual([
      '| 序号 | 问题 | 责任人 | 牵头单位 | 时限 | 逾期 | 剩余 | 颜色 |',
      '| 3 | 问题3的表述。 | 赵副主席／钱科长 | 钱科长所在部门 | 2025年11月底前 | 20 |  | 红色 |',
      '| 2 | 问题2的表述。 | 张书记／王部长 | 王部长所在部门 | 2025年底前 |  | 11 | 黄色 |',
      '| 4 | 问题4的表述。 | 赵副主席／孙干事 | 孙干事所在部门 | 2026年6月底前 |  | 192 | 黄色 |',
      'note: 注：绿色表示已完成整改，蓝色表示长期坚持，红色表示已超过整改时限，黄色表示30日内到期或其他未完成。',
    ]);
  });

  it('lists the problems due, most overdue first, with their owners; a sentence when there are none', () => {
    const due = compose(ledger, '::: 到期问题表\n:::\n');
    expect(dumpDocument(due.document).split('\n').slice(1, 5)).toEqual([
      '| 序号 | 具体问题 | 责任领导 | 责任人 | 整改时限 | 逾期天数 | 预警 |',
      '| 3 | 问题3的表述。 | 赵副主席 | 钱科长 | 2025年11月底前 | 20 | 红色 |',
      '| 2 | 问题2的表述。 | 张书记 | 王部长 | 2025年底前 |  | 黄色 |',
      'note: 注：绿色表示已完成整改，蓝色表示长期坚持，红色表示已超过整改时限，黄色表示30日内到期或其他未完成。',
    ]);
    const none = compose(ledger, '::: 到期问题表\n:::\n', '2025-06-30');
    expect(dumpDocument(none.document).split('\n')[1]).toBe('p: 截至2025年6月30日，没有逾期或临近整改时限的未完成问题。');
  });

  it('shows audit coverage with a totals row and marks what is behind plan; numbers only the tables printed', () => {
    const { document, diagnostics } = compose(
      ledger,
      '::: 到期问题表\n标题: 表{{表号}} 到期问题\n为空时: 无到期问题。\n:::\n\n::: 乡镇覆盖表\n标题: 表{{表号}} 各乡镇\n滞后标记: 差{{差额}}家\n:::\n\n::: 类型覆盖表\n标题: 表{{表号}} 各类单位\n合计: 无\n:::\n',
      '2025-06-30',
    );
    expect(diagnostics).toEqual([]);
    const [township, type] = tables(document.blocks);
    expect(township?.caption).toBe('表1 各乡镇');
    expect([...(township?.rows ?? []), ...(township?.totals ?? [])].map((r) => r.map((c) => c.text))).toEqual([
      ['东镇', '2', '1', '1', '100%', '50%', ''],
      ['西乡', '1', '0', '0', '—', '0%', ''],
      ['合计', '3', '1', '1', '100%', '33.33%', ''],
    ]);
    expect(type?.caption).toBe('表2 各类单位');
    expect(type?.totals).toBeUndefined();
    const later = tables(compose(ledger, '::: 乡镇覆盖表\n:::\n', '2025-12-20').document.blocks)[0];
    expect(later?.rows[0]?.map((c) => c.text)).toEqual(['东镇', '2', '2', '1', '50%', '50%', '滞后1家']);
    expect(later?.rows[0]?.[6]?.shade).toBe('FCE4D6');
  });

  it('names the line of every option, column or value it cannot read', () => {
    const { diagnostics } = compose(
      ledger,
      '::: 问题表\n列: 序号、负责人\n:::\n::: 方面统计表\n列: 方面、问题数\n列名: 方面\n:::\n::: 到期问题表\n颜色: 红\n:::\n::: 问题表\n范围: 待定\n排序: 颜色\n:::\n',
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^错误 notice\.md:7：“问题表”的列“负责人”无法识别，可用：序号、方面、.*，或台账中任何一列的列名，或含 \{\{字段\}\} 的格式$/u),
      '错误 notice.md:11：列名有1个，列有2个：列名应与列一一对应，用“、”分隔',
      '错误 notice.md:14：“到期问题表”没有设置“颜色”，可用：列、列名、标题、说明、工作表、印出、范围、预警、排序、为空时、图例',
      '错误 notice.md:17：范围“待定”无法识别，可填：全部、已完成、完成、阶段性完成、未完成',
      '错误 notice.md:18：排序“颜色”无法识别，可填：序号、逾期天数、整改时限',
    ]);
    const noUnions = compose(ledgerOf([problem(1, '甲', 'completed')]), '::: 工会表\n:::\n');
    expect(noUnions.diagnostics.map(formatDiagnostic)).toEqual(['错误 notice.md:6：占位符“::: 工会表”需要基层工会台账，但输入中没有找到基层工会台账']);
  });
});

describe('the README’s examples', () => {
  it('lists the open problems with their owners and colours', () => {
    const { document, diagnostics } = compose(ledger, readmeBlock('<!-- 示例 表格 -->'));
    expect(diagnostics).toEqual([]);
    expect(dumpDocument(document).split('\n').slice(1, 5)).toEqual([
      'caption: 表1 尚未完成整改的问题',
      '| 序号 | 具体问题 | 整改结果 | 责任领导 | 责任人 | 整改时限 | 预警 |',
      '| 3 | 问题3的表述。 | 未完成 | 赵副主席 | 钱科长 | 2025年11月底前 | 红色 |',
      '| 2 | 问题2的表述。 | 基本完成 | 张书记 | 王部长 | 2025年底前 | 黄色 |',
    ]);
  });

  it('writes the default warning colours', () => {
    const { template } = parseTemplate('notice.md', `---\n标题: 通报\n发文机关: 某\n${readmeBlock('### 预警')}---\n`);
    const { settings, diagnostics } = readSettings(template);
    expect(diagnostics).toEqual([]);
    expect(settings.warnings).toEqual(DEFAULT_WARNINGS);
  });
});

describe('column widths', () => {
  it('keeps every header on one line, fits the line, and gives the room to the long text', () => {
    const columns = [
      { header: '序号', cells: ['12', '15'], wraps: false },
      {
        header: '具体问题',
        cells: ['对新修订的《中华人民共和国工会法》宣传教育不经常，基层企事业单位未成立工会缴纳会费。', '联合工会形同虚设。'],
        wraps: true,
      },
      { header: '责任领导', cells: ['党组书记、分管副主席', '党组书记'], wraps: true },
      { header: '整改时限', cells: ['2025年底前', '2025年底前'], wraps: false },
      { header: '计划完成率', cells: ['66.67%', '100%'], wraps: false },
    ];
    const widths = columnWidths(columns, GB_T_9704);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(GB_T_9704.charsPerLine);
    widths.forEach((w, i) => {
      const column = columns[i] as (typeof columns)[number];
      expect(tableTextWidthPt(GB_T_9704, w), column.header).toBeGreaterThanOrEqual(displayWidth(column.header) * GB_T_9704.sizes.tablePt);
      if (!column.wraps)
        for (const cell of column.cells) expect(tableTextWidthPt(GB_T_9704, w), cell).toBeGreaterThanOrEqual(displayWidth(cell) * GB_T_9704.sizes.tablePt);
    });
    expect(widths[1]).toBeGreaterThan(widths[2] as number);
  });

  it('splits a list at 、 but not inside {{…}}', () => {
    expect(splitList('序号、{{责任领导}}、{{责任人}}，整改时限')).toEqual(['序号', '{{责任领导}}', '{{责任人}}', '整改时限']);
  });
});
