/**
 * `::: 问题清单`: the rectification ledger's problems as the notice's item sections, laid out
 * as the unit's template says. The one-line form keeps the shipped example's layout for one
 * status class (`::: 问题清单 已完成`); a block sets any of:
 *
 *   ::: 问题清单
 *   范围: 全部                       全部 | 已完成 | 阶段性完成 | 未完成 (several joined by 、)
 *   分组: 方面                       方面 | 方面、问题子类 | 无
 *   方面标题: （{{方面序号}}）在“{{方面}}”方面   empty: no heading (the items stay grouped)
 *   子类标题: {{子类序号}}.关于“{{问题子类}}”问题的整改
 *   条目: {{序号}}.{{具体问题}}
 *   整改结果: 整改结果：{{整改结果}}    empty: no status line
 *   整改情况: 整改情况：{{整改情况}}    empty: no measures; further paragraphs follow as they are
 *   编号: 台账序号                   台账序号 | 连续 (1…N through the list) | 每组重新
 *   :::
 *
 * A pattern may name the problem's fields ({{序号}}, {{具体问题}}, {{整改结果}}, {{整改情况}},
 * {{方面}}, {{方面序号}}, {{问题子类}}, {{子类序号}}, {{完成时间}}, {{整改时限}}, {{责任领导}},
 * {{责任部室}}, {{责任人}}), any column of the ledger by its header, and the notice's
 * placeholders. Problems are listed by 方面 in the order the ledger first names them, then by
 * 问题子类 likewise, and by 序号 within a group. Headings: 方面 at level 2 （一）, 问题子类 at
 * level 3, items one level below the last heading shown (level 3 with none).
 */
import { chineseDate, chineseNumeral, fullWidthPunctuation } from '../text/zh.js';
import type { Diagnostic, Place } from '../diagnostics.js';
import type { Block } from '../document/ast.js';
import { heading, paragraph } from '../document/build.js';
import { compareSerials } from '../ledger/cells.js';
import { normalizeWord } from '../ledger/headers.js';
import type { Ledger, Problem, StatusClass } from '../ledger/schema.js';
import * as msg from '../messages.js';
import { ok, type Result } from './placeholders.js';
import type { DirectiveOption } from './template.js';
import { findPlaceholders } from './template.js';

export const PROBLEM_LIST_DIRECTIVE = '问题清单';

type Numbering = 'ledger' | 'running' | 'perGroup';
type GroupLevel = 'category' | 'subcategory';

export interface ItemLayout {
  classes: readonly StatusClass[];
  groups: readonly GroupLevel[];
  categoryHeading: string;
  subcategoryHeading: string;
  item: string;
  status: string;
  measures: string;
  numbering: Numbering;
}

const ALL_CLASSES: readonly StatusClass[] = ['completed', 'staged', 'notCompleted'];

/** The shipped example's layout: today's `::: 问题清单 <类别>`. */
export const DEFAULT_ITEM_LAYOUT: ItemLayout = {
  classes: ALL_CLASSES,
  groups: ['category'],
  categoryHeading: '（{{方面序号}}）反馈问题：{{方面}}',
  subcategoryHeading: '{{子类序号}}.{{问题子类}}',
  item: '{{序号}}.{{具体问题}}',
  status: '整改结果：{{整改结果}}',
  measures: '整改情况：{{整改情况}}',
  numbering: 'ledger',
};

/** The words of 范围 (and of the one-line form's argument). */
export const CLASS_ARGUMENTS: Readonly<Record<string, readonly StatusClass[]>> = {
  全部: ALL_CLASSES,
  已完成: ['completed'],
  完成: ['completed'],
  阶段性完成: ['staged'],
  未完成: ['notCompleted'],
};

const GROUPINGS: Readonly<Record<string, readonly GroupLevel[]>> = {
  方面: ['category'],
  '方面、问题子类': ['category', 'subcategory'],
  无: [],
};

const NUMBERINGS: Readonly<Record<string, Numbering>> = { 台账序号: 'ledger', 连续: 'running', 每组重新: 'perGroup' };

type PatternKey = 'categoryHeading' | 'subcategoryHeading' | 'item' | 'status' | 'measures';
const PATTERN_KEYS: Readonly<Record<string, PatternKey>> = {
  方面标题: 'categoryHeading',
  子类标题: 'subcategoryHeading',
  条目: 'item',
  整改结果: 'status',
  整改情况: 'measures',
};
const OPTION_KEYS = ['范围', '分组', '编号', ...Object.keys(PATTERN_KEYS)];

/** Fields a pattern may name besides the ledger's own columns. */
export const ITEM_FIELDS = [
  '序号',
  '具体问题',
  '整改结果',
  '整改情况',
  '方面',
  '方面序号',
  '简称',
  '问题子类',
  '子类序号',
  '完成时间',
  '整改时限',
  '责任领导',
  '责任部室',
  '责任人',
];

/** `全部`, `已完成`, `已完成、阶段性完成`: the classes, or null when a word is not one. */
function classesOf(value: string): StatusClass[] | null {
  const classes: StatusClass[] = [];
  for (const word of value.split(/[、,，\s]+/u).filter((w) => w !== '')) {
    const these = CLASS_ARGUMENTS[word];
    if (!these) return null;
    for (const cls of these) if (!classes.includes(cls)) classes.push(cls);
  }
  return classes.length > 0 ? classes : null;
}

/**
 * The directive's layout from its argument and options; every option it does not know, every
 * value it cannot read and every pattern naming an unknown field is an error at its line.
 */
export function readItemLayout(
  args: readonly string[],
  options: readonly DirectiveOption[],
  place: Place,
  knownNames: (name: string) => boolean,
  diagnostics: Diagnostic[],
): ItemLayout | null {
  const before = diagnostics.length;
  const layout: ItemLayout = { ...DEFAULT_ITEM_LAYOUT };
  const at = (line: number): Place => ({ ...place, line });
  if (args.length > 0) {
    const classes = args.length === 1 ? classesOf(args[0] as string) : null;
    if (classes) layout.classes = classes;
    else diagnostics.push(msg.templateBadDirectiveArgument(place, PROBLEM_LIST_DIRECTIVE, [...args], Object.keys(CLASS_ARGUMENTS)));
  } else if (options.length === 0) {
    diagnostics.push(msg.templateBadDirectiveArgument(place, PROBLEM_LIST_DIRECTIVE, [], Object.keys(CLASS_ARGUMENTS)));
  }
  for (const option of options) {
    const key = option.key;
    if (key === '范围') {
      const classes = classesOf(option.value);
      if (classes) layout.classes = classes;
      else diagnostics.push(msg.templateBadDirectiveValue(at(option.line), key, option.value, Object.keys(CLASS_ARGUMENTS)));
    } else if (key === '分组') {
      const groups = GROUPINGS[option.value.replace(/[,，\s]+/gu, '、')];
      if (groups) layout.groups = groups;
      else diagnostics.push(msg.templateBadDirectiveValue(at(option.line), key, option.value, Object.keys(GROUPINGS)));
    } else if (key === '编号') {
      const numbering = NUMBERINGS[option.value];
      if (numbering) layout.numbering = numbering;
      else diagnostics.push(msg.templateBadDirectiveValue(at(option.line), key, option.value, Object.keys(NUMBERINGS)));
    } else if (PATTERN_KEYS[key]) {
      const { uses } = findPlaceholders(option.value);
      for (const use of uses) {
        if (!knownNames(use.name)) diagnostics.push(msg.templateUnknownField(at(option.line), use.name, ITEM_FIELDS));
      }
      layout[PATTERN_KEYS[key]] = option.value;
    } else diagnostics.push(msg.templateUnknownDirectiveOption(at(option.line), PROBLEM_LIST_DIRECTIVE, key, OPTION_KEYS));
  }
  return diagnostics.length > before ? null : layout;
}

/** True when `name` is a field of the problems (a built-in one, or a column header of the ledger). */
export function isItemField(name: string, ledger: Ledger): boolean {
  if (ITEM_FIELDS.includes(name)) return true;
  const key = normalizeWord(name);
  return ledger.problems?.items.some((p) => key in p.columns) ?? false;
}

/** Expands one ledger text of a problem (its 具体问题 or a paragraph of its 整改情况), placeholders included. */
export type LedgerTextExpander = (text: string, p: Problem, field: 'text' | 'measures') => string;

/** Expands a pattern: the item's fields from `fields`, the notice's placeholders as usual. */
export type PatternExpander = (pattern: string, fields: ItemFields) => string;

/** A field's value by its name in a pattern; null when the name is not a field of the item. */
export type ItemFields = (name: string) => Result | null;

interface Group {
  category: string;
  subcategory: string | null;
  items: Problem[];
}

/** The problems in the layout's classes, grouped by 方面 (and 问题子类) in the ledger's order, by 序号 within a group. */
function groupsOf(ledger: NonNullable<Ledger['problems']>, layout: ItemLayout): Group[] {
  const groups: Group[] = [];
  const byCategory = layout.groups.includes('category');
  const bySubcategory = layout.groups.includes('subcategory');
  const categories = byCategory ? ledger.categories.map((c) => c.name) : [null];
  for (const category of categories) {
    const items = ledger.items.filter((p) => layout.classes.includes(p.status.class) && (category === null || p.category === category));
    const subcategories = bySubcategory ? [...new Set(items.map((p) => p.subcategory))] : [null];
    for (const subcategory of subcategories) {
      const these = items.filter((p) => !bySubcategory || p.subcategory === subcategory).sort((a, b) => compareSerials(a.number, b.number));
      if (these.length > 0) groups.push({ category: category ?? '', subcategory, items: these });
    }
  }
  return groups;
}

/** A problem's own fields, by the names a pattern gives them; null: not a field (a placeholder of the notice). */
export function problemFields(p: Problem, number: string, ordinals: { category: number; subcategory: number }, expandLedger: LedgerTextExpander): ItemFields {
  const columns = p.columns;
  return (name) => {
    switch (name) {
      case '序号':
        return ok(number);
      case '具体问题':
        return ok(expandLedger(p.text, p, 'text'));
      case '整改结果':
        return ok(p.status.written);
      case '整改情况':
        return ok(p.measures[0] === undefined ? '' : expandLedger(p.measures[0], p, 'measures'));
      case '方面':
        return ok(fullWidthPunctuation(p.category));
      case '方面序号':
        return ok(chineseNumeral(ordinals.category));
      case '简称':
        return ok(p.shortName ?? '');
      case '问题子类':
        return ok(p.subcategory ? fullWidthPunctuation(p.subcategory) : '');
      case '子类序号':
        return ok(ordinals.subcategory);
      case '完成时间':
        return ok(p.completedOn ? chineseDate(p.completedOn) : '');
      case '整改时限':
        return ok(p.deadline?.written ?? '');
      case '责任领导':
        return ok(p.leader ?? '');
      case '责任部室':
        return ok(p.department ?? '');
      case '责任人':
        return ok(p.person ?? '');
    }
    const key = normalizeWord(name);
    return key in columns ? ok(columns[key] as string) : null;
  };
}

/** The item sections of one `::: 问题清单`. */
export function itemSections(ledger: Ledger, layout: ItemLayout, expandPattern: PatternExpander, expandLedger: LedgerTextExpander): Block[] {
  if (!ledger.problems) return [];
  const blocks: Block[] = [];
  const showCategory = layout.groups.includes('category') && layout.categoryHeading !== '';
  const showSubcategory = layout.groups.includes('subcategory') && layout.subcategoryHeading !== '';
  const itemLevel = (showCategory && showSubcategory ? 4 : 3) as 3 | 4;
  const ordinals = { category: 0, subcategory: 0 };
  let lastCategory: string | null = null;
  let running = 0;
  for (const group of groupsOf(ledger.problems, layout)) {
    if (group.category !== lastCategory) {
      ordinals.category++;
      ordinals.subcategory = 0;
      lastCategory = group.category;
      const first = group.items[0] as Problem;
      if (showCategory) blocks.push(heading(2, expandPattern(layout.categoryHeading, problemFields(first, '', ordinals, expandLedger))));
    }
    if (group.subcategory !== null) {
      ordinals.subcategory++;
      if (showSubcategory)
        blocks.push(heading(3, expandPattern(layout.subcategoryHeading, problemFields(group.items[0] as Problem, '', ordinals, expandLedger))));
    }
    if (layout.numbering === 'perGroup') running = 0;
    for (const p of group.items) {
      running++;
      const number = layout.numbering === 'ledger' ? String(p.number) : String(running);
      const fields = problemFields(p, number, ordinals, expandLedger);
      blocks.push(heading(itemLevel, expandPattern(layout.item, fields)));
      if (layout.status !== '') blocks.push(paragraph(expandPattern(layout.status, fields)));
      if (layout.measures !== '') {
        blocks.push(paragraph(expandPattern(layout.measures, fields)));
        for (const more of p.measures.slice(1)) blocks.push(paragraph(expandLedger(more, p, 'measures')));
      }
    }
  }
  return blocks;
}
