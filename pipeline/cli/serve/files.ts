/**
 * The page's side of the file system, kept to the workspace: a file read is one inside the
 * inputs or the outputs folder (no `..`, no link out of it), a file written is one directly in
 * the inputs folder, under a cleaned name, checked by its content, and the version it replaces
 * is kept first in `outputs/history/<时间>/inputs/`.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import * as msg from '../../messages.js';
import { detectEncoding } from '../../read/csv.js';
import { TEMPLATE_FILES } from '../../read/inputs.js';
import { listZip } from '../../zip.js';
import { buildStamp, EDITED_FOLDER, exists, HISTORY_FOLDER, INPUTS_BACKUP_FOLDER } from '../outputs.js';

/** The largest file the page accepts. */
export const UPLOAD_LIMIT_MB = 50;
export const UPLOAD_LIMIT_BYTES = UPLOAD_LIMIT_MB * 1024 * 1024;

/** What the page may save into the inputs folder. */
const LEDGER_EXTENSIONS = ['.xlsx', '.xlsm', '.csv'];
const TEMPLATE_NAMES: readonly string[] = Object.values(TEMPLATE_FILES);
/** Windows refuses these as names whatever their extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/iu;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/**
 * A file name as the browser sent it, made safe to save in the inputs folder: only the last
 * part of a path, no control characters or characters Windows refuses, no leading dots or
 * `~$` (hidden and lock files are skipped by every command), no trailing dots or spaces. Null
 * when nothing usable is left or the file is not a ledger (.xlsx, .xlsm, .csv) or a template
 * (notice.md, quarterly.md).
 */
export function cleanFileName(raw: string): string | null {
  const last = raw.split(/[/\\]/u).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  let name = last.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"|?*]/gu, '');
  name = name.replace(/^[\s.~$]+/u, '').replace(/[\s.]+$/u, '');
  if (name === '' || name.length > 120 || RESERVED.test(name)) return null;
  const ext = extensionOf(name);
  if (LEDGER_EXTENSIONS.includes(ext)) return name;
  if (TEMPLATE_NAMES.includes(name.toLowerCase())) return name.toLowerCase();
  return null;
}

/**
 * Whether the bytes are what the name says, by their content: a workbook is a zip holding the
 * workbook part (`xl/workbook.xml`); a CSV is text (UTF-8, or GBK as Chinese Excel saves it:
 * no NUL bytes); a template is UTF-8 text within the template limit. The message when not.
 */
export function contentProblem(name: string, bytes: Uint8Array): string | null {
  const ext = extensionOf(name);
  if (ext === '.xlsx' || ext === '.xlsm') {
    try {
      const entries = listZip(bytes);
      if (entries.some((e) => e.name === 'xl/workbook.xml')) return null;
    } catch {
      // not a zip, or a damaged one
    }
    return msg.serve.notXlsx(name);
  }
  if (ext === '.csv') {
    if (bytes.byteLength === 0) return null;
    const { encoding } = detectEncoding(bytes);
    // UTF-16 (Excel's "Unicode text") has NUL bytes by nature; in UTF-8 or GBK a NUL means binary.
    if (encoding.startsWith('utf-16')) return null;
    if (bytes.includes(0)) return msg.serve.notCsv(name);
    if (encoding === 'gb18030') {
      try {
        new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      } catch {
        return msg.serve.notCsv(name);
      }
    }
    return null;
  }
  if (bytes.byteLength > msg.TEMPLATE_LIMIT_KB * 1024) return msg.serve.templateTooLarge(name, msg.TEMPLATE_LIMIT_KB);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    return msg.serve.notTemplate(name);
  }
}

/**
 * A path the page asked for (`charts/a.svg`, `history/2025-05-30T101500/notice.pdf`), as a file
 * inside `root`: every part non-empty and neither `.` nor `..`, no backslash, colon or NUL, and,
 * links followed, still inside `root` and a regular file. Null otherwise.
 */
export function fileInside(root: string, relative: string): string | null {
  const parts = relative.split('/');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is refused
  if (parts.some((p) => p === '' || p === '.' || p === '..' || /[\\:\u0000]/u.test(p))) return null;
  const path = join(root, ...parts);
  try {
    const real = realpathSync(path);
    const realRoot = realpathSync(root);
    if (!real.startsWith(realRoot + sep)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** `history/<时间>/inputs/<name>` free for the copy of an input replaced now (a `-2` stamp when taken). */
function backupPath(outputsDir: string, now: Date, name: string): string {
  const stamp = buildStamp(now);
  for (let n = 1; ; n++) {
    const folder = n === 1 ? stamp : `${stamp}-${n}`;
    const rel = `${HISTORY_FOLDER}/${folder}/${INPUTS_BACKUP_FOLDER}/${name}`;
    if (!exists(join(outputsDir, ...rel.split('/')))) return rel;
  }
}

export interface SavedInput {
  name: string;
  /** Where the version it replaced was kept, relative to the outputs folder; null when there was none. */
  backup: string | null;
}

/**
 * Saves a file into the inputs folder under a temporary name and renames it into place, after
 * copying the version it replaces (when different) to `outputs/history/<时间>/inputs/`. Throws
 * the error of a write that failed (nothing is then changed).
 */
export function saveInput(inputsDir: string, outputsDir: string, name: string, bytes: Uint8Array, now: Date): SavedInput {
  const target = join(inputsDir, name);
  const temp = join(inputsDir, `.${name}.${process.pid}.tmp`);
  let backup: string | null = null;
  let old: Buffer | null = null;
  try {
    if (lstatSync(target).isFile()) old = readFileSync(target);
  } catch {
    // a new file
  }
  if (old && Buffer.compare(old, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) === 0) return { name, backup: null };
  try {
    writeFileSync(temp, bytes);
    if (old) {
      backup = backupPath(outputsDir, now, name);
      const path = join(outputsDir, ...backup.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, old, { flag: 'wx' });
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return { name, backup };
}

export interface FileEntry {
  path: string;
  size: number;
  /** Modification time, ms since 1970. */
  mtime: number;
}

/** Regular files under `folder` (relative paths with `/`), hidden ones left out, down to `depth` folders. */
export function listFiles(folder: string, depth = 0, prefix = ''): FileEntry[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(join(folder, ...prefix.split('/').filter(Boolean)), { withFileTypes: true });
  } catch {
    return [];
  }
  const files: FileEntry[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (depth > 0) files.push(...listFiles(folder, depth - 1, rel));
      continue;
    }
    try {
      const stat = statSync(join(folder, ...rel.split('/')));
      if (stat.isFile()) files.push({ path: rel, size: stat.size, mtime: stat.mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
  return files;
}

/** The earlier builds' folders, newest first: `history/<时间>` and `edited/<时间>`, each with its files. */
export function earlierBuilds(outputsDir: string): { folder: string; kind: 'history' | 'edited'; files: FileEntry[] }[] {
  const builds: { folder: string; kind: 'history' | 'edited'; files: FileEntry[] }[] = [];
  for (const kind of [HISTORY_FOLDER, EDITED_FOLDER] as const) {
    let names: string[];
    try {
      names = readdirSync(join(outputsDir, kind), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      continue;
    }
    for (const name of names) builds.push({ folder: `${kind}/${name}`, kind, files: listFiles(join(outputsDir, kind, name), 4) });
  }
  return builds.sort((a, b) => (a.folder.split('/')[1] as string).localeCompare(b.folder.split('/')[1] as string)).reverse();
}

/** A signature of the inputs folder (and its charts/): names, sizes and times. Equal signatures: nothing to rebuild. */
export function inputsSignature(inputsDir: string): string {
  return [...listFiles(inputsDir), ...listFiles(join(inputsDir, 'charts')).map((f) => ({ ...f, path: `charts/${f.path}` }))]
    .map((f) => `${f.path}:${f.size}:${f.mtime}`)
    .join('|');
}
