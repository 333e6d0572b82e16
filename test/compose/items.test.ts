/**
 * Any unit's notice: the item layouts real notices use, each built from a ledger workbook and a
 * template written for it (invented texts), asserted paragraph by paragraph with its summary
 * sentence and its figures. The problem lists are the README's examples, as staff would copy them;
 * the shipped example's layout is also the golden test's (example.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IsoDate, Quarter } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { documentParagraphs } from '../../pipeline/document/json.js';
import { runPipeline, type RunResult } from '../../pipeline/run.js';
import { runQuarterly } from '../../pipeline/run-quarterly.js';
import { ROOT } from '../helpers/example.js';
import { xlsx, type CellSpec } from '../helpers/workbook.js';

const README = readFileSync(`${ROOT}/README.md`, 'utf8');

/** The README's example `<!-- 示例 id -->`: the fenced block that follows it, as staff would copy it. */
function readmeExample(id: string): string {
  const m = new RegExp(`<!-- 示例 ${id} -->\\s*\`\`\`text\\n([\\s\\S]*?)\`\`\``, 'u').exec(README);
  if (!m) throw new Error(`README has no example ${id}`);
  return m[1] as string;
}

const FRONT = (extra = '') => `---
标题: 中共某某区委关于巡察整改进展情况的通报
发文机关: 中共某某区委
成文日期: 2025-06-30
${extra}---
`;

/** An inputs folder in memory: a workbook of one sheet and a notice template. */
async function inputsOf(rows: CellSpec[][], template: string) {
  const files = new Map<string, Uint8Array>([
    ['整改台账.xlsx', await xlsx([{ name: '整改台账', rows }])],
    ['notice.md', new TextEncoder().encode(template)],
  ]);
  return { inputsFolder: 'inputs', fileNames: [...files.keys()], bytesOf: (name: string) => files.get(name) ?? { error: 'ENOENT' } };
}

/** Runs the pipeline on a workbook of one sheet and a notice template, in memory. */
async function buildNotice(rows: CellSpec[][], template: string): Promise<RunResult> {
  return runPipeline({ ...(await inputsOf(rows, template)), asOf: null, today: '2025-07-01' as IsoDate });
}

/** The paragraphs between the title and the signature. */
function body(result: RunResult): string[] {
  expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  const paragraphs = documentParagraphs(result.notice as NonNullable<RunResult['notice']>);
  return paragraphs.slice(1, -2);
}

describe('layout (a): the shipped example’s, split by status', () => {
  it('heads categories 反馈问题：…, numbers items by 序号, prints the status and measures lines', async () => {
    const rows = [
      ['序号', '反馈问题', '具体问题', '整改结果', '整改情况'],
      [1, '学习贯彻不深入', '理论学习不系统。', '已完成', '制定学习计划。'],
      [2, '学习贯彻不深入', '研讨交流不充分。', '阶段性完成', '每季度开展研讨。'],
      [3, '制度执行不严格', '请假手续不完备。', '已完成', '修订考勤制度。\n建立请假台账。'],
    ];
    const template = `${FRONT()}
{{整改进展}}

# 一、已完成的整改事项

${readmeExample('a')}

# 二、阶段性完成的整改事项

::: 问题清单 阶段性完成
`;
    const result = await buildNotice(rows, template);
    expect(body(result)).toEqual([
      '截至目前，巡察反馈的2个方面3个具体问题，已完成整改2个，阶段性完成整改1个。',
      '一、已完成的整改事项',
      '（一）反馈问题：学习贯彻不深入',
      '1.理论学习不系统。',
      '整改结果：已完成',
      '整改情况：制定学习计划。',
      '（二）反馈问题：制度执行不严格',
      '3.请假手续不完备。',
      '整改结果：已完成',
      '整改情况：修订考勤制度。',
      '建立请假台账。',
      '二、阶段性完成的整改事项',
      '（一）反馈问题：学习贯彻不深入',
      '2.研讨交流不充分。',
      '整改结果：阶段性完成',
      '整改情况：每季度开展研讨。',
    ]);
    expect(result.stats?.problems).toMatchObject({ total: 3, completed: 2, staged: 1, notCompleted: 0, completionRate: 2 / 3 });
  });
});

describe('layout (b): two category levels, (1)关于“…” items, all statuses in one list, no status line', () => {
  const rows = [
    ['序号', '问题方面', '问题子类', '具体问题', '整改进度', '整改措施'],
    [1, '党的政治建设', '理论学习', '中心组学习流于形式', '已完成', '修订中心组学习制度。'],
    [2, '党的政治建设', '理论学习', '青年理论学习小组作用发挥不够', '正在整改', '制定年度学习计划。'],
    [3, '党的政治建设', '意识形态', '阵地管理不到位', '已整改到位', '清理宣传栏。\n建立审核制度。'],
    [4, '全面从严治党', '作风建设', '督查检查过多过频', '已完成', '合并检查事项。'],
  ];
  const template = `${FRONT()}
截至目前，{{问题总数}}个问题已完成整改{{已完成数}}个，整改完成率{{整改完成率}}。

# 一、整改落实情况

${readmeExample('b')}`;

  it('lists every problem under its 方面 and 问题子类, numbered afresh in each group', async () => {
    const result = await buildNotice(rows, template);
    expect(body(result)).toEqual([
      '截至目前，4个问题已完成整改3个，整改完成率75%。',
      '一、整改落实情况',
      '（一）在“党的政治建设”方面',
      '1.关于“理论学习”问题的整改',
      '(1)关于“中心组学习流于形式”',
      '修订中心组学习制度。',
      '(2)关于“青年理论学习小组作用发挥不够”',
      '制定年度学习计划。',
      '2.关于“意识形态”问题的整改',
      '(1)关于“阵地管理不到位”',
      '清理宣传栏。',
      '建立审核制度。',
      '（二）在“全面从严治党”方面',
      '1.关于“作风建设”问题的整改',
      '(1)关于“督查检查过多过频”',
      '合并检查事项。',
    ]);
    expect(result.stats?.problems).toMatchObject({ categories: 2, total: 4, completed: 3, staged: 0, notCompleted: 1, completionRate: 0.75 });
  });

  it('sets 方面 at level 2, 问题子类 at level 3 and the items at level 4', async () => {
    const result = await buildNotice(rows, template);
    const headings = (result.notice?.blocks ?? []).flatMap((b) => (b.type === 'heading' ? [b.level] : []));
    expect(headings).toEqual([1, 2, 3, 4, 4, 3, 4, 2, 3, 4]);
  });
});

describe('layout (c): 问题N： items under bare 方面 headings, sub-numbers, the unit’s own status word', () => {
  it('prints 1-2 as written, classes 已办结 as the template says, and counts labels in stats.json', async () => {
    const rows = [
      ['编号', '类别', '存在问题', '完成情况', '整改举措', '整改时限'],
      ['1-1', '落实主体责任方面', '班子成员履行“一岗双责”不到位', '已办结', '签订责任书。', '2025-03-31'],
      ['1-2', '落实主体责任方面', '谈心谈话开展不经常', '阶段性完成整改', '建立谈心谈话台账。', '2025-12-31'],
      ['2-1', '基层党建方面', '“三会一课”记录不规范', '正在整改中', '统一记录本。', '2025-05-31'],
    ];
    const template = `${FRONT('状态词:\n  已完成: 已办结\n')}
{{整改进展}}整改结果写作“已办结”的{{整改结果数 已办结}}个，落实主体责任方面已完成{{已完成数 落实主体责任方面}}个。

# 二、整改落实情况

${readmeExample('c')}`;
    const result = await buildNotice(rows, template);
    expect(body(result)).toEqual([
      '截至目前，巡察反馈的2个方面3个具体问题，已完成整改1个，阶段性完成整改1个，尚未完成整改1个。整改结果写作“已办结”的1个，落实主体责任方面已完成1个。',
      '二、整改落实情况',
      '落实主体责任方面',
      '问题1-1：班子成员履行“一岗双责”不到位',
      '整改进度：已办结',
      '签订责任书。',
      '问题1-2：谈心谈话开展不经常',
      '整改进度：阶段性完成整改',
      '建立谈心谈话台账。',
      '基层党建方面',
      '问题2-1：“三会一课”记录不规范',
      '整改进度：正在整改中',
      '统一记录本。',
    ]);
    expect(result.stats?.problems).toMatchObject({ total: 3, completed: 1, staged: 1, notCompleted: 1, overdue: ['2-1'] });
  });

  it('refuses 已办结 when the template does not classify it, saying where to add it', async () => {
    const rows = [
      ['序号', '反馈问题', '具体问题', '整改结果', '整改情况'],
      [1, '甲', '问题。', '已办结', '措施。'],
    ];
    const result = await buildNotice(rows, `${FRONT()}\n::: 问题清单 已完成\n`);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(
        /^错误 整改台账\.xlsx › 整改台账 › D2（整改结果）：未知的整改结果“已办结”，可填：.*；本单位的其他用语可在通报模板 notice\.md 的“状态词”设置中归入已完成、阶段性完成或未完成$/u,
      ),
    ]);
  });
});

describe('the unit’s status words in every command', () => {
  it('quarterly reads them from notice.md too', async () => {
    const rows = [
      ['序号', '反馈问题', '具体问题', '整改结果', '整改情况', '完成时间'],
      [1, '甲', '问题。', '已办结', '措施。', '2025-08-01'],
    ];
    const result = await runQuarterly({
      ...(await inputsOf(rows, FRONT('状态词:\n  已完成: 已办结\n'))),
      quarter: '2025Q3' as Quarter,
      today: '2025-10-10' as IsoDate,
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.stats?.headline).toMatchObject({ problemsTotal: 1, completedToDate: 1 });
  });
});

describe('layout (d): a flat list 1…N with no category headings', () => {
  it('numbers the items through the list, whatever the ledger’s 序号', async () => {
    const rows = [
      ['序号', '反馈问题', '具体问题', '整改结果', '整改情况'],
      [5, '甲方面', '问题五。', '已完成', '措施五。'],
      [7, '乙方面', '问题七。', '未完成', '措施七。'],
      [9, '甲方面', '问题九。', '已完成', '措施九。'],
    ];
    const template = `${FRONT()}
共{{问题总数}}个问题，完成率{{整改完成率}}。

${readmeExample('d')}`;
    const result = await buildNotice(rows, template);
    expect(body(result)).toEqual([
      '共3个问题，完成率66.67%。',
      '1.问题五。',
      '整改情况：措施五。',
      '2.问题七。',
      '整改情况：措施七。',
      '3.问题九。',
      '整改情况：措施九。',
    ]);
    const headings = (result.notice?.blocks ?? []).flatMap((b) => (b.type === 'heading' ? [b.level] : []));
    expect(headings).toEqual([3, 3, 3]);
  });
});

describe('mistakes in a problem list', () => {
  const rows = [
    ['序号', '反馈问题', '具体问题', '整改结果', '整改情况', '牵头单位'],
    [1, '甲', '问题。', '已完成', '措施。', '办公室'],
  ];

  it('names a pattern field that is neither a column nor a placeholder, with its line', async () => {
    const template = `${FRONT()}\n::: 问题清单\n条目: {{序号}}.{{具体问题}}（{{牵头单位}}，{{责任科室}}）\n:::\n`;
    const result = await buildNotice(rows, template);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^错误 notice\.md:8：条目格式中的“\{\{责任科室\}\}”不是台账的列，也不是占位符；可用的列：序号、具体问题、/u),
    ]);
  });

  it('prints any column of the ledger by its header', async () => {
    const template = `${FRONT()}\n::: 问题清单\n条目: {{序号}}.{{具体问题}}（牵头：{{牵头单位}}）\n整改结果:\n:::\n`;
    expect(body(await buildNotice(rows, template))).toEqual(['（一）反馈问题：甲', '1.问题。（牵头：办公室）', '整改情况：措施。']);
  });

  it('reports a block without its closing ::: at the directive’s line', async () => {
    const result = await buildNotice(rows, `${FRONT()}\n::: 问题清单\n范围: 全部\n`);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['错误 notice.md:7：指令的设置没有结束：请在最后一行设置之后单独写一行 :::']);
  });

  it('reports an unknown option and values it cannot read, each at its line', async () => {
    const template = `${FRONT()}\n::: 问题清单\n范围: 大部分\n排序: 倒序\n编号: 随意\n:::\n`;
    const result = await buildNotice(rows, template);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      '错误 notice.md:8：范围“大部分”无法识别，可填：全部、已完成、完成、阶段性完成、未完成',
      '错误 notice.md:9：“问题清单”没有设置“排序”，可用：范围、分组、编号、方面标题、子类标题、条目、整改结果、整改情况',
      '错误 notice.md:10：编号“随意”无法识别，可填：台账序号、连续、每组重新',
    ]);
  });

  it('rejects a 序号 used twice, also as a label', async () => {
    const result = await buildNotice(
      [
        ['序号', '反馈问题', '具体问题', '整改结果', '整改情况'],
        ['1-2', '甲', '问题。', '已完成', '措施。'],
        ['１－２', '甲', '问题。', '已完成', '措施。'],
      ],
      `${FRONT()}\n::: 问题清单 已完成\n`,
    );
    expect(result.diagnostics.map((d) => [d.rule, d.place.row])).toEqual([['serial-duplicate', 3]]);
  });
});
