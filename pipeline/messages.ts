/**
 * Every user-facing text, in one place. Staff read these in Chinese; each diagnostic says
 * what is wrong and what is accepted, and carries rule id, actual and expected as data.
 */
import { formatPlace, type Diagnostic, type Place } from './diagnostics.js';
import { STATUS_VOCABULARY, type FieldSpec, type RowOrigin } from './ledger/schema.js';

const list = (words: readonly string[]): string => words.join('、');
const quote = (text: string): string => `“${text}”`;

export const UNFILLED = '（未填）';

export const DATE_FORMS = ['2025年6月30日', '2025.6.30', '2025/6/30', '2025-06-30', '2025年6月', '2025年底前', 'Excel日期'];

function error(rule: string, place: Place, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { rule, severity: 'error', message, place, ...extra };
}

function warning(rule: string, place: Place, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { rule, severity: 'warning', message, place, ...extra };
}

// ── files ────────────────────────────────────────────────────────────────────────────────

export const emptyFile = (file: string): Diagnostic => error('file-empty', { file }, '文件是空的，请检查是否保存完整');

export const notAWorkbook = (file: string): Diagnostic =>
  error('file-not-xlsx', { file }, '不是有效的 .xlsx 工作簿（文件可能已损坏，或只是改了扩展名），请用 Excel 或 WPS 打开后另存为 .xlsx');

export const damagedWorkbook = (file: string, detail: string): Diagnostic =>
  error('file-damaged', { file }, '工作簿无法读取（文件可能已损坏或未完整复制），请用 Excel 或 WPS 打开后重新保存为 .xlsx', {
    actual: detail,
  });

export const legacyWorkbook = (file: string): Diagnostic =>
  error('file-legacy', { file }, '这是旧版 Excel（.xls）或 WPS（.et）格式，无法读取；请用 Excel 或 WPS 打开后“另存为” .xlsx 格式', {
    expected: '.xlsx',
  });

export const encryptedWorkbook = (file: string): Diagnostic =>
  error('file-encrypted', { file }, '工作簿设置了打开密码，无法读取；请在 Excel 或 WPS 中取消密码后另存一份 .xlsx');

export const unreadableFile = (file: string, code: string): Diagnostic =>
  error('file-unreadable', { file }, `无法读取文件（${readFailureReason(code)}），请关闭正在使用它的程序或检查权限`, { actual: code });

/** Why a file could not be read, from its errno code (EACCES, EBUSY, ENOENT…). */
export function readFailureReason(code: string): string {
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限或文件被锁定';
  if (code === 'EBUSY') return '文件正被其他程序占用';
  if (code === 'ENOENT') return '文件不存在，可能已被移动、删除，或是失效的快捷方式';
  if (code === 'EISDIR') return '这是一个文件夹';
  if (code === 'ELOOP') return '快捷方式（符号链接）循环指向自身';
  return code;
}

export const noLedgerFiles = (folder: string): Diagnostic =>
  error('inputs-empty', { file: folder }, '输入文件夹中没有台账文件，可放入 .xlsx 或 .csv 文件');

export const noSheetRecognised = (files: readonly string[]): Diagnostic =>
  error(
    'no-ledger-sheet',
    { file: [...new Set(files)].join('、') },
    '没有找到可识别的台账工作表：整改台账的表头应至少含有序号、反馈问题、具体问题、整改结果、整改情况中的三项，基层工会台账的表头应含有工会名称及另一列（所属乡镇、单位类型等）',
  );

export function csvEncodingNote(encoding: string): string {
  return encoding === 'gb18030' ? '按 GBK/GB18030 编码读取' : `按 ${encoding.toUpperCase()} 编码读取`;
}

export const skipReason = {
  lockFile: 'Excel/WPS 的临时锁定文件（~$ 开头），未读取',
  hidden: '隐藏文件，未读取',
  notLedger: '非台账文件，未读取',
  unknownType: '不支持的文件类型，未读取（台账请用 .xlsx 或 .csv）',
  noHeader: '没有可识别的表头，未作为台账读取',
  mergedNote: (text: string) => `表格下方的注释行（合并单元格）：${clip(text)}`,
  noteLine: (text: string) => `注释、签名或合计行：${clip(text)}`,
  noLedgerColumns: '只有未使用的列有内容，没有台账数据',
};

function clip(text: string, max = 30): string {
  const flat = text.replace(/\s+/gu, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

// ── sheets and cells ─────────────────────────────────────────────────────────────────────

export const missingColumn = (place: Place, spec: FieldSpec): Diagnostic =>
  error('column-missing', place, `缺少必需的列${quote(spec.header)}，可用的列名：${list([spec.header, ...spec.synonyms])}`, {
    expected: spec.header,
  });

export function badCell(place: Place, spec: FieldSpec, actual: string): Diagnostic {
  switch (spec.kind) {
    case 'serial':
      return error('serial-invalid', place, `${spec.header}${quote(actual)}无法识别，应为正整数，如 1、1.、１`, { actual, expected: '正整数' });
    case 'status':
      return error('status-unknown', place, `未知的${spec.header}${quote(actual)}，可填：${list(Object.values(STATUS_VOCABULARY).flat())}`, {
        actual,
        expected: list(Object.values(STATUS_VOCABULARY).flat()),
      });
    case 'deadline':
      return error('date-invalid', place, `无法识别的${spec.header}${quote(actual)}，可填：${list([...DATE_FORMS, '长期坚持'])}`, {
        actual,
        expected: list([...DATE_FORMS, '长期坚持']),
      });
    case 'date':
    case 'month':
      return error('date-invalid', place, `无法识别的日期${quote(actual)}，可填：${list(DATE_FORMS)}`, { actual, expected: list(DATE_FORMS) });
    case 'count':
      return error('count-invalid', place, `${spec.header}${quote(actual)}不是有效的数字，应为不小于0的整数`, { actual, expected: '整数' });
    case 'text':
    case 'paragraphs':
      return error('cell-invalid', place, `${spec.header}${quote(actual)}无法读取`, { actual });
  }
}

export const formulaErrorCell = (place: Place, text: string): Diagnostic =>
  error('cell-formula-error', place, `单元格是公式错误值${quote(text)}，请检查公式`, { actual: text });

export const emptyRequiredCell = (place: Place, spec: FieldSpec): Diagnostic =>
  error('cell-empty', place, `${spec.header}不能为空`, { expected: spec.header });

export const emptyMeasures = (place: Place): Diagnostic => warning('measures-empty', place, '整改情况为空，通报中该问题将没有整改情况');

export const categoryCarriedDown = (place: Place, category: string): Diagnostic =>
  warning('category-carried-down', place, `反馈问题为空，按上一行的“${clip(category, 20)}”处理（上下相同的类别可合并单元格）`);

function originText(origin: RowOrigin): string {
  const place: Place = { file: origin.file, row: origin.row };
  if (origin.sheet !== null) place.sheet = origin.sheet;
  return formatPlace(place);
}

export const duplicateNumber = (place: Place, number: number, first: RowOrigin): Diagnostic =>
  error('serial-duplicate', place, `序号 ${number} 重复，已在 ${originText(first)} 使用；同一台账中序号不能重复`, {
    actual: String(number),
  });

export const duplicateUnion = (place: Place, name: string, first: RowOrigin): Diagnostic =>
  error('union-duplicate', place, `工会名称${quote(name)}重复，已在 ${originText(first)} 出现；每个基层工会只占一行`, { actual: name });

export const emptyGroupCell = (place: Place, spec: FieldSpec): Diagnostic =>
  warning('cell-empty', place, `${spec.header}为空，统计时归入“${UNFILLED}”`);

// ── dates against the as-of date ─────────────────────────────────────────────────────────

export const completedAfterAsOf = (place: Place, completedOn: string, asOf: string): Diagnostic =>
  warning('completed-after-as-of', place, `完成时间 ${completedOn} 晚于统计截止日期 ${asOf}，台账与文件日期不符`, {
    actual: completedOn,
    expected: `不晚于 ${asOf}`,
  });

export const auditBeforeCheck = (place: Place, name: string, auditedOn: string, checkedOn: string): Diagnostic =>
  warning('audit-before-check', place, `${quote(name)}的审计完成日期 ${auditedOn} 早于财务检查日期 ${checkedOn}，请核对两个日期；仍按所填日期统计`, {
    actual: auditedOn,
    expected: `不早于 ${checkedOn}`,
  });

export const asOfIsToday = (today: string): Diagnostic =>
  warning('as-of-today', { file: '--as-of' }, `未指定统计截止日期，按今天（${today}）统计；可用 --as-of YYYY-MM-DD 指定`);

// ── command line ─────────────────────────────────────────────────────────────────────────

export const HELP = `tongbao — 把整改台账和基层工会台账生成为通报、统计和报表

用法：
  tongbao build     [--inputs 目录] [--outputs 目录] [--as-of YYYY-MM-DD]
  tongbao check     [--inputs 目录] [--as-of YYYY-MM-DD]
  tongbao --help | --version

命令：
  build   读取台账，检查后写出 stats.json 和 run-log.md
  check   只检查台账，列出所有错误和警告，不写文件

选项：
  --inputs DIR      台账所在文件夹（默认 inputs）
  --outputs DIR     输出文件夹（默认 outputs）
  --as-of DATE      统计截止日期，如 2025-05-30（默认今天）

退出码：0 完成（可有警告）；1 台账有错误或输出无法写入；2 命令用法错误`;

export const usage = {
  noCommand: '错误 命令行：缺少命令，可用：build、check',
  unknownCommand: (name: string) => `错误 命令行：未知的命令“${name}”，可用：build、check`,
  notYet: (name: string) => `错误 命令行：命令“${name}”尚未实现，可用：build、check`,
  unknownFlag: (flag: string, command: string) => `错误 命令行：命令 ${command} 不支持选项“${flag}”`,
  missingValue: (flag: string) => `错误 命令行：选项 ${flag} 需要一个值`,
  badAsOf: (value: string) => `错误 --as-of：无法识别的日期“${value}”，应为 YYYY-MM-DD，如 2025-05-30`,
  inputsMissing: (dir: string) => `错误 ${dir}：输入文件夹不存在`,
  inputsNotFolder: (dir: string) => `错误 ${dir}：输入文件夹不存在或不是文件夹`,
  inputsUnreadable: (dir: string, code: string) => `错误 ${dir}：无法读取输入文件夹（${readFailureReason(code)}），请检查权限`,
  unexpectedArgument: (arg: string) => `错误 命令行：多余的参数“${arg}”`,
};

export const summary = {
  wrote: (files: readonly string[]) => `已写入：${files.join('、')}`,
  nothingWritten: (errors: number) => `有 ${errors} 个错误，未写出任何文件（原有输出保持不变）`,
  checkFailed: (errors: number, warnings: number) => `检查未通过：${errors} 个错误，${warnings} 个警告`,
  checkPassed: (warnings: number) => (warnings > 0 ? `检查通过，有 ${warnings} 个警告` : '检查通过'),
  writeFailed: (file: string, reason: string) => `错误 ${file}：无法写入（${reason}），请关闭正在打开它的程序后重试`,
};

export function figuresSummary(stats: import('./stats/index.js').Stats): string[] {
  const lines = [`统计截止日期：${stats.asOf}`];
  const p = stats.problems;
  lines.push(
    p
      ? `整改台账：${p.categories}个方面${p.total}个问题，已完成${p.completed}个，阶段性完成${p.staged}个，未完成${p.notCompleted}个${p.overdue.length ? `，逾期${p.overdue.length}个` : ''}`
      : '整改台账：无',
  );
  const i = stats.immediate;
  lines.push(i ? `立行立改：${i.total}个，已完成${i.completed}个` : '立行立改：无');
  const u = stats.unions;
  lines.push(u ? `基层工会：${u.total}家，已检查${u.checked}家，计划审计${u.plannedAudits}家，已审计${u.audited}家` : '基层工会台账：无');
  return lines;
}

export function writeFailureReason(code: string): string {
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') return '文件正被其他程序打开或没有写入权限';
  if (code === 'ENOSPC') return '磁盘空间不足';
  if (code === 'EROFS') return '输出文件夹只读';
  return code;
}

// ── templates and placeholders ───────────────────────────────────────────────────────────

export const templateUnclosedFrontMatter = (place: Place): Diagnostic =>
  error('template-front-matter', place, '开头的设置区缺少结束的“---”行');

export const templateBadSetting = (place: Place, line: string): Diagnostic =>
  error('template-setting', place, `无法识别的设置行${quote(line)}，应写成“键: 值”，如“成文日期: 2025-05-30”`);

export const templateUnknownSetting = (place: Place, key: string, keys: readonly string[]): Diagnostic =>
  error('template-setting-unknown', place, `未知的设置${quote(key)}，可用：${list(keys)}`, { actual: key, expected: list(keys) });

export const templateMissingSetting = (place: Place, key: string): Diagnostic =>
  error('template-setting-missing', place, `缺少设置${quote(key)}`, { expected: key });

export const templateBadDate = (place: Place, key: string, value: string): Diagnostic =>
  error('template-date', place, `${key}${quote(value)}无法识别，可填：${list(DATE_FORMS.slice(0, 4))}`, { actual: value });

export const templateHeadingTooDeep = (place: Place): Diagnostic =>
  error('template-heading', place, '标题最多四级（# 一、 ## （一） ### 1. #### （1））');

export const templateUnclosedComment = (place: Place): Diagnostic => error('template-comment', place, '注释“<!--”缺少结束的“-->”');

export const templateUnknownDirective = (place: Place, name: string, names: readonly string[]): Diagnostic =>
  error('template-directive-unknown', place, `未知的指令${quote(`::: ${name}`)}，可用：${list(names.map((n) => `::: ${n}`))}`, { actual: name });

export const templateBadDirectiveArgument = (place: Place, name: string, args: readonly string[], accepted: readonly string[]): Diagnostic =>
  error('template-directive-argument', place, `指令${quote(`::: ${name}`)}的参数${quote(args.join(' '))}无法识别，可用：${list(accepted)}`);

export const templateMissing = (file: string): Diagnostic =>
  warning('template-missing', { file }, '输入文件夹中没有通报模板 notice.md，本次不生成通报');

export const placeholderUnknown = (place: Place, raw: string, names: readonly string[]): Diagnostic =>
  error('placeholder-unknown', place, `未知的占位符${quote(raw)}，可用：${list(names.map((n) => `{{${n}}}`))}`, { actual: raw });

export const placeholderUnclosed = (place: Place): Diagnostic => error('placeholder-unclosed', place, '占位符的“{{”和“}}”没有成对');

const LEDGER_NAMES = { problems: '整改台账', immediate: '立行立改台账', unions: '基层工会台账' } as const;

export const placeholderNeedsLedger = (place: Place, raw: string, kind: keyof typeof LEDGER_NAMES): Diagnostic =>
  error('placeholder-ledger-missing', place, `占位符${quote(raw)}需要${LEDGER_NAMES[kind]}，但输入中没有找到${LEDGER_NAMES[kind]}`);

export const placeholderNeedsSetting = (place: Place, raw: string, key: string): Diagnostic =>
  error('placeholder-setting-missing', place, `占位符${quote(raw)}需要模板设置${quote(key)}，请在模板开头填写`);

export const placeholderBadPeriod = (place: Place, raw: string): Diagnostic =>
  error('placeholder-period', place, `占位符${quote(raw)}的时段无法识别，可写：2024-10（某月）、2025Q3（某季度）、2025（某年）`);

export const placeholderTakesNoArgument = (place: Place, raw: string): Diagnostic =>
  error('placeholder-argument', place, `占位符${quote(raw)}不带参数`);

// ── fonts ────────────────────────────────────────────────────────────────────────────────

export const fontFileUnreadable = (place: Place, path: string): Diagnostic =>
  error('font-file', place, `PDF 字体文件${quote(path)}不存在或不是字体文件（可用 .ttf、.otf、.ttc）`, { actual: path });

export function fontReport(
  roleName: string,
  served: { wanted: string; substituted: boolean; source: 'office' | 'template' | 'bundled'; file: { path: string; family: string; face?: string } },
): string {
  const face = served.file.face ? `，字形 ${served.file.face}` : '';
  const where = `${served.file.family}（${served.file.path}${face}）`;
  if (served.source === 'template') return `${roleName}：${served.wanted} → 模板指定的字体文件 ${where}`;
  if (served.source === 'office' && !served.substituted) return `${roleName}：${served.wanted} → 本机字体 ${where}`;
  if (served.source === 'office') return `${roleName}：${served.wanted} 未找到，用本机的 ${where}代替`;
  return `${roleName}：${served.wanted} 未找到，用免费字体 ${where}代替`;
}
