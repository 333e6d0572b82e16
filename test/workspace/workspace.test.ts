/**
 * What `tongbao init` puts in a workspace, before any file is written: the blank ledgers (read
 * back with exceljs and with tongbao's own reader) and the templates derived from the example's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { unfilledMarkers } from '../../pipeline/compose/markers.js';
import { NO_FRAME } from '../../pipeline/compose/frame.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import { PROBLEM_FIELDS, STATUS_VOCABULARY, UNION_FIELDS } from '../../pipeline/ledger/schema.js';
import { buildLedger } from '../../pipeline/ledger/validate.js';
import { readXlsx } from '../../pipeline/read/xlsx.js';
import { displayColumns } from '../../pipeline/text/width.js';
import { blankLedgers, IMMEDIATE_SHEET, PROBLEM_SHEET, UNION_SHEET, UNION_TYPES } from '../../pipeline/workspace/ledgers.js';
import { blankTemplate, EXAMPLE_NAMES, NOTICE_SKELETON, quarterlyWithoutUnions } from '../../pipeline/workspace/templates.js';
import { EXAMPLE_INPUTS } from '../helpers/example.js';

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

const ledgers = await blankLedgers();
const bytesOf = (name: string) => (ledgers.find((l) => l.name === name) as { bytes: Uint8Array }).bytes;

describe('blank ledgers', () => {
  it('are the same bytes on every run', async () => {
    const again = await blankLedgers();
    expect(again.map((l) => l.name)).toEqual(['整改台账.xlsx', '基层工会台账.xlsx']);
    for (const [i, l] of again.entries()) expect(Buffer.compare(Buffer.from(l.bytes), Buffer.from((ledgers[i] as { bytes: Uint8Array }).bytes))).toBe(0);
  });

  it('have a merged title row, the canonical headers in row 2, frozen below them, and widths that fit', async () => {
    const problems = await workbook(bytesOf('整改台账.xlsx'));
    const unions = await workbook(bytesOf('基层工会台账.xlsx'));
    expect(problems.worksheets.map((ws) => ws.name)).toEqual(['整改台账', '立行立改', '填表说明']);
    expect(unions.worksheets.map((ws) => ws.name)).toEqual(['基层工会', '填表说明']);
    const sheets = [
      [problems.getWorksheet('整改台账'), PROBLEM_SHEET],
      [problems.getWorksheet('立行立改'), IMMEDIATE_SHEET],
      [unions.getWorksheet('基层工会'), UNION_SHEET],
    ] as const;
    for (const [ws, plan] of sheets) {
      if (!ws) throw new Error('missing sheet');
      const headers = plan.columns.map((c) => c.spec.header);
      expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(headers);
      expect(ws.getCell(1, 1).value).toBe(plan.title);
      expect(ws.model.merges).toContain(`A1:${String.fromCharCode(64 + headers.length)}1`);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      for (const [i, h] of headers.entries()) expect(ws.getColumn(i + 1).width ?? 0).toBeGreaterThanOrEqual(displayColumns(h) + 2);
    }
    // Every required column of the contract is there.
    const problemHeaders = PROBLEM_SHEET.columns.map((c) => c.spec.header);
    for (const f of Object.values(PROBLEM_FIELDS).filter((f) => f.required)) expect(problemHeaders).toContain(f.header);
    const unionHeaders = UNION_SHEET.columns.map((c) => c.spec.header);
    for (const f of Object.values(UNION_FIELDS)) expect(unionHeaders).toContain(f.header);
  });

  it('carry dropdowns: 整改结果 the status vocabulary (another word asks first, pointing to 状态词), 单位类型 suggestions', async () => {
    const problems = await workbook(bytesOf('整改台账.xlsx'));
    const unions = await workbook(bytesOf('基层工会台账.xlsx'));
    const statusWords = Object.values(STATUS_VOCABULARY).flat();
    for (const name of ['整改台账', '立行立改']) {
      const ws = problems.getWorksheet(name) as ExcelJS.Worksheet;
      const col = (ws.getRow(2).values as unknown[]).indexOf('整改结果');
      for (const row of [3, 500, 1002]) {
        expect(ws.getCell(row, col).dataValidation).toMatchObject({
          type: 'list',
          allowBlank: true,
          showErrorMessage: true,
          errorStyle: 'warning',
          error: expect.stringContaining('“状态词”'),
          formulae: [`"${statusWords.join(',')}"`],
        });
      }
      expect(ws.getCell(1003, col).dataValidation).toBeUndefined();
    }
    const ws = unions.getWorksheet('基层工会') as ExcelJS.Worksheet;
    const typeCol = (ws.getRow(2).values as unknown[]).indexOf('单位类型');
    expect(ws.getCell(3, typeCol).dataValidation).toMatchObject({ type: 'list', formulae: [`"${UNION_TYPES.join(',')}"`] });
    expect(ws.getCell(3, typeCol).dataValidation.showErrorMessage).toBeFalsy();
  });

  it('format date columns as dates, 计划审计时间 as text (a typed month stays a month)', async () => {
    const problems = await workbook(bytesOf('整改台账.xlsx'));
    const unions = await workbook(bytesOf('基层工会台账.xlsx'));
    const formatOf = (ws: ExcelJS.Worksheet, header: string) => ws.getColumn((ws.getRow(2).values as unknown[]).indexOf(header)).numFmt;
    const p = problems.getWorksheet('整改台账') as ExcelJS.Worksheet;
    expect(formatOf(p, '完成时间')).toBe('yyyy"年"m"月"d"日"');
    expect(formatOf(p, '整改时限')).toBe('yyyy"年"m"月"d"日"');
    const u = unions.getWorksheet('基层工会') as ExcelJS.Worksheet;
    expect(formatOf(u, '财务检查日期')).toBe('yyyy"年"m"月"d"日"');
    expect(formatOf(u, '审计完成日期')).toBe('yyyy"年"m"月"d"日"');
    expect(formatOf(u, '计划审计时间')).toBe('@');
  });

  it('are read by tongbao as empty ledgers; the 填表说明 sheets, which explain every column, are skipped', async () => {
    const sheets = [];
    for (const l of ledgers) sheets.push(...(await readXlsx(l.name, l.bytes)).sheets);
    const result = buildLedger(sheets);
    expect(result.diagnostics).toEqual([]);
    expect(result.sheets.map((s) => [s.file, s.sheet, s.kind])).toEqual([
      ['整改台账.xlsx', '整改台账', 'problems'],
      ['整改台账.xlsx', '立行立改', 'immediate'],
      ['整改台账.xlsx', '填表说明', 'unrecognised'],
      ['基层工会台账.xlsx', '基层工会', 'unions'],
      ['基层工会台账.xlsx', '填表说明', 'unrecognised'],
    ]);
    expect(result.ledger.problems?.items).toEqual([]);
    expect(result.ledger.unions?.items).toEqual([]);
    const notes = (await workbook(bytesOf('整改台账.xlsx'))).getWorksheet('填表说明') as ExcelJS.Worksheet;
    const text = (notes.getColumn(1).values as unknown[]).filter((v) => typeof v === 'string').join('\n');
    for (const c of [...PROBLEM_SHEET.columns, ...IMMEDIATE_SHEET.columns]) expect(text).toMatch(new RegExp(`^${c.spec.header}（[必选]填）：`, 'mu'));
    for (const word of Object.values(STATUS_VOCABULARY).flat()) expect(text).toContain(`“${word}”`);
    // What to do once filled in works where staff are: the page, or node with the tool's path; no bare tongbao or npx.
    expect(text).toContain('双击通报助手');
    expect(text).toContain('node <tongbao 所在文件夹>/bin/tongbao.js check --inputs 本文件夹');
    expect(text).not.toMatch(/npx|运行 tongbao/u);
  });
});

describe('blank templates', () => {
  for (const name of ['notice.md', 'quarterly.md']) {
    const source = readFileSync(join(EXAMPLE_INPUTS, name), 'utf8');
    const blank = blankTemplate(source);

    it(`${name}: none of the example's names or setting values remain; markers stand in`, () => {
      for (const exampleName of EXAMPLE_NAMES) expect(blank).not.toContain(exampleName);
      expect(blank).toMatch(/^发文机关: 【发文机关】$/mu);
      expect(blank).not.toMatch(/^[^#\s].*: .*\d{4}-\d{2}-\d{2}/mu);
      expect(unfilledMarkers(name, blank).length).toBeGreaterThan(0);
    });

    it(`${name}: keeps the example's placeholders, directives and headings, and reads without errors`, () => {
      const pick = (text: string) => text.split('\n').flatMap((l) => [...l.matchAll(/\{\{[^}]+\}\}|^:::.*$|^#{1,4} .*$/gu)].map((m) => m[0]));
      const body = (text: string) => text.slice(text.indexOf('\n---', 4));
      expect(pick(body(blank))).toEqual(pick(body(source)).map((l) => l.replace(/通道侗族自治县总工会/gu, '【单位名称】')));
      const { template, diagnostics } = parseTemplate(name, blank);
      expect(diagnostics).toEqual([]);
      expect(readSettings(template).diagnostics).toEqual([]);
    });
  }

  it('notice.md: every date setting is a marker, and the number separator is the standard 、', () => {
    const blank = blankTemplate(readFileSync(join(EXAMPLE_INPUTS, 'notice.md'), 'utf8'));
    for (const key of ['巡察开始日期', '巡察结束日期', '反馈日期', '成文日期', '巡察组']) expect(blank).toContain(`\n${key}: 【${key}】\n`);
    expect(blank).toContain('\n问题序号分隔符: "、"\n');
  });

  it('init’s notice.md lists every 公文 frame setting, commented out; each, uncommented and filled in, reads without errors', () => {
    const read = (text: string) => readSettings(parseTemplate('notice.md', text).template);
    expect(read(NOTICE_SKELETON).settings.frame).toEqual(NO_FRAME);
    const frameLine = /^# ( *)(份号|密级|保密期限|紧急程度|发文机关标志|发文字号|主送机关|附件|加盖印章|附注|抄送|印发机关|印发日期|- 【附件名称】)(.*)$/u;
    const commented = NOTICE_SKELETON.split('\n').filter((l) => frameLine.test(l));
    expect(commented.length).toBe(14);
    // the frame's lines uncommented, their markers filled in; the rest of the skeleton as it is
    const fill = (line: string) =>
      line
        .replace(/^# /u, '')
        .replace('【印发日期】', '2025-05-30')
        .replace('【机关代字】', '通工党')
        .replace(/【([^】]+)】/gu, '某$1');
    const filled = NOTICE_SKELETON.split('\n')
      .map((l) => (frameLine.test(l) ? fill(l) : l))
      .join('\n');
    const { settings, diagnostics } = read(filled);
    expect(diagnostics).toEqual([]);
    expect(settings.frame).toEqual({
      copyNumber: '000001',
      secrecy: '秘密★1年',
      urgency: '加急',
      mark: '某发文机关文件',
      docNumber: '通工党〔2025〕1号',
      recipients: '某主送机关：',
      attachments: ['某附件名称'],
      copyTo: '某抄送机关。',
      printer: '某印发机关',
      printDate: '2025-05-30',
      sealed: true,
      note: '（此件公开发布）',
    });
  });

  it('init --no-unions: quarterly.md keeps the settings and reports the rectification only, with no union figure, table or chart', () => {
    const blank = blankTemplate(readFileSync(join(EXAMPLE_INPUTS, 'quarterly.md'), 'utf8'));
    const without = quarterlyWithoutUnions(blank);
    const settingsOf = (text: string) => text.slice(0, text.indexOf('\n---', 4));
    expect(settingsOf(without)).toBe(settingsOf(blank).replace('整改及经费审计工作统计报告', '整改工作统计报告'));
    const { template, diagnostics } = parseTemplate('quarterly.md', without);
    expect(diagnostics).toEqual([]);
    expect(readSettings(template).diagnostics).toEqual([]);
    const body = without.slice(without.indexOf('\n---', 4));
    for (const unionPart of ['工会', '审计', '乡镇覆盖表', '类型覆盖表', 'audit-coverage']) expect(body).not.toContain(unionPart);
    expect(body).toContain('::: 方面统计表');
    expect(body).toContain('::: 图表 status-by-category');
    expect(unfilledMarkers('quarterly.md', without).length).toBeGreaterThan(0);
  });
});
