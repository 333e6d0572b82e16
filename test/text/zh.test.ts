import { describe, expect, it } from 'vitest';
import { balancedLines, chineseDate, chineseDeadline, chineseNumeral, chinesePeriod, fullWidthPunctuation } from '../../pipeline/text/zh.js';
import type { IsoDate } from '../../pipeline/dates.js';

const d = (s: string) => s as IsoDate;

describe('Chinese numerals', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [14, '十四'],
    [20, '二十'],
    [21, '二十一'],
    [99, '九十九'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [120, '一百二十'],
    [999, '九百九十九'],
    [1000, '一千'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
    [1100, '一千一百'],
    [9999, '九千九百九十九'],
  ])('%i → %s', (n, text) => expect(chineseNumeral(n)).toBe(text));

  it('refuses what it cannot write', () => {
    expect(() => chineseNumeral(0)).toThrow(RangeError);
    expect(() => chineseNumeral(10_000)).toThrow(RangeError);
  });
});

describe('dates', () => {
  it('writes dates without zero padding', () => {
    expect(chineseDate(d('2025-05-30'))).toBe('2025年5月30日');
    expect(chineseDate(d('2024-10-03'))).toBe('2024年10月3日');
  });
  it('drops the second year of a period within one year', () => {
    expect(chinesePeriod(d('2024-07-05'), d('2024-09-04'))).toBe('2024年7月5日至9月4日');
    expect(chinesePeriod(d('2024-12-05'), d('2025-01-04'))).toBe('2024年12月5日至2025年1月4日');
  });
  it('writes deadlines as staff do', () => {
    expect(chineseDeadline(d('2025-12-31'))).toBe('2025年底前');
    expect(chineseDeadline(d('2026-06-30'))).toBe('2026年6月底前');
    expect(chineseDeadline(d('2026-06-15'))).toBe('2026年6月15日前');
  });
});

describe('full-width punctuation', () => {
  it('turns ASCII punctuation next to Chinese into full-width', () => {
    expect(fullWidthPunctuation('整改结果:完成')).toBe('整改结果：完成');
    expect(fullWidthPunctuation('一是加强学习,二是完善制度;三是(试行)办法?')).toBe('一是加强学习，二是完善制度；三是（试行）办法？');
    expect(fullWidthPunctuation('2024年10月23日,巡察组')).toBe('2024年10月23日，巡察组');
  });
  it('leaves numbering periods and Latin text alone', () => {
    expect(fullWidthPunctuation('其他12.15.16.19等4个问题')).toBe('其他12.15.16.19等4个问题');
    expect(fullWidthPunctuation('1.党组理论学习')).toBe('1.党组理论学习');
    expect(fullWidthPunctuation('QQ, WeChat (v8)')).toBe('QQ, WeChat (v8)');
  });
});

describe('title lines', () => {
  it('balances the lines and breaks before 关于, after the issuer', () => {
    expect(balancedLines('中共通道侗族自治县总工会党组关于巡察整改进展情况的通报', 20)).toEqual(['中共通道侗族自治县总工会党组', '关于巡察整改进展情况的通报']);
    expect(balancedLines('中共某某县总工会党组关于巡察整改进展情况的通报', 20)).toEqual(['中共某某县总工会党组', '关于巡察整改进展情况的通报']);
    expect(balancedLines('中国共产党某某市某某区某某街道工作委员会关于巡察整改进展情况的通报', 20)).toEqual([
      '中国共产党某某市某某区某某街道工作委员会',
      '关于巡察整改进展情况的通报',
    ]);
    expect(balancedLines('中共某某区委关于巡察整改进展情况的通报', 20)).toEqual(['中共某某区委关于巡察整改进展情况的通报']);
  });

  it('never ends a line with 关于 or a particle, nor breaks a date or a quarter', () => {
    const lines = balancedLines('某某县人民政府办公室关于2025年第三季度巡察整改和经费审计工作进展情况的通报', 20);
    expect(lines).toEqual(['某某县人民政府办公室关于2025年第三季度', '巡察整改和经费审计工作进展情况的通报']);
    for (const title of ['关于进一步做好巡察整改工作的通知和有关事项的补充通报', '某某单位党组关于对巡察反馈问题整改落实情况的通报']) {
      for (const line of balancedLines(title, 12).slice(0, -1)) expect(line).not.toMatch(/[的和与及对于在之或关]$/u);
    }
  });

  it('breaks before 关于 whatever the issuer’s length, unless that leaves a line far from the balance', () => {
    const subject = '关于巡察整改进展情况的通报';
    for (let n = 4; n <= 20; n++) {
      const issuer = `${'某'.repeat(n - 2)}党组`;
      const lines = balancedLines(`${issuer}${subject}`, 20);
      if (n + subject.length <= 20) expect(lines, issuer).toEqual([`${issuer}${subject}`]);
      // within a few characters of the balance the break falls before 关于
      else if (Math.abs(n - (n + subject.length) / 2) <= 4) expect(lines, issuer).toEqual([issuer, subject]);
      for (const line of lines.slice(0, -1)) expect(line, issuer).not.toMatch(/(关|关于|[的和与及对于在之或把将从向])$/u);
      for (const line of lines.slice(1)) expect(line, issuer).not.toMatch(/^于/u);
    }
  });

  it('never breaks a date, a number with its unit, or a Latin word', () => {
    const titles = [
      '某某县总工会关于2025年5月20日至6月30日开展巡察整改工作情况的通报',
      '某某县总工会党组关于30个基层工会经费审计发现问题整改情况的通报',
      '某某县总工会关于整改完成率达到98.71%的情况通报',
    ];
    for (const title of titles) {
      for (const width of [10, 12, 14, 16, 20]) {
        const lines = balancedLines(title, width);
        expect(lines.join('')).toBe(title);
        for (let i = 1; i < lines.length; i++) {
          const joint = `${lines[i - 1]}|${lines[i]}`;
          expect(joint, `${width}: ${lines.join(' / ')}`).not.toMatch(/\d\|[\d年月日个%.]|[\d年月]\|\d|[A-Za-z.]\|[A-Za-z0-9]/u);
        }
      }
    }
  });
});
