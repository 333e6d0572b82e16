/**
 * `tongbao build` draws every chart spec of the project's charts/ folder into outputs/charts/:
 * an SVG and a PNG each, listed in the manifest; `check` draws nothing; a chart whose ledger is
 * absent is left out with a warning.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectSpecs } from '../helpers/charts.js';
import { listFiles, runCli, useTempDirs } from '../helpers/cli.js';
import { elements, openDocx, paragraphs } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { EXAMPLE_INPUTS, ROOT } from '../helpers/example.js';
import { hasPngSignature } from '../helpers/png.js';
import { sharedRun } from '../helpers/shared.js';
import { day, xlsx } from '../helpers/workbook.js';

const tempDir = useTempDirs();

/** A project folder whose inputs/ holds the named files of the shipped example. */
function project(files: readonly string[] = readdirSync(EXAMPLE_INPUTS)): { dir: string; outputs: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'inputs'));
  for (const name of files) copyFileSync(join(EXAMPLE_INPUTS, name), join(dir, 'inputs', name));
  return { dir, outputs: join(dir, 'outputs') };
}

describe('tongbao build: charts', () => {
  it('writes an SVG and a PNG for each spec in charts/, and lists them in the manifest; the compiled CLI draws the same bytes in its chart worker', async () => {
    const p = project();
    const r = await runCli(['build'], p.dir);
    expect(r.stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    expect(r.code).toBe(0);
    const names = projectSpecs().map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    const expected = names.flatMap((n) => [`charts/${n}.png`, `charts/${n}.svg`]);
    expect(listFiles(p.outputs).filter((f) => f.startsWith('charts/'))).toEqual(expected.sort());
    for (const n of names) {
      expect(readFileSync(join(p.outputs, 'charts', `${n}.svg`), 'utf8')).toMatch(/^<svg [^>]*width="\d+(\.\d+)?" height="\d+(\.\d+)?"/u);
      expect(hasPngSignature(readFileSync(join(p.outputs, 'charts', `${n}.png`)))).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(p.outputs, 'manifest.json'), 'utf8')) as { outputs: { path: string }[] };
    expect(manifest.outputs.map((o) => o.path)).toEqual(expect.arrayContaining(expected));
    expect(r.stdout.at(-1)).toContain(join('outputs', 'charts', 'audit-coverage.png'));

    // `npm test` compiles dist/ first: the binary (the shared build of the example) draws in
    // its worker thread, this test's build in its own thread: the same bytes.
    expect(existsSync(join(ROOT, 'dist/cli/chart-worker.js'))).toBe(true);
    const compiled = await sharedRun('build');
    expect(compiled.stderrText).not.toMatch(/\n\s+at /u);
    expect(compiled.status).toBe(0);
    expect(listFiles(compiled.outputs).filter((f) => f.startsWith('charts/'))).toEqual(expected.sort());
    for (const file of expected) {
      expect(readFileSync(join(compiled.outputs, file)).equals(readFileSync(join(p.outputs, file))), file).toBe(true);
    }
  }, 60_000);

  it('leaves out, with a warning, a chart whose ledger is not in the inputs; warns about a character of a label no font has, at its cell', async () => {
    const p = project([]);
    // a township whose name has 𠀀 (U+20000, CJK Extension B), which no bundled font has
    const unions = await xlsx([
      {
        name: '基层工会',
        rows: [
          ['基层工会台账'],
          ['工会名称', '所属乡镇', '单位类型', '财务检查日期', '计划审计时间', '审计完成日期'],
          ['甲工会', '城关镇', '企业', day('2024-10-08'), '2025年3月', day('2025-03-20')],
          ['乙工会', '𠀀溪乡', '企业'],
        ],
      },
    ]);
    writeFileSync(join(p.dir, 'inputs', '基层工会台账.xlsx'), unions);
    const r = await runCli(['build', '--as-of', '2025-05-30'], p.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('警告 charts/status-by-category.vl.json：图表需要整改台账的数据，但输入中没有整改台账或台账没有数据行，本次不生成此图表');
    expect(r.stderr.filter((l) => l.includes('U+'))).toEqual([
      expect.stringMatching(
        /^警告 基层工会台账\.xlsx › 基层工会 › B4（所属乡镇）：“𠀀”（U\+20000）图表所用字体 .+ 中没有，图表 coverage-by-township 中这个字会缺失；/u,
      ),
    ]);
    expect(readFileSync(join(p.outputs, 'run-log.md'), 'utf8')).toContain('“𠀀”（U+20000）图表所用字体');
    expect(listFiles(p.outputs).filter((f) => f.startsWith('charts/'))).toEqual([
      'charts/audit-coverage.png',
      'charts/audit-coverage.svg',
      'charts/coverage-by-township.png',
      'charts/coverage-by-township.svg',
    ]);
  }, 60_000);

  it('places a chart in the notice where the template says ::: 图表, in the DOCX as a picture and in the PDF as text', async () => {
    const p = project();
    const template = readFileSync(join(EXAMPLE_INPUTS, 'notice.md'), 'utf8').replace(
      '# 一、组织整改落实情况',
      '::: 图表 audit-coverage 图1 基层工会经费审计进度\n\n# 一、组织整改落实情况',
    );
    writeFileSync(join(p.dir, 'inputs', 'notice.md'), template);
    // a charts/ of the project's own holding that one spec: the only chart drawn
    mkdirSync(join(p.dir, 'inputs', 'charts'));
    copyFileSync(join(ROOT, 'charts', 'audit-coverage.vl.json'), join(p.dir, 'inputs', 'charts', 'audit-coverage.vl.json'));
    const r = await runCli(['build'], p.dir);
    expect(r.stderr.filter((l) => l.startsWith('错误'))).toEqual([]);
    expect(r.code).toBe(0);
    const docx = openDocx(readFileSync(join(p.outputs, 'notice.docx')));
    expect(Object.keys(docx.parts).filter((k) => k.startsWith('word/media/'))).toHaveLength(1);
    expect(elements(docx.xml('word/document.xml'), 'drawing')).toHaveLength(1);
    expect(paragraphs(docx.xml('word/document.xml')).map((x) => x.text)).toContain('图1 基层工会经费审计进度');
    const pdf = await readPdf(readFileSync(join(p.outputs, 'notice.pdf')));
    const text = pdf.pages.flatMap((page) => page.lines.map((l) => l.text));
    expect(text).toEqual(expect.arrayContaining(['基层工会经费审计进度', '全覆盖：60家']));
    // the same chart is also written to outputs/charts/
    expect(listFiles(p.outputs)).toEqual(expect.arrayContaining(['charts/audit-coverage.png', 'charts/audit-coverage.svg']));
  }, 60_000);

  it('check draws and writes nothing', async () => {
    const p = project();
    const r = await runCli(['check'], p.dir);
    expect(r.code).toBe(0);
    expect(listFiles(p.dir).filter((f) => f.startsWith('outputs/'))).toEqual([]);
  });
});
