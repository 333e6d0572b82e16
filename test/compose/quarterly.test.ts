import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeQuarterly, percent } from '../../pipeline/compose/quarterly.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { Quarter } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { documentParagraphs, dumpDocument } from '../../pipeline/document/json.js';
import type { Ledger } from '../../pipeline/ledger/schema.js';
import { quarterlyStats } from '../../pipeline/stats/quarterly.js';
import { EXAMPLE_INPUTS, runExample } from '../helpers/example.js';
import { dated, ledgerOf, problem } from '../helpers/ledger.js';

const ledger = (await runExample()).ledger as Ledger;
const SHIPPED = readFileSync(join(EXAMPLE_INPUTS, 'quarterly.md'), 'utf8');

function compose(source: string, l: Ledger, quarter: string) {
  const { template } = parseTemplate('quarterly.md', source);
  const { settings } = readSettings(template);
  // the charts are known but not drawn (as in `check`): the figure directive places nothing
  const charts = { names: ['audit-coverage', 'coverage-by-township', 'status-by-category'], images: null };
  return composeQuarterly(template, settings, quarterlyStats(l, quarter as Quarter), charts);
}

describe('the quarterly report from the shipped template', () => {
  it('titles the report with its quarter and computes every figure in the prose', () => {
    const { document, diagnostics } = compose(SHIPPED, ledger, '2025Q3');
    expect(diagnostics).toEqual([]);
    const text = documentParagraphs(document);
    expect(text[0]).toBe('通道侗族自治县总工会2025年第三季度整改及经费审计工作统计报告');
    expect(text).toContain(
      '2025年第三季度，完成巡察反馈问题整改0个。截至2025年9月30日，巡察反馈的44个具体问题已累计完成整改39个，与上季度持平，整改完成率88.6%；尚未完成整改5个，其中已超过整改时限的0个。',
    );
    expect(text.find((t) => t.startsWith('2025年第三季度，对'))).toBe(
      '2025年第三季度，对0家基层工会开展了财务监督检查，完成经费审计8家。截至2025年9月30日，全县60家基层工会累计完成经费审计8家，较上季度增加8家，审计覆盖率13.3%；按审计计划，截至季末应完成审计10家，计划完成率80.0%。',
    );
    expect(text).toContain('截至2025年9月30日，没有逾期或30日内到期的未完成问题。');
    expect(document.meta.date).toBe('2025-09-30');
  });

  it('tabulates the problems due or overdue and the coverage by township', () => {
    const dump = dumpDocument(compose(SHIPPED, ledger, '2026Q1').document);
    expect(dump).toContain('| 序号 | 具体问题 | 整改时限 | 逾期天数 | 状态 |');
    expect(dump).toContain('| 12 | 部分企事业单位未建立工会。 | 2025年底前 | 90 | 红（逾期） |');
    expect(dump).toContain('| 乡镇 | 工会数 | 已检查 | 应审计 | 已审计 | 覆盖率 |');
    expect(dump).toMatch(/\| 双江镇 \| 26 \| \d+ \| \d+ \| \d+ \| \d+\.\d% \|/u);
  });

  it('says 无上期数据 where there is no earlier data', () => {
    const text = documentParagraphs(compose(SHIPPED, ledger, '2024Q4').document).join('\n');
    expect(text).toContain('累计完成经费审计0家，无上期数据，');
    // no audit planned by the quarter's end: the plan's completion rate is not a number
    expect(text).toContain('截至季末应完成审计0家，计划完成率—。');
  });
});

describe('quarterly placeholders', () => {
  it('words changes, percentages and errors', () => {
    expect(percent(39 / 44)).toBe('88.6%');
    expect(percent(0)).toBe('0.0%');
    const l = ledgerOf([problem(1, '甲', 'notCompleted', { deadline: dated('2025-01-31') })]);
    const { document, diagnostics } = compose(
      '---\n标题: 报告\n发文机关: 某\n---\n{{季末逾期数}}/{{较上季度 季末逾期数}}/{{较上季度 逾期}}/{{审计覆盖率}}\n',
      l,
      '2025Q1',
    );
    expect(documentParagraphs(document)[1]).toBe('1/无上期数据/{{较上季度 逾期}}/{{审计覆盖率}}');
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^错误 quarterly\.md:5：占位符“\{\{较上季度 逾期\}\}”的参数无法识别，可用：问题总数、/u),
      '错误 quarterly.md:5：占位符“{{审计覆盖率}}”需要基层工会台账，但输入中没有找到基层工会台账',
    ]);
  });
});
