/**
 * The ledger contract (docs/contract.md, "Inputs: the ledger contract"): one schema per ledger kind. Each field has its
 * canonical header, the synonyms staff write instead, the kind of value it holds and whether
 * the column must be present. Header matching, validation and the TypeScript types of the
 * model are all derived from these tables, so a new column is added in one place.
 */
import type { IsoDate } from '../dates.js';

export type FieldKind =
  | 'serial' // 序号: a positive integer, `1`, `1.` or `１`
  | 'text' // one line of text
  | 'paragraphs' // text that may hold several paragraphs
  | 'status' // a status word of the vocabulary
  | 'deadline' // a date, a year end, or 长期坚持
  | 'date' // a calendar day
  | 'month' // a planned month or day (a month means its last day)
  | 'count'; // a non-negative integer

export interface FieldSpec {
  header: string;
  synonyms: readonly string[];
  kind: FieldKind;
  /** The column must exist in a recognised sheet. */
  required: boolean;
}

export const PROBLEM_FIELDS = {
  number: { header: '序号', synonyms: ['编号', '问题序号', '问题编号'], kind: 'serial', required: true },
  category: { header: '反馈问题', synonyms: ['问题类别', '问题方面', '方面', '类别'], kind: 'text', required: true },
  subcategory: { header: '问题子类', synonyms: ['子类', '问题小类', '小类', '二级类别', '二级分类'], kind: 'text', required: false },
  text: { header: '具体问题', synonyms: ['问题描述', '问题表现', '存在问题'], kind: 'text', required: true },
  status: { header: '整改结果', synonyms: ['整改状态', '完成情况', '整改进度'], kind: 'status', required: true },
  measures: { header: '整改情况', synonyms: ['整改措施', '整改落实情况', '整改举措'], kind: 'paragraphs', required: true },
  leader: { header: '责任领导', synonyms: ['牵头领导', '分管领导'], kind: 'text', required: false },
  department: { header: '责任部室', synonyms: ['责任单位', '责任部门'], kind: 'text', required: false },
  person: { header: '责任人', synonyms: ['具体责任人'], kind: 'text', required: false },
  deadline: { header: '整改时限', synonyms: ['完成时限', '整改期限'], kind: 'deadline', required: false },
  completedOn: { header: '完成时间', synonyms: ['销号时间', '完成日期'], kind: 'date', required: false },
  shortName: { header: '简称', synonyms: ['类别简称'], kind: 'text', required: false },
  source: { header: '问题来源', synonyms: ['来源'], kind: 'text', required: false },
} as const satisfies Record<string, FieldSpec>;

export const UNION_FIELDS = {
  name: { header: '工会名称', synonyms: ['基层工会名称', '单位名称'], kind: 'text', required: true },
  township: { header: '所属乡镇', synonyms: ['乡镇', '片区', '所属单位'], kind: 'text', required: true },
  type: { header: '单位类型', synonyms: ['类型', '单位性质'], kind: 'text', required: true },
  members: { header: '会员人数', synonyms: ['会员数'], kind: 'count', required: false },
  checkedOn: { header: '财务检查日期', synonyms: ['监督检查日期', '检查日期'], kind: 'date', required: true },
  plannedAudit: { header: '计划审计时间', synonyms: ['审计计划', '计划审计批次'], kind: 'month', required: true },
  auditedOn: { header: '审计完成日期', synonyms: ['审计日期', '已审计日期'], kind: 'date', required: true },
  findings: { header: '审计发现问题数', synonyms: ['发现问题数'], kind: 'count', required: false },
} as const satisfies Record<string, FieldSpec>;

export type ProblemField = keyof typeof PROBLEM_FIELDS;
export type UnionField = keyof typeof UNION_FIELDS;

/** The rectification headers that make a sheet a rectification ledger (three of them suffice). */
export const PROBLEM_CORE_FIELDS: readonly ProblemField[] = ['number', 'category', 'text', 'status', 'measures'];
export const PROBLEM_RECOGNITION_THRESHOLD = 3;
/** The 立行立改 sheet needs no category. */
export const IMMEDIATE_OPTIONAL_FIELDS: readonly ProblemField[] = ['category'];
export const IMMEDIATE_MARK = '立行立改';

export type StatusClass = 'completed' | 'staged' | 'notCompleted';

/** Status words by class. A unit adds its own in the notice template's 状态词 setting. */
export type StatusVocabulary = Readonly<Record<StatusClass, readonly string[]>>;

/** The built-in status words: those of the contract, and those real notices use. */
export const STATUS_VOCABULARY: StatusVocabulary = {
  completed: ['完成', '已完成', '整改完成', '已完成整改', '已销号', '已整改到位', '已整改', '完成整改'],
  staged: ['阶段性完成', '基本完成', '部分完成', '取得阶段性成效', '持续整改', '阶段性完成整改', '基本整改到位', '长期坚持'],
  notCompleted: ['未完成', '正在整改', '正在推进整改', '整改中', '推进中', '未整改', '正在整改中'],
};

/** The status classes as staff name them (the notice's sections, the 状态词 setting's keys). */
export const STATUS_CLASS_NAMES: Readonly<Record<StatusClass, string>> = { completed: '已完成', staged: '阶段性完成', notCompleted: '未完成' };

export const LONG_TERM = '长期坚持';

/** A 序号: an integer, or a label such as `1-2` or `1.2` (half-width, no trailing dot or brackets). */
export type SerialNumber = number | string;

/** Value types per field kind; the model's types are derived from the schemas with these. */
interface KindValue {
  serial: SerialNumber;
  text: string;
  paragraphs: string[];
  status: Status;
  deadline: Deadline;
  date: IsoDate;
  month: IsoDate;
  count: number;
}

export interface Status {
  /** As written in the ledger (trimmed): the notice prints this. */
  written: string;
  class: StatusClass;
}

export type Deadline = { kind: 'date'; date: IsoDate; written: string } | { kind: 'longTerm'; written: string };

type Values<S extends Record<string, FieldSpec>> = {
  [F in keyof S as S[F]['required'] extends true ? F : never]: KindValue[S[F]['kind']];
} & {
  [F in keyof S as S[F]['required'] extends true ? never : F]: KindValue[S[F]['kind']] | null;
};

/** A cell of a row: its column and the column's header as written, so a message can name the cell. */
export interface CellOrigin {
  column: number;
  header: string;
}

/** The fields whose cells a row's origin names (see RowOrigin.cells). */
export const TEXT_CELL_FIELDS = ['text', 'measures', 'category', 'shortName', 'subcategory', 'name', 'township', 'type'] as const;
export type TextCellField = (typeof TEXT_CELL_FIELDS)[number];

/** Where a row came from, so every figure can be traced back to the sheet. */
export interface RowOrigin {
  file: string;
  sheet: string | null;
  row: number;
  /**
   * The cells of the row's text, so a message can name the cell: a problem's text that may hold
   * placeholders (具体问题, 整改情况), the names a chart prints (反馈问题, 简称, 所属乡镇…).
   * One object for all rows of a sheet.
   */
  cells?: Readonly<Partial<Record<TextCellField, CellOrigin>>>;
}

/** A problem of the rectification ledger; category is required there. */
export type Problem = Omit<Values<typeof PROBLEM_FIELDS>, 'source'> & {
  origin: RowOrigin;
  /** every cell of the row as text, by its column's header as written (whitespace removed, width folded) */
  columns: Readonly<Record<string, string>>;
};
/** A 立行立改 problem: the same columns, category optional. */
export type ImmediateProblem = Omit<Problem, 'category'> & { category: string | null };
/** Empty date cells are null even in required columns: the column must exist, the cell may be blank. */
export type Union = Omit<Values<typeof UNION_FIELDS>, 'checkedOn' | 'plannedAudit' | 'auditedOn'> & {
  checkedOn: IsoDate | null;
  plannedAudit: IsoDate | null;
  auditedOn: IsoDate | null;
  origin: RowOrigin;
};

export interface Category {
  name: string;
  shortName: string | null;
}

export interface Ledger {
  /** null when no rectification ledger was found (a kind that is absent is null, not empty). */
  problems: { categories: Category[]; items: Problem[] } | null;
  immediate: { items: ImmediateProblem[] } | null;
  unions: { items: Union[] } | null;
}
