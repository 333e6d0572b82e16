/**
 * The inputs folder as the pipeline sees it: the names of the files directly in it, and their
 * bytes when asked (each read once, kept for the manifest). Reading is guarded: a link to a pipe
 * or a device, a file over the size limit or one that cannot be read is an error for that file.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as msg from '../messages.js';
import type { BytesOf } from '../read/inputs.js';

export function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? String(error);
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Names of the files directly in the inputs folder (no subfolders). A symbolic link counts
 * as a file unless it points at a folder, so a link that leads nowhere is reported when it
 * is read rather than skipped without a word.
 */
function listFiles(folder: string): { names: string[] } | { error: string } {
  try {
    const entries = readdirSync(folder, { withFileTypes: true });
    const names = entries.filter((entry) => entry.isFile() || (entry.isSymbolicLink() && !isDirectory(join(folder, entry.name)))).map((entry) => entry.name);
    return { names };
  } catch (error) {
    return { error: errnoCode(error) };
  }
}

/**
 * One input file's bytes. Opened without blocking and checked before reading: a link to a pipe
 * would hang the read and one to /dev/zero would never end, so anything but a regular file is
 * refused, and so is a file over the size limit.
 */
function readInputFile(path: string): Uint8Array | { error: string } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { error: msg.NOT_A_FILE };
    if (stat.size > msg.INPUT_FILE_LIMIT_MB * 1024 * 1024) return { error: msg.TOO_LARGE };
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The inputs folder for the pipeline: its file names, and their bytes as read (the manifest records them). */
export function readInputs(inputsDir: string): { names: string[]; bytesOf: BytesOf; read: Map<string, Uint8Array> } | { error: string } {
  const listing = listFiles(inputsDir);
  if ('error' in listing) return listing;
  const read = new Map<string, Uint8Array>();
  const bytesOf: BytesOf = (name) => {
    // A file can be locked (WPS, antivirus), unreadable, or gone since the folder was listed.
    try {
      const bytes = readInputFile(join(inputsDir, name));
      if ('error' in bytes) return bytes;
      read.set(name, bytes);
      return bytes;
    } catch (error) {
      return { error: errnoCode(error) };
    }
  };
  return { names: listing.names, bytesOf, read };
}
