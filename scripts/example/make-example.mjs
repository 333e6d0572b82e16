#!/usr/bin/env node
// Writes the shipped example ledgers inputs/整改台账.xlsx and inputs/基层工会台账.xlsx from
// scripts/example/data.mjs. Run from anywhere: node scripts/example/make-example.mjs
//
// The output is byte-for-byte reproducible: fixed workbook metadata, and a fixed timestamp
// for the entries of the zip container (see pinZipDates below).

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { categories, problems, problemsTitle, problemsNote, immediate, immediateTitle, unions, unionsTitle, unionsNote } from './data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const inputsDir = path.join(root, 'inputs');
const FIXED_DATE = new Date(Date.UTC(2025, 4, 30));
const DATE_FMT = 'yyyy"年"m"月"d"日"';

// exceljs zips the workbook with JSZip, which stamps every entry with the current time; pin
// JSZip's default entry date (resolved through exceljs, so it is the same JSZip instance).
function pinZipDates() {
  const requireFromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
  requireFromExceljs('jszip/lib/defaults').date = FIXED_DATE;
}

/** 'YYYY-MM-DD' -> Date at UTC midnight, so the stored serial is exactly that day. */
function day(iso) {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`bad date ${iso}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

// ---------------------------------------------------------------------------------------
// styling helpers

const FONT = { name: '宋体', size: 11 };
const THIN = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

function newWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tongbao example';
  wb.lastModifiedBy = 'tongbao example';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

/** Approximate display width of a string in Excel column units (CJK ≈ 2). */
function textWidth(s) {
  let w = 0;
  for (const ch of String(s)) w += ch.codePointAt(0) >= 0x2e80 ? 2 : 1.1;
  return w;
}

/** Row height that shows all wrapped text of the given [text, columnWidth] pairs. */
function fitHeight(pairs, lineHeight = 14.5) {
  let lines = 1;
  for (const [text, width] of pairs) {
    if (text == null || text === '') continue;
    lines = Math.max(lines, Math.ceil(textWidth(text) / Math.max(1, width - 1.5)));
  }
  return Math.max(20, lines * lineHeight + 6);
}

/**
 * A ledger sheet: title row merged across, header row, data rows with borders.
 * columns: [{ header, key, width, align?, date? }]; rows: objects keyed by column key.
 * Returns the worksheet and the row number of the first data row.
 */
function ledgerSheet(wb, name, title, columns, rows) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: '1:2',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const n = columns.length;

  const titleRow = ws.getRow(1);
  titleRow.getCell(1).value = title;
  titleRow.getCell(1).font = { name: '宋体', size: 16, bold: true };
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  titleRow.height = 36;
  ws.mergeCells(1, 1, 1, n);

  const headerRow = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.header;
    cell.font = { ...FONT, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = HEADER_FILL;
  });
  headerRow.height = 30;

  rows.forEach((r, k) => {
    const row = ws.getRow(3 + k);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      let v = r[c.key];
      if (c.date) v = day(v);
      if (v !== '' && v != null) cell.value = v;
      if (c.date) cell.numFmt = DATE_FMT;
      cell.font = FONT;
      cell.border = BORDER;
      cell.alignment = { horizontal: c.align ?? 'left', vertical: 'middle', wrapText: true };
    });
    row.height = fitHeight(columns.filter((c) => !c.noFit).map((c) => [r[c.key], c.width]));
  });
  return { ws, firstDataRow: 3 };
}

/** A note below the data: one blank row, then one cell merged across the table. */
function noteRow(ws, afterRow, n, text) {
  const r = afterRow + 2;
  const cell = ws.getCell(r, 1);
  cell.value = text;
  cell.font = FONT;
  cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  const width = ws.columns.reduce((s, c) => s + (c.width ?? 9), 0);
  ws.getRow(r).height = fitHeight([[text, width]]);
  ws.mergeCells(r, 1, r, n);
}

/** A free-text sheet (说明): one paragraph per row, in column A only — no table header. */
function textSheet(wb, name, paragraphs) {
  const ws = wb.addWorksheet(name);
  ws.getColumn(1).width = 110;
  paragraphs.forEach((p, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = p;
    const heading = i === 0;
    cell.font = heading ? { name: '宋体', size: 14, bold: true } : FONT;
    cell.alignment = { vertical: 'top', wrapText: true };
    ws.getRow(i + 1).height = heading ? 28 : fitHeight([[p, 110]], 15);
  });
  return ws;
}

// ---------------------------------------------------------------------------------------
// 整改台账.xlsx

function checkData() {
  if (problems.length !== 44) throw new Error('expected 44 problems');
  problems.forEach((p, i) => {
    if (p.no !== i + 1) throw new Error(`problem ${i + 1} out of order`);
    if (!categories[p.category - 1]) throw new Error(`problem ${p.no}: unknown category`);
    if (i > 0 && p.category < problems[i - 1].category) throw new Error(`problem ${p.no}: categories not contiguous`);
  });
  if (new Set(unions.map((u) => u.name)).size !== unions.length) throw new Error('duplicate union name');
}

function rectificationWorkbook() {
  const wb = newWorkbook();

  const columns = [
    { header: '序号', key: 'no', width: 6, align: 'center' },
    { header: '反馈问题', key: 'category', width: 26, noFit: true },
    { header: '简称', key: 'short', width: 10, align: 'center', noFit: true },
    { header: '具体问题', key: 'problem', width: 30 },
    { header: '整改结果', key: 'status', width: 11, align: 'center' },
    { header: '整改情况', key: 'measures', width: 72 },
    { header: '责任领导', key: 'leader', width: 12, align: 'center' },
    { header: '责任部室', key: 'department', width: 12, align: 'center' },
    { header: '责任人', key: 'owner', width: 14, align: 'center' },
    { header: '整改时限', key: 'deadline', width: 12, align: 'center' },
    { header: '完成时间', key: 'completed', width: 16, align: 'center', date: true },
  ];
  const rows = problems.map((p) => ({
    ...p,
    category: categories[p.category - 1].name,
    short: categories[p.category - 1].short,
  }));
  const { ws, firstDataRow } = ledgerSheet(wb, '整改台账', problemsTitle, columns, rows);

  // Vertically merge 反馈问题 (B) and 简称 (C) over each run of one category.
  let start = 0;
  for (let i = 1; i <= problems.length; i++) {
    if (i < problems.length && problems[i].category === problems[start].category) continue;
    const top = firstDataRow + start;
    const bottom = firstDataRow + i - 1;
    // a one-problem category must still show its whole name
    if (top === bottom) {
      const row = ws.getRow(top);
      row.height = Math.max(row.height, fitHeight([[rows[start].category, 26]]));
    }
    ws.getCell(top, 2).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    ws.getCell(top, 3).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (bottom > top) {
      ws.mergeCells(top, 2, bottom, 2);
      ws.mergeCells(top, 3, bottom, 3);
    }
    start = i;
  }
  noteRow(ws, firstDataRow + problems.length - 1, columns.length, problemsNote);

  const imm = ledgerSheet(
    wb,
    '立行立改',
    immediateTitle,
    [
      { header: '序号', key: 'no', width: 6, align: 'center' },
      { header: '具体问题', key: 'problem', width: 44 },
      { header: '整改结果', key: 'status', width: 11, align: 'center' },
      { header: '整改情况', key: 'measures', width: 64 },
      { header: '完成时间', key: 'completed', width: 16, align: 'center', date: true },
    ],
    immediate,
  );
  noteRow(
    imm.ws,
    imm.firstDataRow + immediate.length - 1,
    5,
    '注：通报只公布了立行立改问题的数量（12个，已全部完成整改），本表问题内容、整改情况和完成时间均为示例数据。',
  );

  textSheet(wb, '说明', [
    '示例数据说明',
    '本工作簿是 tongbao 随附的示例输入，用于复现《中共通道侗族自治县总工会党组关于巡察整改进展情况的通报》（2025年5月30日印发，2025年6月6日在网上发布）。配套的基层工会数据在“基层工会台账.xlsx”中。',
    '“整改台账”工作表每行一个巡察反馈问题，共14个方面44个具体问题，按问题序号排列；问题类别（反馈问题）在同一类别的各行上合并单元格。问题类别、具体问题、整改结果、整改情况和整改时限照录通报原文，网页转载时被改成半角的标点已恢复为全角；第（五）个方面标题中多余的空格已删去，第（十二）个方面的标题原文没有“反馈问题”字样，照录其标题文字。',
    '简称、责任领导、责任部室、责任人、完成时间为示例数据，仅用于演示本工具（例如按季度统计完成情况和绘制图表），不代表真实情况。',
    '“立行立改”工作表列出巡察期间移交的立行立改问题。通报只公布了数量（12个，已全部完成整改），表中问题内容、整改情况和完成时间均为示例数据。',
    '整改结果按台账原样写入通报，并按以下用语归类：已完成类为“完成”“已完成”“整改完成”“已完成整改”“已销号”；阶段性完成类为“阶段性完成”“基本完成”“部分完成”“取得阶段性成效”“持续整改”；未完成类为“未完成”“正在整改”“正在推进整改”“整改中”“推进中”“未整改”。使用其他用语会被判为错误。',
    '整改时限可以填写日期、“2025年底前”这样的年底期限（按当年12月31日计），或“长期坚持”；完成时间填写问题实际完成整改（销号）的日期。',
    '本文件由 scripts/example/make-example.mjs 根据 scripts/example/data.mjs 生成，请修改数据后重新生成，不要直接编辑本文件。',
  ]);
  return wb;
}

// ---------------------------------------------------------------------------------------
// 基层工会台账.xlsx

function unionWorkbook() {
  const wb = newWorkbook();
  const columns = [
    { header: '序号', key: 'no', width: 6, align: 'center' },
    { header: '工会名称', key: 'name', width: 36 },
    { header: '所属乡镇', key: 'township', width: 14, align: 'center' },
    { header: '单位类型', key: 'type', width: 10, align: 'center' },
    { header: '会员人数', key: 'members', width: 10, align: 'center' },
    { header: '财务检查日期', key: 'checked', width: 17, align: 'center', date: true },
    { header: '计划审计时间', key: 'planned', width: 14, align: 'center' },
    { header: '审计完成日期', key: 'audited', width: 17, align: 'center', date: true },
    { header: '审计发现问题数', key: 'findings', width: 15, align: 'center' },
  ];
  const { ws, firstDataRow } = ledgerSheet(wb, '基层工会', unionsTitle, columns, unions);
  noteRow(ws, firstDataRow + unions.length - 1, columns.length, unionsNote);

  textSheet(wb, '说明', [
    '示例数据说明',
    '本工作簿是 tongbao 随附的示例输入，与“整改台账.xlsx”一起复现2025年5月30日的《中共通道侗族自治县总工会党组关于巡察整改进展情况的通报》。',
    `“基层工会”工作表每行一个基层工会，共${unions.length}家。通报第14个问题的整改情况写明：2024年10月份对全县30家基层工会进行了财务监督检查；从2025年6月开始，通过购买服务的方式对60家基层工会进行经费审计，两年之内实现全覆盖。表中数据按此构造：${unions.filter((u) => u.checked.startsWith('2024-10')).length}家有2024年10月的财务检查日期，${unions.filter((u) => u.planned).length}家的计划审计时间分布在2025年6月至2027年5月。`,
    '工会名称、所属乡镇、单位类型、会员人数、各日期和审计发现问题数均为示例数据，不代表真实的工会及其检查、审计结果。',
    '财务检查日期和审计完成日期是日期单元格；计划审计时间按台账习惯写成“2025年6月”这样的月份文字，按该月最后一天计。',
    `截至通报日期（2025年5月30日）尚无完成审计的工会；表中有${unions.filter((u) => u.audited).length}家的审计完成日期在2025年7月至12月之间，用于演示以后各期的统计。`,
    '本文件由 scripts/example/make-example.mjs 根据 scripts/example/data.mjs 生成，请修改数据后重新生成，不要直接编辑本文件。',
  ]);
  return wb;
}

// ---------------------------------------------------------------------------------------

async function main() {
  checkData();
  pinZipDates();
  mkdirSync(inputsDir, { recursive: true });
  const outputs = [
    ['整改台账.xlsx', rectificationWorkbook()],
    ['基层工会台账.xlsx', unionWorkbook()],
  ];
  for (const [file, wb] of outputs) {
    const target = path.join(inputsDir, file);
    await wb.xlsx.writeFile(target);
    console.log(`wrote ${path.relative(root, target)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
