/**
 * How wide text shows, in one rule for every place that lines text up by counting characters
 * (title lines and the signature in body characters, workbook columns, the terminal's progress
 * line): printable ASCII (digits, Latin letters, ASCII punctuation and the space) is narrow,
 * half a Chinese character; every other character, Chinese punctuation and quotes “” among
 * them, is as wide as a Chinese character, as 仿宋, 宋体 and Excel's and terminals' CJK fonts set it.
 */

/** True for a character that takes half the width of a Chinese character. */
export function isNarrow(char: string): boolean {
  const code = char.codePointAt(0) as number;
  return code >= 0x20 && code <= 0x7e;
}

/** Width in columns of a monospaced grid (a terminal, Excel's character units): narrow 1, wide 2. */
export function displayColumns(text: string): number {
  let columns = 0;
  for (const char of text) columns += isNarrow(char) ? 1 : 2;
  return columns;
}

/** Width in body characters (a Chinese character is one). */
export function displayWidth(text: string): number {
  return displayColumns(text) / 2;
}
