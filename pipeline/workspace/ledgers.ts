/**
 * The blank ledgers of a new workspace (`tongbao init`), written by code from the ledger
 * contract (ledger/schema.ts), so they always carry the headers the reader recognises:
 *
 *   整改台账.xlsx      sheets 整改台账, 立行立改, 填表说明
 *   基层工会台账.xlsx  sheets 基层工会, 填表说明
 *
 * Each ledger sheet has a title row merged across the table, the canonical headers in row 2,
 * the panes frozen below them, column widths that fit the header and the words that go in
 * the column, dropdowns (list validation) on 整改结果 (the status vocabulary, nothing else
 * accepted) and 单位类型 (suggestions; other types may be typed), and cell formats by the
 * column's kind: dates as `2025年6月30日`, 计划审计时间 as text (so that `2025年6月` stays a
 * month, which counts as its last day, instead of Excel turning it into the 1st), counts as
 * integers. The 填表说明 sheet explains each column in one paragraph per row of column A, so it
 * has no header-like row and is skipped as a 说明 sheet.
 *
 * The bytes are the same on every run: fixed workbook dates and zip entry times.
 */
import type { DataValidation, Workbook, Worksheet } from 'exceljs';
import type { IsoDate } from '../dates.js';
import {
  IMMEDIATE_MARK,
  LONG_TERM,
  PROBLEM_FIELDS,
  STATUS_VOCABULARY,
  UNION_FIELDS,
  type FieldSpec,
  type ProblemField,
  type UnionField,
} from '../ledger/schema.js';
import { displayColumns } from '../text/width.js';
import { rezipPackage } from '../document/package.js';
import { STATUS_WORDS } from '../ledger/cells.js';

/** The workbooks' created/modified date and zip entry times (fixed: same bytes on every run). */
export const BLANK_LEDGER_DATE = '2025-01-01' as IsoDate;
/** Rows (below the header) that carry the dropdowns. */
export const VALIDATED_ROWS = 1000;
/** The first data row: row 1 is the title, row 2 the header. */
export const FIRST_DATA_ROW = 3;

export const NOTES_SHEET = '填表说明';

/** Suggested 单位类型 (the dropdown); other types may be typed in. */
export const UNION_TYPES = ['机关', '事业单位', '企业', '学校', '医院', '联合会', '社会组织', '其他'];

const DATE_FORMAT = 'yyyy"年"m"月"d"日"';

type Format = 'date' | 'text' | 'integer';

interface ColumnPlan {
  spec: FieldSpec;
  /** What goes in the column, for the 填表说明 sheet. */
  note: string;
  /** A comfortable width for the content (the header and the dropdown's words may widen it). */
  width: number;
  format?: Format;
  wrap?: boolean;
  /**
   * A dropdown: `strict` refuses other words (stop), `warn` asks before taking one (a unit's own
   * status word, which the notice template's 状态词 can classify), `free` takes anything.
   */
  list?: { words: readonly string[]; typed: 'strict' | 'warn' | 'free' };
}

interface SheetPlan {
  name: string;
  title: string;
  columns: ColumnPlan[];
}

const join = (words: readonly string[]) => words.map((w) => `“${w}”`).join('');

const STATUS_NOTE =
  `从下拉列表中选择。已完成：${join(STATUS_VOCABULARY.completed)}；阶段性完成：${join(STATUS_VOCABULARY.staged)}；` +
  `未完成：${join(STATUS_VOCABULARY.notCompleted)}。通报照原样印出所选的词，并按类别放入“已完成”“阶段性完成”“未完成”各部分。本单位的其他用语也可直接填写，但须先在 notice.md 的“状态词”设置中归类，否则生成时报错。`;

const DEADLINE_NOTE = `填日期（如2025年6月30日）、年底期限（如“2025年底前”，按当年12月31日计）或“${LONG_TERM}”。已超过时限仍未完成的问题会在统计中列为逾期。`;

const problem = (field: ProblemField, width: number, note: string, extra: Partial<ColumnPlan> = {}): ColumnPlan => ({
  spec: PROBLEM_FIELDS[field],
  width,
  note,
  ...extra,
});

const union = (field: UnionField, width: number, note: string, extra: Partial<ColumnPlan> = {}): ColumnPlan => ({
  spec: UNION_FIELDS[field],
  width,
  note,
  ...extra,
});

const statusColumn = problem('status', 12, STATUS_NOTE, { list: { words: STATUS_WORDS, typed: 'warn' } });

export const PROBLEM_SHEET: SheetPlan = {
  name: '整改台账',
  title: '巡察反馈问题整改台账',
  columns: [
    problem('number', 6, '问题编号，填正整数（1、2、3……），本表内不能重复；通报按此编号列出问题。'),
    problem(
      'category',
      26,
      '问题所属的方面（类别），如“理论学习不够深入”。同一方面的几个问题可以合并单元格只写一次；各方面在表中第一次出现的顺序就是通报中的顺序。',
      { wrap: true },
    ),
    problem('shortName', 10, '方面的简称，如“理论学习”，用作图表的标签；可不填。'),
    problem('text', 36, '问题的具体表现，照巡察反馈意见填写。', { wrap: true }),
    statusColumn,
    problem('measures', 60, '已采取的整改措施；可分几段（单元格内按 Alt+Enter 换行）。为空时会有提醒，通报中该问题将没有整改情况。', { wrap: true }),
    problem('leader', 10, '牵头负责的领导；可不填。'),
    problem('department', 12, '负责整改的部室；可不填。'),
    problem('person', 10, '具体负责的人员；可不填。'),
    problem('deadline', 16, DEADLINE_NOTE, { format: 'date' }),
    problem('completedOn', 16, '问题完成整改（销号）的日期；已完成的问题请填写，季度统计按此日期计入季度。', { format: 'date' }),
  ],
};

export const IMMEDIATE_SHEET: SheetPlan = {
  name: IMMEDIATE_MARK,
  title: '巡察期间立行立改问题台账',
  columns: [
    problem('number', 6, '问题编号，本表单独编号，不能重复。'),
    problem('text', 40, '问题的具体表现。', { wrap: true }),
    statusColumn,
    problem('measures', 56, '已采取的整改措施。', { wrap: true }),
    problem('department', 12, '负责整改的部室；可不填。'),
    problem('person', 10, '具体负责的人员；可不填。'),
    problem('completedOn', 16, '完成整改的日期；可不填。', { format: 'date' }),
  ],
};

export const UNION_SHEET: SheetPlan = {
  name: '基层工会',
  title: '基层工会财务检查和经费审计台账',
  columns: [
    union('name', 34, '每个基层工会一行，名称不能重复。', { wrap: true }),
    union('township', 12, '所属乡镇（或片区），用于分乡镇统计；为空时归入“（未填）”。'),
    union('type', 12, `从下拉列表中选择（${UNION_TYPES.join('、')}），也可以直接填写其他类型；用于分类型统计。`, {
      list: { words: UNION_TYPES, typed: 'free' },
    }),
    union('members', 10, '会员人数，填整数；可不填。', { format: 'integer' }),
    union('checkedOn', 16, '开展财务监督检查的日期；尚未检查的留空。', { format: 'date' }),
    union(
      'plannedAudit',
      14,
      '计划审计的月份或日期，如“2025年6月”（按该月最后一天计）或“2025年6月15日”；本列是文本格式，以免 Excel 把“2025年6月”改成6月1日。未列入计划的留空。',
      { format: 'text' },
    ),
    union('auditedOn', 16, '完成经费审计的日期；尚未审计的留空。', { format: 'date' }),
    union('findings', 14, '审计发现的问题数，填整数；可不填。', { format: 'integer' }),
  ],
};

const GENERAL_NOTES = [
  '第1行是标题，可以修改；第2行是表头，请不要改动列名（列名前后的空格不影响识别）。可以在右边增加其他列，tongbao 不读取它们。',
  '从第3行起每行填一条。表格下方可以写注释（如“注：……”，可合并单元格），空行会被跳过。',
  '日期可以直接输入 2025-6-30 或 2025/6/30（Excel 会存为日期，显示为“2025年6月30日”），也可以写成文字“2025年6月30日”“2025.6.30”；写“2025年6月”表示该月最后一天。',
  '填好后保存（保存为 .xlsx 格式），在通报助手的页面上检查、生成通报：双击通报助手，在“台账与模板”中添加本文件（或把它放进页面上方写的工作文件夹），再点“生成通报”；出错时提示会写明文件、工作表、单元格和列名。',
  '在命令行中，则运行 node 加 tongbao 所在文件夹中的 bin/tongbao.js：node <tongbao 所在文件夹>/bin/tongbao.js check --inputs 本文件夹 检查，把 check 换成 build 生成通报。',
];

function notesParagraphs(sheets: readonly SheetPlan[], intro: string): string[] {
  const paragraphs = [`${NOTES_SHEET}`, intro];
  for (const sheet of sheets) {
    paragraphs.push(`【${sheet.name}】工作表`);
    if (sheet.name === IMMEDIATE_MARK) paragraphs.push('巡察期间移交、当即整改的问题，本表单独编号；通报只公布其总数和完成数。本表不需要填写反馈问题。');
    for (const c of sheet.columns) {
      const need = c.spec.required ? '（必填）' : '（选填）';
      const synonyms = c.spec.synonyms.length ? `本列也可以叫：${c.spec.synonyms.join('、')}。` : '';
      paragraphs.push(`${c.spec.header}${need}：${c.note}${synonyms}`);
    }
  }
  paragraphs.push('【通用说明】', ...GENERAL_NOTES);
  return paragraphs;
}

export const PROBLEM_NOTES = notesParagraphs(
  [PROBLEM_SHEET, IMMEDIATE_SHEET],
  '本工作簿是巡察整改台账：“整改台账”每行一个巡察反馈问题，“立行立改”每行一个立行立改问题。tongbao 读取这两个工作表生成整改进展情况通报和季度报告；本“填表说明”工作表不会被读取。',
);

export const UNION_NOTES = notesParagraphs(
  [UNION_SHEET],
  '本工作簿是基层工会台账：“基层工会”每行一个基层工会，记录财务监督检查、审计计划和审计完成情况。tongbao 读取它统计检查和审计覆盖情况；本“填表说明”工作表不会被读取。',
);

/** The column's width: its content width, widened to show the header and every dropdown word. */
export function columnWidth(column: ColumnPlan): number {
  const words = column.list?.words ?? [];
  return Math.max(column.width, displayColumns(column.spec.header) + 4, ...words.map((w) => displayColumns(w) + 4));
}

const FONT = { name: '宋体', size: 11 };
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** exceljs validates a range with `worksheet.dataValidations.add('E3:E1002', …)`; its typings omit it. */
function validations(ws: Worksheet): { add(range: string, validation: DataValidation): void } {
  return (ws as unknown as { dataValidations: { add(range: string, validation: DataValidation): void } }).dataValidations;
}

function ledgerSheet(wb: Workbook, plan: SheetPlan): Worksheet {
  const ws = wb.addWorksheet(plan.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: FIRST_DATA_ROW - 1, topLeftCell: `A${FIRST_DATA_ROW}`, activeCell: `A${FIRST_DATA_ROW}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `1:${FIRST_DATA_ROW - 1}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  const n = plan.columns.length;
  plan.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = columnWidth(c);
    // The column's own style: what staff type into an empty cell of it takes this format.
    column.font = FONT;
    column.alignment = { vertical: 'middle', wrapText: Boolean(c.wrap), horizontal: c.wrap ? 'left' : 'center' };
    if (c.format === 'date') column.numFmt = DATE_FORMAT;
    else if (c.format === 'text') column.numFmt = '@';
    else if (c.format === 'integer') column.numFmt = '0';
  });

  const title = ws.getCell(1, 1);
  title.value = plan.title;
  title.font = { name: '宋体', size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 36;
  ws.mergeCells(1, 1, 1, n);

  const header = ws.getRow(FIRST_DATA_ROW - 1);
  plan.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.spec.header;
    cell.font = { ...FONT, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  });
  header.height = 30;

  const last = FIRST_DATA_ROW + VALIDATED_ROWS - 1;
  plan.columns.forEach((c, i) => {
    if (!c.list) return;
    const letter = columnLetter(i + 1);
    validations(ws).add(`${letter}${FIRST_DATA_ROW}:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${c.list.words.join(',')}"`],
      showInputMessage: true,
      promptTitle: c.spec.header,
      prompt: c.list.typed === 'strict' ? '请从下拉列表中选择' : '可从下拉列表中选择，也可直接填写',
      showErrorMessage: c.list.typed !== 'free',
      ...(c.list.typed === 'strict'
        ? { errorStyle: 'stop', errorTitle: `${c.spec.header}不在可选范围内`, error: `请从下拉列表中选择：${c.list.words.join('、')}` }
        : {}),
      ...(c.list.typed === 'warn'
        ? {
            errorStyle: 'warning',
            errorTitle: `${c.spec.header}不在下拉列表中`,
            error: '如是本单位的用语，请在 notice.md 的“状态词”设置中归入已完成、阶段性完成或未完成，否则生成通报时会报错。仍要填写吗？',
          }
        : {}),
    });
  });
  ws.autoFilter = { from: { row: FIRST_DATA_ROW - 1, column: 1 }, to: { row: FIRST_DATA_ROW - 1, column: n } };
  return ws;
}

/** 填表说明: one paragraph per row in column A, a heading row for each sheet; no table. */
function notesSheet(wb: Workbook, paragraphs: readonly string[]): Worksheet {
  const ws = wb.addWorksheet(NOTES_SHEET);
  const width = 100;
  ws.getColumn(1).width = width;
  paragraphs.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    const heading = i === 0 || text.startsWith('【');
    cell.font = heading ? { name: '宋体', size: i === 0 ? 14 : 12, bold: true } : FONT;
    cell.alignment = { vertical: 'top', wrapText: true };
    // Excel fits wrapped rows on opening, LibreOffice and WPS not always: set the height.
    const lines = Math.max(1, Math.ceil(displayColumns(text) / (width - 2)));
    ws.getRow(i + 1).height = heading ? 24 : lines * 15 + 4;
  });
  return ws;
}

async function newWorkbook(): Promise<Workbook> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const date = new Date(`${BLANK_LEDGER_DATE}T00:00:00Z`);
  wb.creator = 'tongbao';
  wb.lastModifiedBy = 'tongbao';
  wb.created = date;
  wb.modified = date;
  return wb;
}

async function bytesOf(wb: Workbook): Promise<Uint8Array> {
  const buffer = await wb.xlsx.writeBuffer();
  return rezipPackage(new Uint8Array(buffer as ArrayBuffer), BLANK_LEDGER_DATE);
}

export const PROBLEM_LEDGER_FILE = '整改台账.xlsx';
export const UNION_LEDGER_FILE = '基层工会台账.xlsx';

/** The blank ledgers, file name → bytes. */
/** The blank ledgers: the rectification ledger, and the union ledger unless `unions` is false (`init --no-unions`). */
export async function blankLedgers(unions = true): Promise<{ name: string; bytes: Uint8Array }[]> {
  const problems = await newWorkbook();
  ledgerSheet(problems, PROBLEM_SHEET);
  ledgerSheet(problems, IMMEDIATE_SHEET);
  notesSheet(problems, PROBLEM_NOTES);
  const files = [{ name: PROBLEM_LEDGER_FILE, bytes: await bytesOf(problems) }];
  if (!unions) return files;
  const union = await newWorkbook();
  ledgerSheet(union, UNION_SHEET);
  notesSheet(union, UNION_NOTES);
  files.push({ name: UNION_LEDGER_FILE, bytes: await bytesOf(union) });
  return files;
}
