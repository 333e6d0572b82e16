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
