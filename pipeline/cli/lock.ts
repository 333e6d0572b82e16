/**
 * One writer at a time in an outputs folder, and a build killed half-way recognised as
 * tongbao's own by the next one.
 *
 * The lock is `.tongbao.lock` in the outputs folder, made with an exclusive create and holding
 * the host, the process id and the start time. A second build waits for it (up to 10 s), then
 * gives up naming the holder. A lock is stale, and taken over, when its process is gone (same
 * host) or it is older than 10 minutes (another host, whose processes cannot be asked).
 *
 * The journal is `.tongbao.journal.json`: before a build replaces any file it records the SHA-256
 * of every file it is about to write; the manifest, written last, makes the journal redundant
 * and it is removed. A journal found at the start of a build means the last one was killed: the
 * files that hold what it recorded are tongbao's own (to history/, never edited/), and the
 * temporary files it left (`.name.PID.tmp`) are removed.
 *
 * Both files are hidden (a leading dot), so watch and the manifest ignore them.
 */
import { closeSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

export const LOCK_FILE = '.tongbao.lock';
export const JOURNAL_FILE = '.tongbao.journal.json';
export const LOCK_WAIT_MS = 10_000;
const FOREIGN_LOCK_STALE_MS = 10 * 60_000;

export interface LockHolder {
  host: string;
  pid: number;
  started: string;
}

export interface LockOptions {
  now: () => Date;
  /** How long to wait for another build (default 10 s). */
  waitMs?: number;
  /** This process, as the lock records it. */
  self?: { host: string; pid: number };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.host === 'string' && typeof parsed.pid === 'number' && typeof parsed.started === 'string') return parsed as LockHolder;
  } catch {
    // half-written or damaged: judged by its age below
  }
  return null;
}

function isStale(path: string, holder: LockHolder | null, self: { host: string }, now: Date): boolean {
  if (holder && holder.host === self.host) return !isAlive(holder.pid);
  let since: number;
  try {
    since = holder ? Date.parse(holder.started) : statSync(path).mtimeMs;
  } catch {
    return true; // gone meanwhile
  }
  return !(now.getTime() - since < FOREIGN_LOCK_STALE_MS);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the outputs folder's lock, waiting while another live build holds it. Resolves to a
 * release function, or to the holder when the wait ran out. A folder that cannot be created or
 * written is left to the writing step, which reports it per file.
 */
export async function lockOutputs(folder: string, options: LockOptions): Promise<{ release: () => void } | { heldBy: LockHolder | null }> {
  const self = options.self ?? { host: hostname(), pid: process.pid };
  const path = join(folder, LOCK_FILE);
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  let holder: LockHolder | null = null;
  for (;;) {
    try {
      mkdirSync(folder, { recursive: true });
      const fd = openSync(path, 'wx');
      try {
        writeFileSync(fd, `${JSON.stringify({ host: self.host, pid: self.pid, started: options.now().toISOString() } satisfies LockHolder)}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        release: () => {
          try {
            rmSync(path, { force: true });
          } catch {
            // a lock that cannot be removed is stale once this process has ended
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { release: () => undefined };
    }
    holder = readHolder(path);
    if (isStale(path, holder, self, options.now())) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) return { heldBy: holder };
    await sleep(100);
  }
}

/**
 * The SHA-256 of each file a build is about to write, before it replaces any (with what a killed
 * build before it had planned, so that a second kill loses nothing).
 */
export function writeJournal(folder: string, planned: ReadonlyMap<string, string>): void {
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, JOURNAL_FILE), `${JSON.stringify({ files: Object.fromEntries(planned) })}\n`);
  } catch {
    // A folder that cannot be written: the writing step reports each file it cannot write.
  }
}

export function clearJournal(folder: string): void {
  try {
    rmSync(join(folder, JOURNAL_FILE), { force: true });
  } catch {
    // left for the next build, which finds its files already in place
  }
}

/**
 * What a killed build left: the files it meant to write with their SHA-256 (its own, whatever
 * the manifest says), after removing its temporary files. Empty when the last build finished.
 * The journal stays until this build's own replaces it.
 */
export function recoverKilledBuild(folder: string): Map<string, string> {
  let files: Record<string, unknown>;
  try {
    files = (JSON.parse(readFileSync(join(folder, JOURNAL_FILE), 'utf8')) as { files?: Record<string, unknown> }).files ?? {};
  } catch {
    return new Map();
  }
  const recorded = new Map<string, string>();
  const folders = new Set<string>();
  for (const [path, sha256] of Object.entries(files)) {
    if (typeof sha256 === 'string') recorded.set(path, sha256);
    folders.add(dirname(join(folder, ...path.split('/'))));
  }
  // Under the lock no other build is writing: every `.name.PID.tmp` beside these files is a leftover.
  for (const dir of folders) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!/^\..+\.\d+\.tmp$/u.test(name)) continue;
      try {
        rmSync(join(dir, name), { force: true });
      } catch {
        // a leftover that cannot be removed now: hidden, and tried again next build
      }
    }
  }
  return recorded;
}
