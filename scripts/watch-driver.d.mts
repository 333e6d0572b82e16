/** Types for watch-driver.mjs (used by the tests). */
export interface WatchResources {
  threads: number;
  files: number;
  rssMb: number;
  /** bytes read so far (/proc/PID/io rchar) */
  readBytes: number;
}
export interface WatchDriver {
  built(n: number, timeoutMs?: number): Promise<void>;
  resources(waitMs?: number): Promise<WatchResources>;
  /** The command line the process runs (/proc/PID/cmdline): Node, its options, the script, its arguments. */
  commandLine(): string[];
  stop(): void;
}
export function startWatch(inputs: string, outputs: string, cwd: string): WatchDriver;
