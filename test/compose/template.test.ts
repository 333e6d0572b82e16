import { describe, expect, it } from 'vitest';
import { readSettings } from '../../pipeline/compose/settings.js';
import { findPlaceholders, parseTemplate } from '../../pipeline/compose/template.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';

const SOURCE = `---
标题: 关于整改情况的通报
发文机关: 某某工会
成文日期: 2025年5月30日
问题序号分隔符: "."
字体:
  正文: 仿宋
  二级标题: 楷体
---
<!-- 说明：
  这里的文字不进入通报 -->
开头一段，
接着的一行。

# 一、总体情况
## （一）分项
{{整改进展}}
::: 问题清单 已完成
#### （1）四级
`;

describe('parsing a template', () => {
  const { template, diagnostics } = parseTemplate('notice.md', SOURCE);

  it('reads front matter, with the indented font entries', () => {
    expect(diagnostics).toEqual([]);
    expect(template.frontMatter.map((e) => [e.path, e.value, e.line])).toEqual([
      ['标题', '关于整改情况的通报', 2],
      ['发文机关', '某某工会', 3],
      ['成文日期', '2025年5月30日', 4],
      ['问题序号分隔符', '.', 5],
      ['字体.正文', '仿宋', 7],
      ['字体.二级标题', '楷体', 8],
    ]);
  });

  it('finds headings, paragraphs (lines joined) and directives with their lines, and drops comments', () => {
    expect(template.blocks).toEqual([
      { kind: 'paragraph', text: '开头一段，接着的一行。', line: 12 },
      { kind: 'heading', level: 1, text: '一、总体情况', line: 15 },
      { kind: 'heading', level: 2, text: '（一）分项', line: 16 },
      { kind: 'paragraph', text: '{{整改进展}}', line: 17 },
      { kind: 'directive', name: '问题清单', args: ['已完成'], line: 18, options: [] },
      { kind: 'heading', level: 4, text: '（1）四级', line: 19 },
    ]);
  });

  it('turns settings into typed values, dates read as staff write them', () => {
    const { settings, diagnostics: problems } = readSettings(template);
    expect(problems).toEqual([]);
    expect(settings.documentDate).toBe('2025-05-30');
    expect(settings.numberSeparator).toBe('.');
    expect(settings.fonts.body).toBe('仿宋');
    expect(settings.fonts.heading2).toBe('楷体');
    expect(settings.fonts.title).toBe('方正小标宋简体');
  });
});

describe('template errors name their line', () => {
  it('an unknown setting', () => {
    const { template } = parseTemplate('notice.md', '---\n标题: 甲\n发文机关: 乙\n成文时间: 2025-05-30\n---\n正文');
    const { diagnostics } = readSettings(template);
    expect(diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^错误 notice\.md:4：未知的设置“成文时间”，可用：标题、发文机关/u)]);
  });

  it('a date that cannot be read, and a missing title', () => {
    const { template } = parseTemplate('notice.md', '---\n发文机关: 乙\n成文日期: 五月底\n---\n');
    const messages = readSettings(template).diagnostics.map(formatDiagnostic);
    expect(messages).toContain('错误 notice.md:3：成文日期“五月底”无法识别，可填：2025年6月30日、2025.6.30、2025/6/30、2025-06-30');
    expect(messages).toContain('错误 notice.md:1：缺少设置“标题”');
  });

  it('an unclosed front matter, and too deep a heading', () => {
    expect(parseTemplate('notice.md', '---\n标题: 甲\n').diagnostics.map(formatDiagnostic)).toEqual(['错误 notice.md:1：开头的设置区缺少结束的“---”行']);
    expect(parseTemplate('notice.md', '正文\n\n##### 五级').diagnostics.map((d) => d.place.line)).toEqual([3]);
  });
});

describe('finding placeholders', () => {
  it('with and without arguments', () => {
    const { uses, unclosed } = findPlaceholders('共{{基层工会总数}}家，其中{{已检查工会数 2024-10}}家');
    expect(unclosed).toBe(false);
    expect(uses.map((u) => [u.name, u.args])).toEqual([
      ['基层工会总数', []],
      ['已检查工会数', ['2024-10']],
    ]);
  });
  it('notices a brace left open', () => {
    expect(findPlaceholders('共{{基层工会总数家').unclosed).toBe(true);
  });
});
