/**
 * Every user-facing text, in one place. Staff read these in Chinese; each diagnostic says
 * what is wrong and what is accepted, and carries rule id, actual and expected as data.
 */
import { formatPlace, sheetPlace, type Diagnostic, type Place } from './diagnostics.js';

/** The kinds of ledger column a message can describe (ledger/schema.ts types its fields with these). */
export type ColumnKind = 'serial' | 'text' | 'paragraphs' | 'status' | 'deadline' | 'date' | 'month' | 'count';

/** A ledger column as messages name it: its header as the contract writes it, its synonyms and kind. */
export interface ColumnSpec {
  header: string;
  synonyms: readonly string[];
  kind: ColumnKind;
}

/** Where a row came from (ledger/schema.ts's RowOrigin has these and more). */
interface RowPlace {
  file: string;
  sheet: string | null;
  row: number;
}

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

export const otherSpreadsheet = (file: string, extension: string): Diagnostic =>
  error('file-format', { file }, `这是 ${extension} 格式的表格，无法读取；请用 WPS、Excel 或 LibreOffice 打开后“另存为” .xlsx 格式`, { expected: '.xlsx' });

export const legacyWorkbook = (file: string): Diagnostic =>
  error('file-legacy', { file }, '这是旧版 Excel（.xls）或 WPS（.et）格式，无法读取；请用 Excel 或 WPS 打开后“另存为” .xlsx 格式', {
    expected: '.xlsx',
  });

export const encryptedWorkbook = (file: string): Diagnostic =>
  error('file-encrypted', { file }, '工作簿设置了打开密码，无法读取；请在 Excel 或 WPS 中取消密码后另存一份 .xlsx');

export const unreadableFile = (file: string, code: string): Diagnostic =>
  code === NOT_A_FILE
    ? error('file-unreadable', { file }, '不是普通文件（可能是设备或管道，或指向它们的快捷方式），未读取；请放入 .xlsx、.csv 或 .md 文件', { actual: code })
    : code === TOO_LARGE
      ? error('file-too-large', { file }, `文件超过 ${INPUT_FILE_LIMIT_MB} MB，未读取；台账和模板不会这么大，请检查是否放错了文件`, { actual: code })
      : error('file-unreadable', { file }, `无法读取文件（${readFailureReason(code)}），请关闭正在使用它的程序或检查权限`, { actual: code });

/** Codes the CLI gives for an input that is not a regular file, or over the size limit. */
export const NOT_A_FILE = 'ENOTREG';
export const TOO_LARGE = 'EFBIG';
/** The largest input file read (README, "Limits"). */
export const INPUT_FILE_LIMIT_MB = 100;

/** Why a file could not be read, from its errno code (EACCES, EBUSY, ENOENT…). */
export function readFailureReason(code: string): string {
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限或文件被锁定';
  if (code === 'EBUSY') return '文件正被其他程序占用';
  if (code === 'ENOENT') return '文件不存在，可能已被移动、删除，或是失效的快捷方式';
  if (code === 'EISDIR') return '这是一个文件夹';
  if (code === 'ELOOP') return '快捷方式（符号链接）循环指向自身';
  return code;
}

export const noLedgerFiles = (folder: string): Diagnostic => error('inputs-empty', { file: folder }, '输入文件夹中没有台账文件，可放入 .xlsx 或 .csv 文件');

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

export const missingColumn = (place: Place, spec: ColumnSpec): Diagnostic =>
  error('column-missing', place, `缺少必需的列${quote(spec.header)}，可用的列名：${list([spec.header, ...spec.synonyms])}`, {
    expected: spec.header,
  });

/** `statusWords`: the words a status cell may hold, for the message to list. */
export function badCell(place: Place, spec: ColumnSpec, actual: string, statusWords: readonly string[]): Diagnostic {
  switch (spec.kind) {
    case 'serial':
      return error('serial-invalid', place, `${spec.header}${quote(actual)}无法识别，应为正整数或编号，如 1、1.、１、（1）、1-2、1.2`, {
        actual,
        expected: '正整数或编号',
      });
    case 'status':
      return error(
        'status-unknown',
        place,
        `未知的${spec.header}${quote(actual)}，可填：${list(statusWords)}；本单位的其他用语可在通报模板 notice.md 的“状态词”设置中归入已完成、阶段性完成或未完成`,
        {
          actual,
          expected: list(statusWords),
        },
      );
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

export const controlCharactersRemoved = (place: Place, removed: readonly string[]): Diagnostic =>
  warning(
    'cell-control-characters',
    place,
    `单元格中有 ${removed.length} 个不可见的控制字符（${[...new Set(removed)].map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join('、')}），已删去；请检查该单元格的内容`,
    {
      actual: removed.join(''),
    },
  );

export const formulaErrorCell = (place: Place, text: string): Diagnostic =>
  error('cell-formula-error', place, `单元格是公式错误值${quote(text)}，请检查公式`, { actual: text });

export const emptyRequiredCell = (place: Place, spec: ColumnSpec): Diagnostic =>
  error('cell-empty', place, `${spec.header}不能为空`, { expected: spec.header });

export const emptyMeasures = (place: Place): Diagnostic => warning('measures-empty', place, '整改情况为空，通报中该问题将没有整改情况');

export const categoryCarriedDown = (place: Place, category: string): Diagnostic =>
  warning('category-carried-down', place, `反馈问题为空，按上一行的“${clip(category, 20)}”处理（上下相同的类别可合并单元格）`);

function originText(origin: RowPlace): string {
  return formatPlace(sheetPlace(origin.file, origin.sheet, origin.row));
}

export const duplicateNumber = (place: Place, number: number | string, first: RowPlace): Diagnostic =>
  error('serial-duplicate', place, `序号 ${number} 重复，已在 ${originText(first)} 使用；同一台账中序号不能重复`, {
    actual: String(number),
  });

export const duplicateUnion = (place: Place, name: string, first: RowPlace): Diagnostic =>
  error('union-duplicate', place, `工会名称${quote(name)}重复，已在 ${originText(first)} 出现；每个基层工会只占一行`, { actual: name });

export const emptyGroupCell = (place: Place, spec: ColumnSpec): Diagnostic => warning('cell-empty', place, `${spec.header}为空，统计时归入“${UNFILLED}”`);

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
  tongbao quarterly [--quarter 2025Q3] [--inputs 目录] [--outputs 目录]
  tongbao init      目录 [--force]
  tongbao watch     [--inputs 目录] [--outputs 目录]
  tongbao serve     [--inputs 目录] [--outputs 目录] [--port 端口] [--no-open]
  tongbao --help | --version

命令：
  build      读取台账，检查后写出通报（notice.docx、notice.pdf）、图表、stats.json、run-log.md 和 manifest.json
  check      只检查台账和模板，列出所有错误和警告，不写文件
  quarterly  按季度统计，写出 quarterly-2025Q3.xlsx 等季度报表（默认上一个完整季度）
  init       新建一个待填写的工作文件夹：空白台账（带下拉列表和填表说明）、通报和季度报告模板、
             图表样式（charts/）；模板中的【发文机关】等请改为实际内容。之后用 --inputs 目录 生成
  watch      先生成一次，之后台账或模板一保存就自动重新生成；按 Ctrl+C 退出
  serve      打开“通报助手”网页（只在本机）：上传台账、检查、生成、预览和下载、修改通报设置；按 Ctrl+C 退出

选项：
  --inputs DIR      台账所在文件夹（默认 inputs）
  --outputs DIR     输出文件夹（默认 outputs）
  --as-of DATE      统计截止日期，如 2025-05-30（默认通报模板的成文日期，没有则为今天）
  --quarter Q       季度：2025Q3、2025-Q3 或 2025年第三季度
  --force           init：覆盖文件夹中已有的同名文件（默认不覆盖，什么也不写）
  --port N          serve：网页使用的端口（默认由系统选一个空闲端口）
  --no-open         serve：不自动打开浏览器（也可设环境变量 TONGBAO_NO_BROWSER=1）

退出码：0 完成（可有警告）；1 台账有错误或输出无法写入；2 命令用法错误（含 init 拒绝覆盖）`;

export const usage = {
  noCommand: '错误 命令行：缺少命令，可用：build、check、quarterly、init、watch、serve',
  unknownCommand: (name: string) => `错误 命令行：未知的命令“${name}”，可用：build、check、quarterly、init、watch、serve`,
  badPort: (value: string) => `错误 --port：无法识别的端口“${value}”，应为 0 到 65535 的整数（0：由系统选一个空闲端口）`,
  initNeedsFolder: '错误 命令行：init 需要一个文件夹，如 tongbao init 台账',
  badQuarter: (value: string) => `错误 --quarter：无法识别的季度“${value}”，可写：2025Q3、2025-Q3、2025年第三季度`,
  unknownFlag: (flag: string, command: string) => `错误 命令行：命令 ${command} 不支持选项“${flag}”`,
  missingValue: (flag: string) => `错误 命令行：选项 ${flag} 需要一个值`,
  switchTakesNoValue: (flag: string) => `错误 命令行：选项 ${flag} 不带值`,
  badAsOf: (value: string) => `错误 --as-of：无法识别的日期“${value}”，应为 YYYY-MM-DD，如 2025-05-30`,
  inputsMissing: (dir: string) => `错误 ${dir}：输入文件夹不存在`,
  inputsNotFolder: (dir: string) => `错误 ${dir}：输入文件夹不存在或不是文件夹`,
  outputsAreInputs: (outputs: string, inputs: string) =>
    `错误 命令行：输出文件夹“${outputs}”不能是输入文件夹“${inputs}”或其中的 charts 文件夹，请另选一个文件夹（默认 outputs）`,
  inputsUnreadable: (dir: string, code: string) => `错误 ${dir}：无法读取输入文件夹（${readFailureReason(code)}），请检查权限`,
  unexpectedArgument: (arg: string) => `错误 命令行：多余的参数“${arg}”`,
};

/** A folder as the user should type it again (quoted when it holds spaces). */
const typed = (dir: string) => (/\s/u.test(dir) ? `"${dir}"` : dir);

export const init = {
  notAFolder: (dir: string) => `错误 ${dir}：这是一个文件，不是文件夹，无法在其中建立工作文件夹`,
  sourceMissing: (code: string) => `错误 tongbao：找不到自带的模板文件（${readFailureReason(code)}），请重新安装 tongbao`,
  refused: (dir: string, files: readonly string[]) =>
    `错误 ${dir}：文件夹中已有 ${files.join('、')}，为免覆盖已填写的内容，未写入任何文件；确需覆盖请加 --force`,
  /** `tongbao`: the command that runs this tool from where init was run (node and the path of bin/tongbao.js). */
  nextSteps: (dir: string, tongbao: string): string[] => [
    `已在 ${dir} 建立工作文件夹。接下来：`,
    '1. 用 Excel 或 WPS 打开 整改台账.xlsx 和 基层工会台账.xlsx 填写（各列的填法见“填表说明”工作表）；',
    '2. 把 notice.md 和 quarterly.md 中带【】的内容改为本单位的实际内容；',
    '3. 在这里运行下面的命令检查、生成通报（或 watch：每次保存后自动生成）：',
    `   ${tongbao} check --inputs ${typed(dir)}`,
    `   ${tongbao} build --inputs ${typed(dir)}`,
    `   ${tongbao} watch --inputs ${typed(dir)}`,
  ],
};

/** The bundle's launcher (通报助手.cmd / 通报助手.sh, cli/launch.ts). */
export const launch = {
  notUnpacked: (dir: string) =>
    `错误 请先解压到一个文件夹：通报助手现在是从压缩包里直接打开的（在临时文件夹 ${dir} 中，关闭后会被删除），这样无法运行。` +
    '请关闭本窗口，在压缩包上点右键，选“全部解压缩”（或“解压到当前文件夹”），再打开解压出的文件夹，双击其中的“通报助手”。',
  workspaceCreated: (dir: string) => `已建立工作文件夹 ${dir}，放入了示例台账和模板：可以先生成示例通报看看，再换成本单位的台账和模板。`,
  workspaceNotFolder: (dir: string) => `错误 ${dir}：这是一个文件，不是文件夹，通报助手无法在这里建立工作文件夹；请把它改名或移走后再启动`,
  workspaceFailed: (dir: string, reason: string) => `错误 ${dir}：无法建立工作文件夹（${reason}），请检查该文件夹的权限后再启动`,
};

export const watch = {
  started: (dir: string) => `开始监视 ${dir}：台账、模板或图表保存后自动重新生成；按 Ctrl+C 退出`,
  stopped: '已停止监视',
  firstBuild: '首次生成',
  changed: (names: readonly string[]) => (names.length ? `${clipList(names, 4)} 有变化` : '输入文件夹有变化'),
  built: (time: string, cause: string, changed: readonly string[], warnings: number) =>
    `${time} ${cause}：已生成，${changed.length ? `更新了 ${clipList(changed, 6)}` : '输出没有变化'}${warnings ? `（${warnings} 个警告）` : ''}`,
  failed: (time: string, cause: string, errors: number) =>
    `${time} ${cause}：生成失败，${errors > 0 ? `有 ${errors} 个错误（见上方）` : '原因见上方'}，原有输出保持不变`,
  notWritten: (time: string, cause: string, failed: number) =>
    `${time} ${cause}：已生成，但有 ${failed} 个文件无法写入（见上方），请关闭打开它们的程序后再保存一次台账`,
  crashed: (time: string, cause: string, detail: string) => `${time} ${cause}：生成时出现意外错误（${clip(detail, 120)}），原有输出保持不变`,
  watchFailed: (dir: string, code: string) => `错误 ${dir}：无法继续监视输入文件夹（${readFailureReason(code)}），已停止`,
};

function clipList(names: readonly string[], max: number): string {
  return names.length > max ? `${names.slice(0, max).join('、')} 等 ${names.length} 个文件` : names.join('、');
}

/**
 * What a setting means, shown beside it in the page's form (README, 设置). A key the schema gains
 * later appears in the form without a line here; add one when it needs explaining.
 */
export const SETTING_HELP: Readonly<Record<string, string>> = {
  标题: '通报标题（必填）',
  发文机关: '落款的发文机关（必填）',
  巡察组: '正文中的巡察组名称',
  巡察类别: '生成的句子用“巡察”还是“巡视”',
  问题序号分隔符: '生成的句子中问题序号之间的符号，默认“、”',
  空节内容: '某一节没有问题时印什么，默认不印',
  三级标题加粗: '三级标题（1.）是否加粗',
  百分比小数位: '百分比保留几位小数；不填时最多两位',
  巡察开始日期: '巡察期间的第一天',
  巡察结束日期: '巡察期间的最后一天',
  反馈日期: '巡察组反馈意见的日期',
  成文日期: '落款日期，也是统计截止日期',
  审计全覆盖目标日期: '全部基层工会完成审计的目标日期',
  字体: 'Word 中的字体名；电脑上没有 GB2312 字体时可改为 仿宋、楷体',
  PDF字体: 'PDF 使用的字体文件（可不填，自动在本机查找）',
  状态词: '本单位台账“整改结果”列中的其他用语，多个用“、”分隔',
  预警: '每种颜色的规则，几条用“、”连接：已完成、逾期、30日内到期（天数可改）、未达序时进度、长期坚持、其余；清空一种颜色即删去它，全部清空则用默认的四种颜色；新增颜色请在模板文本的设置中加一行',
};

/** `tongbao serve` (the page 通报助手): what the server prints and what its API answers when it refuses. */
export const serve = {
  /** The one line a launcher reads: the address with its token. */
  listening: (url: string) => `通报助手已启动：${url}`,
  workspace: (inputs: string, outputs: string) => `工作文件夹：台账和模板在 ${inputs}，输出在 ${outputs}；按 Ctrl+C 退出`,
  browserFailed: (detail: string) => `警告 未能自动打开浏览器（${detail}），请把上面的地址复制到浏览器中打开`,
  portInUse: (port: number) => `错误 --port：端口 ${port} 已被占用，请换一个端口，或不写 --port 由系统选择`,
  listenFailed: (detail: string) => `错误 通报助手无法启动（${detail}）`,
  stopped: '通报助手已退出',
  forbidden: '没有访问权限：请从通报助手启动时打开的地址进入（地址中带有口令）。',
  badHost: '拒绝访问：只接受本机地址 127.0.0.1 的请求。',
  postOnly: '此操作只能用 POST 请求，并带上口令。',
  badOrigin: '拒绝访问：请求不是来自通报助手本身的页面。',
  notFound: '没有这个文件或地址。',
  outsideWorkspace: '拒绝访问：只能读写工作文件夹中的输入和输出文件夹。',
  tooLarge: (mb: number) => `文件太大：上传的文件不能超过 ${mb} MB`,
  badName: (name: string) => `文件名“${name}”不能使用：请用 .xlsx、.xlsm、.csv 或 .md 文件，文件名中不要有 \\ / : * ? " < > | 等字符`,
  notXlsx: (name: string) => `${name} 不是 Excel 工作簿（.xlsx）：文件内容不是工作簿，可能是改了扩展名的其他文件或已损坏；请在 Excel 或 WPS 中另存为 .xlsx`,
  notCsv: (name: string) => `${name} 不是文本格式的 CSV 文件：请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”`,
  notTemplate: (name: string) => `${name} 不是 UTF-8 文本：模板请用记事本另存为 UTF-8 编码`,
  templateTooLarge: (name: string, kb: number) => `${name} 太大：模板不能超过 ${kb} KB`,
  noTemplate: (name: string) => `输入文件夹中没有 ${name}`,
  badQuarter: (value: string) => `无法识别的季度“${value}”，可写：2025Q3`,
  badRequest: '请求的内容无法识别。',
  saved: (name: string) => `已保存 ${name}`,
  savedWithBackup: (name: string, backup: string) => `已保存 ${name}，原来的版本保存在 ${backup}`,
  saveFailed: (name: string, reason: string) => `无法保存 ${name}（${reason}）：请关闭正在使用它的程序后重试`,
  building: '正在生成，请稍候……',
  unchanged: '输入没有变化，不必重新生成',
};

/** Progress of a command that takes a while: phase names, the terminal's updating line. */
export const progress = {
  read: '读取台账',
  compose: '生成通报',
  report: '生成季度报表',
  write: '写出文件',
  line: (phase: string) => `进度：${phase}……`,
  terminal: (spinner: string, phase: string, seconds: number) => `${spinner} ${phase}……（${seconds} 秒）`,
};

export const summary = {
  outputsLocked: (folder: string, holder: { host: string; pid: number; started: string } | null) =>
    `错误 ${folder}：另一个 tongbao 正在写这个输出文件夹${holder ? `（${holder.host} 上的进程 ${holder.pid}，开始于 ${holder.started}）` : ''}，等待 10 秒仍未结束，本次未写出；请等它完成后再试`,
  wrote: (files: readonly string[]) => `已写入：${files.join('、')}`,
  nothingWritten: (errors: number) => `有 ${errors} 个错误，未写出任何文件（原有输出保持不变）`,
  checkFailed: (errors: number, warnings: number) => `检查未通过：${errors} 个错误，${warnings} 个警告`,
  checkPassed: (warnings: number) => (warnings > 0 ? `检查通过，有 ${warnings} 个警告` : '检查通过'),
  writeFailed: (file: string, reason: string) => `错误 ${file}：无法写入（${reason}），请关闭正在打开它的程序后重试`,
  backupFailed: (file: string, backup: string, reason: string) =>
    `错误 ${file}：旧文件无法先保存到 ${backup}（${reason}），未替换；请检查输出文件夹的权限和磁盘空间后重试`,
  movedEdited: (file: string, to: string) => `警告 ${file}：与上次生成时记录的内容不同（可能已手工修改），已移到 ${to} 保存，再写入新文件`,
  movedUnrecorded: (file: string, to: string, manifest: string) =>
    `警告 ${file}：没有上次生成的记录（${manifest} 不存在或未列出此文件），无法确认是否手工修改过，已移到 ${to} 保存，再写入新文件`,
  movedToHistory: (count: number, folder: string, kept: number) => `${count} 个旧文件已移到 ${folder}（只保留最近 ${kept} 次生成）`,
};

export function writeFailureReason(code: string): string {
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') return '文件正被其他程序打开或没有写入权限';
  if (code === 'ENOSPC') return '磁盘空间不足';
  if (code === 'EROFS') return '输出文件夹只读';
  if (code === 'EISDIR') return '同名的文件夹占用了这个位置';
  if (code === 'ENOTDIR' || code === 'EEXIST') return '路径中有同名的文件占用了文件夹的位置';
  return code;
}

// ── templates and placeholders ───────────────────────────────────────────────────────────

export const templateUnclosedFrontMatter = (place: Place): Diagnostic => error('template-front-matter', place, '开头的设置区缺少结束的“---”行');

export const templateBadSetting = (place: Place, line: string): Diagnostic =>
  error('template-setting', place, `无法识别的设置行${quote(line)}，应写成“键: 值”，如“成文日期: 2025-05-30”`);

export const templateUnknownSetting = (place: Place, key: string, keys: readonly string[]): Diagnostic =>
  error('template-setting-unknown', place, `未知的设置${quote(key)}，可用：${list(keys)}`, { actual: key, expected: list(keys) });

/** The largest template read (README, "Limits"): a real notice's is under 50 KB. */
export const TEMPLATE_LIMIT_KB = 256;

export const templateTooLarge = (file: string): Diagnostic =>
  error('template-too-large', { file }, `模板超过 ${TEMPLATE_LIMIT_KB} KB，未读取；通报模板只放设置和正文，请检查是否放错了文件`);

export const templateNotUtf8 = (file: string): Diagnostic =>
  error('template-encoding', { file }, '模板不是 UTF-8 编码（可能保存成了 GBK/ANSI 或 Unicode），请用记事本“另存为”，编码选 UTF-8 后保存');

export const templateStatusWordTwice = (place: Place, word: string, classes: readonly string[]): Diagnostic =>
  error('template-status-word', place, `状态词${quote(word)}同时归入了${list(classes)}，每个词只能归入一类`, { actual: word });

export const templateBadDirectiveOption = (place: Place, text: string): Diagnostic =>
  error('template-directive-option', place, `无法识别的一行${quote(text)}：指令下面每行应写作“键: 值”，以单独一行 ::: 结束`, { actual: text });

export const templateUnclosedDirective = (place: Place): Diagnostic =>
  error('template-directive-unclosed', place, '指令的设置没有结束：请在最后一行设置之后单独写一行 :::');

export const templateUnknownDirectiveOption = (place: Place, directive: string, key: string, keys: readonly string[]): Diagnostic =>
  error('template-directive-option', place, `“${directive}”没有设置${quote(key)}，可用：${list(keys)}`, { actual: key, expected: list(keys) });

export const templateBadDirectiveValue = (place: Place, key: string, value: string, accepted: readonly string[]): Diagnostic =>
  error('template-directive-option', place, `${key}${quote(value)}无法识别，可填：${list(accepted)}`, { actual: value, expected: list(accepted) });

export const templateUnknownField = (place: Place, name: string, fields: readonly string[]): Diagnostic =>
  error('template-field-unknown', place, `条目格式中的${quote(`{{${name}}}`)}不是台账的列，也不是占位符；可用的列：${list(fields)}`, {
    actual: name,
    expected: list(fields),
  });

export const templateBadSettingValue = (place: Place, key: string, value: string, accepted: readonly string[]): Diagnostic =>
  error('template-setting-value', place, `设置${quote(key)}的值${quote(value)}无法识别，可填：${list(accepted)}`, { actual: value, expected: list(accepted) });

/** What 份号 may be (GB/T 9704 7.2.1: six digits, shorter numbers padded with zeros). */
export const COPY_NUMBER_FORM = '6 位以内的数字，如 000001';

export const templateSettingNeeds = (place: Place, key: string, needed: string): Diagnostic =>
  error('template-setting-needs', place, `设置${quote(key)}需要同时设置${quote(needed)}`, { actual: key, expected: needed });

export const templateMissingSetting = (place: Place, key: string): Diagnostic =>
  error('template-setting-missing', place, `缺少设置${quote(key)}`, { expected: key });

export const templateBadDate = (place: Place, key: string, value: string): Diagnostic =>
  error('template-date', place, `${key}${quote(value)}无法识别，可填：${list(DATE_FORMS.slice(0, 4))}`, { actual: value });

export const templateHeadingTooDeep = (place: Place): Diagnostic => error('template-heading', place, '标题最多四级（# 一、 ## （一） ### 1. #### （1））');

export const templateUnclosedComment = (place: Place): Diagnostic => error('template-comment', place, '注释“<!--”缺少结束的“-->”');

export const templateUnknownDirective = (place: Place, name: string, names: readonly string[]): Diagnostic =>
  error('template-directive-unknown', place, `未知的指令${quote(`::: ${name}`)}，可用：${list(names.map((n) => `::: ${n}`))}`, { actual: name });

export const templateBadDirectiveArgument = (place: Place, name: string, args: readonly string[], accepted: readonly string[]): Diagnostic =>
  error('template-directive-argument', place, `指令${quote(`::: ${name}`)}的参数${quote(args.join(' '))}无法识别，可用：${list(accepted)}`);

export const templateUnknownColumn = (place: Place, directive: string, name: string, fields: readonly string[]): Diagnostic =>
  error('template-column-unknown', place, `“${directive}”的列${quote(name)}无法识别，可用：${list(fields)}，或台账中任何一列的列名，或含 {{字段}} 的格式`, {
    actual: name,
    expected: list(fields),
  });

export const templateColumnLabels = (place: Place, labels: number, columns: number): Diagnostic =>
  error('template-column-labels', place, `列名有${labels}个，列有${columns}个：列名应与列一一对应，用“、”分隔`, {
    actual: String(labels),
    expected: String(columns),
  });

export const templateBadFigure = (place: Place, name: string, names: readonly string[]): Diagnostic =>
  error('template-figure-unknown', place, `指标${quote(name)}无法识别，可用：${list(names)}`, { actual: name, expected: list(names) });

/** How staff write a warning rule (README: 预警). */
export const WARNING_RULE_FORMS = ['已完成', '逾期', '30日内到期（天数可改）', '未达序时进度', '长期坚持', '其余'];

export const templateBadWarningColour = (place: Place, word: string, colours: readonly string[]): Diagnostic =>
  error('template-warning-colour', place, `预警颜色${quote(word)}无法识别，颜色名中应有：${list(colours)}`, { actual: word, expected: list(colours) });

export const templateBadWarningRule = (place: Place, colour: string, rule: string): Diagnostic =>
  error('template-warning-rule', place, `${colour}的预警规则${quote(rule)}无法识别，可写：${list(WARNING_RULE_FORMS)}，几条用“、”连接`, {
    actual: rule,
    expected: list(WARNING_RULE_FORMS),
  });

export const templateWarningRuleTwice = (place: Place, rule: string, colours: readonly string[]): Diagnostic =>
  error('template-warning-rule', place, `预警规则${quote(rule)}同时给了${list(colours)}，每条规则只能对应一种颜色`, { actual: rule });

export const templateWarningNeedsStart = (place: Place, rule: string): Diagnostic =>
  error('template-warning-rule', place, `预警规则${quote(rule)}从整改开始计算时间，需要设置“反馈日期”`, { actual: rule });

export const warningLeavesOpen = (file: string, numbers: readonly string[]): Diagnostic =>
  warning('warning-uncoloured', { file }, `问题${list(numbers)}未完成，但预警设置中没有适用的颜色：可在“预警”中加一条“其余”`, { actual: list(numbers) });

export const quarterlyDateIsToday = (file: string, today: string): Diagnostic =>
  warning('document-date-today', { file }, `季度报告模板没有填写成文日期，落款日期用今天（${today}）；请在模板开头填写“成文日期”`);

export const quarterlyDateBeforeEnd = (place: Place, date: string, end: string): Diagnostic =>
  warning('document-date-early', place, `成文日期${date}早于所统计季度的最后一天${end}：报告中的数字统计至${end}`, { actual: date, expected: end });

export const templateMissing = (file: string): Diagnostic => warning('template-missing', { file }, '输入文件夹中没有通报模板 notice.md，本次不生成通报');

export const templateMarkerUnfilled = (place: Place, marker: string): Diagnostic =>
  warning('template-marker-unfilled', place, `${quote(marker)}尚未填写`, { actual: marker });

export const quarterlyTemplateMissing = (file: string): Diagnostic =>
  warning('template-missing', { file }, '输入文件夹中没有季度报告模板 quarterly.md，本次只生成季度统计表（xlsx）');

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

export const placeholderBadArgument = (place: Place, raw: string, accepted: readonly string[]): Diagnostic =>
  error('placeholder-argument', place, `占位符${quote(raw)}的参数无法识别，可用：${list(accepted)}`);

export const placeholderUnknownCategory = (place: Place, raw: string, categories: readonly string[]): Diagnostic =>
  error('placeholder-argument', place, `占位符${quote(raw)}中的方面在整改台账中没有，台账中的方面：${list(categories)}`, { expected: list(categories) });

export const placeholderNoRate = (place: Place, raw: string): Diagnostic => error('placeholder-rate', place, `整改台账中没有问题，占位符${quote(raw)}无法计算`);

export const placeholderTakesNoArgument = (place: Place, raw: string): Diagnostic => error('placeholder-argument', place, `占位符${quote(raw)}不带参数`);

// ── charts ───────────────────────────────────────────────────────────────────────────────

export const chartNotJson = (file: string, detail: string): Diagnostic =>
  error('chart-json', { file }, `图表文件不是有效的 JSON（${detail}），请检查括号、引号和逗号`, { actual: detail });

export const chartUnknownDataset = (file: string, name: string, names: readonly string[]): Diagnostic =>
  error('chart-dataset-unknown', { file }, `未知的数据集${quote(name)}，可用：${list(names)}`, { actual: name, expected: list(names) });

export const chartNeedsLedger = (file: string, kind: keyof typeof LEDGER_NAMES): Diagnostic =>
  warning('chart-ledger-missing', { file }, `图表需要${LEDGER_NAMES[kind]}的数据，但输入中没有${LEDGER_NAMES[kind]}或台账没有数据行，本次不生成此图表`);

const codePoint = (char: string) => `U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;

export const characterMissing = (place: Place, char: string, font: string): Diagnostic =>
  warning(
    'glyph-missing',
    place,
    `“${char}”（${codePoint(char)}）PDF 所用字体 ${font} 中没有，PDF 中这个字会缺失；请安装或在模板“PDF字体”中指定含有它的字体，或检查是否录入有误`,
    { actual: char },
  );

export const charactersMissing = (file: string, chars: readonly string[], font: string): Diagnostic =>
  warning(
    'glyph-missing',
    { file },
    `另有 ${chars.length} 个字 PDF 所用字体 ${font} 中没有（${clip(chars.join(''), 30)}），PDF 中会缺失；请安装或在模板“PDF字体”中指定含有它们的字体`,
    { actual: chars.join('') },
  );

export const chartCharacterMissing = (place: Place, char: string, font: string, chart: string): Diagnostic =>
  warning(
    'glyph-missing',
    place,
    `“${char}”（${codePoint(char)}）图表所用字体 ${font} 中没有，图表 ${chart} 中这个字会缺失；请安装或在模板“PDF字体”中指定含有它的字体，或检查是否录入有误`,
    { actual: char },
  );

export const chartCharactersMissing = (file: string, chars: readonly string[], font: string): Diagnostic =>
  warning(
    'glyph-missing',
    { file },
    `另有 ${chars.length} 个字图表所用字体 ${font} 中没有（${clip(chars.join(''), 30)}），图表中会缺失；请安装或在模板“PDF字体”中指定含有它们的字体`,
    { actual: chars.join('') },
  );

export const pdfFailed = (file: string, fontFiles: readonly string[], detail: string): Diagnostic =>
  fontFiles.length > 0
    ? error(
        'pdf-failed',
        { file },
        `PDF 无法生成，其他文件照常写出；请检查模板“PDF字体”指定的字体文件${fontFiles.map(quote).join('、')}是否完好，或删去该设置改用本机字体`,
        { actual: detail },
      )
    : error('pdf-failed', { file }, 'PDF 无法生成，其他文件照常写出；请把 run-log.md 发给维护人员', { actual: detail });

export const chartLoadsResource = (file: string, uri: string): Diagnostic =>
  error('chart-resource', { file }, `图表要读取网址或文件“${clip(uri, 60)}”，已拒绝：图表的数据只能来自 tongbao 提供的数据集（见 charts/README.md）`, {
    actual: uri,
  });

export const chartTooLarge = (file: string, width: number, height: number, max: number): Diagnostic =>
  error('chart-size', { file }, `图表大小 ${Math.round(width)}×${Math.round(height)} 超过上限 ${max}×${max}，请检查 width 和 height`, {
    actual: `${width}×${height}`,
  });

export const chartHasImage = (file: string): Diagnostic => error('chart-image', { file }, '图表中不能放图片（image 标记），图表只画 tongbao 提供的数据');

export const chartFailed = (file: string, detail: string): Diagnostic =>
  error('chart-failed', { file }, `图表无法绘制（${clip(detail, 120)}），请对照 charts/README.md 检查图表文件`, { actual: detail });

export const templateUnknownChart = (place: Place, name: string, names: readonly string[]): Diagnostic =>
  error('template-chart-unknown', place, `没有名为${quote(name)}的图表，可用：${names.length ? list(names) : '（图表文件夹中没有 .vl.json 文件）'}`, {
    actual: name,
    expected: list(names),
  });

export const templateChartNotDrawn = (place: Place, name: string): Diagnostic =>
  error('template-chart-not-drawn', place, `图表${quote(name)}本次未能生成，无法放入文档（原因见上方的提示）`, { actual: name });

// ── fonts ────────────────────────────────────────────────────────────────────────────────

export const fontFileUnreadable = (place: Place, path: string): Diagnostic =>
  error('font-file', place, `PDF 字体文件${quote(path)}不存在或不是字体文件（可用 .ttf、.otf、.ttc）`, { actual: path });

/**
 * One warning for every PDF role that a bundled free font served because no font of the name
 * asked for was found on this computer: which fonts and roles, and the two ways to fix it.
 * `missing`: each font name asked for, with the roles (as staff call them) that asked for it.
 */
export function fontsSubstituted(file: string, template: string, missing: readonly { wanted: string; roles: readonly string[] }[]): Diagnostic {
  const fonts = missing.map((m) => `${m.wanted}（${m.roles.join('、')}）`).join('、');
  const plain = missing.filter((m) => /_GB2312$/u.test(m.wanted)).map((m) => `${m.wanted} 也可用 ${m.wanted.replace(/_GB2312$/u, '')}`);
  return warning(
    'font-substituted',
    { file },
    `本机没有找到 PDF 要用的字体 ${fonts}，已用随附的免费字体代替，字形与正式公文用字不同（详见 run-log.md）；` +
      `请在本机安装这些字体${plain.length ? `（${plain.join('，')}）` : ''}后重新生成，或在模板 ${template} 的“PDF字体”设置中指定字体文件，如“正文: 字体/仿宋_GB2312.ttf”`,
    { actual: missing.map((m) => m.wanted).join('、') },
  );
}

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

// ── limits on big workbooks (read/limits.ts) ─────────────────────────────────────────────

const megabytes = (bytes: number): string => `${Math.ceil(bytes / (1024 * 1024))} MB`;
const count = (n: number): string => n.toLocaleString('en-US');

export const workbookTooLargeInflated = (file: string, bytes: number, limit: number): Diagnostic =>
  error(
    'file-too-large-inflated',
    { file },
    `工作簿解压后有 ${megabytes(bytes)}，超过上限 ${megabytes(limit)}（文件可能已损坏或被恶意构造）；正常台账远小于此，请用 Excel 或 WPS 打开检查后重新保存，或把台账拆成几个文件`,
    { actual: String(bytes), expected: `≤ ${limit}` },
  );

export const cellOutsideGrid = (file: string, sheet: string, ref: string, columns: number, rows: number): Diagnostic =>
  error(
    'cell-outside-grid',
    { file, sheet },
    `单元格 ${ref} 超出工作表的范围（最多 ${count(columns)} 列、${count(rows)} 行，即到 XFD${rows}），文件可能已损坏；请用 Excel 或 WPS 打开后重新保存`,
    { actual: ref, expected: `XFD${rows} 以内` },
  );

export const tooManyRows = (file: string, sheet: string, limit: number): Diagnostic =>
  error('sheet-too-many-rows', { file, sheet }, `工作表中有内容的行超过 ${count(limit)} 行的上限；请删除多余的行，或把台账拆成几个工作表或文件`, {
    expected: `≤ ${limit}`,
  });

export const tooManyCells = (file: string, sheet: string, limit: number): Diagnostic =>
  error('workbook-too-many-cells', { file, sheet }, `工作簿中有内容的单元格超过 ${count(limit)} 个的上限；请删除多余的行和列，或把台账拆成几个文件`, {
    expected: `≤ ${limit}`,
  });

export const mergedAreaTooLarge = (file: string, sheet: string, ref: string, cells: number, limit: number): Diagnostic =>
  error(
    'merge-too-large',
    { file, sheet },
    `合并单元格 ${ref} 有 ${count(cells)} 个单元格，工作表中合并的单元格合计超过 ${count(limit)} 个的上限（整行、整列的合并多半是误操作）；请取消这一合并后重新保存`,
    { actual: ref, expected: `合并单元格合计 ≤ ${limit}` },
  );
