/**
 * The bytes of the font files a process draws with, read once and shared by its threads.
 *
 * Each build starts its own PDF and chart workers (watch.ts says why), and each worker used to
 * read its fonts again: some 55 MB a rebuild (Noto Serif SC alone is 15 MB; 仿宋, 黑体 and
 * 小标宋 on a Windows PC are 5–10 MB each), allocated in the worker's thread and freed when it
 * ended. A long `watch` kept part of that memory for good (on Linux, glibc then serves later
 * large buffers from its per-thread arenas, which do not shrink back): resident memory grew
 * by about 1.5 MB a rebuild. Now a font file is read into a SharedArrayBuffer once; a worker
 * that reads one hands it back to the CLI's thread with its result (`takeReadFontBytes`), and
 * the workers of later builds get every file read so far at their start (`fontBytesForWorker`,
 * as workerData): no copy, no second read. A file read again only when its size or
 * modification time changed (a template's font file replaced while `watch` runs).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isMainThread, workerData } from 'node:worker_threads';

/** A font file's bytes (over a SharedArrayBuffer), with the size and time they were read at. */
export interface FontBytes {
  path: string;
  size: number;
  mtimeMs: number;
  bytes: Uint8Array;
}

/** What a worker starts with: the font files the process has read so far. */
export interface FontBytesWorkerData {
  fontBytes?: readonly FontBytes[];
}

const known = new Map<string, FontBytes>();
/** Read by this thread and not yet handed to the CLI's thread (in a worker). */
const fresh = new Map<string, FontBytes>();

if (!isMainThread) for (const entry of (workerData as FontBytesWorkerData | null)?.fontBytes ?? []) known.set(entry.path, entry);

function current(path: string, size: number, mtimeMs: number): Uint8Array | null {
  const entry = known.get(path);
  return entry && entry.size === size && entry.mtimeMs === mtimeMs ? entry.bytes : null;
}

function remember(entry: FontBytes): Uint8Array {
  known.set(entry.path, entry);
  if (!isMainThread) fresh.set(entry.path, entry);
  return entry.bytes;
}

/** A font file's bytes: those already read when the file has not changed, else read now. */
export function readFontBytes(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const same = current(path, size, mtimeMs);
    if (same) return same;
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const read = readSync(fd, bytes, at, size - at, at);
      if (read === 0) throw new Error(`${path}: the file ended after ${at} of ${size} bytes`);
      at += read;
    }
    return remember({ path, size, mtimeMs, bytes });
  } finally {
    closeSync(fd);
  }
}

/** The same, reading in the background (the workers' preloading). */
export async function readFontBytesAsync(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { size, mtimeMs } = await file.stat();
    const same = current(path, size, mtimeMs);
    if (same) return same;
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const { bytesRead } = await file.read(bytes, at, size - at, at);
      if (bytesRead === 0) throw new Error(`${path}: the file ended after ${at} of ${size} bytes`);
      at += bytesRead;
    }
    return remember({ path, size, mtimeMs, bytes });
  } finally {
    await file.close();
  }
}

/** In a worker: the files it read since the last call, to post to the CLI's thread with its result. */
export function takeReadFontBytes(): FontBytes[] {
  const entries = [...fresh.values()];
  fresh.clear();
  return entries;
}

/** In the CLI's thread: the files a worker read, kept for the workers to come. */
export function adoptFontBytes(entries: readonly FontBytes[] | undefined): void {
  for (const entry of entries ?? []) {
    const had = known.get(entry.path);
    if (!had || had.mtimeMs !== entry.mtimeMs || had.size !== entry.size) known.set(entry.path, entry);
  }
}

/** The workerData a new worker starts with. */
export function fontBytesForWorker(): FontBytesWorkerData {
  return { fontBytes: [...known.values()] };
}
