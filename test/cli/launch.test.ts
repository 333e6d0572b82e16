/**
 * The bundle's launcher before the page starts: it refuses to run from a zip viewer's temporary
 * folder, finds the Documents folder, and makes the workspace from the example once, never
 * writing into an existing one. (The launcher itself, unzipped and double-clicked, is driven in
 * test/bundle.slow.test.ts.)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  documentsFolder,
  documentsFromUserDirs,
  exampleWorkspaceFiles,
  expandWindowsVariables,
  insideZipViewer,
  launch,
  OUTPUTS_NAME,
  personalFromRegQuery,
  prepareWorkspace,
  workspaceFolder,
} from '../../pipeline/cli/launch.js';
import { listFiles, useTempDirs } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';

const tempDir = useTempDirs();

const WIN_ENV = { TEMP: 'C:\\Users\\张三\\AppData\\Local\\Temp', TMP: 'C:\\Users\\张三\\AppData\\Local\\Temp', USERPROFILE: 'C:\\Users\\张三' };

describe('insideZipViewer', () => {
  it.each([
    // Explorer: double-clicked inside tongbao-win-x64.zip
    'C:\\Users\\张三\\AppData\\Local\\Temp\\Temp1_tongbao-win-x64.zip\\通报助手',
    'C:\\Users\\张三\\AppData\\Local\\Temp\\Temp2_tongbao-win-x64 (1).zip\\通报助手',
    // 7-Zip and WinRAR open a file of an archive in folders of their own
    'C:\\Users\\张三\\AppData\\Local\\Temp\\7zO4C1A2B3D\\通报助手',
    'C:\\Users\\张三\\AppData\\Local\\Temp\\Rar$EXa6012.34567\\通报助手',
    // any archive's name under the temporary folder (TEMP elsewhere, or the usual one)
    'D:\\Temp\\通报助手.zip\\通报助手',
    'C:\\Users\\李四\\AppData\\Local\\Temp\\360zip\\tongbao-win-x64.zip_1\\通报助手',
  ])('%s: yes', (path) => {
    expect(insideZipViewer(path, { ...WIN_ENV, TEMP: path.startsWith('D:') ? 'D:\\Temp' : WIN_ENV.TEMP })).toBe(true);
  });

  it.each([
    'C:\\Users\\张三\\Downloads\\tongbao-win-x64\\通报助手',
    'C:\\Users\\张三\\Desktop\\tongbao-win-x64.zip解压\\通报助手',
    // unzipped into the temporary folder on purpose: no archive's name in the path
    'C:\\Users\\张三\\AppData\\Local\\Temp\\tongbao\\通报助手',
    '/home/zhang/下载/通报助手',
    '/tmp/tongbao-bundle-x/通报助手',
  ])('%s: no', (path) => {
    expect(insideZipViewer(path, WIN_ENV)).toBe(false);
  });
});

describe('the Documents folder', () => {
  it('reads the Personal shell folder from reg query and expands its variables', () => {
    const output = [
      '',
      'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders',
      '    Personal    REG_EXPAND_SZ    %USERPROFILE%\\OneDrive\\文档',
      '',
    ].join('\r\n');
    const value = personalFromRegQuery(output);
    expect(value).toBe('%USERPROFILE%\\OneDrive\\文档');
    expect(expandWindowsVariables(value ?? '', { UserProfile: 'C:\\Users\\张三' })).toBe('C:\\Users\\张三\\OneDrive\\文档');
    expect(expandWindowsVariables('%NOPE%\\Documents', {})).toBeNull();
    expect(personalFromRegQuery('ERROR: The system was unable to find the specified registry key or value.')).toBeNull();
  });

  it("takes the desktop's documents folder from user-dirs.dirs, else none", () => {
    const home = tempDir();
    expect(documentsFromUserDirs('# comment\nXDG_DESKTOP_DIR="$HOME/桌面"\nXDG_DOCUMENTS_DIR="$HOME/文档"\n', '/home/zhang')).toBe('/home/zhang/文档');
    expect(documentsFromUserDirs('XDG_DOCUMENTS_DIR="$HOME/"\n', '/home/zhang')).toBe('/home/zhang/');
    // no user-dirs.dirs (a bare home): the workspace goes into the home folder
    const env = { platform: 'linux' as const, env: {}, home };
    expect(documentsFolder(env)).toBeNull();
    expect(workspaceFolder(env)).toBe(join(home, '通报助手'));
    // one that names an existing folder
    mkdirSync(join(home, '.config'));
    mkdirSync(join(home, '文档'));
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_DOCUMENTS_DIR="$HOME/文档"\n');
    expect(workspaceFolder(env)).toBe(join(home, '文档', '通报助手'));
    // the documents folder set to the home folder itself (as desktops do to turn it off)
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_DOCUMENTS_DIR="$HOME/"\n');
    expect(workspaceFolder(env)).toBe(join(home, '通报助手'));
  });
});

describe('prepareWorkspace', () => {
  it('makes the workspace from the example on first start, and never writes into it again', () => {
    const dir = join(tempDir(), '文档', '通报助手');
    expect(prepareWorkspace(dir)).toEqual({ ok: true, created: true });
    const charts = listFiles(join(ROOT, 'charts')).map((f) => `charts/${f}`);
    expect(listFiles(dir)).toEqual(['notice.md', 'quarterly.md', '基层工会台账.xlsx', '整改台账.xlsx', ...charts].sort());
    expect(readFileSync(join(dir, '整改台账.xlsx'))).toEqual(readFileSync(join(ROOT, 'inputs', '整改台账.xlsx')));

    // staff's own template stays as they saved it, and a deleted example file is not brought back
    writeFileSync(join(dir, 'notice.md'), '本单位的模板');
    const ledger = join(dir, '基层工会台账.xlsx');
    writeFileSync(ledger, '');
    expect(prepareWorkspace(dir)).toEqual({ ok: true, created: false });
    expect(readFileSync(join(dir, 'notice.md'), 'utf8')).toBe('本单位的模板');
    expect(readFileSync(ledger)).toHaveLength(0);
  });

  it('fills an empty folder, and refuses a file in the folder’s place', () => {
    const empty = tempDir();
    expect(prepareWorkspace(empty)).toEqual({ ok: true, created: true });
    expect(listFiles(empty)).toContain('整改台账.xlsx');

    const file = join(tempDir(), '通报助手');
    writeFileSync(file, 'x');
    const r = prepareWorkspace(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe(`错误 ${file}：这是一个文件，不是文件夹，通报助手无法在这里建立工作文件夹；请把它改名或移走后再启动`);
  });

  it('the example files are the ledgers and templates of inputs/ and the chart specs', () => {
    const paths = exampleWorkspaceFiles().map((f) => f.path);
    expect(paths).toContain('notice.md');
    expect(paths).toContain('charts/status-by-category.vl.json');
    expect(paths.every((p) => !p.startsWith('.'))).toBe(true);
  });
});

describe('launch', () => {
  it('runs serve on the workspace, with the outputs in its 输出 folder', () => {
    const home = tempDir();
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) };
    const env = { platform: 'win32' as const, env: WIN_ENV, home };
    const docs = join(home, 'Documents');
    const argv = launch('C:\\Users\\张三\\Downloads\\tongbao-win-x64\\通报助手', env, io, () => docs);
    const ws = join(docs, '通报助手');
    expect(argv).toEqual(['serve', '--inputs', ws, '--outputs', join(ws, OUTPUTS_NAME)]);
    expect(out).toEqual([`已建立工作文件夹 ${ws}，放入了示例台账和模板：可以先生成示例通报看看，再换成本单位的台账和模板。`]);
    expect(err).toEqual([]);
    // the second start says nothing of the workspace
    out.length = 0;
    expect(launch('C:\\Users\\张三\\Downloads\\tongbao-win-x64\\通报助手', env, io, () => docs)).toEqual(argv);
    expect(out).toEqual([]);
  });

  it('stops with 请先解压 inside a zip viewer, before touching the Documents folder', () => {
    const err: string[] = [];
    const here = 'C:\\Users\\张三\\AppData\\Local\\Temp\\Temp1_tongbao-win-x64.zip\\通报助手';
    const code = launch(here, { platform: 'win32', env: WIN_ENV, home: tempDir() }, { stdout: () => {}, stderr: (l) => err.push(l) }, () => {
      throw new Error('the Documents folder was looked up');
    });
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^错误 请先解压到一个文件夹：/u);
    expect(err[0]).toContain(here);
  });
});
