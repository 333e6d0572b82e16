import { describe, expect, it } from 'vitest';
import { deadlineSentence, progressSentence } from '../../pipeline/compose/sentences.js';
import { dated, longTerm, problem } from '../helpers/ledger.js';

describe('the progress sentence', () => {
  it('reads as the reference', () => {
    expect(
      progressSentence({ categories: 14, total: 44, completed: 39, staged: 5, notCompleted: 0 }, { total: 12, completed: 12, staged: 0, notCompleted: 0 }),
    ).toBe('截至目前，巡察反馈的14个方面44个具体问题，已完成整改39个，阶段性完成整改5个；巡察移交的12个立行立改问题，已完成整改12个。');
  });

  it('leaves out clauses whose count is zero, and the second half with no 立行立改 ledger', () => {
    expect(progressSentence({ categories: 5, total: 25, completed: 19, staged: 0, notCompleted: 6 }, null)).toBe(
      '截至目前，巡察反馈的5个方面25个具体问题，已完成整改19个，尚未完成整改6个。',
    );
  });

  it('reports every class of the 立行立改 problems too', () => {
    expect(
      progressSentence({ categories: 1, total: 2, completed: 2, staged: 0, notCompleted: 0 }, { total: 3, completed: 1, staged: 1, notCompleted: 1 }),
    ).toBe('截至目前，巡察反馈的1个方面2个具体问题，已完成整改2个；巡察移交的3个立行立改问题，已完成整改1个，阶段性完成整改1个，尚未完成整改1个。');
  });
});

describe('the progress sentence with zero counts and 巡视', () => {
  it('leaves out a ledger that has no rows: never “0个立行立改问题”', () => {
    expect(
      progressSentence({ categories: 2, total: 3, completed: 1, staged: 0, notCompleted: 2 }, { total: 0, completed: 0, staged: 0, notCompleted: 0 }),
    ).toBe('截至目前，巡察反馈的2个方面3个具体问题，已完成整改1个，尚未完成整改2个。');
    expect(
      progressSentence({ categories: 0, total: 0, completed: 0, staged: 0, notCompleted: 0 }, { total: 2, completed: 2, staged: 0, notCompleted: 0 }),
    ).toBe('截至目前，巡察移交的2个立行立改问题，已完成整改2个。');
    expect(progressSentence({ categories: 0, total: 0, completed: 0, staged: 0, notCompleted: 0 }, null)).toBe('');
  });

  it('says 巡视 when the settings say so', () => {
    expect(progressSentence({ categories: 1, total: 1, completed: 1, staged: 0, notCompleted: 0 }, null, '巡视')).toBe(
      '截至目前，巡视反馈的1个方面1个具体问题，已完成整改1个。',
    );
  });
});

describe('the deadline sentence', () => {
  const staged = (n: number, deadline: ReturnType<typeof dated> | typeof longTerm | null) => problem(n, '类别', 'staged', { deadline });

  it('lists every number with one deadline', () => {
    const items = [19, 12, 16, 15].map((n) => staged(n, dated('2025-12-31')));
    expect(deadlineSentence(items, '、')).toBe('12、15、16、19等4个问题必须在2025年底前完成');
  });

  it('words one exception as the reference does, with its separator', () => {
    const items = [12, 14, 15, 16, 19].map((n) => staged(n, dated(n === 14 ? '2026-12-31' : '2025-12-31')));
    expect(deadlineSentence(items, '.')).toBe('除问题14在2026年底前完成外，其他12.15.16.19等4个问题必须在2025年底前完成');
  });

  it('gives each of several groups its deadline, earliest first, long-term after dated', () => {
    const items = [staged(3, dated('2026-06-30')), staged(1, dated('2025-12-31')), staged(2, dated('2025-12-31')), staged(4, longTerm), staged(5, longTerm)];
    expect(deadlineSentence(items, '、')).toBe('1、2等2个问题必须在2025年底前完成，问题3必须在2026年6月底前完成，4、5等2个问题长期坚持');
  });

  it('says 长期坚持 for a long-term exception and names problems without a deadline', () => {
    expect(deadlineSentence([staged(1, dated('2025-12-31')), staged(2, dated('2025-12-31')), staged(7, longTerm)], '、')).toBe(
      '除问题7长期坚持外，其他1、2等2个问题必须在2025年底前完成',
    );
    expect(deadlineSentence([staged(8, null)], '、')).toBe('问题8尚未明确完成时限');
    expect(deadlineSentence([], '、')).toBe('');
  });
});
