/**
 * Placeholders in ledger text (具体问题, 整改情况) expand like the template's, and one that
 * cannot be resolved is an error naming the cell it is in, with the header as the sheet writes it.
 */
import { describe, expect, it } from 'vitest';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { documentParagraphs } from '../../pipeline/document/json.js';
import type { Ledger } from '../../pipeline/ledger/schema.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { runExample } from '../helpers/example.js';
import { rawSheet, UNION_HEADER } from '../helpers/workbook.js';

const TEMPLATE = `---
标题: 关于巡察整改进展情况的通报
发文机关: 某某县总工会党组
成文日期: 2025-05-30
---
::: 问题清单 已完成
`;

// A: 序号  B: 问题类别  C: 问题描述  D: 整改状态  E: 整改措施
const HEADER = ['序号', '问题类别', '问题描述', '整改状态', '整改措施'];

function ledgerWith(rows: (string | number)[][]): Ledger {
  const problems = rawSheet([['巡察整改台账'], HEADER, ...rows]);
  const unions = rawSheet(
    [UNION_HEADER, ['甲工会', '双江镇', '企业', '2024-10-08', '2025年6月', ''], ['乙工会', '双江镇', '学校', '2024-11-02', '2025年9月', '']],
    { file: '基层工会台账.xlsx', sheet: '基层工会' },
  );
  const built = buildLedger([problems, unions]);
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return built.ledger;
}

function compose(ledger: Ledger) {
  const { template } = parseTemplate('notice.md', TEMPLATE);
  const { settings } = readSettings(template);
  return composeNotice(template, settings, ledger, computeStats(ledger, '2025-05-30' as IsoDate));
}

describe('placeholders in ledger text', () => {
  it('the ledger keeps the columns of a problem’s text, measures and category, with their headers as written', () => {
    const ledger = ledgerWith([[1, '财务', '问题', '已完成', '措施']]);
    expect(ledger.problems?.items[0]?.origin).toEqual({
      file: '台账.xlsx',
      sheet: '整改台账',
      row: 3,
      cells: { text: { column: 3, header: '问题描述' }, measures: { column: 5, header: '整改措施' }, category: { column: 2, header: '问题类别' } },
    });
  });

  it('expand in the problem text and in every paragraph of the measures', () => {
    const ledger = ledgerWith([
      [1, '财务', '共有{{基层工会总数}}家基层工会未检查。', '已完成', '一是……\n二是2024年10月检查了{{已检查工会数 2024-10}}家，计划审计{{计划审计工会数}}家。'],
    ]);
    const { document, diagnostics } = compose(ledger);
    expect(diagnostics).toEqual([]);
    expect(documentParagraphs(document)).toEqual(expect.arrayContaining(['1.共有2家基层工会未检查。', '二是2024年10月检查了1家，计划审计2家。']));
  });

  it('one that cannot be resolved is an error naming its cell: file › sheet › cell（header）', () => {
    const ledger = ledgerWith([
      [1, '财务', '问题{{未知数}}', '已完成', '措施'],
      [2, '财务', '问题', '已完成', '第一段。\n检查了{{已检察工会数}}家。'],
      [3, '财务', '问题', '已完成', '审计{{已审计工会数 下半年}}家。'],
    ]);
    const lines = compose(ledger).diagnostics.map(formatDiagnostic);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^错误 台账\.xlsx › 整改台账 › C3（问题描述）：未知的占位符“\{\{未知数\}\}”，可用：\{\{方面数\}\}、/u);
    expect(lines[1]).toMatch(/^错误 台账\.xlsx › 整改台账 › E4（整改措施）：未知的占位符“\{\{已检察工会数\}\}”/u);
    expect(lines[2]).toBe(
      '错误 台账.xlsx › 整改台账 › E5（整改措施）：占位符“{{已审计工会数 下半年}}”的时段无法识别，可写：2024-10（某月）、2025Q3（某季度）、2025（某年）',
    );
  });

  it('the shipped example takes problem 14’s audit numbers from the union ledger', async () => {
    const result = await runExample();
    const p14 = result.ledger?.problems?.items.find((p) => p.number === 14);
    expect(p14?.measures.join('')).toContain('对全县{{已检查工会数 2024-10}}家基层工会进行了财务监督检查');
    expect(p14?.measures.join('')).toContain('对{{计划审计工会数}}家基层工会进行经费审计');
    const text = documentParagraphs(result.notice as never).join('\n');
    expect(text).toContain('对全县30家基层工会进行了财务监督检查');
    expect(text).toContain('对60家基层工会进行经费审计');
  });
});
