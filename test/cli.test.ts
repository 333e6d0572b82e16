/**
 * The command line against every bad input the issue names: one test each, asserting the
 * message's place, the exit code, that `build` writes nothing (an old stats.json is kept),
 * and that no stack trace reaches the user.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP } from '../pipeline/messages.js';
import { hasStackTrace, listFiles, runCli, useTempDirs, writeFiles, type CliResult } from './helpers/cli.js';
import { encodeGbk } from './helpers/gbk.js';
import { ROOT } from './helpers/example.js';
import { readPdf } from './helpers/pdf.js';
import { xlsx, type CellSpec } from './helpers/workbook.js';

const tempDir = useTempDirs();
const OLD_STATS = '{"asOf":"2024-12-31","old":true}\n';

// A: 序号  B: 反馈问题  C: 具体问题  D: 整改措施  E: 整改状态  F: 整改时限  G: 完成时间
const HEADER = ['序号', '反馈问题', '具体问题', '整改措施', '整改状态', '整改时限', '完成时间'];
const GOOD_ROWS: CellSpec[][] = [
  [1, '学习教育', '学习不深入', '建立制度', '已完成', '2025年3月', '2025-03-20'],
  [2, '学习教育', '记录不全', '补齐记录', '阶段性完成', '长期坚持'],
];

/** 整改台账.xlsx: a title row, the header in row 2, data from row 3. */
function problemsWorkbook(rows: CellSpec[][] = GOOD_ROWS, header: CellSpec[] = HEADER) {
  return xlsx([
    { name: '整改台账', rows: [['巡察整改台账'], header, ...rows], merges: ['A1:G1'] },
    { name: '说明', rows: [['填表说明：整改状态填完成、阶段性完成或未完成。']] },
  ]);
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const oleFile = (...extra: Buffer[]) => Buffer.concat([OLE_MAGIC, Buffer.alloc(504), ...extra, Buffer.alloc(512)]);

interface Project {
  dir: string;
  inputs: string;
  outputs: string;
}

/** A project folder with inputs/ holding `files` and outputs/ holding an old stats.json. */
function project(files: Record<string, Uint8Array | string>): Project {
  const dir = tempDir();
  const inputs = join(dir, 'inputs');
  const outputs = join(dir, 'outputs');
  writeFiles(inputs, files);
  writeFiles(outputs, { 'stats.json': OLD_STATS });
  return { dir, inputs, outputs };
}

const errorLines = (r: CliResult) => r.stderr.filter((l) => l.startsWith('错误 '));

/** build fails with exit 1, writes nothing, keeps the old stats.json, shows no stack trace. */
async function buildFails(files: Record<string, Uint8Array | string>): Promise<CliResult> {
  const p = project(files);
  const r = await runCli(['build', '--as-of', '2025-05-30'], p.dir);
  expect(r.code).toBe(1);
  expect(listFiles(p.outputs)).toEqual(['stats.json']);
  expect(readFileSync(join(p.outputs, 'stats.json'), 'utf8')).toBe(OLD_STATS);
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(hasStackTrace(r.stdout)).toBe(false);
  expect(r.stdout.at(-1)).toMatch(/^有 \d+ 个错误，未写出任何文件（原有输出保持不变）$/);
  return r;
}

describe('tongbao build: bad inputs (exit 1, nothing written)', () => {
  it('a workbook that is not a zip', async () => {
    const r = await buildFails({ '整改台账.xlsx': '序号,反馈问题,具体问题\n1,类别,问题\n' });
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 整改台账\.xlsx：不是有效的 \.xlsx 工作簿/)]);
  });

  it('a zip that is not a workbook (a .docx renamed .xlsx)', async () => {
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', '<w:document/>');
    const r = await buildFails({ '整改台账.xlsx': await zip.generateAsync({ type: 'nodebuffer' }) });
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 整改台账\.xlsx：不是有效的 \.xlsx 工作簿/)]);
  });

  it('a truncated workbook (the first half of a real one)', async () => {
    const whole = await problemsWorkbook();
    const r = await buildFails({ '整改台账.xlsx': whole.subarray(0, Math.floor(whole.length / 2)) });
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 整改台账\.xlsx：工作簿无法读取（文件可能已损坏或未完整复制）/)]);
  });

  it('a legacy .xls file, by its extension', async () => {
    const r = await buildFails({ '整改台账.xls': oleFile() });
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 整改台账\.xls：这是旧版 Excel（\.xls）或 WPS（\.et）格式，无法读取；.*另存为” \.xlsx/)]);
  });

  it('an OLE (legacy) file renamed .xlsx', async () => {
    const r = await buildFails({ '整改台账.xlsx': oleFile() });
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 整改台账\.xlsx：这是旧版 Excel（\.xls）/)]);
  });

  it('an encrypted workbook', async () => {
    const r = await buildFails({ '整改台账.xlsx': oleFile(Buffer.from('EncryptedPackage', 'utf16le')) });
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 整改台账\.xlsx：工作簿设置了打开密码，无法读取/)]);
  });

  it('inputs in which no sheet is recognised', async () => {
    const r = await buildFails({
      '说明.xlsx': await xlsx([{ name: '说明', rows: [['本文件夹放台账'], ['序号', '备注']] }]),
      '汇总.csv': '方面,问题数\n学习,2\n',
    });
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 汇总\.csv、说明\.xlsx：没有找到可识别的台账工作表：整改台账的表头应至少含有/)]);
  });

  it('a recognised sheet missing a required column: names it and lists its synonyms', async () => {
    const header = ['序号', '反馈问题', '具体问题', '整改状态', '责任人'];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook([[1, '类别', '问题', '已完成', '张三']], header) });
    expect(errorLines(r)).toEqual(['错误 整改台账.xlsx › 整改台账 › 第2行：缺少必需的列“整改情况”，可用的列名：整改情况、整改措施、整改落实情况、整改举措']);
  });

  it('an empty 具体问题', async () => {
    const rows = [GOOD_ROWS[0] as CellSpec[], [2, '学习教育', null, '补齐记录', '已完成']];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook(rows) });
    expect(errorLines(r)).toEqual(['错误 整改台账.xlsx › 整改台账 › C4（具体问题）：具体问题不能为空']);
  });

  it('an empty 整改结果', async () => {
    const rows = [GOOD_ROWS[0] as CellSpec[], [2, '学习教育', '记录不全', '补齐记录', null]];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook(rows) });
    expect(errorLines(r)).toEqual(['错误 整改台账.xlsx › 整改台账 › E4（整改状态）：整改结果不能为空']);
  });

  it('an unknown status: quotes it and lists the accepted words', async () => {
    const rows = [GOOD_ROWS[0] as CellSpec[], [2, '学习教育', '记录不全', '补齐记录', '待定']];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook(rows) });
    expect(errorLines(r)).toHaveLength(1);
    expect(errorLines(r)[0]).toMatch(/^错误 整改台账\.xlsx › 整改台账 › E4（整改状态）：未知的整改结果“待定”，可填：完成、已完成、/);
    for (const word of ['阶段性完成', '持续整改', '未完成', '推进中']) expect(errorLines(r)[0]).toContain(`、${word}`);
  });

  it('a duplicate problem number: names both rows', async () => {
    const rows = [...GOOD_ROWS, [1, '阵地建设', '阵地不足', '新建阵地', '已完成']];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook(rows) });
    expect(errorLines(r)).toEqual([
      '错误 整改台账.xlsx › 整改台账 › A5（序号）：序号 1 重复，已在 整改台账.xlsx › 整改台账 › 第3行 使用；同一台账中序号不能重复',
    ]);
  });

  it('a date that cannot be read', async () => {
    const rows = [GOOD_ROWS[0] as CellSpec[], [2, '学习教育', '记录不全', '补齐记录', '已完成', null, '上个月']];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook(rows) });
    expect(errorLines(r)).toHaveLength(1);
    expect(errorLines(r)[0]).toMatch(
      /^错误 整改台账\.xlsx › 整改台账 › G4（完成时间）：无法识别的日期“上个月”，可填：2025年6月30日、2025\.6\.30、2025\/6\/30、2025-06-30、2025年6月、2025年底前/,
    );
  });

  it('an empty inputs folder', async () => {
    const r = await buildFails({});
    expect(errorLines(r)).toEqual(['错误 inputs：输入文件夹中没有台账文件，可放入 .xlsx 或 .csv 文件']);
  });

  it('reports all errors of a run, not just the first (one workbook, three errors → three lines)', async () => {
    const rows: CellSpec[][] = [
      [1, '学习教育', '学习不深入', '建立制度', '待定'],
      [2, '学习教育', null, '补齐记录', '已完成'],
      [1, '阵地建设', '阵地不足', '新建阵地', '已完成'],
    ];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook(rows) });
    expect(errorLines(r)).toEqual([
      expect.stringMatching(/^错误 整改台账\.xlsx › 整改台账 › E3（整改状态）：未知的整改结果“待定”/),
      '错误 整改台账.xlsx › 整改台账 › C4（具体问题）：具体问题不能为空',
      '错误 整改台账.xlsx › 整改台账 › A5（序号）：序号 1 重复，已在 整改台账.xlsx › 整改台账 › 第3行 使用；同一台账中序号不能重复',
    ]);
    expect(r.stdout.at(-1)).toBe('有 3 个错误，未写出任何文件（原有输出保持不变）');
  });

  it('reports errors across files in one run (a bad file does not hide a bad row elsewhere)', async () => {
    const r = await buildFails({
      'a.xlsx': 'not a workbook',
      'b.xlsx': await problemsWorkbook([[1, '类别', '问题', '措施', '待定']]),
    });
    expect(errorLines(r).map((l) => l.split('：')[0])).toEqual(['错误 a.xlsx', '错误 b.xlsx › 整改台账 › E3（整改状态）']);
  });

  // Tests run as root, for whom chmod 000 still reads; a symbolic link to a file that is not
  // there is listed as a file and fails at read time (ENOENT), as a file locked or removed
  // between listing the folder and reading it does.
  it('a ledger that cannot be read: names the file, and still reports the errors in the other files', async () => {
    const rows: CellSpec[][] = [[1, '类别', '问题', '措施', '待定']];
    const p = project({ 'b.xlsx': await problemsWorkbook(rows) });
    symlinkSync(join(p.dir, '已删除.xlsx'), join(p.inputs, '坏.xlsx'));
    const r = await runCli(['build', '--as-of', '2025-05-30'], p.dir);
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(errorLines(r)).toEqual([
      '错误 坏.xlsx：无法读取文件（文件不存在，可能已被移动、删除，或是失效的快捷方式），请关闭正在使用它的程序或检查权限',
      expect.stringMatching(/^错误 b\.xlsx › 整改台账 › E3（整改状态）：未知的整改结果“待定”/),
    ]);
    expect(r.stdout.at(-1)).toBe('有 2 个错误，未写出任何文件（原有输出保持不变）');
    expect(listFiles(p.outputs)).toEqual(['stats.json']);
  });

  it('--outputs that is the inputs folder (or its charts/) is a usage error, and nothing is written', async () => {
    const p = project({ 'b.xlsx': await problemsWorkbook() });
    for (const outputs of ['inputs', 'inputs/charts', './inputs/']) {
      const r = await runCli(['build', '--outputs', outputs], p.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toEqual([`错误 命令行：输出文件夹“${outputs}”不能是输入文件夹“inputs”或其中的 charts 文件夹，请另选一个文件夹（默认 outputs）`]);
    }
    expect(listFiles(p.inputs)).toEqual(['b.xlsx']);
  });

  it('a link to a pipe or a device is refused at once, never read (no hang, no endless read)', async () => {
    const p = project({ 'b.xlsx': await problemsWorkbook() });
    execFileSync('mkfifo', [join(p.dir, 'pipe')]);
    symlinkSync(join(p.dir, 'pipe'), join(p.inputs, '管道.xlsx'));
    symlinkSync('/dev/zero', join(p.inputs, '零.csv'));
    const started = performance.now();
    const r = await runCli(['check', '--as-of', '2025-05-30'], p.dir);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      '错误 管道.xlsx：不是普通文件（可能是设备或管道，或指向它们的快捷方式），未读取；请放入 .xlsx、.csv 或 .md 文件',
      '错误 零.csv：不是普通文件（可能是设备或管道，或指向它们的快捷方式），未读取；请放入 .xlsx、.csv 或 .md 文件',
    ]);
  });

  it('a notice template saved as GBK: one error asking for UTF-8, not garbled ones', async () => {
    const p = project({
      '整改台账.xlsx': await problemsWorkbook(),
      'notice.md': encodeGbk('---\n标题: 关于巡察整改进展情况的通报\n发文机关: 某单位\n---\n正文。\n'),
    });
    const r = await runCli(['check', '--as-of', '2025-05-30'], p.dir);
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual(['错误 notice.md：模板不是 UTF-8 编码（可能保存成了 GBK/ANSI 或 Unicode），请用记事本“另存为”，编码选 UTF-8 后保存']);
  });

  it('a template over 256 KB is refused at once, naming the limit', async () => {
    const p = project({ '整改台账.xlsx': await problemsWorkbook(), 'notice.md': `---\n标题: 通报\n发文机关: 某单位\n---\n${'正文。'.repeat(30_000)}\n` });
    const started = performance.now();
    const r = await runCli(['check', '--as-of', '2025-05-30'], p.dir);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual(['错误 notice.md：模板超过 256 KB，未读取；通报模板只放设置和正文，请检查是否放错了文件']);
  });

  it('a damaged font file named in the template: the PDF is an error naming it, the other outputs are written, no stack trace', async () => {
    const font = readFileSync(join(ROOT, 'test/fixtures/fonts/serif.ttf'));
    font.fill(0xff, font.length >> 1, (font.length >> 1) + 4000);
    const p = project({
      'b.xlsx': await problemsWorkbook([[1, '类别', '问题', '措施', '已完成']]),
      'notice.md':
        '---\n标题: 关于巡察整改进展情况的通报\n发文机关: 某单位\n成文日期: 2025-05-30\nPDF字体:\n  正文: 坏字体.ttf\n---\n{{整改进展}}\n\n::: 问题清单 全部\n',
      '坏字体.ttf': font,
    });
    const r = await runCli(['build'], p.dir);
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(errorLines(r)).toEqual([
      expect.stringMatching(/^错误 notice\.pdf：PDF 无法生成，其他文件照常写出；请检查模板“PDF字体”指定的字体文件“坏字体\.ttf”是否完好/u),
    ]);
    expect(listFiles(p.outputs)).toEqual(expect.arrayContaining(['notice.docx', 'run-log.md', 'manifest.json', 'stats.json']));
    expect(listFiles(p.outputs)).not.toContain('notice.pdf');
  });

  it('a character no font has is warned about at its ledger cell, never lost in silence; an Extension B one prints with the computer’s Extension B font', async () => {
    const p = project({
      // (😀 and 🀄: characters no font the PDF may use has, here or on Windows)
      'b.xlsx': await problemsWorkbook([[1, '类别', '问题😀一𠀀某', '措施𪚥，🀄。', '已完成']]),
      'notice.md': '---\n标题: 关于巡察整改进展情况的通报\n发文机关: 某单位\n成文日期: 2025-05-30\n---\n::: 问题清单 全部\n',
    });
    mkdirSync(join(p.inputs, 'charts')); // no charts: not what this tests
    // a font folder holding a font named SimSun-ExtB (Windows' Extension B font) that has 𠀀 and 𪚥 only (test/fixtures/fonts/make-fonts.py)
    const fonts = join(p.dir, 'fonts');
    writeFiles(fonts, { 'simsunb.ttf': readFileSync(join(ROOT, 'test/fixtures/fonts/ext-b.ttf')) });
    process.env.TONGBAO_FONT_DIRS = fonts;
    let r: CliResult;
    try {
      r = await runCli(['build'], p.dir);
    } finally {
      delete process.env.TONGBAO_FONT_DIRS;
    }
    expect(r.code).toBe(0);
    expect(r.stderr.filter((l) => l.includes('中没有'))).toEqual([
      expect.stringMatching(/^警告 b\.xlsx › 整改台账 › C3（具体问题）：“😀”（U\+1F600）PDF 所用字体 .+ 中没有，PDF 中这个字会缺失/u),
      expect.stringMatching(/^警告 b\.xlsx › 整改台账 › D3（整改措施）：“🀄”（U\+1F004）PDF 所用字体 .+ 中没有/u),
    ]);
    expect(readFileSync(join(p.outputs, 'run-log.md'), 'utf8')).toContain('“😀”（U+1F600）');
    // 𠀀 and 𪚥 are printed, not warned about, and the lines that borrow them stay on the grid
    const pdf = await readPdf(new Uint8Array(readFileSync(join(p.outputs, 'notice.pdf'))));
    const lines = pdf.pages[0]?.lines ?? [];
    const [heading, problem, result, measure] = [/^（一）/u, /^1\.问题.一𠀀某$/u, /^整改结果/u, /^整改情况：措施𪚥，.。$/u].map((pattern) =>
      lines.find((l) => pattern.test(l.text)),
    );
    expect([heading, problem, result, measure].every(Boolean)).toBe(true);
    const ys = [heading, problem, result, measure].map((l) => l?.y as number);
    for (let i = 1; i < ys.length; i++) expect((ys[i - 1] as number) - (ys[i] as number)).toBeCloseTo(28.95, 1);
  });

  it('a character the template’s font lacks is drawn with the bundled font that has it, without a warning', async () => {
    const p = project({
      'b.xlsx': await problemsWorkbook([[1, '类别', '问题一新增桥梁', '措施😀。', '已完成']]),
      'notice.md':
        '---\n标题: 关于巡察整改进展情况的通报\n发文机关: 某单位\n成文日期: 2025-05-30\nPDF字体:\n  正文: serif.ttf\n  三级标题: serif.ttf\n---\n::: 问题清单 全部\n',
      // a font of a few dozen characters (test/fixtures/fonts/make-fonts.py): no 新, 增, 桥, 梁, 某, 单, 位, 年, 月, 日
      'serif.ttf': readFileSync(join(ROOT, 'test/fixtures/fonts/serif.ttf')),
    });
    mkdirSync(join(p.inputs, 'charts'));
    const r = await runCli(['build'], p.dir);
    expect(r.code).toBe(0);
    expect(r.stderr.filter((l) => l.includes('中没有'))).toEqual([expect.stringMatching(/^警告 b\.xlsx › 整改台账 › D3（整改措施）：“😀”（U\+1F600）/u)]);
    const pdf = await readPdf(new Uint8Array(readFileSync(join(p.outputs, 'notice.pdf'))));
    const lines = pdf.pages.flatMap((page) => page.lines.map((l) => l.text));
    expect(lines).toEqual(expect.arrayContaining(['1.问题一新增桥梁', '某单位', '2025年5月30日']));
  });

  it('a notice template that cannot be read: an error naming it, not “no template”', async () => {
    const p = project({ '整改台账.xlsx': await problemsWorkbook() });
    symlinkSync(join(p.dir, '已删除.md'), join(p.inputs, 'notice.md'));
    const r = await runCli(['build', '--as-of', '2025-05-30'], p.dir);
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 notice\.md：无法读取文件（文件不存在/)]);
    expect(r.stderr.some((l) => l.includes('没有通报模板'))).toBe(false);
    expect(listFiles(p.outputs)).toEqual(['stats.json']);
  });

  it('an Excel error value from a formula (#N/A from a VLOOKUP): names the cell', async () => {
    const rows: CellSpec[][] = [[1, '类别', '问题', '措施', { formula: 'VLOOKUP(A3,状态!A:B,2,FALSE)', result: { error: '#N/A' } } as never]];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook(rows) });
    expect(errorLines(r)).toEqual(['错误 整改台账.xlsx › 整改台账 › E3（整改状态）：单元格是公式错误值“#N/A”，请检查公式']);
  });

  it('a year typed into a date column (a number, not an Excel date): quotes it', async () => {
    const rows: CellSpec[][] = [[1, '类别', '问题', '措施', '已完成', null, 2025]];
    const r = await buildFails({ '整改台账.xlsx': await problemsWorkbook(rows) });
    expect(errorLines(r)).toEqual([expect.stringMatching(/^错误 整改台账\.xlsx › 整改台账 › G3（完成时间）：无法识别的日期“2025”，可填：/)]);
  });

  it('check reports the same errors with exit 1 and writes nothing', async () => {
    const p = project({ '整改台账.xlsx': await problemsWorkbook([[1, '类别', '问题', '措施', '待定']]) });
    const r = await runCli(['check', '--as-of', '2025-05-30'], p.dir);
    expect(r.code).toBe(1);
    expect(errorLines(r)).toHaveLength(1);
    expect(r.stdout.at(-1)).toMatch(/^检查未通过：1 个错误，\d+ 个警告$/);
    expect(listFiles(p.outputs)).toEqual(['stats.json']);
  });

  it('check also checks quarterly.md: a column it cannot name and a 预警 rule it cannot read are errors at their lines', async () => {
    const example = (name: string) => readFileSync(join(ROOT, 'inputs', name));
    const quarterly = readFileSync(join(ROOT, 'inputs', 'quarterly.md'), 'utf8');
    const lines = quarterly.split('\n');
    const ruleLine = lines.indexOf('  黄色: 30日内到期、其余') + 1;
    const columnLine = lines.findIndex((l) => l.startsWith('列: 序号、具体问题、整改结果')) + 1;
    expect(ruleLine).toBeGreaterThan(0);
    expect(columnLine).toBeGreaterThan(0);
    const broken = quarterly
      .replace('  黄色: 30日内到期、其余', '  黄色: 30日内快到期、其余')
      .replace('列: 序号、具体问题、整改结果', '列: 序号、具体问题、不存在的列');
    const files = { '整改台账.xlsx': example('整改台账.xlsx'), '基层工会台账.xlsx': example('基层工会台账.xlsx'), 'notice.md': example('notice.md') };
    const good = project({ ...files, 'quarterly.md': quarterly });
    const passed = await runCli(['check'], good.dir);
    expect(errorLines(passed)).toEqual([]);
    expect(passed.code).toBe(0);
    const p = project({ ...files, 'quarterly.md': broken });
    const r = await runCli(['check'], p.dir);
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([expect.stringMatching(new RegExp(`^错误 quarterly\\.md:${ruleLine}：黄色的预警规则“30日内快到期”无法识别`, 'u'))]);
    // the 预警 error stops the template before its tables; fixed, the column is found
    const q = project({ ...files, 'quarterly.md': broken.replace('30日内快到期', '30日内到期') });
    const r2 = await runCli(['check'], q.dir);
    expect(r2.code).toBe(1);
    expect(errorLines(r2)).toEqual([expect.stringMatching(new RegExp(`^错误 quarterly\\.md:${columnLine}：“问题表”的列“不存在的列”无法识别`, 'u'))]);
    expect(listFiles(q.outputs)).toEqual(['stats.json']);
  });
});

describe('tongbao: usage errors (exit 2)', () => {
  it('a missing inputs folder', async () => {
    const dir = tempDir();
    const r = await runCli(['build', '--inputs', '没有这个文件夹', '--as-of', '2025-05-30'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['错误 没有这个文件夹：输入文件夹不存在']);
    expect(existsSync(join(dir, 'outputs'))).toBe(false);
  });

  it('--inputs naming a file, not a folder', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'x.xlsx': await problemsWorkbook() });
    const r = await runCli(['build', '--inputs', 'x.xlsx', '--as-of', '2025-05-30'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['错误 x.xlsx：输入文件夹不存在或不是文件夹']);
    expect(existsSync(join(dir, 'outputs'))).toBe(false);
  });

  it('an unknown command prints the help', async () => {
    const r = await runCli(['biuld'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe('错误 命令行：未知的命令“biuld”，可用：build、check、quarterly、init、watch、serve');
    expect(r.stderr.join('\n')).toContain(HELP);
  });

  it('no command at all prints the help', async () => {
    const r = await runCli([], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe('错误 命令行：缺少命令，可用：build、check、quarterly、init、watch、serve');
    expect(r.stderr.join('\n')).toContain(HELP);
  });

  it('an unknown flag', async () => {
    const p = project({ '整改台账.xlsx': await problemsWorkbook() });
    const r = await runCli(['build', '--as-of', '2025-05-30', '--froce'], p.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['错误 命令行：命令 build 不支持选项“--froce”']);
    expect(readFileSync(join(p.outputs, 'stats.json'), 'utf8')).toBe(OLD_STATS);
  });

  it('a flag the command does not take (check has no --outputs)', async () => {
    const r = await runCli(['check', '--outputs', 'out'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['错误 命令行：命令 check 不支持选项“--outputs”']);
  });

  it('a flag without its value', async () => {
    const r = await runCli(['build', '--as-of'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(['错误 命令行：选项 --as-of 需要一个值']);
  });

  it.each(['2025-02-30', '2025/05/30', '20250530', 'yesterday'])('a bad --as-of %s', async (value) => {
    const p = project({ '整改台账.xlsx': await problemsWorkbook() });
    const r = await runCli(['build', '--as-of', value], p.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`错误 --as-of：无法识别的日期“${value}”，应为 YYYY-MM-DD，如 2025-05-30`]);
    expect(listFiles(p.outputs)).toEqual(['stats.json']);
  });

  it('none of the usage errors shows a stack trace', async () => {
    for (const argv of [['nope'], ['build', '--x'], ['build', '--inputs', 'missing'], ['check', '--as-of=bad']]) {
      const r = await runCli(argv, tempDir());
      expect(r.code).toBe(2);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});

describe('tongbao: help, version, and flags', () => {
  it('--help prints the help to stdout and exits 0', async () => {
    for (const argv of [['--help'], ['build', '--help'], ['-h']]) {
      const r = await runCli(argv, tempDir());
      expect(r.code).toBe(0);
      expect(r.stdout.join('\n')).toBe(HELP);
      expect(r.stderr).toEqual([]);
    }
  });

  it('--version prints the package version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await runCli(['--version'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual([pkg.version]);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('accepts --flag=value as well as --flag value', async () => {
    const dir = tempDir();
    writeFiles(join(dir, '台账 文件夹'), { '整改台账.xlsx': await problemsWorkbook() });
    const r = await runCli(['build', '--inputs=台账 文件夹', '--outputs=out/2025', '--as-of=2025-05-30'], dir);
    expect(r.stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(listFiles(join(dir, 'out/2025'))).toEqual(expect.arrayContaining(['run-log.md', 'stats.json']));
    const stats = JSON.parse(readFileSync(join(dir, 'out/2025/stats.json'), 'utf8'));
    expect(stats.asOf).toBe('2025-05-30');
  });
});

describe('tongbao build: good inputs', () => {
  it('replaces the old stats.json, writes the run log, and exits 0 with warnings', async () => {
    const rows = [...GOOD_ROWS, [3, '阵地建设', '阵地不足', null, '未完成', '2025-04-30']];
    const p = project({ '整改台账.xlsx': await problemsWorkbook(rows), '~$整改台账.xlsx': 'lock', '.hidden.xlsx': 'x', 'readme.txt': '说明' });
    const r = await runCli(['build', '--as-of', '2025-05-30'], p.dir);
    expect(r.code).toBe(0);
    expect(errorLines(r)).toEqual([]);
    expect(r.stderr).toContain('警告 整改台账.xlsx › 整改台账 › D5（整改措施）：整改情况为空，通报中该问题将没有整改情况');
    expect(r.stdout).toContain('整改台账：2个方面3个问题，已完成1个，阶段性完成1个，未完成1个，逾期1个');
    expect(r.stdout.at(-1)).toMatch(/^已写入：/);
    expect(r.stdout.at(-1)).toContain(join('outputs', 'stats.json'));
    expect(r.stdout.at(-1)).toContain(join('outputs', 'run-log.md'));
    expect(listFiles(p.outputs)).toEqual(expect.arrayContaining(['run-log.md', 'stats.json']));
    const stats = JSON.parse(readFileSync(join(p.outputs, 'stats.json'), 'utf8'));
    expect(stats).toMatchObject({ asOf: '2025-05-30', problems: { total: 3, overdue: [3] }, immediate: null, unions: null });
    const log = readFileSync(join(p.outputs, 'run-log.md'), 'utf8');
    expect(log).toContain('- 跳过 ~$整改台账.xlsx：Excel/WPS 的临时锁定文件');
    expect(log).toContain('- 跳过 .hidden.xlsx：隐藏文件');
    expect(log).toContain('- 跳过 readme.txt：非台账文件');
    expect(log).toContain('### 整改台账.xlsx › 说明：未识别');
  });

  it('lists a synonym column that lost to the canonical header as ignored in the run log', async () => {
    const header = ['问题编号', '序号', '反馈问题', '具体问题', '整改措施', '整改状态'];
    const p = project({ '整改台账.xlsx': await problemsWorkbook([['X-9', 1, '类别', '问题', '措施', '已完成']], header) });
    const r = await runCli(['build', '--as-of', '2025-05-30'], p.dir);
    expect(r.code).toBe(0);
    const stats = JSON.parse(readFileSync(join(p.outputs, 'stats.json'), 'utf8'));
    expect(stats.problems).toMatchObject({ total: 1, completed: 1 });
    const log = readFileSync(join(p.outputs, 'run-log.md'), 'utf8');
    const ignoredLine = log.split('\n').find((l) => l.includes('忽略'));
    expect(ignoredLine).toContain('A（问题编号）');
    expect(ignoredLine).not.toContain('B（序号）');
  });

  it('reads a ledger that is a symbolic link to a file; a link to a folder is a subfolder, not read', async () => {
    const p = project({});
    writeFiles(join(p.dir, 'elsewhere'), { '整改台账.xlsx': await problemsWorkbook() });
    mkdirSync(join(p.dir, 'elsewhere', '子文件夹.xlsx'));
    symlinkSync(join(p.dir, 'elsewhere', '整改台账.xlsx'), join(p.inputs, '整改台账.xlsx'));
    symlinkSync(join(p.dir, 'elsewhere', '子文件夹.xlsx'), join(p.inputs, '子文件夹.xlsx'));
    const r = await runCli(['build', '--as-of', '2025-05-30'], p.dir);
    expect(errorLines(r)).toEqual([]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(p.outputs, 'stats.json'), 'utf8')).problems).toMatchObject({ total: 2 });
  });

  it('counts at today (from the clock) with a warning when --as-of is not given', async () => {
    const p = project({ '整改台账.xlsx': await problemsWorkbook() });
    const r = await runCli(['check'], p.dir, new Date('2025-07-01T00:30:00+08:00'));
    expect(r.code).toBe(0);
    // 00:30 in Shanghai is still 30 June in UTC: today is the local date.
    expect(errorLines(r)).toEqual([]);
    expect(r.stderr).toContain('警告 --as-of：未指定统计截止日期，按今天（2025-07-01）统计；可用 --as-of YYYY-MM-DD 指定');
    expect(r.stdout[0]).toBe('统计截止日期：2025-07-01');
  });
});
