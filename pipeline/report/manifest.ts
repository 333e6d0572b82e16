/**
 * `manifest.json`: what a run read and wrote, so anyone can check that the documents in the
 * outputs folder are the ones tongbao made from these ledgers (docs/contract.md, "Outputs"):
 *
 *   { "tool": { "name", "version" }, "asOf",
 *     "inputs":  [{ "path", "size", "sha256", "sheets": [names], "rows": count used }],
 *     "outputs": [{ "path", "size", "sha256" }] }
 *
 * Paths are relative to the inputs or outputs folder, with `/`; SHA-256 in lowercase hex. The
 * next build reads the outputs part back to tell a document edited by hand (its bytes differ
 * from the record) from one tongbao wrote (see outputs.ts).
 */
import { createHash } from 'node:crypto';
import type { SheetReport } from '../ledger/validate.js';

export const MANIFEST_FILE = 'manifest.json';

export interface FileRecord {
  path: string;
  size: number;
  sha256: string;
}

export interface InputRecord extends FileRecord {
  /** The sheets read as ledgers, in workbook order (a CSV or a template has none). */
  sheets: string[];
  /** Data rows used from those sheets (a template: 0). */
  rows: number;
}

export interface Manifest {
  tool: { name: string; version: string };
  asOf: string;
  inputs: InputRecord[];
  outputs: FileRecord[];
}

export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function fileRecord(path: string, contents: string | Uint8Array): FileRecord {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  return { path, size: bytes.byteLength, sha256: sha256Hex(bytes) };
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One record per file the run read (name → the bytes it read, so a file that changed after
 * the run read it is recorded as read), with the sheets recognised as ledgers and the rows
 * used from them. Sheets that were skipped (说明, 汇总…) are not listed: the run log names them.
 */
export function inputRecords(read: ReadonlyMap<string, Uint8Array>, sheets: readonly SheetReport[]): InputRecord[] {
  return [...read.keys()].sort(byCodePoint).map((path) => {
    const used = sheets.filter((s) => s.file === path && s.kind !== 'unrecognised');
    return {
      ...fileRecord(path, read.get(path) as Uint8Array),
      sheets: used.flatMap((s) => (s.sheet === null ? [] : [s.sheet])),
      rows: used.reduce((n, s) => n + s.usedRows, 0),
    };
  });
}

export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * What the last manifest in the folder recorded for each output: path → SHA-256. null when
 * there is no manifest or it cannot be read or parsed (then no output has a record).
 */
export function recordedOutputs(manifestText: string): Map<string, string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestText);
  } catch {
    return null;
  }
  const outputs = (parsed as { outputs?: unknown } | null)?.outputs;
  if (!Array.isArray(outputs)) return null;
  const recorded = new Map<string, string>();
  for (const entry of outputs) {
    const { path, sha256 } = (entry ?? {}) as { path?: unknown; sha256?: unknown };
    if (typeof path === 'string' && typeof sha256 === 'string') recorded.set(path, sha256.toLowerCase());
  }
  return recorded;
}
