/** Types for launchers.mjs (used by the tests). */
export const NODE_PATH: { win32: string; linux: string };
export const LAUNCH_SCRIPT: string;
export const NOT_UNPACKED: string;
export const TITLE: string;
export function psString(text: string): string;
export function windowsLauncher(): string;
export function linuxLauncher(): string;
