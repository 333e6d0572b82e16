/**
 * The notice template's front matter → typed settings. Keys are in Chinese, as staff write
 * them; an unknown key is an error with its line (a typo would otherwise be silently ignored).
 */
import type { IsoDate } from '../dates.js';
import type { Diagnostic } from '../diagnostics.js';
import type { FontRole, Fonts, FontSettings } from '../document/ast.js';
import { parseDateText } from '../ledger/cells.js';
import * as msg from '../messages.js';
import { isMarker } from './markers.js';
import type { Template } from './template.js';
import type { StatusClass } from '../ledger/schema.js';
import { COLOUR_FILLS, colourFill, DEFAULT_WARNINGS, type WarningColour, type WarningRule, type WarningScheme } from '../stats/warnings.js';
import { FRAME_DATE_KEYS, FRAME_LIST_KEYS, FRAME_TEXT_KEYS, readFrameSettings, type FrameSettings } from './frame.js';

export interface NoticeSettings extends FontSettings {
  title: string;
  issuer: string;
  inspectionGroup: string | null;
  inspectionStart: IsoDate | null;
  inspectionEnd: IsoDate | null;
  feedbackDate: IsoDate | null;
  /** The document date: the default as-of date and the date under the signature. */
  documentDate: IsoDate | null;
  /** Between problem numbers in generated sentences: 、 by default; the reference uses `.` */
  numberSeparator: string;
  /** What an item section with no problems prints: nothing by default, or e.g. 无 */
  emptySection: string;
  boldLevel3: boolean;
  /** 巡察 or 巡视: what the generated sentences call the inspection (`巡察类别`). */
  inspection: string;
  /** Decimals of a percentage (`百分比小数位`); null: up to two, no trailing zeros. */
  percentDecimals: number | null;
  /** The unit's own status words by class (`状态词`), added to the built-in vocabulary. */
  statusWords: Partial<Record<StatusClass, string[]>>;
  /** `审计全覆盖目标日期`: when every union is to have been audited; null: the stats' default
   *  (the day before the second anniversary of the first planned audit month's first day). */
  auditTarget: IsoDate | null;
  /** `预警`: the warning colours, each with its rules (stats/warnings.ts); today's four colours when not set. */
  warnings: WarningScheme;
  /** Date settings still holding a fill-in marker (`成文日期: 【成文日期】`), key → marker: they
   *  count as not set, and a placeholder that needs one prints the marker (compose/markers.ts). */
  unfilled?: Partial<Record<string, string>>;
  /** The 公文 frame's parts the template asks for (compose/frame.ts): none by default. */
  frame: FrameSettings;
}

export const DEFAULT_FONTS: Fonts = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  heading3: '仿宋_GB2312',
  pageNumber: '宋体',
};

export const FONT_ROLE_KEYS: Record<string, FontRole> = {
  标题: 'title',
  正文: 'body',
  一级标题: 'heading1',
  二级标题: 'heading2',
  三级标题: 'heading3',
  页码: 'pageNumber',
};

/** `预警:` with `红色: 逾期` lines below it: the warning colours, in the order written. */
export const WARNING_KEY = '预警';

/** The colour a front-matter key names (`预警.红色` → 红色), or null for any other key. */
export function warningColourOf(path: string): string | null {
  return path.startsWith(`${WARNING_KEY}.`) ? path.slice(WARNING_KEY.length + 1) : null;
}

/** A rule as staff write it (`逾期`, `30日内到期`, `其余`), or null. */
export function warningRuleOf(text: string): WarningRule | null {
  const word = text.normalize('NFKC').replace(/\s+/gu, '');
  if (['已完成', '完成', '已完成整改', '已销号'].includes(word)) return { kind: 'completed' };
  if (['逾期', '已逾期', '超期', '逾期未完成', '超过整改时限', '已超过整改时限'].includes(word)) return { kind: 'overdue' };
  const due = /^(\d{1,4})[日天]内到期$/u.exec(word) ?? /^(?:到期前|剩余)(\d{1,4})[日天](?:内|以内)?$/u.exec(word);
  if (due) return { kind: 'dueWithin', days: Number(due[1]) };
  if (['未达序时进度', '进度滞后', '滞后于序时进度'].includes(word)) return { kind: 'behindSchedule' };
  if (['长期坚持', '长期'].includes(word)) return { kind: 'longTerm' };
  if (['其余', '其他', '其余未完成', '其他未完成'].includes(word)) return { kind: 'otherOpen' };
  return null;
}

const ruleKey = (rule: WarningRule): string => (rule.kind === 'dueWithin' ? `${rule.kind}${rule.days}` : rule.kind);

/**
 * The template's warning colours (`预警.红色: 逾期、10日内到期`). Each rule is one colour's only;
 * `未达序时进度` measures from the 反馈日期 setting. Without `预警`, today's four colours.
 */
function readWarnings(template: Template, start: IsoDate | null, diagnostics: Diagnostic[]): WarningScheme {
  const entries = template.frontMatter.flatMap((e) => {
    const word = warningColourOf(e.path);
    return word === null ? [] : [{ ...e, word }];
  });
  if (entries.length === 0) return { ...DEFAULT_WARNINGS, start };
  const colours: WarningColour[] = [];
  const owner = new Map<string, { colour: string; text: string }>();
  for (const entry of entries) {
    const { word } = entry;
    const place = { file: template.file, line: entry.line };
    const fill = colourFill(word);
    if (!fill) {
      diagnostics.push(msg.templateBadWarningColour(place, word, Object.keys(COLOUR_FILLS)));
      continue;
    }
    const rules: WarningRule[] = [];
    for (const text of entry.value
      .split(/[、,，;；]+/u)
      .map((t) => t.trim())
      .filter((t) => t !== '')) {
      const rule = warningRuleOf(text);
      if (!rule) {
        diagnostics.push(msg.templateBadWarningRule(place, word, text));
        continue;
      }
      if (rule.kind === 'behindSchedule' && start === null) diagnostics.push(msg.templateWarningNeedsStart(place, text));
      const other = owner.get(ruleKey(rule));
      if (other) {
        diagnostics.push(msg.templateWarningRuleTwice(place, text, [other.colour, word]));
        continue;
      }
      owner.set(ruleKey(rule), { colour: word, text });
      rules.push(rule);
    }
    colours.push({ word, fill, rules });
  }
  return { colours, start };
}

/** `状态词:` with `已完成: 已办结、已整改完毕` lines below it: the unit's own status words by class. */
export const STATUS_WORD_KEYS: Readonly<Record<string, StatusClass>> = { 已完成: 'completed', 阶段性完成: 'staged', 未完成: 'notCompleted' };

export const TEXT_KEYS = ['标题', '发文机关', '巡察组', '巡察类别', '问题序号分隔符', '空节内容', '三级标题加粗', '百分比小数位'] as const;
export const DATE_KEYS = ['巡察开始日期', '巡察结束日期', '反馈日期', '成文日期', '审计全覆盖目标日期'] as const;
export const SETTING_KEYS: readonly string[] = [
  ...TEXT_KEYS,
  ...DATE_KEYS,
  ...FRAME_TEXT_KEYS,
  ...FRAME_DATE_KEYS,
  ...FRAME_LIST_KEYS,
  ...Object.keys(FONT_ROLE_KEYS).map((k) => `字体.${k}`),
  ...Object.keys(FONT_ROLE_KEYS).map((k) => `PDF字体.${k}`),
  ...Object.keys(STATUS_WORD_KEYS).map((k) => `状态词.${k}`),
];

/**
 * The unit's own status words (`状态词.已完成: 已办结、已整改完毕`), by class; every command reads
 * them from the notice template before it reads a ledger. A word given for two classes is an error.
 */
export function readStatusWords(template: Template): { words: Partial<Record<StatusClass, string[]>>; diagnostics: Diagnostic[] } {
  const words: Partial<Record<StatusClass, string[]>> = {};
  const diagnostics: Diagnostic[] = [];
  const classOf = new Map<string, string>();
  for (const entry of template.frontMatter) {
    const key = entry.path.startsWith('状态词.') ? entry.path.slice('状态词.'.length) : null;
    const cls = key === null ? undefined : STATUS_WORD_KEYS[key];
    if (!cls || !key) continue;
    for (const word of entry.value.split(/[、,，;；\s]+/u).filter((w) => w !== '')) {
      const other = classOf.get(word);
      if (other !== undefined && other !== key) {
        diagnostics.push(msg.templateStatusWordTwice({ file: template.file, line: entry.line }, word, [other, key]));
        continue;
      }
      classOf.set(word, key);
      words[cls] = [...(words[cls] ?? []), word];
    }
  }
  return { words, diagnostics };
}

const INSPECTION_WORDS = ['巡察', '巡视'];
const BOLD_WORDS = ['是', 'true', 'yes', '加粗'];

/**
 * Settings that take one of a few values, with those values (the page offers them in a list;
 * an empty value is the default).
 */
export const SETTING_CHOICES: Readonly<Record<string, readonly string[]>> = {
  巡察类别: INSPECTION_WORDS,
  百分比小数位: ['0', '1', '2', '3', '4'],
  三级标题加粗: ['是', '否'],
};

function inspectionWord(value: string | null, line: number | undefined, file: string, diagnostics: Diagnostic[]): string {
  if (value === null) return INSPECTION_WORDS[0] as string;
  if (INSPECTION_WORDS.includes(value)) return value;
  diagnostics.push(msg.templateBadSettingValue({ file, line: line ?? 1 }, '巡察类别', value, INSPECTION_WORDS));
  return INSPECTION_WORDS[0] as string;
}

function percentDecimals(value: string | null, line: number | undefined, file: string, diagnostics: Diagnostic[]): number | null {
  if (value === null) return null;
  const word = value.normalize('NFKC').trim();
  if (/^[0-4]$/u.test(word)) return Number(word);
  diagnostics.push(msg.templateBadSettingValue({ file, line: line ?? 1 }, '百分比小数位', value, ['0', '1', '2', '3', '4']));
  return null;
}

export function readSettings(template: Template): { settings: NoticeSettings; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const values = new Map<string, { value: string; line: number }>();
  /** every value of a key, in order: a list's `- 值` lines, or its one value */
  const lists = new Map<string, { value: string; line: number }[]>();
  for (const entry of template.frontMatter) {
    if (warningColourOf(entry.path) !== null) continue;
    if (!SETTING_KEYS.includes(entry.path)) {
      diagnostics.push(msg.templateUnknownSetting({ file: template.file, line: entry.line }, entry.path, SETTING_KEYS));
      continue;
    }
    values.set(entry.path, { value: entry.value, line: entry.line });
    const list = lists.get(entry.path) ?? [];
    lists.set(
      entry.path,
      entry.item ? [...list.filter((v) => v.value !== ''), { value: entry.value, line: entry.line }] : [{ value: entry.value, line: entry.line }],
    );
  }
  const text = (key: string): string | null => {
    const v = values.get(key)?.value;
    return v === undefined || v === '' ? null : v;
  };
  const unfilled: Partial<Record<string, string>> = {};
  const date = (key: string): IsoDate | null => {
    const entry = values.get(key);
    if (!entry || entry.value === '') return null;
    if (isMarker(entry.value)) {
      // Warned about as an unfilled marker; not a malformed date.
      unfilled[key] = entry.value.trim();
      return null;
    }
    const parsed = parseDateText(entry.value);
    if (!parsed) diagnostics.push(msg.templateBadDate({ file: template.file, line: entry.line }, key, entry.value));
    return parsed;
  };
  for (const key of ['标题', '发文机关']) {
    if (!text(key)) diagnostics.push(msg.templateMissingSetting({ file: template.file, line: 1 }, key));
  }
  const fonts: Fonts = { ...DEFAULT_FONTS };
  const pdfFontFiles: Partial<Record<FontRole, string>> = {};
  for (const [key, role] of Object.entries(FONT_ROLE_KEYS)) {
    const name = text(`字体.${key}`);
    if (name) fonts[role] = name;
    const file = text(`PDF字体.${key}`);
    if (file) pdfFontFiles[role] = file;
  }
  const lines: Partial<Record<string, number>> = {};
  for (const [key, { line }] of values) lines[key] = line;
  const statusWords = readStatusWords(template);
  diagnostics.push(...statusWords.diagnostics);
  const feedbackDate = date('反馈日期');
  const frame = readFrameSettings(
    {
      file: template.file,
      text: (key) => values.get(key) ?? null,
      list: (key) => (lists.get(key) ?? []).filter((v) => v.value.trim() !== ''),
      date,
    },
    diagnostics,
  );
  const settings: NoticeSettings = {
    title: text('标题') ?? '',
    issuer: text('发文机关') ?? '',
    inspectionGroup: text('巡察组'),
    inspectionStart: date('巡察开始日期'),
    inspectionEnd: date('巡察结束日期'),
    feedbackDate,
    documentDate: date('成文日期'),
    fonts,
    pdfFontFiles,
    // The separator may be a lone space or empty: read it raw, not via text().
    numberSeparator: values.get('问题序号分隔符')?.value || '、',
    emptySection: values.get('空节内容')?.value ?? '',
    boldLevel3: BOLD_WORDS.includes((text('三级标题加粗') ?? '').toLowerCase()),
    auditTarget: date('审计全覆盖目标日期'),
    statusWords: statusWords.words,
    warnings: readWarnings(template, feedbackDate, diagnostics),
    inspection: inspectionWord(text('巡察类别'), values.get('巡察类别')?.line, template.file, diagnostics),
    percentDecimals: percentDecimals(text('百分比小数位'), values.get('百分比小数位')?.line, template.file, diagnostics),
    lines,
    frame,
  };
  if (Object.keys(unfilled).length > 0) settings.unfilled = unfilled;
  return { settings, diagnostics };
}
