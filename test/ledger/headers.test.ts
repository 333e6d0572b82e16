import { describe, expect, it } from 'vitest';
import { mapColumns, detectSheet } from '../../pipeline/ledger/detect.js';
import { matchField, normalizeWord } from '../../pipeline/ledger/headers.js';
import { PROBLEM_FIELDS, UNION_FIELDS } from '../../pipeline/ledger/schema.js';
import { rawSheet } from '../helpers/workbook.js';

describe('normalizeWord', () => {
  it('removes ASCII spaces, U+3000, NBSP, line breaks and zero-width characters, and folds width', () => {
    expect(normalizeWord('序 号')).toBe('序号');
    expect(normalizeWord('\u3000整改结果')).toBe('整改结果');
    expect(normalizeWord('整改\n情况\u00a0')).toBe('整改情况');
    expect(normalizeWord('\ufeff序\u200b号')).toBe('序号');
    expect(normalizeWord('１２')).toBe('12');
    expect(normalizeWord('（年月日）')).toBe('(年月日)');
  });
});

describe('matchField', () => {
  it.each([
    ['序号', 'number', true],
    ['序 号', 'number', true],
    ['\u3000序\u3000号\u3000', 'number', true],
    ['\u3000整改结果', 'status', true],
    ['问题编号', 'number', false],
    ['问题描述', 'text', false],
    ['整改状态', 'status', false],
    ['整改措施', 'measures', false],
    ['问题类别', 'category', false],
    ['完成时间（年月日）', 'completedOn', true],
    ['完成时间(年月日)', 'completedOn', true],
    ['*序号', 'number', true],
    ['整改\n时限', 'deadline', true],
  ] as const)('%j is %s (canonical: %s)', (header, field, canonical) => {
    expect(matchField(PROBLEM_FIELDS, header)).toEqual({ field, canonical });
  });

  it('does not match words that merely contain a header', () => {
    expect(matchField(PROBLEM_FIELDS, '备注')).toBeNull();
    expect(matchField(PROBLEM_FIELDS, '序号说明')).toBeNull();
    expect(matchField(PROBLEM_FIELDS, '')).toBeNull();
    expect(matchField(PROBLEM_FIELDS, '　')).toBeNull();
  });

  it('matches the union ledger headers and their synonyms', () => {
    expect(matchField(UNION_FIELDS, '基层工会名称')).toEqual({ field: 'name', canonical: false });
    expect(matchField(UNION_FIELDS, '监督检查日期')).toEqual({ field: 'checkedOn', canonical: false });
    expect(matchField(UNION_FIELDS, '计划审计时间')).toEqual({ field: 'plannedAudit', canonical: true });
  });
});

describe('mapColumns', () => {
  it('lets the canonical header win over a synonym column to its left, and lists the synonym as ignored', () => {
    const mapping = mapColumns(PROBLEM_FIELDS, ['问题编号', '序号', '反馈问题', '具体问题', '问题描述', '备注']);
    expect(mapping.columns.number).toBe(2);
    expect(mapping.columns.text).toBe(4);
    expect(mapping.headers).toEqual([
      { column: 1, header: '问题编号', field: null, ignoredFor: 'number' },
      { column: 2, header: '序号', field: 'number' },
      { column: 3, header: '反馈问题', field: 'category' },
      { column: 4, header: '具体问题', field: 'text' },
      { column: 5, header: '问题描述', field: null, ignoredFor: 'text' },
      { column: 6, header: '备注', field: null },
    ]);
  });

  it('takes the leftmost of two synonyms', () => {
    const mapping = mapColumns(PROBLEM_FIELDS, ['整改措施', '整改举措']);
    expect(mapping.columns.measures).toBe(1);
    expect(mapping.headers[1]).toEqual({ column: 2, header: '整改举措', field: null, ignoredFor: 'measures' });
  });
});

describe('detectSheet', () => {
  it('finds the header row below title rows, matching headers written with spaces', () => {
    const sheet = rawSheet([
      ['关于巡察反馈问题整改情况台账'],
      ['填报单位：县总工会', null, null, '日期：2025年5月30日'],
      [],
      ['序 号', '反馈 问题', '具体问题', '\u3000整改结果', '整改情况'],
      [1, '类别', '问题', '完成', '措施'],
    ]);
    expect(detectSheet(sheet)).toMatchObject({ kind: 'problems', headerRow: 4 });
  });

  it('needs three rectification headers; two are not enough', () => {
    expect(detectSheet(rawSheet([['序号', '具体问题', '备注']]))).toBeNull();
    expect(detectSheet(rawSheet([['编号', '问题描述', '整改状态']]))?.kind).toBe('problems');
  });

  it('recognises a union ledger by 工会名称 (or a synonym) and one more union column', () => {
    expect(detectSheet(rawSheet([['序号', '单位名称', '乡镇']], { sheet: '工会' }))).toMatchObject({ kind: 'unions', headerRow: 1 });
    expect(detectSheet(rawSheet([['工会名称', '备注']]))).toBeNull();
  });

  it('calls a rectification-shaped sheet named …立行立改… an immediate ledger', () => {
    const sheet = rawSheet([['序号', '具体问题', '整改结果', '整改情况']], { sheet: '立行立改问题清单' });
    expect(detectSheet(sheet)?.kind).toBe('immediate');
  });

  it('recognises nothing in a 说明 or 汇总 sheet', () => {
    expect(detectSheet(rawSheet([['填表说明'], ['1. 序号填阿拉伯数字'], ['2. 整改结果填完成、阶段性完成或未完成']], { sheet: '说明' }))).toBeNull();
    expect(
      detectSheet(
        rawSheet(
          [
            ['方面', '问题数', '已完成'],
            ['学习', 2, 2],
          ],
          { sheet: '汇总' },
        ),
      ),
    ).toBeNull();
  });
});
