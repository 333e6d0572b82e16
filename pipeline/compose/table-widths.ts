/**
 * Column widths of a table, in body characters, so that the table spans the text width (28
 * characters), no header wraps, numbers and dates do not wrap, and the long texts (具体问题,
 * 工会名称) wrap within what is left. Measured in the table's size: a Chinese character is one
 * em, a digit or Latin letter 0.65 em, a quarter em where they meet, plus each cell's padding and rule.
 *
 * Every column starts at its header's width (numbers and dates at their widest); the room left
 * goes, half a character at a time, to the wrapping column where it saves the most lines of the
 * table (so 具体问题 gets the room, and a short 责任人 is not widened for nothing); once every
 * column holds its widest text on one line, what is left is shared out in proportion. Only a
 * table whose headers alone are wider than the line gets narrower headers (they then wrap).
 */
import { bodyCharAdvancePt, type Layout } from '../document/layout.js';
import { displayWidth } from '../text/width.js';

export interface ColumnText {
  header: string;
  cells: readonly string[];
  /** may the cells wrap (long text) or not (numbers, dates, short codes) */
  wraps: boolean;
}

/** Width steps: a twentieth of a body character. */
const STEP = 20;

export function columnWidths(columns: readonly ColumnText[], layout: Layout): number[] {
  if (columns.length === 0) return [];
  const advance = bodyCharAdvancePt(layout);
  const overhead = 2 * layout.tableCellPaddingPt + 1;
  // Digits and Latin letters are taken as 0.65 of a Chinese character (黑体's and the sans
  // fallback's digits are wider than half), each place where digits meet Chinese gets a quarter
  // of one (LibreOffice, and Word where it is not told otherwise, puts space there: 2025 年), and a
  // hair is added so rounding never wraps a line that fits.
  const textPt = (text: string) => {
    const chars = [...text];
    const narrow = chars.filter((c) => displayWidth(c) < 1).length;
    const meets = chars.filter((c, i) => i > 0 && displayWidth(c) < 1 !== displayWidth(chars[i - 1] as string) < 1).length;
    return (displayWidth(text) + narrow * 0.15 + meets * 0.25) * layout.sizes.tablePt + 1;
  };
  const available = layout.charsPerLine * advance - columns.length * overhead;
  const headers = columns.map((c) => Math.max(...c.header.split('\n').map(textPt)));
  const natural = columns.map((c, i) => Math.max(headers[i] as number, ...c.cells.map(textPt)));
  const least = columns.map((c, i) => (c.wraps ? (headers[i] as number) : (natural[i] as number)));
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  // to body characters, in whole steps, rounded down so the table never overflows the line
  const toChars = (pts: readonly number[]) => pts.map((w) => Math.floor(((w + overhead) / advance) * STEP) / STEP);
  if (sum(least) > available) {
    // headers alone are wider than the line: narrower headers (they wrap)
    return toChars(least.map((w) => (w * available) / sum(least)));
  }
  // How tall the table is, in lines, with these widths: what the room left is spent to lower.
  const texts = columns.map((c) => c.cells.map(textPt));
  const rowCount = Math.max(0, ...texts.map((t) => t.length));
  const height = (widths: readonly number[]) => {
    let lines = 0;
    for (let r = 0; r < rowCount; r++) lines += Math.max(1, ...widths.map((w, i) => Math.ceil(((texts[i]?.[r] ?? 0) - 1) / w - 1e-9)));
    return lines;
  };
  // Start every column at its least width; hand out the room half a character at a time to the
  // wrapping column where it saves the most lines (on a tie, the one furthest from its widest text).
  const widths = [...least];
  let room = available - sum(widths);
  const step = layout.sizes.tablePt / 2;
  while (room > 1e-6) {
    const open = widths.map((_w, i) => i).filter((i) => (widths[i] as number) < (natural[i] as number) - 1e-6);
    if (open.length === 0) break;
    const now = height(widths);
    let best = open[0] as number;
    let bestGain = -1;
    for (const i of open) {
      const trial = [...widths];
      trial[i] = Math.min(natural[i] as number, (trial[i] as number) + Math.min(step, room));
      const gain = now - height(trial);
      const slack = (natural[i] as number) - (widths[i] as number);
      if (gain > bestGain || (gain === bestGain && slack > (natural[best] as number) - (widths[best] as number))) {
        best = i;
        bestGain = gain;
      }
    }
    const added = Math.min(step, room, (natural[best] as number) - (widths[best] as number));
    widths[best] = (widths[best] as number) + added;
    room -= added;
  }
  // what is left when every column has its widest text is shared out in proportion
  const total = sum(widths);
  return toChars(widths.map((w) => w + (room * w) / total));
}
