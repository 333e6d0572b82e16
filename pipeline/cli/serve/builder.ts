/**
 * The server's builds: one at a time (a second request waits for the first), each the same
 * `runBuild` as `tongbao build`, `check` and `quarterly` (cli.ts), with the workers kept warm
 * between them. What the last runs found is kept for the page (diagnostics, sheets, figures),
 * and every step is told to the page's listeners (progress, done).
 */
import type { Quarter } from '../../dates.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { BuildReport, BuildTarget, WarmRunners } from '../../cli.js';
import type { Io } from '../io.js';
import type { Ran } from '../products.js';
import { inputsSignature } from './files.js';

export type BuildKind = 'check' | 'build' | 'quarterly';

/** What the page is told of a build or check that ended. */
export interface BuildSummary {
  kind: BuildKind;
  quarter: Quarter | null;
  /** Why it ran: 页面, 台账有变化… */
  cause: string;
  code: number;
  errors: number;
  warnings: number;
  changed: string[];
  failedWrites: number;
  /** The lines the CLI would print (summary, then what was written). */
  stdout: string[];
  /** Diagnostics and other lines the CLI would print on stderr. */
  stderr: string[];
  at: string;
  durationMs: number;
  /** The build was not run: the inputs had not changed since the last one. */
  skipped?: boolean;
}

export type BuilderEvent = { type: 'progress'; kind: BuildKind; phase: string } | { type: 'done'; summary: BuildSummary } | { type: 'start'; kind: BuildKind };

export interface BuilderOptions {
  target: BuildTarget;
  io: Io;
  /** The workers kept between builds (warm.ts). */
  warm: WarmRunners | null;
  runBuild: (command: 'build' | 'check' | 'quarterly', target: BuildTarget, io: Io, warm?: WarmRunners) => Promise<BuildReport>;
}

export class Builder {
  private queue: Promise<unknown> = Promise.resolve();
  private listeners = new Set<(event: BuilderEvent) => void>();
  /** The build or check running now. */
  current: { kind: BuildKind; phase: string | null; started: number } | null = null;
  /** The last notice run (a build or a check): its diagnostics, sheets and figures are the page's. */
  lastNotice: { ran: Ran | null; diagnostics: Diagnostic[]; summary: BuildSummary } | null = null;
  lastBuild: BuildSummary | null = null;
  lastQuarterly: BuildSummary | null = null;
  /** The inputs as the last notice build read them (unless it could not write a file). */
  private builtSignature: string | null = null;
  /** How many builds and checks have run (the memory benchmark reads it). */
  runs = 0;

  constructor(private readonly options: BuilderOptions) {}

  on(listener: (event: BuilderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: BuilderEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a listener that failed (a page gone meanwhile) never stops a build
      }
    }
  }

  /** Whether a build runs or waits now. */
  get busy(): boolean {
    return this.current !== null;
  }

  /**
   * Runs a build, a check or a quarterly report after those already asked for. `ifChanged`
   * (watch's rebuilds, which also follow the page's own saves): skip a notice build whose inputs
   * are as the last successful one read them.
   */
  run(kind: BuildKind, cause: string, options: { quarter?: Quarter; ifChanged?: boolean } = {}): Promise<BuildSummary> {
    const next = this.queue.then(() => this.runNow(kind, cause, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(kind: BuildKind, cause: string, options: { quarter?: Quarter; ifChanged?: boolean }): Promise<BuildSummary> {
    const { target, io } = this.options;
    const signature = inputsSignature(target.inputsDir);
    const started = performance.now();
    if (kind === 'build' && options.ifChanged && signature === this.builtSignature && this.lastBuild) {
      const summary: BuildSummary = { ...this.lastBuild, cause, changed: [], at: io.now().toISOString(), durationMs: 0, skipped: true };
      this.emit({ type: 'done', summary });
      return summary;
    }
    this.current = { kind, phase: null, started };
    this.emit({ type: 'start', kind });
    const stdout: string[] = [];
    const stderr: string[] = [];
    const runIo: Io = {
      ...io,
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      // Never drawn (the page shows it): every phase is told as it starts.
      progress: {
        afterMs: 2 ** 30,
        onPhase: (phase) => {
          if (this.current) this.current.phase = phase;
          this.emit({ type: 'progress', kind, phase });
        },
      },
    };
    let report: BuildReport;
    try {
      const command = kind === 'check' ? 'check' : kind === 'quarterly' ? 'quarterly' : 'build';
      const quarter = kind === 'quarterly' ? (options.quarter ?? null) : null;
      report = await this.options.runBuild(command, { ...target, quarter }, runIo, this.options.warm ?? undefined);
    } catch (error) {
      stderr.push(error instanceof Error ? error.message : String(error));
      report = { code: 1, errors: 1, warnings: 0, changed: [], failedWrites: 0, diagnostics: [], ran: null };
    } finally {
      this.current = null;
      this.runs++;
    }
    const summary: BuildSummary = {
      kind,
      quarter: kind === 'quarterly' ? (options.quarter ?? null) : null,
      cause,
      code: report.code,
      errors: report.errors,
      warnings: report.warnings,
      changed: report.changed,
      failedWrites: report.failedWrites,
      stdout,
      stderr,
      at: io.now().toISOString(),
      durationMs: Math.round(performance.now() - started),
    };
    if (kind === 'quarterly') this.lastQuarterly = summary;
    else {
      this.lastNotice = { ran: report.ran, diagnostics: report.diagnostics, summary };
      if (kind === 'build') {
        this.lastBuild = summary;
        // The same inputs give the same result, errors included; a file that could not be written is tried again.
        this.builtSignature = report.failedWrites === 0 ? signature : null;
      }
    }
    this.emit({ type: 'done', summary });
    return summary;
  }
}
