/**
 * The keep rules compose sets on the document tree (pipeline/compose/keep.ts), which both
 * writers follow.
 */
import { describe, expect, it } from 'vitest';
import { isOneLine, withKeeps } from '../../pipeline/compose/keep.js';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import type { Block } from '../../pipeline/document/ast.js';
import { cell, heading, pageBreak, paragraph, signature, table, title } from '../../pipeline/document/build.js';
import { GB_T_9704 } from '../../pipeline/document/layout.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { ledgerOf, problem } from '../helpers/ledger.js';

const SIGNATURE = signature({
  issuer: { text: '某某县总工会', align: 'right', indentChars: 2 },
  date: { text: '2025年5月30日', align: 'right', indentChars: 4 },
});
const LONG = '这是一个很长的段落，'.repeat(6);

/** Each block as its kind and its keep marks: `h+>` a heading kept together (+) and with the next (>). */
function marks(blocks: readonly Block[]): string[] {
  return blocks.map((b) => {
    const keep = 'keepWithNext' in b || 'keepTogether' in b ? b : {};
    return `${b.type[0]}${'keepTogether' in keep && keep.keepTogether ? '+' : ''}${'keepWithNext' in keep && keep.keepWithNext ? '>' : ''}`;
  });
}

const kept = (blocks: Block[]) => marks(withKeeps(blocks, GB_T_9704));

describe('isOneLine', () => {
  it('a paragraph fits one line when its width fits the 26 characters after the indent (digits half a character)', () => {
    expect(isOneLine(paragraph('字'.repeat(26)), GB_T_9704)).toBe(true);
    expect(isOneLine(paragraph('字'.repeat(27)), GB_T_9704)).toBe(false);
    expect(isOneLine(paragraph(`${'字'.repeat(24)}2025`), GB_T_9704)).toBe(true);
    expect(isOneLine(paragraph(`${'字'.repeat(25)}2025`), GB_T_9704)).toBe(false);
    expect(isOneLine(paragraph('整改结果：完成'), GB_T_9704)).toBe(true);
  });
});

describe('withKeeps', () => {
  it('keeps a heading whole and with what follows, through the headings after it', () => {
    expect(kept([title('标题'), heading(1, '一、'), heading(2, '（一）'), paragraph(LONG), SIGNATURE])).toEqual(['t', 'h+>', 'h+>', 'p>', 's']);
  });

  it('keeps a one-line paragraph after a heading with the paragraph after it (an item’s 整改结果 with its 整改情况)', () => {
    expect(kept([heading(3, '1.问题'), paragraph('整改结果：完成'), paragraph(LONG), paragraph(LONG), SIGNATURE])).toEqual(['h+>', 'p>', 'p', 'p>', 's']);
    // a longer first paragraph gives the two lines itself
    expect(kept([heading(3, '1.问题'), paragraph(LONG), paragraph(LONG), paragraph(LONG), SIGNATURE])).toEqual(['h+>', 'p', 'p', 'p>', 's']);
  });

  it('ties nothing to a table or across a page break', () => {
    const t = table([{ widthChars: 28, align: 'left' }], ['表头'], [[cell('行')]]);
    expect(kept([heading(1, '一、'), t, heading(1, '二、'), pageBreak(), paragraph(LONG), SIGNATURE])).toEqual(['h+', 't', 'h+', 'p', 'p>', 's']);
  });

  it('keeps the body’s last block with the signature, and the one before when the last is one line (特此通报。)', () => {
    expect(kept([paragraph(LONG), paragraph(LONG), SIGNATURE])).toEqual(['p', 'p>', 's']);
    expect(kept([paragraph(LONG), paragraph(LONG), paragraph('特此通报。'), SIGNATURE])).toEqual(['p', 'p>', 'p>', 's']);
    expect(kept([heading(1, '五、下一步'), paragraph('特此通报。'), SIGNATURE])).toEqual(['h+>', 'p>', 's']);
  });

  it('leaves the blocks it does not mark as they were, and the input untouched', () => {
    const blocks = [paragraph(LONG), heading(1, '一、'), paragraph(LONG), SIGNATURE];
    const out = withKeeps(blocks, GB_T_9704);
    expect(out[0]).toBe(blocks[0]);
    expect(out[3]).toBe(blocks[3]);
    expect(marks(blocks)).toEqual(['p', 'h', 'p', 's']);
  });
});

describe('a composed notice', () => {
  it('marks every item: its heading, its one-line 整改结果, and the body’s close with the signature', () => {
    const ledger = ledgerOf([problem(1, '甲类问题', 'completed'), problem(2, '甲类问题', 'completed'), problem(3, '乙类问题', 'completed')]);
    const source =
      '---\n标题: 关于整改情况的通报\n发文机关: 某某县总工会\n成文日期: 2025-12-31\n---\n# 一、已完成\n::: 问题清单 已完成\n# 二、下一步\n特此通报。\n';
    const { template } = parseTemplate('notice.md', source);
    const { document } = composeNotice(template, readSettings(template).settings, ledger, computeStats(ledger, '2025-12-31' as IsoDate));
    // 一、 （一） 1. 整改结果 整改情况 2. … （二） 3. … 二、 特此通报。 signature
    expect(marks(document.blocks)).toEqual(['t', 'h+>', 'h+>', 'h+>', 'p>', 'p', 'h+>', 'p>', 'p', 'h+>', 'h+>', 'p>', 'p', 'h+>', 'p>', 's']);
  });
});
