/**
 * `tongbao build` on the shipped example, in-process, about what it leaves in the outputs
 * folder (issue 7, items 3 and 4): manifest.json, the run log's trace of every figure, an
 * output that cannot be written, and old documents kept in history/ or, when edited by hand,
 * in edited/. Builds take about a second each, so the read-only tests read the shared build of
 * the compiled CLI (test/setup/shared-builds.ts) and the replacement tests run as one sequence.
 */
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATUS_VOCABULARY } from '../../pipeline/ledger/schema.js';
import { cellAt, cellText } from '../../pipeline/read/table.js';
import { readXlsx } from '../../pipeline/read/xlsx.js';
import { besidesFontWarning, FIXED_NOW, hasStackTrace, listFiles, runCli, useTempDirs } from '../helpers/cli.js';
import { EXAMPLE_INPUTS, ROOT } from '../helpers/example.js';
import { sharedRun, type SharedRun } from '../helpers/shared.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const read = (path: string) => readFileSync(path);
const tempDir = useTempDirs();

interface Manifest {
  tool: { name: string; version: string };
  asOf: string;
  inputs: { path: string; size: number; sha256: string; sheets: string[]; rows: number }[];
  outputs: { path: string; size: number; sha256: string }[];
}

const manifestOf = (outputs: string) => JSON.parse(readFileSync(join(outputs, 'manifest.json'), 'utf8')) as Manifest;

/** The files a build leaves directly in charge of: everything but the manifest, history/ and edited/. */
const currentOutputs = (outputs: string) => listFiles(outputs).filter((f) => f !== 'manifest.json' && !/^(history|edited)\//.test(f));

/**
 * A project with a copy of the example's inputs (so a test may change them), and an empty
 * charts/ of its own: these tests are about the files a build replaces, and no charts are
 * drawn (tests/cli/charts.test.ts has them).
 */
function exampleProject(dir: string) {
  const inputs = join(dir, 'inputs');
  cpSync(EXAMPLE_INPUTS, inputs, { recursive: true });
  mkdirSync(join(inputs, 'charts'));
  return { dir, inputs, outputs: join(dir, 'outputs') };
}

const build = (dir: string, now: Date = FIXED_NOW) => runCli(['build'], dir, now);
const at = (minutes: number) => new Date(FIXED_NOW.getTime() + minutes * 60_000);

/** `第3–13、15、19行` → [3, …, 13, 15, 19] */
function expandRows(list: string): number[] {
  const m = /第([\d、–]+)行/u.exec(list);
  if (!m) return [];
  return (m[1] as string).split('、').flatMap((part) => {
    const [from, to] = part.split('–').map(Number) as [number, number | undefined];
    return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

describe('build: manifest.json and the run log’s trace of every figure', () => {
  // The shared build of the example by the compiled CLI (test/setup/shared-builds.ts):
  // `build --inputs <the example>` into outputs/.
  let p: { inputs: string; outputs: string };
  let first: SharedRun;
  beforeAll(async () => {
    first = await sharedRun('build');
    p = { inputs: EXAMPLE_INPUTS, outputs: first.outputs };
  });

  it('builds the example cleanly, listing manifest.json last among the files written', () => {
    expect(first.stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    expect(first.status).toBe(0);
    expect(first.stdout.at(-1)).toMatch(/^已写入：.*、outputs\/manifest\.json$/);
  });

  it('lists every output but itself, each existing with the stated size and SHA-256 (lowercase hex)', () => {
    const manifest = manifestOf(p.outputs);
    expect(Object.keys(manifest)).toEqual(['tool', 'asOf', 'inputs', 'outputs']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(manifest.tool).toEqual({ name: pkg.name, version: pkg.version });
    expect(manifest.asOf).toBe('2025-05-30');
    // Exactly the files this build wrote (charts included, when there are any), none twice.
    expect(manifest.outputs.map((o) => o.path).sort()).toEqual(currentOutputs(p.outputs));
    expect(manifest.outputs.map((o) => o.path)).toEqual(expect.arrayContaining(['stats.json', 'notice.docx', 'notice.pdf', 'run-log.md']));
    for (const o of manifest.outputs) {
      expect(Object.keys(o)).toEqual(['path', 'size', 'sha256']);
      const bytes = read(join(p.outputs, ...o.path.split('/')));
      expect(o.size).toBe(bytes.byteLength);
      expect(o.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(o.sha256).toBe(sha256(bytes));
    }
  });

  it('lists the two workbooks and the template as read, with their sheets and the rows used', () => {
    const manifest = manifestOf(p.outputs);
    expect(manifest.inputs.map(({ path, sheets, rows }) => ({ path, sheets, rows }))).toEqual([
      { path: 'notice.md', sheets: [], rows: 0 },
      { path: '基层工会台账.xlsx', sheets: ['基层工会'], rows: 60 },
      { path: '整改台账.xlsx', sheets: ['整改台账', '立行立改'], rows: 44 + 12 },
    ]);
    for (const i of manifest.inputs) {
      const bytes = read(join(p.inputs, i.path));
      expect(i.size).toBe(bytes.byteLength);
      expect(i.sha256).toBe(sha256(bytes));
    }
  });

  it('the run log lists the rows behind each figure: 已完成数 names exactly the 39 completed rows of the sheet', async () => {
    const log = readFileSync(join(p.outputs, 'run-log.md'), 'utf8');
    const section = log.slice(log.indexOf('### 通报中的每个数字'));
    // {{整改进展}} prints 已完成整改39个: its line lists the figures it is made of.
    expect(section).toMatch(/^- \{\{整改进展\}\}（notice\.md:\d+）印作“截至目前，巡察反馈的14个方面44个具体问题，已完成整改39个/mu);
    const line = section.split('\n').find((l) => l.startsWith('  - 已完成数 39：')) as string;
    expect(line).toBeDefined();
    expect(line).toContain('整改结果属“已完成”一类');
    expect(line).toMatch(/；整改台账\.xlsx › 整改台账 › 第[\d、–]+行$/u);
    const rows = expandRows(line.slice(line.lastIndexOf('；')));
    expect(rows).toHaveLength(39);
    // Checked against the sheet itself, not the model: column E (整改结果) of those rows, and only those, is a completed word.
    const workbook = await readXlsx('整改台账.xlsx', read(join(p.inputs, '整改台账.xlsx')));
    const sheet = workbook.sheets.find((s) => s.sheet === '整改台账');
    expect(cellText(cellAt(sheet!, 2, 5)).trim()).toBe('整改结果');
    const completedRows = [];
    for (let row = 3; row <= 46; row++) {
      if (STATUS_VOCABULARY.completed.includes(cellText(cellAt(sheet!, row, 5)).trim())) completedRows.push(row);
    }
    expect(rows).toEqual(completedRows);
    // The other figures the notice prints are traced too.
    expect(section).toContain('  - 问题总数 44：整改台账的全部数据行（每行一个问题）；整改台账.xlsx › 整改台账 › 第3–46行');
    expect(section).toMatch(/^- \{\{阶段性完成数\}\} = 5（notice\.md:\d+）：整改结果属“阶段性完成”一类.*；整改台账\.xlsx › 整改台账 › 第14、16–18、21行$/mu);
    expect(section).toContain('  - 整改时限 2025年底前：序号 12、15、16、19；整改台账.xlsx › 整改台账 › 第14、17、18、21行');
    expect(section).toContain('  - 立行立改已完成数 12：');
    expect(section).toMatch(/^- ::: 问题清单 已完成（notice\.md:\d+）列出 39 个问题：/mu);
  });
});

describe('build: outputs that cannot be replaced, history/ and edited/', () => {
  it('an output that cannot be written is named, the others are written, exit 1', async () => {
    // Tests run as root, for whom permissions stop nothing; but no one can rename a file onto a
    // folder (EISDIR), so a folder named notice.docx makes that one output unwritable, as a
    // DOCX open in WPS does on Windows (EBUSY/EPERM: see outputs.test.ts).
    const dir = tempDir();
    const outputs = join(dir, 'out');
    mkdirSync(join(outputs, 'notice.docx'), { recursive: true });
    writeFileSync(join(outputs, 'notice.docx', '占位.txt'), 'x');
    const r = await runCli(['build', '--inputs', exampleProject(dir).inputs, '--outputs', 'out'], dir);
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr.filter((l) => l.startsWith('错误'))).toEqual([
      '错误 out/notice.docx：无法写入（同名的文件夹占用了这个位置），请关闭正在打开它的程序后重试',
    ]);
    const wrote = r.stdout.at(-1) as string;
    expect(wrote).toMatch(/^已写入：out\/stats\.json、/u);
    for (const f of ['out/notice.pdf', 'out/run-log.md', 'out/manifest.json']) expect(wrote).toContain(f);
    expect(wrote).not.toContain('notice.docx');
    expect(statSync(join(outputs, 'notice.docx')).isDirectory()).toBe(true);
    expect(listFiles(outputs)).toEqual(expect.arrayContaining(['manifest.json', 'notice.docx/占位.txt', 'notice.pdf', 'run-log.md', 'stats.json']));
    // The manifest lists what was written: not the DOCX.
    const manifest = manifestOf(outputs);
    expect(manifest.outputs.map((o) => o.path)).not.toContain('notice.docx');
    expect(manifest.outputs.map((o) => o.path)).toEqual(expect.arrayContaining(['stats.json', 'notice.pdf', 'run-log.md']));
    expect(listFiles(outputs).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps a hand-edited notice.docx in edited/, replaced documents in history/, and rewrites nothing unchanged', async () => {
    const p = exampleProject(tempDir());
    const first = await build(p.dir);
    expect(first.code).toBe(0);
    const built = Object.fromEntries(['notice.docx', 'notice.pdf', 'stats.json', 'run-log.md'].map((f) => [f, read(join(p.outputs, f))]));

    // 1. Nothing changed: nothing is rewritten, nothing is backed up.
    const statsMtime = statSync(join(p.outputs, 'stats.json')).mtimeMs;
    const same = await build(p.dir, at(1));
    expect(same.code).toBe(0);
    expect(besidesFontWarning(same.stderr)).toEqual([]);
    expect(statSync(join(p.outputs, 'stats.json')).mtimeMs).toBe(statsMtime);
    expect(listFiles(p.outputs).filter((f) => /^(history|edited)\//.test(f))).toEqual([]);

    // 2. Someone edits notice.docx in Word and saves it; the next build keeps their copy in edited/.
    const edited = Buffer.concat([built['notice.docx'] as Buffer, Buffer.from('手工修改')]);
    writeFileSync(join(p.outputs, 'notice.docx'), edited);
    const second = await build(p.dir, at(2));
    expect(second.code).toBe(0);
    expect(besidesFontWarning(second.stderr)).toEqual([
      '警告 outputs/notice.docx：与上次生成时记录的内容不同（可能已手工修改），已移到 outputs/edited/2025-05-30T100200/notice.docx 保存，再写入新文件',
    ]);
    expect(read(join(p.outputs, 'edited/2025-05-30T100200/notice.docx'))).toEqual(edited);
    expect(read(join(p.outputs, 'notice.docx'))).toEqual(built['notice.docx']);
    expect(listFiles(p.outputs).filter((f) => f.startsWith('history/'))).toEqual([]);

    // 3. A changed input: the documents that change go to history/<时间>/, as the manifest recorded them.
    const template = join(p.inputs, 'notice.md');
    writeFileSync(template, readFileSync(template, 'utf8').replace('现将巡察整改进展情况通报如下', '现将巡察整改进展情况通报如下（修订）'));
    const third = await build(p.dir, at(3));
    expect(third.code).toBe(0);
    expect(besidesFontWarning(third.stderr)).toEqual([]);
    const stamp = '2025-05-30T100300';
    const kept = listFiles(join(p.outputs, 'history'));
    expect(kept).toEqual(expect.arrayContaining([`${stamp}/notice.docx`, `${stamp}/notice.pdf`]));
    expect(third.stdout).toContain(`${kept.length} 个旧文件已移到 outputs/history/${stamp}（只保留最近 10 次生成）`);
    for (const f of kept) {
      const name = f.slice(stamp.length + 1);
      // As the last build wrote it (its manifest's hash), and replaced by different bytes.
      expect(sha256(read(join(p.outputs, 'history', f)))).toBe(sha256(built[name] as Buffer));
      expect(read(join(p.outputs, name))).not.toEqual(built[name]);
    }
    // stats.json does not depend on the template's prose: unchanged, so neither rewritten nor kept.
    expect(listFiles(join(p.outputs, 'history'))).not.toContain(`${stamp}/stats.json`);
    expect(statSync(join(p.outputs, 'stats.json')).mtimeMs).toBe(statsMtime);
    // edited/ is never touched.
    expect(read(join(p.outputs, 'edited/2025-05-30T100200/notice.docx'))).toEqual(edited);
    const manifest = manifestOf(p.outputs);
    expect(manifest.inputs.find((i) => i.path === 'notice.md')?.sha256).toBe(sha256(read(template)));

    // 4. Another change in the same second: its own folder, never mixed with the first.
    writeFileSync(template, readFileSync(template, 'utf8').replace('（修订）', '（再次修订）'));
    const fourth = await build(p.dir, at(3));
    expect(fourth.code).toBe(0);
    expect(listFiles(join(p.outputs, 'history')).filter((f) => f.endsWith('notice.docx'))).toEqual([`${stamp}/notice.docx`, `${stamp}-2/notice.docx`].sort());
  });

  it('an output with no record in a manifest (none yet) is kept in edited/ too, with a warning saying so', async () => {
    const dir = tempDir();
    const outputs = join(dir, 'out');
    mkdirSync(outputs);
    writeFileSync(join(outputs, 'stats.json'), '{"old":true}\n');
    const r = await runCli(['build', '--inputs', exampleProject(dir).inputs, '--outputs', 'out'], dir);
    expect(r.code).toBe(0);
    expect(besidesFontWarning(r.stderr)).toEqual([
      '警告 out/stats.json：没有上次生成的记录（manifest.json 不存在或未列出此文件），无法确认是否手工修改过，已移到 out/edited/2025-05-30T100000/stats.json 保存，再写入新文件',
    ]);
    expect(readFileSync(join(outputs, 'edited/2025-05-30T100000/stats.json'), 'utf8')).toBe('{"old":true}\n');
  });
});
