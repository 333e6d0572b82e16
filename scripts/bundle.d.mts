/** Types for bundle.mjs (used by the tests). */
export const NODE_VERSION: string;
export const TOP: string;
export const TARGETS: Record<'win32' | 'linux', { archive: string; npm: string[] }>;
export function keepModuleFile(rel: string, fontFiles: ReadonlySet<string>): boolean;
