/**
 * Runs the CLI in-process (`main(argv, io)` from pipeline/cli.ts) in a temporary folder, with
 * stdout and stderr captured line by line. Temporary folders live under os.tmpdir() and are
 * removed after each test by `useTempDirs()`.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { main } from '../../pipeline/cli.js';

export interface CliResult {
  code: number;
  stdout: string[];
  stderr: string[];
}

/** A fixed clock, so "today" never depends on when the tests run. */
export const FIXED_NOW = new Date('2025-05-30T10:00:00+08:00');

export async function runCli(argv: readonly string[], cwd: string, now: Date = FIXED_NOW): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, {
    stdout: (text) => stdout.push(...text.split('\n')),
    stderr: (text) => stderr.push(...text.split('\n')),
    cwd,
    now: () => now,
  });
  return { code, stdout, stderr };
}

/** Registers cleanup in the calling test file; returns a maker of fresh temp folders. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongbao-test-'));
    made.push(dir);
    return dir;
  };
}

/** Writes files (name → bytes or text) into a folder, creating it. */
export function writeFiles(folder: string, files: Record<string, Uint8Array | string>): void {
  mkdirSync(folder, { recursive: true });
  for (const [name, contents] of Object.entries(files)) {
    const path = join(folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
  }
}

/** Every file under a folder, relative, with '/' (sorted). */
export function listFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else out.push(`${prefix}${entry.name}`);
    }
  };
  walk(folder, '');
  return out.sort();
}

/** True when any line looks like a JavaScript stack frame or an uncaught error dump. */
export function hasStackTrace(lines: readonly string[]): boolean {
  return lines.some((l) => /^\s+at\s/.test(l) || /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/.test(l) || /node:internal/.test(l));
}

/**
 * The one warning a build prints when the PDF stands free fonts in for the office fonts (always
 * so on a machine without 仿宋_GB2312 and the rest, such as the one the tests run on).
 */
export const FONTS_SUBSTITUTED = /^警告 [^：]+\.pdf：本机没有找到 PDF 要用的字体 /u;

/** A build's stderr without that warning: what the build has to say besides. */
export const besidesFontWarning = (lines: readonly string[]): string[] => lines.filter((l) => !FONTS_SUBSTITUTED.test(l));
