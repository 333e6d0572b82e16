/**
 * Writing outputs so that a reader never sees half a file and a failed write never destroys
 * the last good one: each file is written under a temporary name beside its target and
 * renamed into place. A target that cannot be replaced (on Windows, a DOCX open in Word) is
 * reported by name; the other files are still written.
 *
 * With `safe` (what `build` passes), nothing tongbao did not write itself is ever lost: before
 * a file is replaced, its current bytes are compared with what the last manifest recorded.
 *   - the same bytes as the new ones: left alone (not rewritten, no backup; a document open in
 *     WPS that has not changed is then no error);
 *   - as tongbao last wrote it: copied to `history/<时间>/<path>`; history keeps the last 10
 *     builds and deletes older build folders;
 *   - different from the record (edited by hand), or with no record to compare with (no
 *     manifest, or one that does not list it): copied to `edited/<时间>/<path>`, which tongbao
 *     never deletes, and reported.
 * The old file is copied, not moved, before the new one is renamed over it, so the target is
 * never missing; when the rename fails the copy is removed again and nothing has changed.
 * `<时间>` is the build's local time without `:` (`2025-05-30T101500`, for Windows); a second
 * build in the same second takes `2025-05-30T101500-2`, and so on.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileRecord, sha256Hex, type FileRecord } from '../report/manifest.js';

export interface OutputFile {
  /** Path relative to the outputs folder, with `/`. */
  path: string;
  contents: string | Uint8Array;
}

export const HISTORY_FOLDER = 'history';
export const EDITED_FOLDER = 'edited';
export const HISTORY_KEPT = 10;

export interface SafeReplace {
  /** The build's clock reading: names its folders under history/ and edited/. */
  now: Date;
  /** What the last manifest recorded, path → SHA-256; null when there is no manifest. */
  recorded: ReadonlyMap<string, string> | null;
  /** What a killed build meant to write, path → SHA-256 (cli/lock.ts): its files are tongbao's own too. */
  killedBuild?: ReadonlyMap<string, string>;
  /** Build folders kept in history/ (default 10). */
  keepHistory?: number;
}

export interface MovedFile {
  path: string;
  /** Where the old file now is, relative to the outputs folder, with `/`. */
  to: string;
  /** replaced: as tongbao last wrote it (history/); edited: differs from the record; unrecorded: no record (both edited/). */
  why: 'replaced' | 'edited' | 'unrecorded';
}

export interface WriteReport {
  /** Every file that now holds this run's bytes (the unchanged ones included), in the order given. */
  written: string[];
  /** Files that already held exactly these bytes: left as they were. */
  unchanged: string[];
  /** Path, size and SHA-256 of each written file, for the manifest. */
  records: FileRecord[];
  /** Old files copied to history/ or edited/ before being replaced. */
  moved: MovedFile[];
  failed: { path: string; reason: string; backup?: string }[];
  /** history/ build folders deleted to keep the last ones. */
  pruned: string[];
}

/** `2025-05-30T101500`: local time, no `:`. */
export function buildStamp(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

const STAMP_FOLDER = /^(\d{4}-\d{2}-\d{2}T\d{6})(?:-(\d+))?$/u;

/** The first of `stamp`, `stamp-2`, `stamp-3`… that is free under both history/ and edited/. */
function freeStamp(folder: string, stamp: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? stamp : `${stamp}-${n}`;
    if (!exists(join(folder, HISTORY_FOLDER, name)) && !exists(join(folder, EDITED_FOLDER, name))) return name;
  }
}

/** Whether anything (a file, a folder, even a dangling link) is at `path`. */
export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Build folders in history/, oldest first: by time, then by the `-2` suffix of builds in the same second. */
function historyFolders(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(folder, HISTORY_FOLDER), { withFileTypes: true })
      .filter((e) => e.isDirectory() && STAMP_FOLDER.test(e.name))
      .map((e) => e.name);
  } catch {
    return [];
  }
  const key = (name: string) => {
    const m = STAMP_FOLDER.exec(name) as RegExpExecArray;
    return { stamp: m[1] as string, n: Number(m[2] ?? 1) };
  };
  return names.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka.stamp < kb.stamp ? -1 : ka.stamp > kb.stamp ? 1 : ka.n - kb.n;
  });
}

/** Where `tongbao serve` keeps the version of an input file it replaced: history/<时间>/inputs/. */
export const INPUTS_BACKUP_FOLDER = 'inputs';

/**
 * Deletes the oldest build folders in history/ beyond `keep`; folders not named by tongbao are
 * left alone, and so is `current` (this build's), even if a clock set back makes it look oldest,
 * and so is a folder holding the staff's own input files that the page replaced (`inputs/`): like
 * edited/, those are never deleted.
 */
export function pruneHistory(folder: string, keep: number = HISTORY_KEPT, current: string | null = null): string[] {
  const all = historyFolders(folder).filter((name) => name !== current && !exists(join(folder, HISTORY_FOLDER, name, INPUTS_BACKUP_FOLDER)));
  const room = current !== null && exists(join(folder, HISTORY_FOLDER, current)) ? keep - 1 : keep;
  const old = all.slice(0, Math.max(0, all.length - room));
  const pruned: string[] = [];
  for (const name of old) {
    try {
      rmSync(join(folder, HISTORY_FOLDER, name), { recursive: true, force: true });
      pruned.push(`${HISTORY_FOLDER}/${name}`);
    } catch {
      // A folder open in Explorer or locked: try again next build.
    }
  }
  return pruned;
}

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code || String(error);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

/** Removes a file if it is there and can be removed; nothing else. */
function removeIfAny(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // not there to remove (its folder is in the way), or cannot be: nothing more to do
  }
}

/** Removes a backup copy made for a replacement that then failed, and the folders left empty. */
function undoBackup(folder: string, to: string): void {
  rmSync(join(folder, ...to.split('/')), { force: true });
  const parts = to.split('/');
  // edited/<时间>/a/b.svg → try a/, then <时间>/ (never edited/ or history/ itself).
  for (let end = parts.length - 1; end >= 2; end--) {
    try {
      rmdirSync(join(folder, ...parts.slice(0, end)));
    } catch {
      return;
    }
  }
}

export function writeOutputs(folder: string, files: readonly OutputFile[], safe?: SafeReplace): WriteReport {
  const report: WriteReport = { written: [], unchanged: [], records: [], moved: [], failed: [], pruned: [] };
  let stamp: string | null = null;
  for (const file of files) {
    const target = join(folder, ...file.path.split('/'));
    const temp = join(dirname(target), `.${file.path.split('/').pop()}.${process.pid}.tmp`);
    const bytes = typeof file.contents === 'string' ? Buffer.from(file.contents, 'utf8') : file.contents;
    let current: Buffer | null = null;
    let mtime: Date | null = null;
    try {
      const stat = statSync(target);
      if (stat.isFile()) {
        current = readFileSync(target);
        mtime = stat.mtime;
      }
    } catch (error) {
      // Gone is fine (a first build); a file that exists but cannot be read cannot be backed up, so it is not replaced.
      if (errnoCode(error) !== 'ENOENT') {
        report.failed.push({ path: file.path, reason: errnoCode(error) });
        continue;
      }
    }
    if (current && sameBytes(current, bytes)) {
      report.written.push(file.path);
      report.unchanged.push(file.path);
      report.records.push(fileRecord(file.path, bytes));
      continue;
    }
    let moved: MovedFile | null = null;
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(temp, bytes);
      if (current && safe) {
        const recorded = safe.recorded?.get(file.path);
        const killed = safe.killedBuild?.get(file.path);
        const hash = sha256Hex(current);
        const why: MovedFile['why'] =
          recorded === hash || killed === hash ? 'replaced' : recorded === undefined && killed === undefined ? 'unrecorded' : 'edited';
        stamp ??= freeStamp(folder, buildStamp(safe.now));
        const to = `${why === 'replaced' ? HISTORY_FOLDER : EDITED_FOLDER}/${stamp}/${file.path}`;
        const backup = join(folder, ...to.split('/'));
        try {
          mkdirSync(dirname(backup), { recursive: true });
          writeFileSync(backup, current, { flag: 'wx' });
        } catch (error) {
          rmSync(temp, { force: true });
          // A copy cut off by a full disk is no copy: remove it (`wx` made sure it was ours).
          if (errnoCode(error) !== 'EEXIST') removeIfAny(backup);
          report.failed.push({ path: file.path, reason: errnoCode(error), backup: to });
          continue;
        }
        moved = { path: file.path, to, why };
        if (mtime) {
          try {
            utimesSync(backup, mtime, mtime);
          } catch {
            // The copy's date is a courtesy; its bytes are what matter.
          }
        }
      }
      renameSync(temp, target);
      report.written.push(file.path);
      report.records.push(fileRecord(file.path, bytes));
      if (moved) report.moved.push(moved);
    } catch (error) {
      rmSync(temp, { force: true });
      if (moved) undoBackup(folder, moved.to);
      report.failed.push({ path: file.path, reason: errnoCode(error) });
    }
  }
  if (safe) report.pruned = pruneHistory(folder, safe.keepHistory ?? HISTORY_KEPT, stamp);
  return report;
}
