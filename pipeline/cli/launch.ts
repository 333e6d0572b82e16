/**
 * The launcher of the unzipped bundle (`通报助手.cmd` / `通报助手.sh` run `bin/launch.js`, which
 * runs this, then `tongbao serve`): staff double-click it and get the page.
 *
 *   unzipped?   Windows' zip viewer runs a file from inside a zip out of a temporary folder
 *               (`%TEMP%\Temp1_tongbao-win-x64.zip\…`), which it deletes later: the page would
 *               lose its ledgers, so the launcher says 请先解压 and stops (`insideZipViewer`).
 *   workspace   outside the unzipped folder, so that unzipping a new version never touches the
 *               staff's ledgers: `通报助手` in the user's Documents folder (Windows: the folder
 *               Explorer shows as 文档, which may be redirected to OneDrive; Linux: the XDG
 *               documents folder when the desktop has one, else the home folder). The ledgers
 *               and templates sit in it directly (it is the inputs folder, as `init` makes one),
 *               the outputs in its subfolder `输出` (`workspaceFolder`).
 *   first start the workspace is made from the shipped example (ledgers, templates, chart
 *               specs), so the first build works and shows what a notice looks like; an existing
 *               workspace is never written to (`prepareWorkspace`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import * as msg from '../messages.js';
import { TEMPLATE_FILES } from '../read/inputs.js';
import { chartFiles, PROJECT_INPUTS_DIR } from './init.js';
import { writeOutputs, type OutputFile } from './outputs.js';

/** The workspace's folder name, in the Documents folder. */
export const WORKSPACE_NAME = '通报助手';
/** The outputs' folder inside the workspace. */
export const OUTPUTS_NAME = '输出';

/** The parts of the world the launcher reads (tests give their own). */
export interface LaunchEnv {
  platform: NodeJS.Platform;
  env: Partial<Record<string, string>>;
  home: string;
}

export const processLaunchEnv = (): LaunchEnv => ({ platform: process.platform, env: process.env, home: homedir() });

/**
 * Folders that zip programs extract a file into when it is opened from inside an archive:
 * Windows Explorer's `Temp1_name.zip`, 7-Zip's `7zO1A2B3C4D`, WinRAR's `Rar$EXa1234.5678`,
 * 360压缩's `360zip$Temp`, Bandizip's `Bandizip`… always under the temporary folder.
 */
const VIEWER_FOLDERS = [/^Temp\d+_.*\.zip$/iu, /^7zO[0-9A-F]{4,}$/iu, /^Rar\$[A-Z]{2}/iu, /^360zip\$?temp/iu];
const ARCHIVE_NAME = /\.(zip|rar|7z)(?![a-z])/iu;

/**
 * Whether `path` (the launcher's folder) is where a zip viewer put it: a folder named as
 * Explorer, 7-Zip, WinRAR or 360压缩 name theirs, or a path under the temporary folder (the
 * `TEMP`/`TMP` of the environment, or any `\AppData\Local\Temp\`) with an archive's name in it.
 */
export function insideZipViewer(path: string, env: Partial<Record<string, string>>): boolean {
  const segments = path.split(/[\\/]+/u).filter(Boolean);
  if (segments.some((s) => VIEWER_FOLDERS.some((re) => re.test(s)))) return true;
  const folded = (p: string) => `${p.replaceAll('/', '\\').replace(/\\+$/u, '').toLowerCase()}\\`;
  const here = folded(path);
  const temps = [env.TEMP, env.TMP].filter((t): t is string => Boolean(t)).map(folded);
  const inTemp = temps.some((t) => here.startsWith(t)) || here.includes('\\appdata\\local\\temp\\');
  return inTemp && ARCHIVE_NAME.test(here);
}

/** `%NAME%` in a registry value, from the environment (names in any case, as Windows has them). */
export function expandWindowsVariables(value: string, env: Partial<Record<string, string>>): string | null {
  let missing = false;
  const byName = new Map(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v]));
  const expanded = value.replace(/%([^%]+)%/gu, (_, name: string) => {
    const v = byName.get(name.toUpperCase());
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? null : expanded;
}

/** The `Personal` value in `reg query`'s output (its type and data after the name). */
export function personalFromRegQuery(output: string): string | null {
  const line = output.split(/\r?\n/u).find((l) => /^\s+Personal\s+REG_(EXPAND_)?SZ\s+/u.test(l));
  return line ? line.replace(/^\s+Personal\s+REG_(EXPAND_)?SZ\s+/u, '').trim() || null : null;
}

/** `XDG_DOCUMENTS_DIR` of a `user-dirs.dirs` file (`"$HOME/文档"`). */
export function documentsFromUserDirs(text: string, home: string): string | null {
  for (const line of text.split(/\r?\n/u)) {
    const m = /^\s*XDG_DOCUMENTS_DIR\s*=\s*"(.*)"\s*$/u.exec(line);
    if (m) {
      const value = (m[1] ?? '').replace(/^\$HOME(?=\/|$)/u, home);
      return isAbsolute(value) ? value : null;
    }
  }
  return null;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The Documents folder as Explorer shows it: the `Personal` shell folder of the registry (which
 * OneDrive and administrators redirect), read with Windows' own `reg.exe`. `reg` writes in the
 * console's code page, so the output is taken as UTF-8 or, failing that, GBK (Chinese Windows).
 */
function windowsDocuments(env: Partial<Record<string, string>>): string | null {
  const key = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders';
  const run = spawnSync('reg', ['query', key, '/v', 'Personal'], { windowsHide: true, timeout: 5000 });
  if (run.status !== 0 || !run.stdout) return null;
  const bytes = run.stdout as Buffer;
  for (const encoding of ['utf-8', 'gbk']) {
    const value = personalFromRegQuery(new TextDecoder(encoding).decode(bytes));
    const path = value ? expandWindowsVariables(value, env) : null;
    if (path && !path.includes('\ufffd') && isFolder(path)) return path;
  }
  return null;
}

/** Where the workspace lives (see the module's comment). */
export function workspaceFolder(launchEnv: LaunchEnv, readDocuments: (env: LaunchEnv) => string | null = documentsFolder): string {
  return join(readDocuments(launchEnv) ?? launchEnv.home, WORKSPACE_NAME);
}

/** The user's Documents folder, or null (then the home folder holds the workspace). */
export function documentsFolder({ platform, env, home }: LaunchEnv): string | null {
  if (platform === 'win32') {
    const profile = env.USERPROFILE ?? home;
    const fromRegistry = windowsDocuments(env);
    if (fromRegistry) return fromRegistry;
    return join(profile, 'Documents');
  }
  const fromEnv = env.XDG_DOCUMENTS_DIR;
  if (fromEnv && isAbsolute(fromEnv) && isFolder(fromEnv)) return fromEnv;
  const config = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  try {
    const docs = documentsFromUserDirs(readFileSync(join(config, 'user-dirs.dirs'), 'utf8'), home);
    if (docs && resolve(docs) !== resolve(home) && isFolder(docs)) return docs;
  } catch {
    // no user-dirs.dirs: no documents folder of the desktop's
  }
  return null;
}

/** The example's files that make a new workspace: its ledgers and templates, and the chart specs. */
export function exampleWorkspaceFiles(inputsDir = PROJECT_INPUTS_DIR): OutputFile[] {
  const names = readdirSync(inputsDir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && (/\.(xlsx|csv)$/iu.test(e.name) || (Object.values(TEMPLATE_FILES) as string[]).includes(e.name)))
    .map((e) => e.name)
    .sort();
  return [...names.map((name) => ({ path: name, contents: readFileSync(join(inputsDir, name)) })), ...chartFiles(true)];
}

export type Prepared = { ok: true; created: boolean } | { ok: false; message: string };

/**
 * Makes the workspace from the example when it does not exist yet (or is an empty folder);
 * leaves an existing one as it is.
 */
export function prepareWorkspace(dir: string, files: () => OutputFile[] = exampleWorkspaceFiles): Prepared {
  if (existsSync(dir)) {
    if (!isFolder(dir)) return { ok: false, message: msg.launch.workspaceNotFolder(dir) };
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (error) {
      return { ok: false, message: msg.launch.workspaceFailed(dir, msg.readFailureReason((error as NodeJS.ErrnoException).code ?? String(error))) };
    }
    if (entries.length > 0) return { ok: true, created: false };
  }
  let contents: OutputFile[];
  try {
    contents = files();
  } catch (error) {
    return { ok: false, message: msg.init.sourceMissing((error as NodeJS.ErrnoException).code ?? String(error)) };
  }
  const report = writeOutputs(dir, contents);
  const failed = report.failed[0];
  if (failed) return { ok: false, message: msg.launch.workspaceFailed(dir, msg.writeFailureReason(failed.reason)) };
  return { ok: true, created: true };
}

export interface LaunchIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/**
 * Everything before the page: the zip-viewer check, the workspace. Returns the `serve` command
 * line to run, or the exit code when the launcher stops.
 */
export function launch(here: string, launchEnv: LaunchEnv, io: LaunchIo, readDocuments?: (env: LaunchEnv) => string | null): string[] | number {
  if (insideZipViewer(here, launchEnv.env)) {
    io.stderr(msg.launch.notUnpacked(here));
    return 1;
  }
  const workspace = workspaceFolder(launchEnv, readDocuments);
  const prepared = prepareWorkspace(workspace);
  if (!prepared.ok) {
    io.stderr(prepared.message);
    return 1;
  }
  if (prepared.created) io.stdout(msg.launch.workspaceCreated(workspace));
  return ['serve', '--inputs', workspace, '--outputs', join(workspace, OUTPUTS_NAME)];
}
