/**
 * The bundled fonts whose npm packages ship WOFF only, and the plain TrueType files that
 * `npm install` unpacks them into (scripts/unpack-fonts.mjs, into dist/bundled-fonts/). The CLI
 * reads the unpacked file when it is there, else unpacks the WOFF in memory (woff.ts).
 */
export interface UnpackedFont {
  /** the WOFF, as `require.resolve` finds it */
  module: string;
  /** the unpacked file's name in dist/bundled-fonts/ */
  file: string;
}

/** LXGW WenKai (霞鹜文楷) Regular: the Kai face for the 楷体 roles (cli/font-search.ts). */
export const KAI_FONT: UnpackedFont = { module: '@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff', file: 'LXGWWenKai-Regular.ttf' };

export const UNPACKED_FONTS: readonly UnpackedFont[] = [KAI_FONT];
