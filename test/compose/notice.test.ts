import { describe, expect, it } from 'vitest';
import { composeNotice, signatureLines } from '../../pipeline/compose/notice.js';
import { expandPlaceholders, parsePeriod } from '../../pipeline/compose/placeholders.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { dumpDocument } from '../../pipeline/document/json.js';
import type { Ledger, Union } from '../../pipeline/ledger/schema.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { dated, ledgerOf, longTerm, problem } from '../helpers/ledger.js';

const TEMPLATE = `---
标题: 关于巡察整改进展情况的通报
发文机关: 某某县总工会党组
成文日期: 2025-12-20
---
{{整改进展}}
# 二、已完成的整改事项
::: 问题清单 已完成
# 三、阶段性完成的整改事项
::: 问题清单 阶段性完成
# 四、未完成的整改事项
::: 问题清单 未完成
# 五、下一步安排
对于未完成的{{未完成数}}个问题，{{未完成时限}}。
`;

function compose(ledger: Ledger, source = TEMPLATE, asOf = '2025-12-20') {
  const { template } = parseTemplate('notice.md', source);
  const { settings } = readSettings(template);
  return composeNotice(template, settings, ledger, computeStats(ledger, asOf as IsoDate));
}

describe('composing a notice from a different ledger', () => {
  // Three categories; 甲 has problems in two sections; none staged; no 立行立改 ledger;
  // the not-completed problems fall into three deadline groups.
  const ledger = ledgerOf([
    problem(1, '甲类问题', 'completed'),
    problem(2, '甲类问题', 'notCompleted', { deadline: dated('2025-12-31'), written: '正在整改' }),
    problem(3, '乙类问题', 'completed', { measures: ['第一段措施。', '第二段措施。'] }),
    problem(4, '丙类问题', 'notCompleted', { deadline: dated('2026-06-30') }),
    problem(5, '丙类问题', 'notCompleted', { deadline: longTerm }),
    problem(6, '甲类问题', 'notCompleted', { deadline: dated('2025-12-31') }),
  ]);
  const { document, diagnostics } = compose(ledger);

  it('has no diagnostics', () => expect(diagnostics).toEqual([]));

  it('files each problem under its class, categories numbered afresh per section, in ledger order', () => {
    expect(dumpDocument(document)).toBe(
      [
        'title: 关于巡察整改进展情况的通报',
        'p: 截至目前，巡察反馈的3个方面6个具体问题，已完成整改2个，尚未完成整改4个。',
        'h1: 二、已完成的整改事项',
        'h2: （一）反馈问题：甲类问题',
        'h3: 1.问题1的表述。',
        'p: 整改结果：已完成',
        'p: 整改情况：问题1的整改措施。',
        'h2: （二）反馈问题：乙类问题',
        'h3: 3.问题3的表述。',
        'p: 整改结果：已完成',
        'p: 整改情况：第一段措施。',
        'p: 第二段措施。',
        'h1: 三、阶段性完成的整改事项',
        'h1: 四、未完成的整改事项',
        'h2: （一）反馈问题：甲类问题',
        'h3: 2.问题2的表述。',
        'p: 整改结果：正在整改',
        'p: 整改情况：问题2的整改措施。',
        'h3: 6.问题6的表述。',
        'p: 整改结果：未完成',
        'p: 整改情况：问题6的整改措施。',
        'h2: （二）反馈问题：丙类问题',
        'h3: 4.问题4的表述。',
        'p: 整改结果：未完成',
        'p: 整改情况：问题4的整改措施。',
        'h3: 5.问题5的表述。',
        'p: 整改结果：未完成',
        'p: 整改情况：问题5的整改措施。',
        'h1: 五、下一步安排',
        'p: 对于未完成的4个问题，2、6等2个问题必须在2025年底前完成，问题4必须在2026年6月底前完成，问题5长期坚持。',
        // an 8-character issuer is shorter than the date plus two: the date sits two in, the issuer two left of it
        'signature: 某某县总工会党组 (left 17) | 2025年12月20日 (right 2)',
        '',
      ].join('\n'),
    );
  });

  it('prints 无 in an empty section when the template asks', () => {
    const withNone = TEMPLATE.replace('成文日期: 2025-12-20', '成文日期: 2025-12-20\n空节内容: 无');
    const lines = dumpDocument(compose(ledger, withNone).document).split('\n');
    expect(lines[lines.indexOf('h1: 三、阶段性完成的整改事项') + 1]).toBe('p: 无');
  });
});

describe('template errors found while composing', () => {
  const ledger = ledgerOf([problem(1, '甲', 'completed')]);

  it('an unknown placeholder, with its line and the names accepted', () => {
    const { diagnostics } = compose(ledger, TEMPLATE.replace('{{整改进展}}', '共{{问题总量}}个'));
    expect(diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^错误 notice\.md:6：未知的占位符“\{\{问题总量\}\}”，可用：\{\{方面数\}\}、/u)]);
  });

  it('an unknown directive and a bad class', () => {
    const { diagnostics } = compose(ledger, `${TEMPLATE}::: 问题列表 已完成\n::: 问题清单 待定\n`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      '错误 notice.md:15：未知的指令“::: 问题列表”，可用：::: 问题清单、::: 图表、::: 方面统计表、::: 问题表、::: 到期问题表、::: 乡镇覆盖表、::: 类型覆盖表、::: 工会表、::: 分页',
      '错误 notice.md:16：指令“::: 问题清单”的参数“待定”无法识别，可用：全部、已完成、完成、阶段性完成、未完成',
    ]);
  });

  it('a placeholder whose ledger is absent names the missing ledger', () => {
    const { diagnostics } = compose(ledger, TEMPLATE.replace('{{整改进展}}', '共{{基层工会总数}}家'));
    expect(diagnostics.map(formatDiagnostic)).toEqual(['错误 notice.md:6：占位符“{{基层工会总数}}”需要基层工会台账，但输入中没有找到基层工会台账']);
  });
});

describe('union placeholders over a period', () => {
  const union = (name: string, checkedOn: string | null, plannedAudit: string | null, auditedOn: string | null): Union => ({
    name,
    township: '双江镇',
    type: '企业',
    members: null,
    checkedOn: checkedOn as IsoDate | null,
    plannedAudit: plannedAudit as IsoDate | null,
    auditedOn: auditedOn as IsoDate | null,
    findings: null,
    origin: { file: 'u.xlsx', sheet: 's', row: 3 },
  });
  const ledger: Ledger = {
    problems: null,
    immediate: null,
    unions: {
      items: [
        union('甲', '2024-10-08', '2025-06-30', '2025-07-15'),
        union('乙', '2024-10-20', '2025-07-31', '2025-10-02'),
        union('丙', '2024-11-02', '2026-03-31', null),
        union('丁', null, '2027-05-31', null),
      ],
    },
  };
  const ctx = (asOf: string) => ({ ledger, stats: computeStats(ledger, asOf as IsoDate), settings: null });
  const expand = (text: string, asOf = '2025-12-31') => expandPlaceholders(text, ctx(asOf), { file: 'notice.md', line: 1 });

  it('counts checks in a month, audits in a quarter and a year, up to the as-of date', () => {
    expect(expand('{{已检查工会数 2024-10}}/{{已检查工会数}}/{{计划审计工会数}}/{{已审计工会数 2025Q3}}/{{已审计工会数 2025}}').text).toBe('2/3/4/1/2');
    expect(expand('{{已审计工会数 2025}}', '2025-08-01').text).toBe('1');
    expect(expand('{{计划审计工会数 2025}}').text).toBe('2');
  });

  it('reads the period forms and refuses others', () => {
    expect(parsePeriod('2024-10')).toEqual({ from: '2024-10-01', to: '2024-10-31' });
    expect(parsePeriod('2024年10月')).toEqual({ from: '2024-10-01', to: '2024-10-31' });
    expect(parsePeriod('2025Q3')).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(parsePeriod('2025')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(parsePeriod('2025-13')).toBeNull();
    expect(expand('{{已检查工会数 上月}}').diagnostics.map((d) => d.rule)).toEqual(['placeholder-period']);
  });
});

describe('the unsealed signature', () => {
  it('sets the issuer two characters in from the right and the date two characters right of its start', () => {
    expect(signatureLines('中国共产党通道侗族自治县总工会党组', '2025年5月30日', 28)).toEqual({
      issuer: { text: '中国共产党通道侗族自治县总工会党组', align: 'right', indentChars: 2 },
      date: { text: '2025年5月30日', align: 'left', indentChars: 11 },
    });
  });
  it('moves the issuer when the date is the longer', () => {
    expect(signatureLines('某工会', '2025年12月30日', 28)).toEqual({
      issuer: { text: '某工会', align: 'left', indentChars: 17 },
      date: { text: '2025年12月30日', align: 'right', indentChars: 2 },
    });
  });
});
