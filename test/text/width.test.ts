import { describe, expect, it } from 'vitest';
import { displayColumns, displayWidth, isNarrow } from '../../pipeline/text/width.js';

describe('display width: one rule for titles, the signature, workbook columns and the terminal', () => {
  it('counts a Chinese character as one body character and printable ASCII as half', () => {
    expect(displayWidth('中国共产党通道侗族自治县总工会党组')).toBe(17);
    expect(displayWidth('2025年5月30日')).toBe(6.5);
  });

  it('counts Chinese punctuation and curly quotes as wide, the ASCII space and punctuation as narrow', () => {
    for (const char of ['，', '。', '“', '”', '（', '—', '·', '①', '　']) expect(isNarrow(char)).toBe(false);
    for (const char of [' ', 'a', 'Z', '0', '.', '(', '~']) expect(isNarrow(char)).toBe(true);
  });

  it('gives columns of a monospaced grid: narrow 1, wide 2, a character outside the BMP one character', () => {
    expect(displayColumns('进度：生成通报……（3 秒）')).toBe(12 * 2 + 2);
    expect(displayColumns('𠀀')).toBe(2);
    expect(displayColumns('')).toBe(0);
  });
});
