/** Types for tar.mjs (used by the tests). */
export interface TarEntry {
  path: string;
  mode: number;
  data?: Uint8Array;
}
export function tarGz(entries: readonly TarEntry[], mtime: number): Buffer;
