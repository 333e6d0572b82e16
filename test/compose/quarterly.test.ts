import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeQuarterly } from '../../pipeline/compose/quarterly.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate, Quarter } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { plainText, type Table } from '../../pipeline/document/ast.js';
import { documentParagraphs, dumpDocument } from '../../pipeline/document/json.js';
import type { Ledger } from '../../pipeline/ledger/schema.js';
import { computeStats } from '../../pipeline/stats/index.js';
import type { PreviousRecord } from '../../pipeline/stats/previous.js';
import { quarterlyStats } from '../../pipeline/stats/quarterly.js';
import { EXAMPLE_INPUTS, runExample } from '../helpers/example.js';
import { dated, ledgerOf, problem } from '../helpers/ledger.js';

const ledger = (await runExample()).ledger as Ledger;
const SHIPPED = readFileSync(join(EXAMPLE_INPUTS, 'quarterly.md'), 'utf8');

function compose(source: string, l: Ledger, quarter: string, options: { date?: string; previousRecord?: PreviousRecord } = {}) {
  const { template } = parseTemplate('quarterly.md', source);
  const read = readSettings(template);
  const stats = quarterlyStats(l, quarter as Quarter, { warnings: read.settings.warnings, previousRecord: options.previousRecord ?? null });
  // the charts are known but not drawn (as in `check`): the figure directive places nothing
  const charts = { names: ['audit-coverage', 'coverage-by-township', 'status-by-category'], images: null };
  const composed = composeQuarterly(template, read.settings, stats, { ledger: l, date: (options.date ?? '2025-10-10') as IsoDate, charts });
  return { ...composed, stats, diagnostics: [...read.diagnostics, ...composed.diagnostics] };
}

const tables = (blocks: readonly { type: string }[]) => blocks.filter((b): b is Table => b.type === 'table');
const texts = (row: readonly { text: string }[]) => row.map((c) => c.text);
const byCaption = (ts: readonly Table[], caption: string) => ts.find((t) => t.caption?.includes(caption)) as Table;

describe('the quarterly report from the shipped template, 2025Q3', () => {
  const { document, diagnostics, sheets, stats } = compose(SHIPPED, ledger, '2025Q3');
  const text = documentParagraphs(document);
  const printed = tables(document.blocks);

  it('composes without a diagnostic, titled with its quarter', () => {
    expect(diagnostics).toEqual([]);
    expect(text[0]).toBe('通道侗族自治县总工会2025年第三季度整改及经费审计工作统计报告');
  });

  it('counts three statuses: 阶段性完成5个, never 尚未完成5个, and prints no zero', () => {
    expect(text).toContain('截至2025年9月30日，巡察反馈的14个方面44个具体问题，已累计完成整改39个，阶段性完成5个，整改完成率88.64%，与上季度持平。');
    const prose = document.blocks.flatMap((b) => (b.type === 'paragraph' ? [plainText(b.content)] : [])).join('\n');
    expect(prose).not.toMatch(/尚未完成(整改)?5个/u);
    // no quarter completions and no checks in 2025Q3: those sentences are left out
    expect(prose).not.toMatch(/[^\d.]0[个家]/u);
    expect(text.find((t) => t.startsWith('2025年第三季度，'))).toBe(
      '2025年第三季度，完成经费审计8家。截至2025年9月30日，全县60家基层工会累计完成经费审计8家，较上季度增加8家，审计覆盖率13.33%；按审计计划，截至季末应完成审计10家，计划完成率80%。未达到计划进度的乡镇和单位类型，在表中标注“滞后”。',
    );
    expect(prose).toContain('（数据统计截至2025年9月30日）');
  });

  it('tabulates the 14 方面 with the three statuses, the rate and a totals row equal to stats.json', () => {
    const table = byCaption(printed, '各方面整改情况');
    expect(table.caption).toBe('表2 各方面整改情况');
    expect(texts(table.header[0] ?? [])).toEqual(['方面', '问题数', '已完成', '阶段性完成', '未完成', '完成率']);
    expect(table.rows).toHaveLength(14);
    expect(texts(table.rows[2] ?? [])).toEqual(['责任担当意识不够指导基层工会建设还有不足', '4', '1', '3', '0', '25%']);
    const p = computeStats(ledger, '2025-09-30' as IsoDate).problems;
    expect(texts(table.totals?.[0] ?? [])).toEqual(['合计', String(p?.total), String(p?.completed), String(p?.staged), String(p?.notCompleted), '88.64%']);
    expect(table.totals?.[0]?.every((c) => c.bold)).toBe(true);
    // the workbook keeps the values: a percentage with the places it shows
    expect(table.totals?.[0]?.[5]?.value).toEqual({ kind: 'percent', value: 39 / 44, decimals: 2 });
  });

  it('gives every open problem a colour, lists them with their owners and prints the legend', () => {
    const table = byCaption(printed, '尚未完成整改的问题');
    expect(texts(table.header[0] ?? [])).toEqual(['序号', '具体问题', '整改结果', '责任领导', '责任人', '整改时限', '预警']);
    expect(table.rows.map((r) => r[0]?.text)).toEqual(['12', '15', '16', '19', '14']);
    expect(texts(table.rows[0] ?? [])).toEqual([
      '12',
      '部分企事业单位未建立工会。',
      '阶段性完成',
      '党组书记、分管副主席',
      '基层工作部部长',
      '2025年底前',
      '黄色',
    ]);
    expect(table.rows.every((r) => r[6]?.shade === 'FFE699')).toBe(true);
    expect(table.notes).toEqual(['注：绿色表示已完成整改，蓝色表示长期坚持，红色表示已超过整改时限，黄色表示30日内到期或其他未完成。']);
    expect(stats.problems.filter((s) => s.cls !== 'completed').every((s) => s.warning !== null)).toBe(true);
  });

  it('marks the townships behind their plan, with totals: 双江镇 5 planned, 3 audited', () => {
    const table = byCaption(printed, '各乡镇审计进度');
    expect(texts(table.header[0] ?? [])).toEqual(['乡镇', '工会数', '计划应审计', '已审计', '计划完成率', '覆盖率', '进度']);
    expect(texts(table.rows[0] ?? [])).toEqual(['双江镇', '26', '5', '3', '60%', '11.54%', '滞后2家']);
    expect(table.rows[0]?.[6]?.shade).toBeDefined();
    expect(texts(table.rows[1] ?? [])).toEqual(['县溪镇', '4', '0', '0', '—', '0%', '']);
    expect(texts(table.totals?.[0] ?? [])).toEqual(['合计', '60', '10', '8', '80%', '13.33%', '滞后2家']);
    expect(byCaption(printed, '各类单位审计进度').rows.map((r) => r[0]?.text)).toEqual(['联合会', '学校', '医院', '机关', '事业单位', '企业']);
  });

  it('says under the headline table how the previous quarter was obtained', () => {
    const table = byCaption(printed, '主要指标');
    expect(table.caption).toBe('表1 2025年第三季度主要指标');
    expect(texts(table.rows.find((r) => r[0]?.text === '累计完成审计') ?? [])).toEqual(['累计完成审计', '8', '0', '+8']);
    expect(texts(table.rows.find((r) => r[0]?.text === '审计覆盖率') ?? [])).toEqual(['审计覆盖率', '13.33%', '0%', '+13.33个百分点']);
    expect(table.notes).toEqual(['上季度末（2025年6月30日）数字按现台账推算（未找到上季度报告的运行记录）。']);
  });

  it('makes every table a workbook sheet, in the template’s order, the long lists only there', () => {
    expect(sheets.map((s) => s.sheet?.name)).toEqual(['汇总', '按方面', '未完成问题', '乡镇覆盖', '类型覆盖', '问题清单', '基层工会']);
    expect(sheets[0]?.sheet?.title).toBe('2025年第三季度整改及经费审计情况汇总');
    expect(sheets[1]?.sheet?.title).toBe('表2 各方面整改情况');
    const list = sheets.find((s) => s.sheet?.name === '问题清单') as Table;
    expect(list.rows).toHaveLength(44);
    expect(printed.some((t) => t.rows.length === 44)).toBe(false);
  });

  it('is dated by 成文日期: 2025-10-10 prints 2025年10月10日', () => {
    const signature = document.blocks.find((b) => b.type === 'signature');
    expect(signature?.type === 'signature' && signature.date.text).toBe('2025年10月10日');
    expect(document.meta.date).toBe('2025-10-10');
  });
});

describe('the 公文 frame in the quarterly report', () => {
  it('prints 发文字号 under the 发文机关标志 and 主送机关 under the title, as the notice does', () => {
    const { document, diagnostics } = compose(
      '---\n标题: 报告\n发文机关: 某县总工会党组\n成文日期: 2025-10-10\n发文机关标志: 某县总工会党组文件\n发文字号: 某工党〔2025〕12号\n主送机关: 县总工会各部室，各乡镇工会\n---\n正文。\n',
      ledger,
      '2025Q3',
    );
    expect(diagnostics).toEqual([]);
    const dump = dumpDocument(document);
    expect(dump).toMatch(/letterhead: .*某工党〔2025〕12号/u);
    expect(dump).toContain('recipients: 县总工会各部室，各乡镇工会：');
    expect(dump.split('\n').findIndex((l) => l.startsWith('recipients:'))).toBe(dump.split('\n').findIndex((l) => l.startsWith('title:')) + 1);
  });
});

describe('warning rules as settings', () => {
  const JIANGJIN =
    '---\n标题: 报告\n发文机关: 某\n预警:\n  黄: 20日内到期\n  红: 10日内到期、逾期\n  绿: 已完成\n---\n::: 问题表\n列: 序号、整改时限、剩余天数、预警\n:::\n';

  it('colours as configured: yellow 20 days ahead, red 10, 黄/红/绿 words, and the legend says so', () => {
    const l = ledgerOf([
      problem(1, '甲', 'notCompleted', { deadline: dated('2025-10-05') }),
      problem(2, '甲', 'staged', { deadline: dated('2025-10-15') }),
      problem(3, '甲', 'notCompleted', { deadline: dated('2025-09-01') }),
      problem(4, '甲', 'notCompleted', { deadline: dated('2025-12-31') }),
      problem(5, '甲', 'completed', { completedOn: '2025-08-01' as IsoDate }),
    ]);
    const { document, diagnostics } = compose(JIANGJIN, l, '2025Q3');
    expect(diagnostics).toEqual([]);
    const [table] = tables(document.blocks);
    expect(table?.rows.map(texts)).toEqual([
      ['1', '2025年10月5日前', '5', '红'],
      ['2', '2025年10月15日前', '15', '黄'],
      ['3', '2025年9月1日前', '', '红'],
      ['4', '2025年底前', '92', ''],
      ['5', '', '', '绿'],
    ]);
    expect(table?.rows.map((r) => r[3]?.shade ?? null)).toEqual(['FF7C80', 'FFE699', 'FF7C80', null, '92D050']);
    expect(table?.notes).toEqual(['注：黄表示20日内到期，红表示10日内到期或已超过整改时限，绿表示已完成整改。']);
  });

  it('changes the shipped example’s colours in 2025Q4 (due on the quarter’s last day: red)', () => {
    const { stats } = compose(JIANGJIN, ledger, '2025Q4');
    const words = stats.problems
      .filter((s) => s.cls !== 'completed')
      .map((s) => [s.problem.number, s.warning ? stats.warnings.colours[s.warning.colour]?.word : null]);
    expect(words).toEqual([
      [12, '红'],
      [14, null],
      [15, '红'],
      [16, '红'],
      [19, '红'],
    ]);
  });

  it('refuses an unknown colour or rule, and a rule given twice, at their lines', () => {
    const { template } = parseTemplate(
      'quarterly.md',
      '---\n标题: 报告\n发文机关: 某\n预警:\n  粉色: 逾期\n  红色: 明天到期\n  黄色: 逾期、未达序时进度\n---\n',
    );
    expect(readSettings(template).diagnostics.map(formatDiagnostic)).toEqual([
      '错误 quarterly.md:5：预警颜色“粉色”无法识别，颜色名中应有：红、橙、黄、绿、青、蓝、紫、灰',
      '错误 quarterly.md:6：红色的预警规则“明天到期”无法识别，可写：已完成、逾期、30日内到期（天数可改）、未达序时进度、长期坚持、其余，几条用“、”连接',
      '错误 quarterly.md:7：预警规则“未达序时进度”从整改开始计算时间，需要设置“反馈日期”',
    ]);
    const twice = parseTemplate('quarterly.md', '---\n标题: 报告\n发文机关: 某\n预警:\n  红色: 逾期\n  黄色: 逾期\n---\n').template;
    expect(readSettings(twice).diagnostics.map(formatDiagnostic)).toEqual(['错误 quarterly.md:6：预警规则“逾期”同时给了红色、黄色，每条规则只能对应一种颜色']);
  });
});

describe('the previous quarter, honestly', () => {
  it('takes the figures an earlier run recorded, and says which and from where', () => {
    const record: PreviousRecord = {
      quarter: '2025Q2' as Quarter,
      path: 'quarterly-2025Q2.run-log.md',
      what: 'runLog',
      headline: { completedToDate: 37, auditedToDate: 2, completionRate: 37 / 44 },
    };
    const { document } = compose(
      '---\n标题: 报告\n发文机关: 某\n---\n{{较上季度 累计完成整改数}}；{{较上季度 累计审计工会数}}；{{上期数据说明}}\n',
      ledger,
      '2025Q3',
      {
        previousRecord: record,
      },
    );
    expect(documentParagraphs(document)[1]).toBe(
      '较上季度增加2个；较上季度增加6家；上季度末（2025年6月30日）数字取自2025年第二季度报告的运行记录（quarterly-2025Q2.run-log.md），其中反馈问题总数、本季度完成整改、阶段性完成、未完成、逾期未完成、基层工会总数、本季度财务检查、累计财务检查、本季度完成审计、计划应完成审计、审计覆盖率、审计计划完成率按现台账推算。',
    );
  });

  it('says when it counted from today’s ledger, and how many completions had no date', () => {
    const l = ledgerOf([problem(1, '甲', 'completed'), problem(2, '甲', 'completed', { completedOn: '2025-05-01' as IsoDate }), problem(3, '甲', 'staged')]);
    const { document } = compose('---\n标题: 报告\n发文机关: 某\n---\n{{上期数据说明}}\n', l, '2025Q3');
    expect(documentParagraphs(document)[1]).toBe(
      '上季度末（2025年6月30日）数字按现台账推算（未找到上季度报告的运行记录）；已完成但未填完成时间的1个问题，计为上季度末已完成。',
    );
  });

  it('says 无上期数据 where there is no earlier data', () => {
    const text = documentParagraphs(compose(SHIPPED, ledger, '2024Q4').document).join('\n');
    expect(text).toContain('累计完成经费审计0家，无上期数据，');
    // no audit planned by the quarter's end: the plan's completion rate is not a number
    expect(text).toContain('截至季末应完成审计0家，计划完成率—。');
    expect(text).toContain('台账中没有2024年第四季度以前的数据，上季度末记为“无上期数据”。');
  });
});

describe('::: 问题清单 in the quarterly report', () => {
  it('lists problems with the item patterns, the quarterly placeholders at hand', () => {
    const { document, diagnostics } = compose(
      '---\n标题: 报告\n发文机关: 某\n---\n::: 问题清单\n范围: 阶段性完成\n分组: 无\n条目: {{序号}}.{{具体问题}}（{{整改时限}}，{{季度}}末）\n整改结果:\n整改情况:\n:::\n',
      ledger,
      '2025Q3',
    );
    expect(diagnostics).toEqual([]);
    expect(documentParagraphs(document).slice(1, 3)).toEqual([
      '12.部分企事业单位未建立工会。（2025年底前，2025年第三季度末）',
      '14.对基层工会财务监督检查力度不够，问题突出。（2026年底前，2025年第三季度末）',
    ]);
  });
});

describe('quarterly placeholders', () => {
  it('words changes, percentages with 百分比小数位, and errors', () => {
    const l = ledgerOf([
      problem(1, '甲', 'notCompleted', { deadline: dated('2025-01-31') }),
      problem(2, '甲', 'completed', { completedOn: '2025-02-01' as IsoDate }),
    ]);
    const { document, diagnostics } = compose(
      '---\n标题: 报告\n发文机关: 某\n百分比小数位: 1\n---\n{{季末逾期数}}/{{较上季度 季末逾期数}}/{{累计整改完成率}}/{{较上季度 逾期}}/{{审计覆盖率}}\n',
      l,
      '2025Q1',
    );
    expect(documentParagraphs(document)[1]).toBe('1/无上期数据/50.0%/{{较上季度 逾期}}/{{审计覆盖率}}');
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^错误 quarterly\.md:6：占位符“\{\{较上季度 逾期\}\}”的参数无法识别，可用：问题总数、/u),
      '错误 quarterly.md:6：占位符“{{审计覆盖率}}”需要基层工会台账，但输入中没有找到基层工会台账',
    ]);
  });

  it('leaves out a [[…]] part whose figure is zero, and keeps it otherwise', () => {
    const l = ledgerOf([problem(1, '甲', 'staged'), problem(2, '甲', 'completed', { completedOn: '2025-08-01' as IsoDate })]);
    const { document } = compose(
      '---\n标题: 报告\n发文机关: 某\n---\n已完成{{累计完成整改数}}个[[，阶段性完成{{季末阶段性完成数}}个]][[，未完成{{季末未完成数}}个]]。\n',
      l,
      '2025Q3',
    );
    expect(documentParagraphs(document)[1]).toBe('已完成1个，阶段性完成1个。');
  });
});
