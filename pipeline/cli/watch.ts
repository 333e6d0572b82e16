/**
 * `tongbao watch`: build once, then again whenever something in the inputs folder changes.
 *
 *   events   fs.watch on the inputs folder, and on its charts/ subfolder when there is one
 *            (attached again when it appears). Excel's and WPS's lock files (`~$…`, `.~lock…`),
 *            temporary files (`*.tmp`, `*~`, Excel's 8-hex-digit names, partial downloads),
 *            hidden files and other subfolders (an outputs folder inside the inputs) are ignored.
 *   debounce a change starts a build only after `debounceMs` without further events;
 *   settle   then every changed file must keep its size and modification time for `settleMs`
 *            (polled every `pollMs`): Excel, WPS and network copies write a file in steps.
 *   build    the same function as `tongbao build` (handed in by cli.ts). A build whose inputs
 *            have errors writes nothing, so the last good outputs stay; its diagnostics are
 *            printed. Changes made during a build start another one after it.
 *   status   one line per build on stdout: the time, what changed, what was updated or why
 *            nothing was.
 *   stop     when the signal aborts (Ctrl-C): watchers closed, timers cleared; a build under
 *            way is finished first (its writes are atomic anyway); exit code 0.
 *
 * Workers: the builds share one PDF worker and one chart worker, kept loaded between them and
 * started again when one dies (cli/warm-workers.ts, handed in with `build` by cli.ts); a new
 * pair per build left native memory behind on every save. The fonts they draw with are read
 * once per process (font-bytes.ts), not again by each build.
 */
import { watch as fsWatch, statSync, type FSWatcher } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import * as msg from '../messages.js';

export interface WatchTiming {
  debounceMs: number;
  settleMs: number;
  pollMs: number;
}

export const DEFAULT_WATCH_TIMING: WatchTiming = { debounceMs: 300, settleMs: 400, pollMs: 100 };

/** What one build did, for its status line. */
export interface BuildOutcome {
  /** The command's exit code: 0 done, 1 input errors or an output not written. */
  code: number;
  errors: number;
  warnings: number;
  /** Output files whose bytes changed (written, not left as they were). */
  changed: string[];
  /** Outputs that could not be written. */
  failedWrites: number;
}

export interface WatchOptions {
  /** The inputs folder, absolute, and as the user named it. */
  inputsDir: string;
  inputsShown: string;
  /** Subfolders of the inputs folder whose files count too (charts/). */
  subfolders: readonly string[];
  /** Never a reason to rebuild: the outputs folder, when it sits inside the inputs folder. */
  outputsDir?: string;
  build: () => Promise<BuildOutcome>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  now: () => Date;
  signal: AbortSignal;
  timing?: Partial<WatchTiming>;
}

/** Files whose changes never start a build. */
export function isIgnoredName(name: string): boolean {
  const base = basename(name);
  if (base === '') return false;
  if (base.startsWith('~$') || base.startsWith('.')) return true; // lock files, hidden files, .~lock.x#, our own .x.tmp
  if (/\.(tmp|temp|bak|swp|part|crdownload|download)$/iu.test(base) || base.endsWith('~')) return true;
  if (/^[0-9A-F]{8}$/iu.test(base)) return true; // Excel saves through a temporary file named like 3F2A1B0C
  return ['desktop.ini', 'thumbs.db'].includes(base.toLowerCase());
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `10:15:02`, local time. */
export function clockTime(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? String(error);
}

/** Size and modification time, or `gone`: what must stop changing before a build. */
function signature(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'gone';
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function watchInputs(options: WatchOptions): Promise<number> {
  const timing: WatchTiming = { ...DEFAULT_WATCH_TIMING, ...options.timing };
  const { signal } = options;
  /** Changed files, relative to the inputs folder with `/` ('' when the system did not say which). */
  const pending = new Set<string>();
  let lastEvent = 0;
  let wake: (() => void) | null = null;
  let failure: string | null = null;
  const watchers = new Map<string, FSWatcher>();

  const notify = () => {
    lastEvent = performance.now();
    const w = wake;
    wake = null;
    w?.();
  };
  signal.addEventListener('abort', notify, { once: true });

  const outputsDir = options.outputsDir ? resolve(options.outputsDir) : null;
  const onEvent = (folder: string, filename: string | Buffer | null) => {
    const name = filename === null ? null : filename.toString();
    if (name !== null && isIgnoredName(name)) return;
    const rel = name === null ? '' : folder === '' ? name : `${folder}/${name}`;
    if (name !== null) {
      const path = join(options.inputsDir, ...rel.split('/'));
      if (folder === '' && options.subfolders.includes(name)) {
        attach(name);
      } else if (isDirectory(path)) {
        return; // another folder (the outputs, a backup): not an input
      }
      if (outputsDir && (resolve(path) === outputsDir || resolve(path).startsWith(outputsDir + sep))) return;
    }
    pending.add(rel);
    notify();
  };

  const attach = (folder: string) => {
    const path = folder === '' ? options.inputsDir : join(options.inputsDir, folder);
    watchers.get(folder)?.close();
    watchers.delete(folder);
    if (!isDirectory(path)) return;
    try {
      const watcher = fsWatch(path, { persistent: true }, (_event, filename) => onEvent(folder, filename));
      watcher.on('error', (error) => {
        watcher.close();
        watchers.delete(folder);
        if (folder === '') {
          failure = errnoCode(error);
          notify();
        }
      });
      watchers.set(folder, watcher);
    } catch (error) {
      if (folder === '') failure = errnoCode(error);
    }
  };

  /** Resolves after `ms`, or at once when stopped. */
  const sleep = (ms: number) =>
    new Promise<void>((done) => {
      if (signal.aborted) return done();
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', stop);
        done();
      }, ms);
      const stop = () => {
        clearTimeout(timer);
        done();
      };
      signal.addEventListener('abort', stop, { once: true });
    });

  /** Resolves at the next event (or stop). */
  const nextEvent = () =>
    new Promise<void>((done) => {
      if (signal.aborted || failure !== null || pending.size > 0) return done();
      wake = done;
    });

  /** Until `debounceMs` pass without an event. */
  const quiet = async () => {
    for (;;) {
      const wait = lastEvent + timing.debounceMs - performance.now();
      if (wait <= 0 || signal.aborted) return;
      await sleep(wait);
    }
  };

  /** Until every changed file has kept its size and time for `settleMs`, and no event came. */
  const settle = async () => {
    const paths = () => [...pending].filter((p) => p !== '').map((p) => join(options.inputsDir, ...p.split('/')));
    let seen = paths().map(signature).join('|');
    let since = performance.now();
    while (!signal.aborted) {
      await sleep(timing.pollMs);
      const now = paths().map(signature).join('|');
      if (now !== seen || lastEvent > since) {
        seen = now;
        since = performance.now();
        continue;
      }
      if (performance.now() - since >= timing.settleMs) return;
    }
  };

  const runOnce = async (cause: string) => {
    let outcome: BuildOutcome;
    try {
      outcome = await options.build();
    } catch (error) {
      options.stdout(msg.watch.crashed(clockTime(options.now()), cause, error instanceof Error ? error.message : String(error)));
      return;
    }
    const time = clockTime(options.now());
    if (outcome.failedWrites > 0) options.stdout(msg.watch.notWritten(time, cause, outcome.failedWrites));
    else if (outcome.code !== 0) options.stdout(msg.watch.failed(time, cause, outcome.errors));
    else options.stdout(msg.watch.built(time, cause, outcome.changed, outcome.warnings));
  };

  attach('');
  for (const folder of options.subfolders) attach(folder);
  try {
    if (failure !== null) {
      options.stderr(msg.watch.watchFailed(options.inputsShown, failure));
      return 1;
    }
    options.stdout(msg.watch.started(options.inputsShown));
    await runOnce(msg.watch.firstBuild);
    while (!signal.aborted) {
      await nextEvent();
      if (failure !== null) {
        options.stderr(msg.watch.watchFailed(options.inputsShown, failure));
        return 1;
      }
      if (signal.aborted) break;
      await quiet();
      await settle();
      if (signal.aborted) break;
      const names = [...pending].sort();
      pending.clear();
      const shown = names.filter((n) => n !== '');
      await runOnce(msg.watch.changed(names.includes('') && shown.length === 0 ? [] : shown));
    }
    options.stdout(msg.watch.stopped);
    return 0;
  } finally {
    signal.removeEventListener('abort', notify);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  }
}
