/** Types for bundle.mjs (used by the tests). */
export const NODE_VERSION: string;
export const TOP: string;
export const TARGETS: Record<'win32' | 'linux', { archive: string; npm: string[] }>;
export interface BundleFonts {
  files: ReadonlySet<string>;
  packages: ReadonlySet<string>;
  unpacked: string[];
}
export function bundleFonts(list: readonly { module: string; unpacked?: string }[]): BundleFonts;
export function keepModuleFile(rel: string, fonts: BundleFonts): boolean;
