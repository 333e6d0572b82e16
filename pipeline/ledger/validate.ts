/**
 * RawSheet[] → Ledger + diagnostics + an account of every sheet and row.
 *
 * Each sheet is recognised by its header row (detect.ts); every row below the header is
 * then accounted for: used, blank, a note or total line, or rejected with a diagnostic. Rows
 * are never dropped silently: the run log lists what was skipped and why.
 */
import type { IsoDate } from '../dates.js';
import { sheetPlace, type Diagnostic, type Place } from '../diagnostics.js';
import * as msg from '../messages.js';
import { cellAt, cellText, columnCount, isEmptyCell, mergeAt, type CellValue, type RawSheet } from '../read/table.js';
import {
  decodeExcelText,
  parseCount,
  parseDate,
  parseDeadline,
  parseParagraphs,
  parseSerial,
  parseStatus,
  parseText,
  statusLookup,
  vocabularyWords,
  type Parsed,
  type StatusLookup,
} from './cells.js';
import { detectSheet, mapColumns, type ColumnMapping, type SheetKind } from './detect.js';
import { normalizeWord } from './headers.js';
import {
  IMMEDIATE_MARK,
  IMMEDIATE_OPTIONAL_FIELDS,
  PROBLEM_FIELDS,
  STATUS_VOCABULARY,
  TEXT_CELL_FIELDS,
  UNION_FIELDS,
  type Category,
  type CellOrigin,
  type FieldSpec,
  type ImmediateProblem,
  type Ledger,
  type Problem,
  type ProblemField,
  type RowOrigin,
  type TextCellField,
  type SerialNumber,
  type StatusVocabulary,
  type Union,
  type UnionField,
} from './schema.js';

export interface SkippedRow {
  row: number;
  reason: string;
}

export interface SheetReport {
  file: string;
  sheet: string | null;
  kind: SheetKind | 'unrecognised';
  headerRow: number | null;
  columns: { column: number; header: string; field: string | null; ignoredFor?: string }[];
  usedRows: number;
  blankRows: number;
  skippedRows: SkippedRow[];
  /** rows that had errors (reported as diagnostics) */
  rejectedRows: number;
}

export interface LedgerResult {
  ledger: Ledger;
  sheets: SheetReport[];
  diagnostics: Diagnostic[];
}

/**
 * First words of note, signature and total lines under a table (matched after NFKC, so `：`
 * is `:` and `（` is `(`). 注, 说明 and 审核 also begin ordinary words (注重…, 说明会…, 审核把关…),
 * so they count only as a label: 注 before `:`, a digit, a bracket or nothing; 说明 and 审核
 * before `:` (审核人 always).
 */
const NOTE_PREFIX = /^(?:注(?:[:(\d]|$)|说明:|审核(?:人|:)|备注|填表说明|填报说明|制表|填表人|填报人|负责人|联系人|联系电话|合计|小计|总计)/u;

type RowClass = { kind: 'blank' } | { kind: 'note'; reason: string } | { kind: 'data' };

const BLANK: RowClass = { kind: 'blank' };
const DATA: RowClass = { kind: 'data' };

/** Blank, a note/total line (often one cell merged across the table), or a data row. */
function classifyRow(sheet: RawSheet, row: number, width: number, serialColumn: number | undefined): RowClass {
  // Only as far as the row's own cells go: a cell far to the right in one row (XFD) makes the sheet wide, not every row.
  const last = Math.min(width, sheet.cells[row - 1]?.length ?? 0);
  const merged = sheet.merges.length > 0;
  let first = 0;
  // Cells filled only by a vertical merge from above (a category written once) carry no row of their own.
  let ownContent = false;
  for (let c = 1; c <= last; c++) {
    if (isEmptyCell(cellAt(sheet, row, c))) continue;
    if (first === 0) first = c;
    if (!ownContent) {
      const m = merged ? mergeAt(sheet, row, c) : undefined;
      ownContent = !m || m.top === row || m.left !== m.right;
    }
  }
  if (!ownContent) return BLANK;
  const merge = merged ? mergeAt(sheet, row, first) : undefined;
  if (merge && merge.right > merge.left) {
    let all = true;
    for (let c = first + 1; c <= last && all; c++) if (!isEmptyCell(cellAt(sheet, row, c)) && mergeAt(sheet, row, c) !== merge) all = false;
    if (all) return { kind: 'note', reason: msg.skipReason.mergedNote(cellText(cellAt(sheet, row, first)).trim()) };
  }
  const firstText = normalizeWord(cellText(cellAt(sheet, row, first)));
  if (NOTE_PREFIX.test(firstText) && !(serialColumn !== undefined && parseSerial(cellAt(sheet, row, serialColumn)).ok)) {
    return { kind: 'note', reason: msg.skipReason.noteLine(cellText(cellAt(sheet, row, first)).trim()) };
  }
  return DATA;
}

interface RowContext {
  sheet: RawSheet;
  row: number;
  headers: Map<number, string>;
  /** the sheet's text cells, for the origins of its rows */
  cells: RowOrigin['cells'];
  /** each column's header as a key of `Problem.columns` (normalised once per sheet; the first of equal keys) */
  columnKeys: readonly (readonly [number, string])[];
  diagnostics: Diagnostic[];
  statuses: Statuses;
}

/** The status words a ledger may hold: looked up by class, listed in messages. */
interface Statuses {
  lookup: StatusLookup;
  words: readonly string[];
}

function placeOf(ctx: RowContext, column?: number): Place {
  const place = sheetPlace(ctx.sheet.file, ctx.sheet.sheet, ctx.row);
  if (column !== undefined) {
    place.column = column;
    const header = ctx.headers.get(column);
    if (header !== undefined) place.header = header;
  }
  return place;
}

/** A cell as Excel meant it (its `_xHHHH_` escapes decoded); control characters removed, with a warning at the cell. */
function cleanCell(ctx: RowContext, column: number): CellValue {
  const cell = cellAt(ctx.sheet, ctx.row, column);
  if (cell.kind !== 'text') return cell;
  const { text, removed } = decodeExcelText(cell.text);
  if (removed.length > 0) ctx.diagnostics.push(msg.controlCharactersRemoved(placeOf(ctx, column), removed));
  return text === cell.text ? cell : { kind: 'text', text };
}

/** Reads the row's fields with the schema's kinds; records a diagnostic per bad cell. `read`: how many fields have a value. */
function readFields<F extends string>(
  ctx: RowContext,
  fields: readonly (readonly [F, FieldSpec])[],
  columns: Partial<Record<F, number>>,
): { values: Partial<Record<F, unknown>>; errors: number; read: number } {
  const values: Partial<Record<F, unknown>> = {};
  let errors = 0;
  let read = 0;
  for (const [field, spec] of fields) {
    const column = columns[field];
    if (column === undefined) continue;
    const cell: CellValue = cleanCell(ctx, column);
    if (isEmptyCell(cell)) continue;
    if (cell.kind === 'error') {
      // #N/A, #REF!…: a formula that failed; its text is not the value staff meant.
      errors++;
      ctx.diagnostics.push(msg.formulaErrorCell(placeOf(ctx, column), cell.text));
      continue;
    }
    const parsed = parseByKind(spec, cell, ctx.sheet.date1904, ctx.statuses.lookup);
    if (parsed.ok) {
      values[field] = parsed.value;
      read++;
    } else {
      errors++;
      ctx.diagnostics.push(msg.badCell(placeOf(ctx, column), spec, parsed.actual, ctx.statuses.words));
    }
  }
  return { values, errors, read };
}

function parseByKind(spec: FieldSpec, cell: CellValue, date1904: boolean, statuses: StatusLookup): Parsed<unknown> {
  switch (spec.kind) {
    case 'serial':
      return parseSerial(cell);
    case 'count':
      return parseCount(cell);
    case 'status':
      return parseStatus(cell, statuses);
    case 'deadline':
      return parseDeadline(cell, date1904);
    case 'date':
    case 'month':
      return parseDate(cell, date1904);
    case 'paragraphs':
      return { ok: true, value: parseParagraphs(cell) };
    case 'text': {
      const text = parseText(cell);
      return { ok: true, value: text };
    }
  }
}

function originOf(sheet: RawSheet, row: number): RowOrigin {
  return { file: sheet.file, sheet: sheet.sheet, row };
}

interface Accumulator {
  categories: Category[];
  /** The same categories by name: a lookup per problem, not a search (ledgers with many categories). */
  categoryByName: Map<string, Category>;
  problems: Problem[];
  immediate: ImmediateProblem[];
  unions: Union[];
  /** by 序号 as text: 1 and `1` are one number */
  seenProblem: Map<string, RowOrigin>;
  seenImmediate: Map<string, RowOrigin>;
  seenUnion: Map<string, RowOrigin>;
  sawProblems: boolean;
  sawImmediate: boolean;
  sawUnions: boolean;
  diagnostics: Diagnostic[];
  statuses: Statuses;
}

/** `vocabulary`: the status words the ledger may hold (the built-in ones, with the unit's own from the 状态词 setting). */
export function buildLedger(sheets: readonly RawSheet[], vocabulary: StatusVocabulary = STATUS_VOCABULARY): LedgerResult {
  const acc: Accumulator = {
    statuses: { lookup: statusLookup(vocabulary), words: vocabularyWords(vocabulary) },
    categories: [],
    categoryByName: new Map(),
    problems: [],
    immediate: [],
    unions: [],
    seenProblem: new Map(),
    seenImmediate: new Map(),
    seenUnion: new Map(),
    sawProblems: false,
    sawImmediate: false,
    sawUnions: false,
    diagnostics: [],
  };
  const reports: SheetReport[] = [];
  for (const sheet of sheets) reports.push(readSheet(sheet, acc));

  if (!reports.some((r) => r.kind !== 'unrecognised') && sheets.length > 0) {
    acc.diagnostics.push(msg.noSheetRecognised(sheets.map((s) => s.file)));
  }
  const ledger: Ledger = {
    problems: acc.sawProblems ? { categories: acc.categories, items: acc.problems } : null,
    immediate: acc.sawImmediate ? { items: acc.immediate } : null,
    unions: acc.sawUnions ? { items: acc.unions } : null,
  };
  return { ledger, sheets: reports, diagnostics: acc.diagnostics };
}

function readSheet(sheet: RawSheet, acc: Accumulator): SheetReport {
  const report: SheetReport = {
    file: sheet.file,
    sheet: sheet.sheet,
    kind: 'unrecognised',
    headerRow: null,
    columns: [],
    usedRows: 0,
    blankRows: 0,
    skippedRows: [],
    rejectedRows: 0,
  };
  const detection = detectSheet(sheet);
  if (!detection) return report;
  report.kind = detection.kind;
  report.headerRow = detection.headerRow;

  const fields = (detection.kind === 'unions' ? UNION_FIELDS : PROBLEM_FIELDS) as Readonly<Record<string, FieldSpec>>;
  const mapping: ColumnMapping<string> = mapColumns(fields, detection.headerTexts);
  report.columns = mapping.headers;
  const headers = new Map(mapping.headers.map((h) => [h.column, h.header]));
  const cells = textCells(mapping.columns, headers, fields);
  const columnKeys = columnKeysOf(headers);
  const fieldList = Object.entries(fields);

  const optional: readonly string[] = detection.kind === 'immediate' ? IMMEDIATE_OPTIONAL_FIELDS : [];
  const missing = Object.entries(fields).filter(([f, spec]) => spec.required && !optional.includes(f) && mapping.columns[f] === undefined);
  for (const [, spec] of missing) acc.diagnostics.push(msg.missingColumn(sheetPlace(sheet.file, sheet.sheet, detection.headerRow), spec));
  if (missing.length > 0) return report;

  if (detection.kind === 'unions') acc.sawUnions = true;
  else if (detection.kind === 'immediate') acc.sawImmediate = true;
  else acc.sawProblems = true;

  const width = columnCount(sheet);
  let previousCategory: { name: string; shortName: string | null } | null = null;
  for (let row = detection.headerRow + 1; row <= sheet.cells.length; row++) {
    const cls = classifyRow(sheet, row, width, mapping.columns.number ?? mapping.columns.name);
    if (cls.kind === 'blank') {
      report.blankRows++;
      continue;
    }
    if (cls.kind === 'note') {
      report.skippedRows.push({ row, reason: cls.reason });
      continue;
    }
    const ctx: RowContext = { sheet, row, headers, cells, columnKeys, diagnostics: acc.diagnostics, statuses: acc.statuses };
    // Only this row's diagnostics are looked at: counting all of them per row took quadratic time on big ledgers with errors.
    const before = acc.diagnostics.length;
    const { values, errors, read } = readFields(ctx, fieldList, mapping.columns);
    if (read === 0 && errors === 0) {
      report.skippedRows.push({ row, reason: msg.skipReason.noLedgerColumns });
      continue;
    }
    let used = false;
    if (detection.kind === 'unions') {
      used = acceptUnion(ctx, values as Partial<Record<UnionField, unknown>>, mapping.columns as Partial<Record<UnionField, number>>, acc);
    } else {
      const result = acceptProblem(
        ctx,
        values as Partial<Record<ProblemField, unknown>>,
        mapping.columns as Partial<Record<ProblemField, number>>,
        detection.kind,
        previousCategory,
        acc,
      );
      used = result.used;
      if (result.category) previousCategory = result.category;
    }
    let rowHadErrors = false;
    for (let d = before; d < acc.diagnostics.length && !rowHadErrors; d++) rowHadErrors = acc.diagnostics[d]?.severity === 'error';
    if (used && !rowHadErrors) report.usedRows++;
    else report.rejectedRows++;
  }
  return report;
}

/** The cell holds something, even if it could not be read (then it already has its own diagnostic). */
function isFilled(ctx: RowContext, column: number | undefined): boolean {
  return column !== undefined && !isEmptyCell(cellAt(ctx.sheet, ctx.row, column));
}

function requireValue<T>(ctx: RowContext, value: T | undefined, column: number | undefined, spec: FieldSpec): value is T {
  if (value !== undefined && !(typeof value === 'string' && value === '') && !(Array.isArray(value) && value.length === 0)) return true;
  // A filled cell that could not be read already has its own diagnostic (unknown status, bad serial…).
  if (column !== undefined && !isEmptyCell(cellAt(ctx.sheet, ctx.row, column))) return false;
  ctx.diagnostics.push(msg.emptyRequiredCell(placeOf(ctx, column), spec));
  return false;
}

/** The 具体问题 and 整改情况 cells of the row: placeholders in them are reported at the cell. */
/** The cells of a sheet's text columns (TEXT_CELL_FIELDS) that it has, for every row's origin. */
function textCells(
  columns: Readonly<Partial<Record<string, number>>>,
  headers: ReadonlyMap<number, string>,
  fields: Readonly<Record<string, FieldSpec>>,
): RowOrigin['cells'] {
  const cells: Partial<Record<TextCellField, CellOrigin>> = {};
  for (const field of TEXT_CELL_FIELDS) {
    const column = columns[field];
    const spec = fields[field];
    if (column !== undefined && spec) cells[field] = { column, header: headers.get(column) ?? spec.header };
  }
  return cells;
}

/** The columns of `Problem.columns`: each header normalised, the first column of a key, empty keys left out. */
function columnKeysOf(headers: ReadonlyMap<number, string>): (readonly [number, string])[] {
  const seen = new Set<string>();
  const keys: (readonly [number, string])[] = [];
  for (const [column, header] of headers) {
    const key = normalizeWord(header);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    keys.push([column, key]);
  }
  return keys;
}

/** Every cell of the row as text, by its header (what a notice's item pattern may print by the column's name). */
function rowColumns(ctx: RowContext): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [column, key] of ctx.columnKeys) columns[key] = decodeExcelText(cellText(cellAt(ctx.sheet, ctx.row, column))).text.trim();
  return columns;
}

function acceptProblem(
  ctx: RowContext,
  values: Partial<Record<ProblemField, unknown>>,
  columns: Partial<Record<ProblemField, number>>,
  kind: 'problems' | 'immediate',
  previousCategory: Category | null,
  acc: Accumulator,
): { used: boolean; category?: Category } {
  const fromSource = typeof values.source === 'string' && normalizeWord(values.source).includes(IMMEDIATE_MARK);
  const immediate = kind === 'immediate' || fromSource;
  let ok = true;
  const number = values.number as SerialNumber | undefined;
  ok = requireValue(ctx, number, columns.number, PROBLEM_FIELDS.number) && ok;
  ok = requireValue(ctx, values.text as string | undefined, columns.text, PROBLEM_FIELDS.text) && ok;
  ok = requireValue(ctx, values.status, columns.status, PROBLEM_FIELDS.status) && ok;
  const measures = (values.measures as string[] | undefined) ?? [];
  if (measures.length === 0 && !isFilled(ctx, columns.measures)) ctx.diagnostics.push(msg.emptyMeasures(placeOf(ctx, columns.measures)));

  let category: Category | null = null;
  const written = values.category as string | undefined;
  if (written) category = { name: written, shortName: (values.shortName as string | undefined) ?? null };
  else if (isFilled(ctx, columns.category))
    ok = false; // filled but unreadable (a formula error): reported, not carried down
  else if (!immediate && previousCategory) {
    category = previousCategory;
    ctx.diagnostics.push(msg.categoryCarriedDown(placeOf(ctx, columns.category), previousCategory.name));
  } else if (!immediate) {
    ok = requireValue(ctx, undefined, columns.category, PROBLEM_FIELDS.category) && ok;
  }

  if (number !== undefined) {
    const seen = immediate ? acc.seenImmediate : acc.seenProblem;
    const first = seen.get(String(number));
    if (first) {
      ctx.diagnostics.push(msg.duplicateNumber(placeOf(ctx, columns.number), number, first));
      ok = false;
    } else seen.set(String(number), originOf(ctx.sheet, ctx.row));
  }
  if (!ok) return category ? { used: false, category } : { used: false };

  const common = {
    number: number as SerialNumber,
    text: values.text as string,
    status: values.status as Problem['status'],
    measures,
    leader: (values.leader as string | undefined) ?? null,
    department: (values.department as string | undefined) ?? null,
    person: (values.person as string | undefined) ?? null,
    deadline: (values.deadline as Problem['deadline'] | undefined) ?? null,
    completedOn: (values.completedOn as IsoDate | undefined) ?? null,
    shortName: (values.shortName as string | undefined) ?? null,
    subcategory: (values.subcategory as string | undefined) ?? null,
    origin: { ...originOf(ctx.sheet, ctx.row), cells: ctx.cells },
    columns: rowColumns(ctx),
  };
  if (immediate) {
    if (kind === 'problems') acc.sawImmediate = true;
    acc.immediate.push({ ...common, category: category?.name ?? null });
    return category ? { used: true, category } : { used: true };
  }
  const cat = category as Category;
  const known = acc.categoryByName.get(cat.name);
  if (!known) {
    const added = { ...cat };
    acc.categories.push(added);
    acc.categoryByName.set(added.name, added);
  } else if (!known.shortName && cat.shortName) known.shortName = cat.shortName;
  acc.problems.push({ ...common, category: cat.name });
  return { used: true, category: cat };
}

function acceptUnion(ctx: RowContext, values: Partial<Record<UnionField, unknown>>, columns: Partial<Record<UnionField, number>>, acc: Accumulator): boolean {
  const name = values.name as string | undefined;
  if (!requireValue(ctx, name, columns.name, UNION_FIELDS.name)) return false;
  const key = normalizeWord(name);
  const first = acc.seenUnion.get(key);
  if (first) {
    ctx.diagnostics.push(msg.duplicateUnion(placeOf(ctx, columns.name), name, first));
    return false;
  }
  const origin: RowOrigin = { ...originOf(ctx.sheet, ctx.row), cells: ctx.cells };
  acc.seenUnion.set(key, origin);
  const township = values.township as string | undefined;
  const type = values.type as string | undefined;
  if (!township && !isFilled(ctx, columns.township)) ctx.diagnostics.push(msg.emptyGroupCell(placeOf(ctx, columns.township), UNION_FIELDS.township));
  if (!type && !isFilled(ctx, columns.type)) ctx.diagnostics.push(msg.emptyGroupCell(placeOf(ctx, columns.type), UNION_FIELDS.type));
  acc.unions.push({
    name,
    township: township || msg.UNFILLED,
    type: type || msg.UNFILLED,
    members: (values.members as number | undefined) ?? null,
    checkedOn: (values.checkedOn as IsoDate | undefined) ?? null,
    plannedAudit: (values.plannedAudit as IsoDate | undefined) ?? null,
    auditedOn: (values.auditedOn as IsoDate | undefined) ?? null,
    findings: (values.findings as number | undefined) ?? null,
    origin,
  });
  return true;
}
