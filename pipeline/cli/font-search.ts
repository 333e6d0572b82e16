/**
 * Finding the fonts for the PDF: the template's font files first, then the user's office
 * fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体…) in the system and per-user font folders,
 * matched by the names inside the font files, then the free fonts that `npm install` brings
 * (Noto Serif SC, Noto Sans SC, LXGW WenKai). Touches the file system and environment, so it lives with the CLI.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FONTS, FONT_ROLE_KEYS } from '../compose/settings.js';
import type { Diagnostic } from '../diagnostics.js';
import type { FontRole, Fonts, FontSettings } from '../document/ast.js';
import * as msg from '../messages.js';
import { normalizeFontName, readFontNames, type FaceNames } from '../render/pdf/font-names.js';
import type { FontFile, PdfFonts, ServedFont } from '../fonts/types.js';
import { KAI_FONT, type UnpackedFont } from '../fonts/unpacked.js';
import { isWoff, sfntOfWoff } from '../fonts/woff.js';
import { readFontBytes, readFontBytesAsync } from './font-bytes.js';

/** Other names the same office font goes by (English names, the Mac's 华文 fonts). */
const ALIASES: Record<string, string[]> = {
  仿宋_GB2312: ['FangSong_GB2312', '仿宋GB2312'],
  仿宋: ['FangSong', 'STFangsong', '华文仿宋'],
  楷体_GB2312: ['KaiTi_GB2312', '楷体GB2312'],
  楷体: ['KaiTi', 'STKaiti', '华文楷体'],
  黑体: ['SimHei', 'STHeiti', '华文黑体', 'Heiti SC'],
  宋体: ['SimSun', 'STSong', '华文宋体', 'Songti SC'],
  方正小标宋简体: ['FZXiaoBiaoSong-B05S', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05'],
};

/** What to look for when the template asks for `wanted`: its aliases, then the plain 仿宋/楷体 for the GB2312 ones. */
export function candidateNames(wanted: string): string[] {
  const names = [wanted, ...(ALIASES[wanted] ?? [])];
  const base = wanted.replace(/_?GB2312$/iu, '');
  if (base !== wanted) names.push(base, ...(ALIASES[base] ?? []));
  return names;
}

interface BundledFont {
  module: string;
  family: string;
  /** a WOFF that `npm install` unpacks into dist/bundled-fonts/ (fonts/unpacked.ts) */
  unpacked?: UnpackedFont;
}

const SERIF: BundledFont = { module: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', family: 'Noto Serif SC' };
/**
 * LXGW WenKai (霞鹜文楷) Regular, a Kai face under the OFL (the package ships the licence as
 * LICENSE): all of GB2312 but ︴ (U+FE34, which the fallback font has), so （一） headings read
 * as 楷体 and not as body text. The package ships WOFF only: read from dist/bundled-fonts/ as
 * `npm install` unpacked it, else unpacked in memory (woff.ts).
 */
const KAI: BundledFont = { module: KAI_FONT.module, family: 'LXGW WenKai', unpacked: KAI_FONT };

/** dist/bundled-fonts/, from pipeline/cli/ (the tests run the sources) and dist/cli/ alike. */
const UNPACKED_FOLDER = new URL('../../dist/bundled-fonts/', import.meta.url);

/** A bundled font's file: the unpacked one when `npm install` made it, else the package's own. */
function bundledPath(font: BundledFont): string {
  if (font.unpacked) {
    const path = fileURLToPath(new URL(font.unpacked.file, UNPACKED_FOLDER));
    if (existsSync(path)) return path;
  }
  return createRequire(import.meta.url).resolve(font.module);
}

/**
 * The free fonts npm installs (OFL), by role: no free FangSong exists, so the serif stands in for
 * 仿宋 and 宋体, its bold for 小标宋, and the sans for 黑体. A role that asks for a Kai font
 * (楷体_GB2312, the （一） headings) gets the Kai face instead (`bundledFont`).
 */
const BUNDLED: Record<FontRole, BundledFont> = {
  title: { module: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf', family: 'Noto Serif SC Bold' },
  body: SERIF,
  heading1: { module: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf', family: 'Noto Sans SC Medium' },
  heading2: SERIF,
  heading3: SERIF,
  pageNumber: SERIF,
};

/** 楷体, 楷体_GB2312, 华文楷体, KaiTi, STKaiti…: a font name asking for a Kai face. */
const isKaiName = (name: string): boolean => /楷|kai/iu.test(name);

/** The bundled font that stands in for `asked` in this role. */
function bundledFont(role: FontRole, asked: string): BundledFont {
  return isKaiName(asked) ? KAI : BUNDLED[role];
}

/**
 * The fonts of npm packages that tongbao may open, for the bundle (scripts/bundle.mjs): it keeps
 * of their packages only these files (`module`, a path under node_modules) and the licences, and
 * for a font unpacked at install (`unpacked`) the unpacked file in dist/bundled-fonts/ instead.
 */
export const BUNDLED_FONT_FILES: readonly { module: string; unpacked?: string }[] = [...new Set([...Object.values(BUNDLED), KAI])].map((font) =>
  font.unpacked ? { module: font.module, unpacked: font.unpacked.file } : { module: font.module },
);

export interface FontSearchEnv {
  platform: NodeJS.Platform;
  env: Partial<Record<string, string>>;
  home: string;
  /** Search exactly these folders instead of the platform's (tests). */
  folders?: readonly string[];
}

export const processFontEnv = (): FontSearchEnv => ({ platform: process.platform, env: process.env, home: homedir() });

/** System and per-user font folders; `TONGBAO_FONT_DIRS` (path-list) adds folders searched first. */
export function fontFolders({ platform, env, home, folders }: FontSearchEnv): string[] {
  if (folders) return [...folders];
  const extra = (env.TONGBAO_FONT_DIRS ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  if (platform === 'win32') {
    const windir = env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows';
    const local = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
    return [...extra, join(windir, 'Fonts'), join(local, 'Microsoft', 'Windows', 'Fonts')];
  }
  if (platform === 'darwin') {
    return [...extra, '/Library/Fonts', '/System/Library/Fonts', '/System/Library/Fonts/Supplemental', join(home, 'Library', 'Fonts')];
  }
  return [...extra, '/usr/share/fonts', '/usr/local/share/fonts', join(home, '.fonts'), join(home, '.local', 'share', 'fonts')];
}

const FONT_EXTENSIONS = new Set(['.ttf', '.otf', '.ttc']);
const MAX_FONT_FILES = 5000;

function fontFilesIn(folder: string, depth = 0, found: string[] = []): string[] {
  if (depth > 4 || found.length >= MAX_FONT_FILES) return found;
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) fontFilesIn(path, depth + 1, found);
    else if (FONT_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
  }
  return found;
}

function namesOfFile(path: string): FaceNames[] {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const handle = fd;
    return readFontNames((offset, length) => {
      const buffer = new Uint8Array(length);
      const read = readSync(handle, buffer, 0, length, offset);
      return buffer.subarray(0, read);
    });
  } catch {
    return [];
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

interface Installed {
  path: string;
  face: FaceNames;
  isCollection: boolean;
}

/** Every face in the folders, by each of its normalised names. */
export function indexInstalledFonts(folders: readonly string[]): Map<string, Installed> {
  const index = new Map<string, Installed>();
  for (const folder of folders) {
    for (const path of fontFilesIn(folder)) {
      const faces = namesOfFile(path);
      for (const face of faces) {
        for (const name of [...face.families, ...face.fullNames]) {
          const key = normalizeFontName(name);
          if (!index.has(key)) index.set(key, { path, face, isCollection: faces.length > 1 || path.toLowerCase().endsWith('.ttc') });
        }
      }
    }
  }
  return index;
}

/**
 * The installed fonts by name, one index per set of folders for the life of the process: the
 * PDF worker builds it while it waits for its document (a Windows font folder holds hundreds
 * of files, each opened for its name table). Every build starts new workers, so under `watch`
 * a font installed meanwhile is found by the next build.
 */
const indexes = new Map<string, Map<string, Installed>>();

export function installedFonts(searchEnv: FontSearchEnv): Map<string, Installed> {
  const folders = fontFolders(searchEnv);
  const key = folders.join('\0');
  let index = indexes.get(key);
  if (!index) {
    index = indexInstalledFonts(folders);
    indexes.set(key, index);
  }
  return index;
}

/**
 * Font files read in this thread, by path: a font serves several roles and several builds
 * (watch). Their bytes are the process's, read once (font-bytes.ts). A WOFF (the bundled Kai
 * face, when it was not unpacked at install) is turned into its plain sfnt when first used
 * (woff.ts; about 0.15 s for the Kai face).
 */
const fontData = new Map<string, Uint8Array>();

export function fontBytes(path: string): Uint8Array {
  let data = fontData.get(path) ?? readFontBytes(path);
  if (isWoff(data)) data = sfntOfWoff(data);
  fontData.set(path, data);
  return data;
}

/**
 * A found font file, read when its bytes are first used: the chart worker resolves every role
 * to find the chart font, and needs the bytes of that one only.
 */
function fontFile(path: string, family: string): FontFile {
  const file = { path, family } as FontFile;
  Object.defineProperty(file, 'data', { get: () => fontBytes(path), enumerable: true });
  return file;
}

/**
 * The font that draws a character the role's font lacks (a rare character of a name, say, which
 * 仿宋_GB2312 does not have): the bundled Noto Serif SC, which covers far more than GB2312.
 */
export function fallbackFont(): FontFile {
  return fontFile(bundledPath(SERIF), SERIF.family);
}

/**
 * The computers' own fonts for CJK Extension B (U+20000–U+2A6DF: rare characters of people's and
 * places' names, 𠀀 U+20000, 𪚥 U+2A6A5), which Noto Serif SC has only 52 of (those of the
 * 通用规范汉字表): SimSun-ExtB, on every Chinese Windows since Vista, has all 42,711; Windows 11's
 * SimSun-ExtG; the Traditional MingLiU-ExtB; on Linux, HanaMinB and BabelStone Han. No font on
 * the npm registry covers Extension B (the Noto CJK fonts have at most 1,700 of it, for Hong
 * Kong), so none is bundled.
 */
const EXTENSION_B_FONTS = ['SimSun-ExtB', 'SimSun-ExtG', 'MingLiU-ExtB', 'PMingLiU-ExtB', 'HanaMinB', 'BabelStone Han'];

/**
 * The fonts that draw a character the role's font lacks, the first that has it: the bundled Noto
 * Serif SC (`fallbackFont`), then the computer's Extension B fonts found by name.
 */
export function fallbackFonts(searchEnv: FontSearchEnv): FontFile[] {
  const installed = installedFonts(searchEnv);
  const found = [fallbackFont()];
  const seen = new Set<string>();
  for (const name of EXTENSION_B_FONTS) {
    const hit = installed.get(normalizeFontName(name));
    if (!hit || seen.has(`${hit.path}#${hit.face.postscriptName}`)) continue;
    seen.add(`${hit.path}#${hit.face.postscriptName}`);
    const file = fontFile(hit.path, hit.face.families[0] ?? name);
    if (hit.isCollection && hit.face.postscriptName) file.face = hit.face.postscriptName;
    found.push(file);
  }
  return found;
}

/**
 * Reads the bundled fonts of these roles ahead of need, in the background: the PDF worker
 * (every role) and the chart worker (the chart font's) do while they load their libraries
 * and the main thread reads the ledgers.
 */
export async function preloadBundledFonts(roles: readonly FontRole[] = Object.keys(BUNDLED) as FontRole[], wanted: Fonts = DEFAULT_FONTS): Promise<void> {
  const paths = [...new Set(roles.map((role) => bundledPath(bundledFont(role, wanted[role]))))];
  await Promise.all(
    paths.map(async (path) => {
      if (fontData.has(path)) return;
      try {
        const data = await readFontBytesAsync(path);
        if (!fontData.has(path)) fontData.set(path, data);
      } catch {
        // read (and reported) when a role needs it
      }
    }),
  );
}

export interface FontResolution {
  fonts: PdfFonts;
  /** One line per role for the run log. */
  report: string[];
  diagnostics: Diagnostic[];
}

/** The roles as the template's `字体` and `PDF字体` settings name them. */
export const ROLE_NAMES: Record<FontRole, string> = {
  title: '标题',
  body: '正文',
  heading1: '一级标题',
  heading2: '二级标题',
  heading3: '三级标题',
  pageNumber: '页码',
};

/**
 * For each role: the template's font file if it names one, else an installed font of the
 * name asked for (or its aliases), else the bundled free font, marked as substituted.
 */
export function resolvePdfFonts(
  wanted: Fonts,
  templateFiles: Partial<Record<FontRole, { path: string; line: number | undefined }>>,
  inputsDir: string,
  templateName: string,
  searchEnv: FontSearchEnv,
): FontResolution {
  const diagnostics: Diagnostic[] = [];
  const fonts = {} as PdfFonts;

  for (const role of Object.keys(ROLE_NAMES) as FontRole[]) {
    const asked = wanted[role];
    let served: ServedFont | null = null;

    const given = templateFiles[role];
    if (given) {
      const path = isAbsolute(given.path) ? given.path : resolve(inputsDir, given.path);
      const faces = existsSync(path) && statSync(path).isFile() ? namesOfFile(path) : [];
      if (faces.length === 0) {
        diagnostics.push(msg.fontFileUnreadable({ file: templateName, ...(given.line ? { line: given.line } : {}) }, given.path));
      } else {
        const names = candidateNames(asked).map(normalizeFontName);
        const face = faces.find((f) => f.families.some((n) => names.includes(normalizeFontName(n)))) ?? (faces[0] as FaceNames);
        const file = fontFile(path, face.families[0] ?? asked);
        if (faces.length > 1 && face.postscriptName) file.face = face.postscriptName;
        served = { role, wanted: asked, file, substituted: false, source: 'template' };
      }
    }

    if (!served) {
      const installed = installedFonts(searchEnv);
      for (const name of candidateNames(asked)) {
        const hit = installed.get(normalizeFontName(name));
        if (!hit) continue;
        const file = fontFile(hit.path, hit.face.families[0] ?? name);
        if (hit.isCollection && hit.face.postscriptName) file.face = hit.face.postscriptName;
        served = { role, wanted: asked, file, substituted: normalizeFontName(name) !== normalizeFontName(asked), source: 'office' };
        break;
      }
    }

    if (!served) {
      const bundled = bundledFont(role, asked);
      served = { role, wanted: asked, file: fontFile(bundledPath(bundled), bundled.family), substituted: true, source: 'bundled' };
    }
    fonts[role] = served;
  }
  const report = (Object.keys(ROLE_NAMES) as FontRole[]).map((role) => msg.fontReport(ROLE_NAMES[role], fonts[role]));
  return { fonts, report, diagnostics };
}

/** The template's `PDF字体.*` files, with the template lines that name them. */
export function pdfFontFiles(settings: FontSettings | null): Partial<Record<FontRole, { path: string; line: number | undefined }>> {
  const files: Partial<Record<FontRole, { path: string; line: number | undefined }>> = {};
  if (!settings) return files;
  for (const [key, role] of Object.entries(FONT_ROLE_KEYS)) {
    const path = settings.pdfFontFiles[role];
    if (path) files[role] = { path, line: settings.lines[`PDF字体.${key}`] };
  }
  return files;
}
