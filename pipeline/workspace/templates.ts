/**
 * The templates of a blank workspace (`tongbao init`), derived from the shipped example's
 * (`inputs/notice.md`, `inputs/quarterly.md`): the same structure, prose, placeholders and
 * directives, with the example unit's names and dates replaced by fill-in markers such as
 * `【发文机关】`, `【巡察组】`, `【成文日期】`, which `check` and `build` warn about until staff
 * replace them (compose/markers.ts).
 *
 * Front-matter settings are replaced by key, whatever the example holds; the body's names by a
 * short table of the example unit's names (longest first). Pure: text in, text out.
 */

/** Settings whose value becomes the marker `【键】`. */
const MARKED_SETTINGS = ['发文机关', '巡察组', '巡察开始日期', '巡察结束日期', '反馈日期', '成文日期'];

/** Settings given a neutral value instead of the example's (the reference notice's quirks). */
const NEUTRAL_SETTINGS: Readonly<Record<string, string>> = { 问题序号分隔符: '"、"' };

/** The example unit's names in titles and prose, longest first. */
const NAMES: readonly [string, string][] = [
  ['中国共产党通道侗族自治县总工会党组', '【发文机关】'],
  ['通道侗族自治县总工会', '【单位名称】'],
  ['通道侗族自治县', '【县（市、区）名称】'],
  ['县委第五巡察组', '【巡察组】'],
  ['县总工会', '【单位简称】'],
];

const FRONT_MATTER_NOTE = '# 带【】的内容是待填写的标记，请连同【】一起替换为本单位的实际内容；未替换的，check 和 build 会逐个提示。';

/** The example's names, for tests: none of them may remain in a blank template. */
export const EXAMPLE_NAMES: readonly string[] = NAMES.map(([name]) => name);

function replaceNames(text: string): string {
  let out = text;
  for (const [name, marker] of NAMES) out = out.split(name).join(marker);
  return out;
}

/** A blank workspace's template from the example's template of the same kind. */
export function blankTemplate(source: string): string {
  const newline = source.includes('\r\n') ? '\r\n' : '\n';
  const lines = source.replace(/^\ufeff/u, '').split(/\r\n|\r|\n/u);
  const end = lines[0]?.trim() === '---' ? lines.findIndex((l, k) => k > 0 && l.trim() === '---') : -1;
  const out: string[] = [];
  lines.forEach((line, k) => {
    if (k > 0 && k < end) {
      const m = /^([^\s#:：][^:：]*?)(\s*[:：]\s*)(.*)$/u.exec(line);
      const key = m?.[1]?.trim();
      if (m && key && MARKED_SETTINGS.includes(key)) {
        out.push(`${m[1]}${m[2]}【${key}】`);
        return;
      }
      if (m && key && NEUTRAL_SETTINGS[key] !== undefined) {
        out.push(`${m[1]}${m[2]}${NEUTRAL_SETTINGS[key]}`);
        return;
      }
    }
    out.push(line.trim().startsWith('#') && k < end ? line : replaceNames(line));
    if (k === 0 && end > 0) out.push(FRONT_MATTER_NOTE);
  });
  return out.join(newline);
}

/**
 * A blank workspace's notice: the usual sections of a 巡察整改进展情况的通报, each with a 【…】
 * marker where the unit's own prose goes, the figures as placeholders and one problem list with
 * the common layout (problems by 方面, each with its status and measures). The README's staff
 * part shows the other layouts.
 */
export const NOTICE_SKELETON = `---
# 通报的设置。日期可写 2025-05-30 或 2025年5月30日。
${FRONT_MATTER_NOTE}
标题: 【发文机关简称】关于巡察整改进展情况的通报
发文机关: 【发文机关】
巡察组: 【巡察组】
巡察开始日期: 【巡察开始日期】
巡察结束日期: 【巡察结束日期】
反馈日期: 【反馈日期】
成文日期: 【成文日期】
# 巡察或巡视：生成的句子中用哪个词。
巡察类别: 巡察
# 台账“整改结果”列中本单位的其他用语，归入三类之一，多个词用、分隔；例如：
# 状态词:
#   已完成: 已办结
#   阶段性完成: 初见成效
#   未完成: 待整改
# Word 中使用的字体名；电脑上没有 GB2312 字体时可改为 仿宋、楷体。
字体:
  标题: 方正小标宋简体
  正文: 仿宋_GB2312
  一级标题: 黑体
  二级标题: 楷体_GB2312
  三级标题: 仿宋_GB2312
  页码: 宋体
# —— 红头、主送机关、附件、印章和版记（GB/T 9704-2012）：每一项都可不填，不填就不印。
# 要印哪一项，删去那一行开头的“# ”再填写（附件有几个就写几行“  - 名称”）；写法见 README ——
# 份号: 1
# 密级: 秘密
# 保密期限: 1年
# 紧急程度: 加急
# 发文机关标志: 【发文机关】文件
# 发文字号: 【机关代字】〔2025〕1号
# 主送机关: 【主送机关】
# 附件:
#   - 【附件名称】
# 加盖印章: 是
# 附注: 此件公开发布
# 抄送: 【抄送机关】
# 印发机关: 【印发机关】
# 印发日期: 【印发日期】
---
<!--
  通报正文。# 一级标题（一、），## 二级标题（（一）），### 三级标题（1.）。
  相邻的行合并为一段，空行分段。{{占位符}} 由台账计算填入；“::: 问题清单”到单独一行“:::”
  之间的设置决定问题清单的版式（见 README）。带【】的内容请替换为本单位的实际内容。
-->

根据【上级党组织】巡察工作统一部署，{{巡察期间}}，{{巡察组}}对【被巡察单位】进行了巡察。{{反馈日期}}，巡察组向【被巡察单位】反馈了巡察意见。根据有关规定和要求，现将巡察整改进展情况通报如下：

# 一、整改工作总体情况

【整改工作的组织领导、主要做法和成效】

{{整改进展}}

# 二、巡察反馈问题整改落实情况

::: 问题清单
范围: 全部
方面标题: （{{方面序号}}）{{方面}}
条目: {{序号}}.{{具体问题}}
整改结果: 整改结果：{{整改结果}}
整改情况: 整改情况：{{整改情况}}
:::

# 三、下一步工作安排

【下一步整改工作的打算和措施】
`;

/**
 * The quarterly template of a workspace without a union ledger (`init --no-unions`): the
 * settings as `blankTemplate` makes them from the example's, and a body that reports the
 * rectification only. The example's body counts unions, draws their chart and lists them, which
 * such a workspace's report would refuse (no union ledger, no union chart).
 */
export function quarterlyWithoutUnions(blank: string): string {
  const newline = blank.includes('\r\n') ? '\r\n' : '\n';
  const lines = blank.split(/\r\n|\r|\n/u);
  const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
  const settings = lines.slice(0, end + 1).map((l) => l.replace('整改及经费审计工作统计报告', '整改工作统计报告'));
  return [...settings, ...QUARTERLY_PROBLEMS_BODY.split('\n')].join(newline);
}

const QUARTERLY_PROBLEMS_BODY = `<!--
  季度报告正文。数字全部由台账按季度最后一天计算，如 {{本季度完成整改数}}；{{较上季度 累计整改完成率}}
  写出与上季度末相比的变化。[[ ]] 中的内容，其中的数字为 0 时整段不印。“::: 表名”到单独一行“:::”之间
  的设置决定表格（见 README）；每张表同时是季度统计表（xlsx）中的一个工作表，“印出: 否”的表只放入工作簿。
  带【】的内容请替换为本单位的实际内容。
-->

::: 指标表
工作表: 汇总
印出: 否
:::

根据【上级党组织】巡察整改工作要求，现将{{季度}}巡察反馈问题整改工作情况报告如下（数据统计截至{{统计截止日期}}）。

::: 指标表
标题: 表{{表号}} {{季度}}主要指标
指标: 累计完成整改数、季末阶段性完成数、季末未完成数、累计整改完成率、季末逾期数
工作表: 无
:::

# 一、巡察反馈问题整改情况

[[{{季度}}，完成巡察反馈问题整改{{本季度完成整改数}}个。]]截至{{季末日期}}，巡察反馈的{{方面数}}个方面{{问题总数}}个具体问题，已累计完成整改{{累计完成整改数}}个[[，阶段性完成{{季末阶段性完成数}}个]][[，未完成{{季末未完成数}}个]]，整改完成率{{累计整改完成率}}，{{较上季度 累计整改完成率}}[[；已超过整改时限的{{季末逾期数}}个]]。

::: 方面统计表
标题: 表{{表号}} 各方面整改情况
:::

::: 图表 status-by-category 图1 截至{{季末日期}}各方面整改情况

::: 问题表
标题: 表{{表号}} 尚未完成整改的问题
范围: 阶段性完成、未完成
列: 序号、具体问题、整改结果、责任领导、责任人、整改时限、预警
排序: 逾期天数
工作表: 未完成问题
为空时: 巡察反馈的问题已全部完成整改。
:::

# 二、下一步工作

【下一步整改工作的打算和措施】

<!-- 以下一张表只放入工作簿：全部问题。 -->
::: 问题表
列: 序号、方面、具体问题、整改结果、责任领导、责任部室、责任人、整改时限、完成时间、逾期天数、预警
工作表: 问题清单
印出: 否
:::
`;
