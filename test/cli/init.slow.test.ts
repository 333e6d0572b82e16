/**
 * `tongbao init DIR`: a workspace staff fill in. The tests fill the blank ledgers as a user
 * would (exceljs, a status picked from the dropdown's own list), replace the templates' markers,
 * and run check, build and quarterly on it; left unfilled, the markers are warned about with
 * their lines; an existing workspace is never overwritten without --force.
 */
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { STATUS_VOCABULARY, type StatusClass } from '../../pipeline/ledger/schema.js';
import { besidesFontWarning, listFiles, runCli, useTempDirs, writeFiles } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';
import { openDocx, paragraphs } from '../helpers/docx.js';
import { day } from '../helpers/workbook.js';

const tempDir = useTempDirs();

/** Every file of a new workspace: the chart specs are the project's. */
const WORKSPACE_FILES = [
  ...readdirSync(join(ROOT, 'charts'))
    .filter((f) => f.endsWith('.vl.json') || f === 'README.md')
    .map((f) => `charts/${f}`),
  'notice.md',
  'quarterly.md',
  '基层工会台账.xlsx',
  '整改台账.xlsx',
].sort();

/** `tongbao init ws` in a fresh folder; returns the folder and the workspace. */
async function initWorkspace(): Promise<{ dir: string; ws: string; stdout: string[] }> {
  const dir = tempDir();
  const r = await runCli(['init', 'ws'], dir);
  expect(r.stderr).toEqual([]);
  expect(r.code).toBe(0);
  return { dir, ws: join(dir, 'ws'), stdout: r.stdout };
}

async function openWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** The sheet's columns by header (row 2), 1-based. */
function columnsOf(ws: ExcelJS.Worksheet): Record<string, number> {
  const out: Record<string, number> = {};
  (ws.getRow(2).values as unknown[]).forEach((v, i) => {
    if (typeof v === 'string') out[v] = i;
  });
  return out;
}

/** The words of a list dropdown, as Excel shows them: read from the cell's data validation. */
function dropdown(ws: ExcelJS.Worksheet, row: number, column: number): string[] {
  const dv = ws.getCell(row, column).dataValidation;
  expect(dv.type).toBe('list');
  const formula = (dv.formulae?.[0] ?? '') as string;
  expect(formula).toMatch(/^".*"$/u);
  return formula.slice(1, -1).split(',');
}

function classOf(word: string): StatusClass {
  return (Object.entries(STATUS_VOCABULARY).find(([, words]) => words.includes(word)) as [StatusClass, string[]])[0];
}

/** Fills the blank ledgers as staff would in Excel; returns the statuses chosen. */
async function fillLedgers(ws: string): Promise<{ statuses: string[] }> {
  const path = join(ws, '整改台账.xlsx');
  const wb = await openWorkbook(path);
  const sheet = wb.getWorksheet('整改台账') as ExcelJS.Worksheet;
  const col = columnsOf(sheet);
  const words = dropdown(sheet, 3, col.整改结果 as number);
  // Picks spread over the list: the first, one from the middle, the last, the second.
  const statuses = [words[0], words[Math.floor(words.length / 2)], words[words.length - 1], words[1]] as string[];
  const rows = [
    [1, '理论学习不够深入', '理论学习', '学习制度执行不严格', statuses[0], '修订学习制度。', '张三', '办公室', '李四', day('2025-03-31'), day('2025-03-20')],
    [2, '理论学习不够深入', '理论学习', '学习记录不完整', statuses[1], '补齐学习记录。', '张三', '办公室', '李四', '长期坚持', null],
    [3, '财务管理不规范', '财务管理', '报销审核不严', statuses[2], '建立审核台账。', '王五', '财务部', '赵六', '2025年底前', null],
    [4, '财务管理不规范', '财务管理', '固定资产未盘点', statuses[3], '开展资产盘点。', '王五', '财务部', '赵六', day('2025-04-30'), day('2025-04-28')],
  ];
  rows.forEach((values, i) => {
    const row = sheet.getRow(3 + i);
    const headers = ['序号', '反馈问题', '简称', '具体问题', '整改结果', '整改情况', '责任领导', '责任部室', '责任人', '整改时限', '完成时间'];
    headers.forEach((h, k) => {
      if (values[k] !== null) row.getCell(col[h] as number).value = values[k] as ExcelJS.CellValue;
    });
  });
  const immediate = wb.getWorksheet('立行立改') as ExcelJS.Worksheet;
  const icol = columnsOf(immediate);
  const iwords = dropdown(immediate, 3, icol.整改结果 as number);
  for (const [i, text] of ['会议室空调长开', '公务用车登记不全'].entries()) {
    const row = immediate.getRow(3 + i);
    row.getCell(icol.序号 as number).value = i + 1;
    row.getCell(icol.具体问题 as number).value = text;
    row.getCell(icol.整改结果 as number).value = iwords[0] as string;
    row.getCell(icol.整改情况 as number).value = '已当场整改。';
  }
  await wb.xlsx.writeFile(path);

  const upath = join(ws, '基层工会台账.xlsx');
  const uwb = await openWorkbook(upath);
  const us = uwb.getWorksheet('基层工会') as ExcelJS.Worksheet;
  const ucol = columnsOf(us);
  const types = dropdown(us, 3, ucol.单位类型 as number);
  const unions = [
    ['城关镇工会联合会', '城关镇', types[0], 120, day('2024-10-08'), '2025年6月', day('2025-05-20')],
    ['县第一中学工会', '城关镇', types[1], 86, null, '2025年9月', null],
    ['县人民医院工会', '河口乡', types[2], 240, day('2024-10-09'), null, null],
  ];
  unions.forEach((values, i) => {
    const row = us.getRow(3 + i);
    ['工会名称', '所属乡镇', '单位类型', '会员人数', '财务检查日期', '计划审计时间', '审计完成日期'].forEach((h, k) => {
      if (values[k] !== null) row.getCell(ucol[h] as number).value = values[k] as ExcelJS.CellValue;
    });
  });
  await uwb.xlsx.writeFile(upath);
  return { statuses };
}

const FILLED: Record<string, string> = {
  发文机关: '中国共产党示例县总工会党组',
  单位名称: '示例县总工会',
  单位简称: '县总工会',
  '县（市、区）名称': '示例县',
  巡察组: '县委第三巡察组',
  巡察开始日期: '2024-07-01',
  巡察结束日期: '2024-08-30',
  反馈日期: '2024-10-15',
  成文日期: '2025-05-30',
  // the notice skeleton's own markers
  发文机关简称: '中共示例县总工会党组',
  上级党组织: '县委',
  被巡察单位: '示例县总工会党组',
  '整改工作的组织领导、主要做法和成效': '县总工会党组成立整改工作领导小组，逐条制定整改措施。',
  下一步整改工作的打算和措施: '继续抓好未完成问题的整改。',
};

/**
 * Replaces every marker as staff would; fails on a marker the test does not know. Markers on
 * commented-out setting lines (`# 发文字号: 【机关代字】〔2025〕1号`, `#   - 【附件名称】`) are left, as staff leave them.
 */
function fillTemplate(path: string): void {
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) =>
      /^#\s+(\S+[:：]|- )/u.test(line)
        ? line
        : line.replace(/【([^【】\n]+)】/gu, (m, name: string) => {
            const value = FILLED[name];
            if (value === undefined) throw new Error(`unknown marker ${m}`);
            return value;
          }),
    )
    .join('\n');
  writeFileSync(path, text);
}

/** Each marker of a template outside comments, with its line, as check words it. */
function expectedMarkerWarnings(name: string, text: string): string[] {
  const out: string[] = [];
  let inComment = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('<!--')) inComment = true;
    const skip = inComment || line.startsWith('# ');
    if (line.includes('-->')) inComment = false;
    if (skip) return;
    for (const marker of new Set(line.match(/【[^【】]+】/gu) ?? [])) out.push(`警告 ${name}:${i + 1}：“${marker}”尚未填写`);
  });
  return out;
}

const snapshot = (folder: string) =>
  Object.fromEntries(
    listFiles(folder).map((f) => {
      const path = join(folder, f);
      return [f, { bytes: readFileSync(path).toString('base64'), mtime: statSync(path).mtimeMs }];
    }),
  );

describe('tongbao init', () => {
  it('writes blank ledgers, the templates and the chart specs into the folder', async () => {
    const { dir, ws, stdout } = await initWorkspace();
    expect(listFiles(ws)).toEqual(WORKSPACE_FILES);
    // The next steps name commands that work from here: node and this checkout's bin/tongbao.js,
    // never a bare tongbao (not on PATH) or npx tongbao (which would ask the npm registry).
    const tongbao = `node ${join(ROOT, 'bin', 'tongbao.js')}`;
    expect(stdout.slice(-4)).toEqual([
      '3. 在这里运行下面的命令检查、生成通报（或 watch：每次保存后自动生成）：',
      `   ${tongbao} check --inputs ws`,
      `   ${tongbao} build --inputs ws`,
      `   ${tongbao} watch --inputs ws`,
    ]);
    expect(stdout.join('\n')).not.toMatch(/npx|(^|\s)tongbao (check|build|watch)/mu);
    expect(WORKSPACE_FILES.filter((f) => f.endsWith('.vl.json')).length).toBeGreaterThanOrEqual(3);
    for (const file of WORKSPACE_FILES.filter((f) => f.startsWith('charts/'))) {
      expect(readFileSync(join(ws, file))).toEqual(readFileSync(join(ROOT, file)));
    }
    // The same bytes on a second run elsewhere: the workbooks are deterministic.
    const other = tempDir();
    expect((await runCli(['init', 'ws'], other)).code).toBe(0);
    expect(snapshotBytes(join(other, 'ws'))).toEqual(snapshotBytes(ws));
    expect(dir).not.toBe(other);
  });

  it('a filled-in workspace passes check, builds, and makes a quarterly report; its own charts/ is used', async () => {
    const { dir, ws } = await initWorkspace();
    const { statuses } = await fillLedgers(ws);
    fillTemplate(join(ws, 'notice.md'));
    fillTemplate(join(ws, 'quarterly.md'));
    // the report's date, as staff fill it in (without one the report is dated today, with a warning)
    writeFileSync(join(ws, 'quarterly.md'), readFileSync(join(ws, 'quarterly.md'), 'utf8').replace('\n预警:', '\n成文日期: 2025-07-10\n预警:'));
    // Staff may add or restyle charts: the workspace's own folder is the one used.
    copyFileSync(join(ws, 'charts', 'coverage-by-township.vl.json'), join(ws, 'charts', 'township-copy.vl.json'));
    // …and remove the ones they do not want (quarterly.md places audit-coverage and status-by-category: they stay).
    rmSync(join(ws, 'charts', 'coverage-by-township.vl.json'));

    const check = await runCli(['check', '--inputs', 'ws'], dir);
    expect(check.stderr).toEqual([]);
    expect(check.code).toBe(0);
    expect(check.stdout.at(-1)).toBe('检查通过');

    const build = await runCli(['build', '--inputs', 'ws'], dir);
    expect(besidesFontWarning(build.stderr)).toEqual([]);
    expect(build.code).toBe(0);
    const outputs = join(dir, 'outputs');
    expect(listFiles(outputs).filter((f) => f.startsWith('charts/'))).toEqual([
      'charts/audit-coverage.png',
      'charts/audit-coverage.svg',
      'charts/status-by-category.png',
      'charts/status-by-category.svg',
      'charts/township-copy.png',
      'charts/township-copy.svg',
    ]);
    const stats = JSON.parse(readFileSync(join(outputs, 'stats.json'), 'utf8'));
    const count = (c: StatusClass) => statuses.filter((s) => classOf(s) === c).length;
    expect(stats.asOf).toBe('2025-05-30');
    expect(stats.problems).toMatchObject({
      categories: 2,
      total: 4,
      completed: count('completed'),
      staged: count('staged'),
      notCompleted: count('notCompleted'),
    });
    expect(stats.immediate).toMatchObject({ total: 2, completed: 2 });
    expect(stats.unions).toMatchObject({ total: 3, checked: 2, plannedAudits: 2, audited: 1 });
    const docx = openDocx(readFileSync(join(outputs, 'notice.docx')));
    const text = paragraphs(docx.xml('word/document.xml')).map((p) => p.text);
    expect(text.join('')).toContain('中共示例县总工会党组关于巡察整改进展情况的通报');
    expect(text.some((t) => t.includes('县委第三巡察组对示例县总工会党组进行了巡察'))).toBe(true);
    expect(text.join('')).not.toMatch(/【|】|\{\{/u);

    const quarterly = await runCli(['quarterly', '--quarter', '2025Q2', '--inputs', 'ws'], dir);
    expect(besidesFontWarning(quarterly.stderr)).toEqual([]);
    expect(quarterly.code).toBe(0);
    const report = paragraphs(openDocx(readFileSync(join(outputs, 'quarterly-2025Q2.docx'))).xml('word/document.xml')).map((p) => p.text);
    expect(report.join('')).toContain('示例县总工会2025年第二季度整改及经费审计工作统计报告');
  }, 60_000);

  it('--no-unions leaves out the union ledger and its charts; a build then says nothing of unions', async () => {
    const dir = tempDir();
    const r = await runCli(['init', 'ws', '--no-unions'], dir);
    expect(r.code).toBe(0);
    const ws = join(dir, 'ws');
    expect(listFiles(ws).sort()).toEqual(['charts/README.md', 'charts/status-by-category.vl.json', 'notice.md', 'quarterly.md', '整改台账.xlsx']);
    const check = await runCli(['check', '--inputs', 'ws'], dir);
    expect(check.code).toBe(0);
    // the blank ledger has no rows: its chart is not drawn, and no line or warning speaks of unions
    expect(check.stderr.filter((l) => !l.includes('尚未填写'))).toEqual([
      expect.stringMatching(/^警告 --as-of：未指定统计截止日期/u),
      '警告 charts/status-by-category.vl.json：图表需要整改台账的数据，但输入中没有整改台账或台账没有数据行，本次不生成此图表',
    ]);
    expect([...check.stdout, ...check.stderr].join('\n')).not.toMatch(/工会/u);
  });

  it('check warns about every marker still in the notice template, with its line', async () => {
    const { dir, ws } = await initWorkspace();
    await fillLedgers(ws);
    const notice = readFileSync(join(ws, 'notice.md'), 'utf8');
    const r = await runCli(['check', '--inputs', 'ws'], dir);
    expect(r.code).toBe(0);
    const warned = r.stderr.filter((l) => l.includes('尚未填写'));
    expect(warned).toEqual(expectedMarkerWarnings('notice.md', notice));
    expect(warned.length).toBeGreaterThan(7);
    const line = notice.split('\n').indexOf('发文机关: 【发文机关】') + 1;
    expect(warned).toContain(`警告 notice.md:${line}：“【发文机关】”尚未填写`);
    expect(warned).toContain(`警告 notice.md:${notice.split('\n').indexOf('成文日期: 【成文日期】') + 1}：“【成文日期】”尚未填写`);
    // No unfilled date makes an error: the draft can still be built to look at.
    expect(r.stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    // Filling one marker removes its warning, and only its.
    writeFileSync(join(ws, 'notice.md'), notice.replace('发文机关: 【发文机关】', '发文机关: 中国共产党示例县总工会党组'));
    const again = await runCli(['check', '--inputs', 'ws'], dir);
    expect(again.stderr.filter((l) => l.includes('尚未填写'))).toEqual(warned.filter((w) => !w.includes(`notice.md:${line}：`)));
  });

  it('refuses, writing nothing, when any of its files exists; --force overwrites', async () => {
    const { dir, ws } = await initWorkspace();
    writeFileSync(join(ws, 'notice.md'), '---\n标题: 已经改过的通报\n发文机关: 党组\n---\n');
    writeFiles(ws, { '其他.txt': 'keep me' });
    const before = snapshot(ws);
    await new Promise((done) => setTimeout(done, 20));
    const r = await runCli(['init', 'ws'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toEqual([
      `错误 ws：文件夹中已有 整改台账.xlsx、基层工会台账.xlsx、notice.md、quarterly.md、${listFiles(join(ws, 'charts'))
        .map((f) => `charts/${f}`)
        .join('、')}，为免覆盖已填写的内容，未写入任何文件；确需覆盖请加 --force`,
    ]);
    expect(snapshot(ws)).toEqual(before);

    // One file present is enough: nothing else is written either.
    const partial = tempDir();
    writeFiles(join(partial, 'ws'), { 'quarterly.md': 'mine' });
    const p = await runCli(['init', 'ws'], partial);
    expect(p.code).toBe(2);
    expect(p.stderr[0]).toMatch(/^错误 ws：文件夹中已有 quarterly\.md，/u);
    expect(listFiles(join(partial, 'ws'))).toEqual(['quarterly.md']);

    const forced = await runCli(['init', 'ws', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(ws, 'notice.md'), 'utf8')).toContain('发文机关: 【发文机关】');
    expect(readFileSync(join(ws, '其他.txt'), 'utf8')).toBe('keep me');
  });

  it('usage errors: no folder, a file in its place, a value given to --force', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'taken.txt': 'x' });
    expect(await runCli(['init'], dir)).toMatchObject({ code: 2, stderr: ['错误 命令行：init 需要一个文件夹，如 tongbao init 台账'] });
    expect(await runCli(['init', 'taken.txt'], dir)).toMatchObject({ code: 2, stderr: ['错误 taken.txt：这是一个文件，不是文件夹，无法在其中建立工作文件夹'] });
    expect(await runCli(['init', 'ws', '--force=yes'], dir)).toMatchObject({ code: 2, stderr: ['错误 命令行：选项 --force 不带值'] });
    expect(await runCli(['init', 'a', 'b'], dir)).toMatchObject({ code: 2, stderr: ['错误 命令行：多余的参数“b”'] });
    expect(listFiles(dir)).toEqual(['taken.txt']);
  });
});

function snapshotBytes(folder: string): Record<string, string> {
  return Object.fromEntries(listFiles(folder).map((f) => [f, readFileSync(join(folder, f)).toString('base64')]));
}
