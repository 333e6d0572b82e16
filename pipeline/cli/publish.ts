/**
 * Putting a run's files into the outputs folder (outputs.ts does the file work): replace each
 * file safely against the last manifest, say on stderr which could not be written and which
 * old files were kept because they had been edited, then write the new manifest last, listing
 * exactly the files that now hold this run's bytes.
 */
import { HISTORY_KEPT, writeOutputs, type OutputFile, type WriteReport } from './outputs.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileRecord, MANIFEST_FILE, manifestText, recordedOutputs, type Manifest } from '../report/manifest.js';
import { clearJournal, recoverKilledBuild, writeJournal } from './lock.js';
import * as msg from '../messages.js';

export interface PublishOptions {
  folder: string;
  /** The run's clock reading: names the history/ and edited/ folders. */
  now: Date;
  /** Everything in the manifest but its outputs. */
  manifest: Omit<Manifest, 'outputs'>;
  /** The manifest's name in the folder (the quarterly report has its own). */
  manifestName?: string;
  /** A path in the outputs folder as the user should see it (relative to the working directory). */
  shown: (path: string) => string;
  stderr: (line: string) => void;
}

export interface PublishResult {
  report: WriteReport;
  /** Every file written, the manifest last. */
  written: string[];
  failed: number;
  /** For stdout, before the list of files written. */
  summary: string[];
}

/** What the folder's last manifest recorded; null without one. */
function readRecorded(folder: string, manifestName: string): Map<string, string> | null {
  try {
    return recordedOutputs(readFileSync(join(folder, manifestName), 'utf8'));
  } catch {
    return null;
  }
}

export function publishOutputs(files: readonly OutputFile[], options: PublishOptions): PublishResult {
  const manifestName = options.manifestName ?? MANIFEST_FILE;
  const killedBuild = recoverKilledBuild(options.folder);
  const planned = new Map([...killedBuild, ...files.map((f) => [f.path, fileRecord(f.path, f.contents).sha256] as const)]);
  writeJournal(options.folder, planned);
  const report = writeOutputs(options.folder, files, { now: options.now, recorded: readRecorded(options.folder, manifestName), killedBuild });
  const byPath = new Map(report.moved.map((m) => [m.path, m]));
  const failures = new Map(report.failed.map((f) => [f.path, f]));
  for (const file of files) {
    const failure = failures.get(file.path);
    const moved = byPath.get(file.path);
    if (failure?.backup)
      options.stderr(msg.summary.backupFailed(options.shown(file.path), options.shown(failure.backup), msg.writeFailureReason(failure.reason)));
    else if (failure) options.stderr(msg.summary.writeFailed(options.shown(file.path), msg.writeFailureReason(failure.reason)));
    else if (moved?.why === 'edited') options.stderr(msg.summary.movedEdited(options.shown(file.path), options.shown(moved.to)));
    else if (moved?.why === 'unrecorded') options.stderr(msg.summary.movedUnrecorded(options.shown(file.path), options.shown(moved.to), manifestName));
  }
  const manifest: Manifest = { ...options.manifest, outputs: report.records };
  const manifestReport = writeOutputs(options.folder, [{ path: manifestName, contents: manifestText(manifest) }]);
  if (manifestReport.failed.length === 0) clearJournal(options.folder);
  for (const failure of manifestReport.failed) options.stderr(msg.summary.writeFailed(options.shown(failure.path), msg.writeFailureReason(failure.reason)));

  const summary: string[] = [];
  const toHistory = report.moved.filter((m) => m.why === 'replaced');
  if (toHistory.length) {
    const folder = (toHistory[0] as { to: string }).to.split('/').slice(0, 2).join('/');
    summary.push(msg.summary.movedToHistory(toHistory.length, options.shown(folder), HISTORY_KEPT));
  }
  return {
    report,
    written: [...report.written, ...manifestReport.written],
    failed: report.failed.length + manifestReport.failed.length,
    summary,
  };
}
