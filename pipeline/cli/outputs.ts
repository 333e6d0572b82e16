/**
 * Writing outputs so that a reader never sees half a file and a failed write never destroys
 * the last good one: each file is written under a temporary name beside its target and
 * renamed into place. A target that cannot be replaced (on Windows, a DOCX open in Word) is
 * reported by name; the other files are still written.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface OutputFile {
  /** Path relative to the outputs folder, with `/`. */
  path: string;
  contents: string | Uint8Array;
}

export interface WriteReport {
  written: string[];
  failed: { path: string; reason: string }[];
}

export function writeOutputs(folder: string, files: readonly OutputFile[]): WriteReport {
  const report: WriteReport = { written: [], failed: [] };
  for (const file of files) {
    const target = join(folder, ...file.path.split('/'));
    const temp = join(dirname(target), `.${file.path.split('/').pop()}.${process.pid}.tmp`);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(temp, file.contents);
      renameSync(temp, target);
      report.written.push(file.path);
    } catch (error) {
      rmSync(temp, { force: true });
      const code = (error as NodeJS.ErrnoException).code ?? '';
      report.failed.push({ path: file.path, reason: code || String(error) });
    }
  }
  return report;
}
