/**
 * Progress for commands that take a while. The CLI names its phases around its own calls
 * (读取台账 / 生成通报 / 写出文件); the pipeline knows nothing of it.
 *
 * Nothing is shown for a command that finishes within `afterMs` (about two seconds). After
 * that, on a terminal (stderr is a TTY) one line is rewritten in place with the phase and the
 * seconds so far, and cleared when the command ends; elsewhere (CI, a log file) each phase is
 * one plain line. Other lines written meanwhile (diagnostics on stderr, the summary on stdout,
 * which share the terminal) clear the line first and redraw it after, so they never mix.
 */
import * as msg from '../messages.js';
import { displayColumns } from '../text/width.js';

export interface ProgressOptions {
  /** Show progress once the command has run this long, in ms (default 2000; 0: at once). */
  afterMs?: number;
  /** Present when stderr is a terminal: raw writes, for the line rewritten in place. */
  terminal?: { write: (text: string) => void; columns?: number | undefined };
  /** Told of every phase as it starts, whether or not it is shown (the page's progress, `serve`). */
  onPhase?: (name: string) => void;
}

export interface Progress {
  /** The phase starting now. */
  phase(name: string): void;
  /** The command is over: stop the timers and clear the terminal line. */
  done(): void;
  /** stderr for everything else while progress may be on screen. */
  stderr: (line: string) => void;
  /** Another line writer to the same terminal (stdout): it clears the progress line first, too. */
  around: (write: (line: string) => void) => (line: string) => void;
}

export const DEFAULT_PROGRESS_AFTER_MS = 2000;
const TICK_MS = 250;
const SPINNER = ['|', '/', '-', '\\'];
const CLEAR_LINE = '\r\x1b[K';

/** A progress reporter that shows nothing: for callers that passed no options. */
export function noProgress(stderr: (line: string) => void): Progress {
  return { phase: () => undefined, done: () => undefined, stderr, around: (write) => write };
}

export function startProgress(options: ProgressOptions | undefined, stderr: (line: string) => void): Progress {
  if (!options) return noProgress(stderr);
  const afterMs = options.afterMs ?? DEFAULT_PROGRESS_AFTER_MS;
  const terminal = options.terminal;
  const started = performance.now();
  let current: string | null = null;
  let shown = false;
  let drawn = false;
  let frame = 0;
  let finished = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let ticker: ReturnType<typeof setInterval> | null = null;

  const draw = () => {
    if (!terminal || current === null || finished) return;
    const seconds = Math.floor((performance.now() - started) / 1000);
    let line = msg.progress.terminal(SPINNER[frame++ % SPINNER.length] as string, current, seconds);
    // Never wrap: a wrapped line cannot be rewritten in place. A Chinese character takes two columns.
    const columns = terminal.columns || 80;
    while (line.length > 1 && displayColumns(line) >= columns) line = line.slice(0, -1);
    terminal.write(`${CLEAR_LINE}${line}`);
    drawn = true;
  };
  const clear = () => {
    if (terminal && drawn) terminal.write(CLEAR_LINE);
    drawn = false;
  };
  const show = () => {
    if (shown || finished || current === null) return;
    shown = true;
    if (terminal) {
      draw();
      ticker = setInterval(draw, TICK_MS);
      ticker.unref?.();
    } else {
      stderr(msg.progress.line(current));
    }
  };

  if (afterMs > 0) {
    timer = setTimeout(show, afterMs);
    timer.unref?.();
  }

  return {
    phase(name) {
      if (finished) return;
      options.onPhase?.(name);
      current = name;
      if (!shown) {
        if (performance.now() - started >= afterMs) show();
        return;
      }
      if (terminal) draw();
      else stderr(msg.progress.line(name));
    },
    done() {
      if (finished) return;
      if (timer) clearTimeout(timer);
      if (ticker) clearInterval(ticker);
      clear();
      finished = true;
    },
    stderr: around(stderr),
    around,
  };

  function around(write: (line: string) => void): (line: string) => void {
    return (line) => {
      if (!drawn) {
        write(line);
        return;
      }
      clear();
      write(line);
      draw();
    };
  }
}
