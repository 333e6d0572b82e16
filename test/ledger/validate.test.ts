import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../pipeline/diagnostics.js';
import { withUnitWords } from '../../pipeline/ledger/cells.js';
import { buildLedger, type SheetReport } from '../../pipeline/ledger/validate.js';
import { dateCell, PROBLEM_HEADER, rawSheet, UNION_HEADER } from '../helpers/workbook.js';

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');
const warnings = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'warning');
const lines = (ds: Diagnostic[]) => ds.map(formatDiagnostic);

/** Every row below the header is used, blank, skipped or rejected — none silently lost. */
function expectAllRowsAccounted(report: SheetReport, rowCount: number) {
  const below = rowCount - (report.headerRow ?? 0);
  expect(report.usedRows + report.blankRows + report.skippedRows.length + report.rejectedRows).toBe(below);
}

describe('buildLedger: the rectification ledger', () => {
  it('reads headers and serials written with spaces, U+3000 and full-width digits', () => {
    const rows = [
      ['整改台账'],
      ['序 号', '反馈问题', '具体 问题', '\u3000整改结果', '整改情况\u3000'],
      ['１', '学习教育', '问题一', '已完成', '措施'],
      ['2.', '学习教育', '问题二', '阶段性完成', '措施'],
      ['3、', '学习教育', '问题三', '\u3000正在整改', '措施'],
    ];
    const { ledger, sheets, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(diagnostics).toEqual([]);
    expect(ledger.problems?.items.map((p) => [p.number, p.status.class])).toEqual([
      [1, 'completed'],
      [2, 'staged'],
      [3, 'notCompleted'],
    ]);
    expect(sheets[0]?.columns.map((c) => c.header)).toEqual(['序 号', '反馈问题', '具体 问题', '整改结果', '整改情况']);
  });

  it('reads synonym headers in another order', () => {
    const rows = [
      ['问题编号', '问题描述', '整改状态', '整改措施', '问题类别', '牵头领导', '责任单位', '具体责任人', '完成时限', '销号时间', '类别简称'],
      [1, '学习不深入', '已销号', '一是……\n二是……', '理论学习', '张三', '办公室', '李四', '2025年6月', '2025-05-06', '学习'],
    ];
    const { ledger, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(diagnostics).toEqual([]);
    expect(ledger.problems?.categories).toEqual([{ name: '理论学习', shortName: '学习' }]);
    expect(ledger.problems?.items[0]).toMatchObject({
      number: 1,
      category: '理论学习',
      text: '学习不深入',
      status: { written: '已销号', class: 'completed' },
      measures: ['一是……', '二是……'],
      leader: '张三',
      department: '办公室',
      person: '李四',
      deadline: { kind: 'date', date: '2025-06-30', written: '2025年6月' },
      completedOn: '2025-05-06',
      shortName: '学习',
      origin: { file: '台账.xlsx', sheet: '整改台账', row: 2 },
    });
  });

  it('reads the canonical column where a synonym column is also present, and lists the synonym as ignored', () => {
    const rows = [
      ['问题编号', '序号', '反馈问题', '具体问题', '整改结果', '整改情况', '整改状态'],
      ['A-1', 7, '类别', '问题', '已完成', '措施', '随便写'],
    ];
    const { ledger, sheets, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(diagnostics).toEqual([]);
    expect(ledger.problems?.items[0]).toMatchObject({ number: 7, status: { written: '已完成' } });
    expect(sheets[0]?.columns.filter((c) => c.ignoredFor)).toEqual([
      { column: 1, header: '问题编号', field: null, ignoredFor: 'number' },
      { column: 7, header: '整改状态', field: null, ignoredFor: 'status' },
    ]);
  });

  it('keeps categories in order of first appearance, carries an empty category down with a warning', () => {
    const rows = [
      PROBLEM_HEADER,
      [1, '乙类', '问题', '完成', '措施'],
      [2, '甲类', '问题', '完成', '措施'],
      [3, null, '问题', '完成', '措施'],
      [4, '乙类', '问题', '完成', '措施'],
    ];
    const { ledger, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(ledger.problems?.categories.map((c) => c.name)).toEqual(['乙类', '甲类']);
    expect(ledger.problems?.items.map((p) => p.category)).toEqual(['乙类', '甲类', '甲类', '乙类']);
    expect(diagnostics.map((d) => [d.rule, d.severity, d.place.row])).toEqual([['category-carried-down', 'warning', 4]]);
  });

  it('reads deadlines: 长期坚持 is long term, 2025年底前 is 31 December', () => {
    const rows = [
      PROBLEM_HEADER,
      [1, '类别', '问题', '持续整改', '措施', '长期坚持'],
      [2, '类别', '问题', '未完成', '措施', '2025年底前'],
      [3, '类别', '问题', '完成', '措施'],
    ];
    const { ledger, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(diagnostics).toEqual([]);
    expect(ledger.problems?.items.map((p) => p.deadline)).toEqual([
      { kind: 'longTerm', written: '长期坚持' },
      { kind: 'date', date: '2025-12-31', written: '2025年底前' },
      null,
    ]);
  });

  it('accounts for every row: used, blank, note lines, rejected', () => {
    const rows = [
      ['某县总工会巡察整改台账'],
      PROBLEM_HEADER,
      [1, '类别', '问题一', '完成', '措施'],
      [],
      [2, '类别', '问题二', '待定', '措施'],
      [3, '类别', '问题三', '完成', '措施'],
      ['合计', null, '3个问题'],
      ['填表人：王五', null, null, '审核：赵六'],
      [null, null, null, null, null, null, null, '这列没有表头'],
    ];
    const { sheets, diagnostics } = buildLedger([rawSheet(rows)]);
    const report = sheets[0] as SheetReport;
    expect(report).toMatchObject({ kind: 'problems', headerRow: 2, usedRows: 2, blankRows: 1, rejectedRows: 1 });
    expect(report.skippedRows.map((s) => s.row)).toEqual([7, 8, 9]);
    expect(report.skippedRows[0]?.reason).toContain('合计');
    expect(report.skippedRows[1]?.reason).toContain('填表人：王五');
    expectAllRowsAccounted(report, rows.length);
    expect(errors(diagnostics).map((d) => [d.rule, d.place.row])).toEqual([['status-unknown', 5]]);
  });

  it('reports a missing required column once, naming it and its synonyms, and reads nothing from that sheet', () => {
    const rows = [['标题'], ['序号', '反馈问题', '具体问题', '整改情况'], [1, '类别', '问题', '措施']];
    const { ledger, sheets, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(lines(diagnostics)).toEqual(['错误 台账.xlsx › 整改台账 › 第2行：缺少必需的列“整改结果”，可用的列名：整改结果、整改状态、完成情况、整改进度']);
    expect(diagnostics[0]).toMatchObject({ rule: 'column-missing', expected: '整改结果' });
    expect(ledger.problems).toBeNull();
    expect(sheets[0]).toMatchObject({ kind: 'problems', usedRows: 0 });
  });

  it('reports an empty 具体问题 and an empty 整改结果 as errors at their cells, an empty 整改情况 as a warning', () => {
    const rows = [
      ['标题'],
      ['序号', '反馈问题', '具体问题', '整改结果', '整改情况'],
      [1, '类别', null, '完成', '措施'],
      [2, '类别', '问题', '  ', '措施'],
      [3, '类别', '问题', '完成', null],
    ];
    const { sheets, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(lines(errors(diagnostics))).toEqual([
      '错误 台账.xlsx › 整改台账 › C3（具体问题）：具体问题不能为空',
      '错误 台账.xlsx › 整改台账 › D4（整改结果）：整改结果不能为空',
    ]);
    expect(warnings(diagnostics).map((d) => [d.rule, formatDiagnostic(d).split('：')[0]])).toEqual([
      ['measures-empty', '警告 台账.xlsx › 整改台账 › E5（整改情况）'],
    ]);
    expect(sheets[0]).toMatchObject({ usedRows: 1, rejectedRows: 2 });
  });

  it('reports an unknown status once, quoting it and listing the accepted words', () => {
    const rows = [
      ['标题'],
      ['序号', '反馈问题', '具体问题', '责任人', '整改状态', '整改情况'],
      [1, '类别', '问题', '张三', '完成', '措施'],
      [2, '类别', '问题', '张三', '待定', '措施'],
    ];
    const { diagnostics } = buildLedger([rawSheet(rows)]);
    expect(diagnostics).toHaveLength(1);
    expect(formatDiagnostic(diagnostics[0] as Diagnostic)).toBe(
      '错误 台账.xlsx › 整改台账 › E4（整改状态）：未知的整改结果“待定”，可填：' +
        '完成、已完成、整改完成、已完成整改、已销号、已整改到位、已整改、完成整改、' +
        '阶段性完成、基本完成、部分完成、取得阶段性成效、持续整改、阶段性完成整改、基本整改到位、长期坚持、' +
        '未完成、正在整改、正在推进整改、整改中、推进中、未整改、正在整改中' +
        '；本单位的其他用语可在通报模板 notice.md 的“状态词”设置中归入已完成、阶段性完成或未完成',
    );
    expect(diagnostics[0]).toMatchObject({ rule: 'status-unknown', actual: '待定' });
  });

  it("takes the unit's own status words in their classes, and lists them among the accepted words", () => {
    const rows = [PROBLEM_HEADER, [1, '类别', '问题一', '已办结', '措施'], [2, '类别', '问题二', '持续整改', '措施'], [3, '类别', '问题三', '待定', '措施']];
    // 持续整改 is built-in staged; this unit counts it as not completed.
    const vocabulary = withUnitWords({ completed: ['已办结'], notCompleted: ['持续整改'] });
    const { ledger, diagnostics } = buildLedger([rawSheet(rows)], vocabulary);
    expect(ledger.problems?.items.map((p) => [p.number, p.status])).toEqual([
      [1, { written: '已办结', class: 'completed' }],
      [2, { written: '持续整改', class: 'notCompleted' }],
    ]);
    expect(diagnostics.map((d) => [d.rule, d.actual])).toEqual([['status-unknown', '待定']]);
    expect(diagnostics[0]?.message).toContain('已办结');
    expect(vocabulary.staged).not.toContain('持续整改');
    // Without the unit's words, 已办结 is refused.
    expect(buildLedger([rawSheet(rows)]).diagnostics.map((d) => d.actual)).toEqual(['已办结', '待定']);
  });

  it('decodes Excel’s escapes before validating: a pasted line break splits the measures, a control character is warned about at its cell', () => {
    const rows = [PROBLEM_HEADER, [1, '类别', '问题_x0001_一', '已完成', '措施一_x000B_措施二']];
    const { ledger, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(ledger.problems?.items[0]).toMatchObject({ text: '问题一', measures: ['措施一', '措施二'] });
    expect(lines(diagnostics)).toEqual(['警告 台账.xlsx › 整改台账 › C2（具体问题）：单元格中有 1 个不可见的控制字符（U+0001），已删去；请检查该单元格的内容']);
  });

  it('reports an unreadable serial once (not also as empty)', () => {
    const { diagnostics } = buildLedger([rawSheet([PROBLEM_HEADER, ['一', '类别', '问题', '完成', '措施']])]);
    expect(diagnostics.map((d) => [d.rule, d.actual])).toEqual([['serial-invalid', '一']]);
  });

  it('reports a duplicate problem number naming both rows', () => {
    const rows = [['标题'], PROBLEM_HEADER, [1, '类别', '问题', '完成', '措施'], [2, '类别', '问题', '完成', '措施'], ['２', '类别', '问题', '完成', '措施']];
    const { diagnostics } = buildLedger([rawSheet(rows)]);
    expect(lines(diagnostics)).toEqual(['错误 台账.xlsx › 整改台账 › A5（序号）：序号 2 重复，已在 台账.xlsx › 整改台账 › 第4行 使用；同一台账中序号不能重复']);
  });

  it('reports a date that cannot be read, quoting it and listing accepted forms', () => {
    const rows = [PROBLEM_HEADER, [1, '类别', '问题', '完成', '措施', '尽快', '五月']];
    const { diagnostics } = buildLedger([rawSheet(rows)]);
    expect(diagnostics.map((d) => [d.rule, d.place.column, d.actual])).toEqual([
      ['date-invalid', 6, '尽快'],
      ['date-invalid', 7, '五月'],
    ]);
    expect(formatDiagnostic(diagnostics[0] as Diagnostic)).toMatch(
      /^错误 台账\.xlsx › 整改台账 › F2（整改时限）：无法识别的整改时限“尽快”，可填：2025年6月30日、.*长期坚持$/,
    );
    expect(formatDiagnostic(diagnostics[1] as Diagnostic)).toMatch(
      /^错误 台账\.xlsx › 整改台账 › G2（完成时间）：无法识别的日期“五月”，可填：2025年6月30日、2025\.6\.30、/,
    );
  });

  it('reports an Excel error value (#N/A, #REF!…) in any ledger column at its cell, without also calling the cell empty', () => {
    const err = (text: string) => ({ kind: 'error' as const, text });
    const rows = [
      [...PROBLEM_HEADER, '责任人'],
      [1, '类别', '问题一', '完成', '措施'],
      [2, err('#REF!'), '问题二', '完成', '措施'],
      [3, '类别', err('#VALUE!'), err('#N/A'), err('#NAME?')],
      [err('#N/A'), '类别', '问题四', '完成', '措施', err('#DIV/0!'), null, err('#NULL!')],
    ];
    const { ledger, sheets, diagnostics } = buildLedger([rawSheet(rows)]);
    // In field order within a row, as every cell diagnostic.
    expect(lines(diagnostics)).toEqual([
      '错误 台账.xlsx › 整改台账 › B3（反馈问题）：单元格是公式错误值“#REF!”，请检查公式',
      '错误 台账.xlsx › 整改台账 › C4（具体问题）：单元格是公式错误值“#VALUE!”，请检查公式',
      '错误 台账.xlsx › 整改台账 › D4（整改结果）：单元格是公式错误值“#N/A”，请检查公式',
      '错误 台账.xlsx › 整改台账 › E4（整改情况）：单元格是公式错误值“#NAME?”，请检查公式',
      '错误 台账.xlsx › 整改台账 › A5（序号）：单元格是公式错误值“#N/A”，请检查公式',
      '错误 台账.xlsx › 整改台账 › H5（责任人）：单元格是公式错误值“#NULL!”，请检查公式',
      '错误 台账.xlsx › 整改台账 › F5（整改时限）：单元格是公式错误值“#DIV/0!”，请检查公式',
    ]);
    expect(diagnostics[0]).toMatchObject({ rule: 'cell-formula-error', actual: '#REF!' });
    expect(ledger.problems?.items.map((p) => p.number)).toEqual([1]);
    expect(sheets[0]).toMatchObject({ usedRows: 1, rejectedRows: 3 });
  });

  it('reports an Excel error value in the union ledger, not as an empty township', () => {
    const rows = [UNION_HEADER, ['甲工会', { kind: 'error' as const, text: '#N/A' }, '企业', { kind: 'error' as const, text: '#VALUE!' }]];
    const { diagnostics } = buildLedger([rawSheet(rows, { sheet: '工会' })]);
    expect(diagnostics.map((d) => [d.rule, d.severity, formatDiagnostic(d).split('：')[0], d.actual])).toEqual([
      ['cell-formula-error', 'error', '错误 台账.xlsx › 工会 › B2（所属乡镇）', '#N/A'],
      ['cell-formula-error', 'error', '错误 台账.xlsx › 工会 › D2（财务检查日期）', '#VALUE!'],
    ]);
  });

  it('reads a category beginning with 注 or 说明 in a row with an empty 序号 as a data row (and reports the 序号)', () => {
    const rows = [
      PROBLEM_HEADER,
      [1, '学习教育', '问题一', '完成', '措施'],
      [null, '注重形式轻实效', '问题二', '完成', '措施'],
      [null, '说明会议记录不全', '问题三', '完成', '措施'],
      [null, '审核把关不严', '问题四', '完成', '措施'],
      [null, '注', '问题五', '完成', '措施'],
    ];
    const { sheets, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(errors(diagnostics).map((d) => [d.rule, formatDiagnostic(d).split('：')[0]])).toEqual([
      ['cell-empty', '错误 台账.xlsx › 整改台账 › A3（序号）'],
      ['cell-empty', '错误 台账.xlsx › 整改台账 › A4（序号）'],
      ['cell-empty', '错误 台账.xlsx › 整改台账 › A5（序号）'],
    ]);
    // A lone 注 is a note label, as before.
    expect(sheets[0]?.skippedRows.map((s) => s.row)).toEqual([6]);
  });

  it('still skips note, signature and total lines under the table', () => {
    const notes = [
      '注：本表由各部室填报',
      '注:本表由各部室填报',
      '注1.整改状态填完成',
      '注１：整改状态填完成',
      '注（1）整改状态填完成',
      '注',
      '说明：本表截至5月底',
      '说 明：本表截至5月底',
      '备注本表截至5月底',
      '填表说明',
      '填报说明：略',
      '制表：张三',
      '填表人：王五',
      '填报人王五',
      '审核人：赵六',
      '审核：赵六',
      '负责人：李四',
      '联系人：王五',
      '联系电话：123',
      '合计',
      '小计：3',
      '总计3个问题',
    ];
    const rows = [PROBLEM_HEADER, [1, '类别', '问题一', '完成', '措施'], ...notes.map((n) => [n, null, '3个问题'])];
    const { sheets, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(diagnostics).toEqual([]);
    expect(sheets[0]?.skippedRows.map((s) => s.row)).toEqual(notes.map((_, i) => i + 3));
    expectAllRowsAccounted(sheets[0] as SheetReport, rows.length);
  });

  it('reports that no sheet is recognised, naming the files', () => {
    const { ledger, sheets, diagnostics } = buildLedger([
      rawSheet([['说明'], ['本表……']], { file: 'a.xlsx', sheet: '说明' }),
      rawSheet([['x', 'y']], { file: 'b.csv', sheet: null }),
    ]);
    expect(sheets.map((s) => s.kind)).toEqual(['unrecognised', 'unrecognised']);
    expect(diagnostics.map((d) => [d.rule, d.place.file])).toEqual([['no-ledger-sheet', 'a.xlsx、b.csv']]);
    expect(ledger).toEqual({ problems: null, immediate: null, unions: null });
  });
});

describe('buildLedger: 立行立改', () => {
  it('reads a sheet named 立行立改 as its own ledger with its own numbering and no category', () => {
    const problems = rawSheet([PROBLEM_HEADER, [1, '类别', '问题一', '完成', '措施'], [2, '类别', '问题二', '部分完成', '措施']]);
    const immediate = rawSheet(
      [
        ['立行立改问题清单'],
        ['序号', '具体问题', '整改结果', '整改情况', '完成时间'],
        [1, '当场整改一', '已完成', '措施', dateCell('2024-11-20')],
        [2, '当场整改二', '已完成', '措施', null],
      ],
      { sheet: '立行立改' },
    );
    const { ledger, sheets, diagnostics } = buildLedger([problems, immediate]);
    expect(diagnostics).toEqual([]);
    expect(sheets.map((s) => s.kind)).toEqual(['problems', 'immediate']);
    expect(ledger.problems?.items.map((p) => p.number)).toEqual([1, 2]);
    expect(ledger.immediate?.items.map((p) => [p.number, p.category, p.completedOn])).toEqual([
      [1, null, '2024-11-20'],
      [2, null, null],
    ]);
  });

  it('takes rows whose 问题来源 says 立行立改 out of the rectification ledger, numbered on their own', () => {
    const rows = [
      [...PROBLEM_HEADER, '问题来源'],
      [1, '类别', '问题一', '完成', '措施', null, null, '巡察反馈'],
      [2, '类别', '问题二', '完成', '措施', null, null, null],
      [1, null, '立改一', '已完成', '措施', null, null, '立行 立改'],
      [2, '类别', '立改二', '已完成', '措施', null, null, '巡察期间立行立改'],
    ];
    const { ledger, diagnostics } = buildLedger([rawSheet(rows)]);
    expect(errors(diagnostics)).toEqual([]);
    expect(ledger.problems?.items.map((p) => p.text)).toEqual(['问题一', '问题二']);
    expect(ledger.immediate?.items.map((p) => [p.number, p.text])).toEqual([
      [1, '立改一'],
      [2, '立改二'],
    ]);
  });

  it('still catches duplicate numbers inside the 立行立改 ledger', () => {
    const immediate = rawSheet(
      [
        ['序号', '具体问题', '整改结果', '整改情况'],
        [1, '一', '完成', '措施'],
        [1, '二', '完成', '措施'],
      ],
      { sheet: '立行立改' },
    );
    const { diagnostics } = buildLedger([immediate]);
    expect(diagnostics.map((d) => [d.rule, d.place.row])).toEqual([['serial-duplicate', 3]]);
  });
});

describe('buildLedger: the grassroots-union ledger', () => {
  it('reads names, groups, dates in several forms and counts', () => {
    const rows = [
      ['基层工会财务检查和审计台账'],
      ['序号', '基层工会名称', '乡镇', '单位性质', '会员数', '检查日期', '审计计划', '审计日期', '发现问题数'],
      [1, '县教育局机关工会', '双江镇', '机关', 35, dateCell('2024-10-15'), '2025年9月', '2025.9.20', 2],
      [2, '县人民医院工会', '双江镇', '医院', '120人', null, 45930, null, null],
      [3, '播阳镇工会联合会', '播阳镇', '联合会', null, '2024年11月8日', null, null, null],
      [],
      ['注：示例数据'],
    ];
    const { ledger, sheets, diagnostics } = buildLedger([rawSheet(rows, { file: '工会.xlsx', sheet: '基层工会' })]);
    expect(diagnostics).toEqual([]);
    expect(sheets[0]).toMatchObject({ kind: 'unions', headerRow: 2, usedRows: 3, blankRows: 1 });
    expect(sheets[0]?.skippedRows.map((s) => s.row)).toEqual([7]);
    expect(ledger.unions?.items.map((u) => [u.name, u.township, u.type, u.members, u.checkedOn, u.plannedAudit, u.auditedOn, u.findings])).toEqual([
      ['县教育局机关工会', '双江镇', '机关', 35, '2024-10-15', '2025-09-30', '2025-09-20', 2],
      ['县人民医院工会', '双江镇', '医院', 120, null, '2025-09-30', null, null],
      ['播阳镇工会联合会', '播阳镇', '联合会', null, '2024-11-08', null, null, null],
    ]);
    expect(ledger.problems).toBeNull();
    expect(ledger.immediate).toBeNull();
  });

  it('files an empty township under （未填） with a warning, and rejects a duplicate name', () => {
    const rows = [UNION_HEADER, ['甲工会', null, '企业'], ['甲 工会', '乙镇', '企业']];
    const { ledger, diagnostics } = buildLedger([rawSheet(rows, { sheet: '工会' })]);
    expect(ledger.unions?.items.map((u) => [u.name, u.township])).toEqual([['甲工会', '（未填）']]);
    expect(diagnostics.map((d) => [d.rule, d.severity, d.place.row])).toEqual([
      ['cell-empty', 'warning', 2],
      ['union-duplicate', 'error', 3],
    ]);
    expect(formatDiagnostic(diagnostics[1] as Diagnostic)).toContain('已在 台账.xlsx › 工会 › 第2行 出现');
  });
});
