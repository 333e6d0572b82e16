/** Types for watch-driver.mjs (used by the tests). */
export interface WatchResources {
  threads: number;
  files: number;
  rssMb: number;
}
export interface WatchDriver {
  built(n: number, timeoutMs?: number): Promise<void>;
  resources(): Promise<WatchResources>;
  stop(): void;
}
export function startWatch(inputs: string, outputs: string, cwd: string): WatchDriver;
