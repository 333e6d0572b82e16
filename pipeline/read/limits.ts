/**
 * How big a workbook tongbao reads. Each limit is checked before the work it guards (declared
 * sizes before inflating, a cell's address before storing it, a merged area's size before
 * filling it), and a workbook over one is refused with an error naming the file and the limit.
 *
 * The values are at least 5× what the largest ledgers we plan for need (100,000 grassroots
 * unions in one sheet: ≈ 700,000 cells and ≈ 20 MB of sheet and shared-string XML) and far
 * below what would exhaust a staff laptop's memory. See README, "Limits".
 */
export const LIMITS = {
  /** The parts read (workbook, shared strings, styles, worksheets), inflated, together. */
  inflatedBytes: 256 * 1024 * 1024,
  /** Excel's own grid: a cell address beyond it is not a worksheet Excel can write. */
  columns: 16_384,
  rows: 1_048_576,
  /** Rows holding at least one value, per sheet (rows with nothing in them cost nothing). */
  rowsPerSheet: 500_000,
  /** Cells holding a value, in the whole workbook. */
  cells: 5_000_000,
  /** Cells inside merged areas, per sheet: each reads as its master's value. */
  mergedCells: 1_000_000,
} as const;
