/**
 * `npm run bundle`, built from the registry's packages (npm's cache), then used as staff would:
 *
 *   - the Linux archive unpacked into an empty folder outside the checkout, its launcher run with
 *     an empty home folder and the browser-opening step stubbed; the example built through the
 *     page's HTTP API (docs/serve-api.md), the PDF's text checked, the server's Node the bundled one;
 *   - the Windows zip read: node.exe, the launcher ASCII with CRLF, resvg's win32 native module and
 *     no other platform's, every name UTF-8 flagged; its launcher run under wine as far as the
 *     page's first answer, and from a zip viewer's temporary folder, where it says 请先解压;
 *   - both archives ≤ 120 MB, and the same bytes when built again from the same commit.
 *
 * Needs the npm registry (or npm's cache), `tar`, and a wine that can start Node 24 (9 or newer:
 * Debian 12's 8.0 cannot; `.ci/wine-trixie` makes Debian 13's, as `tongbao-wine`). A missing tool
 * fails the test, never skips it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listZip, readZipEntry } from '../../pipeline/zip.js';
import { normalizeForComparison, ROOT } from '../helpers/example.js';
import { readPdf } from '../helpers/pdf.js';

const scratch = mkdtempSync(join(tmpdir(), 'tongbao-bundle-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ZIP = 'tongbao-win-x64.zip';
const TAR = 'tongbao-linux-x64.tar.gz';
const LIMIT_MB = 120;
/** Launcher start to the page's first answer, on this machine's Linux bundle. */
const FIRST_PAGE_MS = 3000;

/** Builds the bundles into `out` with `node scripts/bundle.mjs` (dist/ is built by test:slow). */
function buildBundles(out: string): void {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle.mjs'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/bundle.mjs failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.stdout.write(run.stdout);
}

function requireTool(command: string, args: string[], hint: string): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${command} not found or not working: ${hint}`);
}

const mb = (bytes: number) => bytes / 1024 / 1024;

let out: string;
beforeAll(() => {
  requireTool('tar', ['--version'], 'install tar (Debian: apt-get install tar)');
  out = join(scratch, 'bundle');
  buildBundles(out);
}, 900_000);

interface Page {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  /** ms from starting the launcher to the page's HTML answered */
  firstPageMs: number;
  output: () => string;
}

/** Waits until `read()` holds the line serve prints once it listens (docs/serve-api.md). */
async function waitForUrl(read: () => string, child: ChildProcess, timeoutMs: number): Promise<{ url: string; port: number; token: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /通报助手已启动：(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/u.exec(read());
    if (m) return { url: m[1] as string, port: Number(m[2]), token: m[3] as string };
    if (child.exitCode !== null) throw new Error(`the launcher ended (${child.exitCode}) before the page started:\n${read()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no page within ${timeoutMs} ms:\n${read()}`);
}

/** Opens the page as a browser would: the address with the token (a cookie and a redirect), then `/`. */
async function openPage(url: string, port: number): Promise<string> {
  const first = await fetch(url, { redirect: 'manual' });
  expect(first.status).toBe(303);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] as string;
  expect(cookie).toMatch(new RegExp(`^tongbao-${port}=`, 'u'));
  const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie } });
  expect(page.status).toBe(200);
  return page.text();
}

async function api(page: { port: number; token: string }, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`http://127.0.0.1:${page.port}${path}`, { ...init, headers: { 'X-Tongbao-Token': page.token, ...(init.headers ?? {}) } });
}

/** Builds the notice through the page (POST /api/build), fetches its PDF and checks the text; returns the PDF. */
async function buildThroughPage(page: { port: number; token: string }): Promise<Uint8Array> {
  const built = await api(page, '/api/build', { method: 'POST' });
  expect(built.status).toBe(200);
  expect(await built.json()).toMatchObject({ code: 0, errors: 0 });
  const pdf = await api(page, '/api/outputs/notice.pdf');
  expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/u);
  const bytes = new Uint8Array(await pdf.arrayBuffer());
  const text = normalizeForComparison((await readPdf(bytes)).pages.flatMap((p) => p.lines.map((l) => l.text)).join(''));
  expect(text).toContain(normalizeForComparison('中共通道侗族自治县总工会党组关于巡察整改进展情况的通报'));
  expect(text).toContain(normalizeForComparison('巡察反馈的14个方面44个具体问题，已完成整改39个，阶段性完成整改5个'));
  // the bundled fonts found where the bundle has them (the Kai face unpacked in app/dist/bundled-fonts/)
  const log = await (await api(page, '/api/outputs/run-log.md')).text();
  expect(log).toMatch(/二级标题：楷体_GB2312 未找到，用免费字体 LXGW WenKai（.*bundled-fonts.LXGWWenKai-Regular\.ttf）代替/u);
  // the charts: PNGs drawn by resvg's native module for this platform
  const png = await api(page, '/api/outputs/charts/status-by-category.png');
  expect(png.status).toBe(200);
  expect(
    Buffer.from(await png.arrayBuffer())
      .subarray(1, 4)
      .toString('latin1'),
  ).toBe('PNG');
  return bytes;
}

function stopped(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the Linux bundle', () => {
  let unpacked: string;
  let home: string;
  let stubLog: string;
  let env: Record<string, string>;

  beforeAll(() => {
    unpacked = join(scratch, 'unpacked');
    mkdirSync(unpacked);
    const tar = spawnSync('tar', ['-xzf', join(out, TAR), '-C', unpacked], { encoding: 'utf8' });
    expect(tar.stderr).toBe('');
    expect(readdirSync(unpacked)).toEqual(['通报助手']);
    home = join(scratch, 'home');
    mkdirSync(home);
    // the browser: a stub that writes down the address it was given
    stubLog = join(scratch, 'browser.log');
    const stub = join(scratch, 'browser.sh');
    writeFileSync(stub, `#!/bin/sh\necho "$1" >> '${stubLog}'\n`, { mode: 0o755 });
    // a new user's machine: an empty home, no compile cache yet, nothing of this one's environment
    const tmp = join(scratch, 'tmp');
    mkdirSync(tmp);
    env = { PATH: '/usr/bin:/bin', HOME: home, TMPDIR: tmp, LANG: 'C.UTF-8', TONGBAO_BROWSER: stub };
  });

  /** Runs 通报助手.sh from another folder; resolves once the page's HTML is answered. */
  async function launch(): Promise<Page> {
    let text = '';
    const started = performance.now();
    const child = spawn(join(unpacked, '通报助手', '通报助手.sh'), [], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString('utf8');
    });
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString('utf8');
    });
    const { url, port, token } = await waitForUrl(() => text, child, 60_000);
    const html = await openPage(url, port);
    const firstPageMs = performance.now() - started;
    expect(html).toContain('<title>通报助手</title>');
    return { child, url, port, token, firstPageMs, output: () => text };
  }

  it('unpacks into one folder: the launcher, 使用说明.html and app/ with its own Node', () => {
    const top = join(unpacked, '通报助手');
    expect(readdirSync(top).sort()).toEqual(['app', '使用说明.html', '通报助手.sh']);
    expect(readFileSync(join(top, '使用说明.html'), 'utf8')).toContain('<h2 id="快速上手">快速上手</h2>');
    const version = spawnSync(join(top, 'app/node/node'), ['--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^v24\.\d+\.\d+$/u);
    // only the font files tongbao opens: three of the Noto families' 27, the Kai face as npm install unpacked it
    const noto = readdirSync(join(top, 'app/node_modules/@expo-google-fonts'), { recursive: true }).filter((f) => String(f).endsWith('.ttf'));
    expect(noto).toHaveLength(3);
    expect(readdirSync(join(top, 'app/node_modules/@fontsource/lxgw-wenkai')).sort()).toEqual(['LICENSE', 'package.json']);
    expect(existsSync(join(top, 'app/dist/bundled-fonts/LXGWWenKai-Regular.ttf'))).toBe(true);
    expect(existsSync(join(top, 'app/node_modules/@resvg/resvg-js-linux-x64-gnu'))).toBe(true);
    expect(existsSync(join(top, 'app/node_modules/@resvg/resvg-js-win32-x64-msvc'))).toBe(false);
  });

  it('its launcher makes the workspace in the empty home, opens the page, and builds the example through the page', async () => {
    const page = await launch();
    try {
      // the server is the bundled Node
      const exe = readlinkSync(`/proc/${page.child.pid}/exe`);
      expect(exe.startsWith(join(unpacked, '通报助手', 'app'))).toBe(true);
      // the workspace: 通报助手 in the home folder (no documents folder of a desktop), from the example
      const ws = join(home, '通报助手');
      expect(page.output()).toContain(`已建立工作文件夹 ${ws}`);
      expect(readdirSync(ws).sort()).toEqual(expect.arrayContaining(['charts', 'notice.md', 'quarterly.md', '基层工会台账.xlsx', '整改台账.xlsx']));
      // the browser stub was asked to open the page
      for (let i = 0; i < 100 && !existsSync(stubLog); i++) await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(stubLog, 'utf8').trim()).toBe(page.url);

      const state = (await (await api(page, '/api/state')).json()) as { workspace: { inputs: string; outputs: string } };
      expect(state.workspace).toEqual({ inputs: ws, outputs: join(ws, '输出') });

      const pdf = await buildThroughPage(page);
      expect(pdf).toEqual(new Uint8Array(readFileSync(join(ws, '输出', 'notice.pdf'))));
      process.stdout.write(`Linux bundle: launcher start to the first page ${page.firstPageMs.toFixed(0)} ms (new home, cold compile cache)\n`);
      expect(page.firstPageMs).toBeLessThanOrEqual(FIRST_PAGE_MS);
    } finally {
      page.child.kill('SIGTERM');
    }
    expect(await stopped(page.child)).toBe(0);
  });

  it('started again, it leaves the workspace as staff left it', async () => {
    const ws = join(home, '通报助手');
    writeFileSync(join(ws, 'notice.md'), readFileSync(join(ws, 'notice.md'), 'utf8').replace('成文日期: 2025-05-30', '成文日期: 2025-06-30'));
    const page = await launch();
    try {
      expect(page.output()).not.toContain('已建立工作文件夹');
      expect(readFileSync(join(ws, 'notice.md'), 'utf8')).toContain('成文日期: 2025-06-30');
      process.stdout.write(`Linux bundle: launcher start to the first page ${page.firstPageMs.toFixed(0)} ms (second start)\n`);
      expect(page.firstPageMs).toBeLessThanOrEqual(FIRST_PAGE_MS);
    } finally {
      page.child.kill('SIGTERM');
    }
    expect(await stopped(page.child)).toBe(0);
  });
});

describe('the Windows zip', () => {
  let zip: Uint8Array;
  beforeAll(() => {
    zip = new Uint8Array(readFileSync(join(out, ZIP)));
  });

  it('holds node.exe, resvg for win32 and no other platform, and the launcher in ASCII with CRLF', () => {
    const entries = listZip(zip);
    const names = entries.map((e) => e.name);
    expect(names).toContain('通报助手/app/node/node.exe');
    expect(names).toContain('通报助手/使用说明.html');
    const natives = names.filter((n) => n.endsWith('.node'));
    expect(natives).toEqual(['通报助手/app/node_modules/@resvg/resvg-js-win32-x64-msvc/resvgjs.win32-x64-msvc.node']);
    expect(names.filter((n) => /resvg-js-(linux|darwin|android)|node_modules\/node-linux/u.test(n))).toEqual([]);
    expect(names.some((n) => n.startsWith('通报助手/app/node/node') && n !== '通报助手/app/node/node.exe' && !n.endsWith('LICENSE'))).toBe(false);
    // Explorer unzips into paths of at most 260 characters (MAX_PATH): room for a folder of 100
    const longest = Math.max(...names.map((n) => n.length));
    expect(longest).toBeLessThanOrEqual(150);
    const exe = readZipEntry(zip, entries.find((e) => e.name === '通报助手/app/node/node.exe') as (typeof entries)[number]);
    expect(Buffer.from(exe.subarray(0, 2)).toString('latin1')).toBe('MZ');

    const cmd = Buffer.from(readZipEntry(zip, entries.find((e) => e.name === '通报助手/通报助手.cmd') as (typeof entries)[number]));
    expect([...cmd].every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a)).toBe(true);
    const text = cmd.toString('latin1');
    expect(text.split('\r\n').slice(0, -1).join('')).not.toContain('\n');
    expect(text).toContain('"app\\node\\node.exe" --max-semi-space-size=2 --expose-gc "app\\bin\\launch.js"');
  });

  it('flags every name as UTF-8 (bit 11), in the central directory and the local headers', () => {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const end = zip.byteLength - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    let at = view.getUint32(end + 16, true);
    const count = view.getUint16(end + 10, true);
    let chinese = 0;
    for (let i = 0; i < count; i++) {
      expect(view.getUint32(at, true)).toBe(0x02014b50);
      const flags = view.getUint16(at + 8, true);
      const nameLength = view.getUint16(at + 28, true);
      const local = view.getUint32(at + 42, true);
      const name = Buffer.from(zip.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
      if (!/^[\x20-\x7e]*$/u.test(name)) {
        chinese++;
        expect(flags & 0x800, name).toBe(0x800);
        expect(view.getUint16(local + 6, true) & 0x800, name).toBe(0x800);
      }
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    expect(chinese).toBe(count);
  });
});

describe('the archives', () => {
  it(`are at most ${LIMIT_MB} MB each`, () => {
    for (const name of [ZIP, TAR]) {
      const size = mb(readFileSync(join(out, name)).byteLength);
      process.stdout.write(`${name}: ${size.toFixed(1)} MB\n`);
      expect(size, name).toBeLessThanOrEqual(LIMIT_MB);
    }
  });

  it('are the same bytes when built again from the same commit', () => {
    const again = join(scratch, 'again');
    buildBundles(again);
    for (const name of [ZIP, TAR, `${ZIP}.files.txt`, `${TAR}.files.txt`]) {
      expect(readFileSync(join(again, name)).equals(readFileSync(join(out, name))), name).toBe(true);
    }
  }, 900_000);
});

// ── wine ─────────────────────────────────────────────────────────────────────────────────

/**
 * The wine to run the Windows launcher with: TONGBAO_WINE, else `tongbao-wine` (Debian 13's wine,
 * made by .ci/wine-trixie), else `wine`; it must be 9 or newer, since Node 24 does not start
 * under older ones.
 */
function findWine(): string {
  const candidates = [process.env.TONGBAO_WINE, 'tongbao-wine', 'wine'].filter((c): c is string => Boolean(c));
  const found: string[] = [];
  for (const command of candidates) {
    const r = spawnSync(command, ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) continue;
    const version = r.stdout.trim();
    found.push(`${command}: ${version}`);
    if (Number(/^wine-(\d+)/u.exec(version)?.[1] ?? 0) >= 9) return command;
  }
  throw new Error(
    `no wine that can start Node 24 (${found.join('; ') || 'none found'}): Node 24 needs wine 9 or newer (Debian 12's wine 8.0 cannot). ` +
      "Run .ci/wine-trixie (as root), which makes Debian 13's wine as tongbao-wine; .ci/run does.",
  );
}

describe('the Windows launcher under wine', () => {
  let wine: string;
  let prefix: string;
  let user: string;
  let env: Record<string, string>;

  /** Every process of this wine prefix (wineserver, cmd.exe, node.exe…), ended. */
  function endWine(): void {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/u.test(p))) {
      try {
        if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`WINEPREFIX=${prefix}`)) process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone, or not ours to read
      }
    }
  }

  beforeAll(() => {
    wine = findWine();
    prefix = join(scratch, 'wineprefix');
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(scratch, 'wine-home'),
      // Unix names and arguments are UTF-8 (the C locale would turn the Chinese ones into ?)
      LANG: 'C.UTF-8',
      WINEPREFIX: prefix,
      WINEDEBUG: '-all',
      // no Mono or Gecko to install into the new prefix
      WINEDLLOVERRIDES: 'mscoree,mshtml=',
      TONGBAO_NO_BROWSER: '1',
    };
    mkdirSync(env.HOME as string);
    const boot = spawnSync(wine, ['wineboot', '--init'], { env, encoding: 'utf8', timeout: 300_000 });
    expect(boot.status, boot.stderr).toBe(0);
    const users = readdirSync(join(prefix, 'drive_c/users')).filter((u) => u !== 'Public');
    expect(users).toHaveLength(1);
    user = users[0] as string;
    // unzipped where Windows' zip viewer puts a file double-clicked inside the zip
    const viewer = join(prefix, 'drive_c/users', user, 'AppData/Local/Temp', `Temp1_${ZIP}`);
    const zip = new Uint8Array(readFileSync(join(out, ZIP)));
    for (const entry of listZip(zip)) {
      const path = join(viewer, ...entry.name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, readZipEntry(zip, entry));
    }
  }, 600_000);

  afterAll(() => {
    if (prefix) endWine();
  });

  /** `wine cmd /c LAUNCHER`, its output going to a file (Node under wine cannot write to a Unix pipe). */
  function runLauncher(windowsPath: string, log: string): ChildProcess {
    const fd = openSync(log, 'w');
    try {
      return spawn(wine, ['cmd', '/c', windowsPath], { env, cwd: scratch, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
  }

  it('started inside the zip viewer’s temporary folder, it says 请先解压 and stops', async () => {
    const log = join(scratch, 'wine-viewer.log');
    const child = runLauncher(`C:\\users\\${user}\\AppData\\Local\\Temp\\Temp1_${ZIP}\\通报助手\\通报助手.cmd`, log);
    const code = await stopped(child);
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('请先解压到一个文件夹');
    expect(code).toBe(1);
    expect(existsSync(join(prefix, 'drive_c/users', user, 'Documents', '通报助手'))).toBe(false);
  }, 300_000);

  it('with only the launcher taken out of the zip (no Node beside it), it says so and stops', async () => {
    const alone = join(prefix, 'drive_c/users', user, 'AppData/Local/Temp', 'Temp2_tongbao-win-x64.zip', '通报助手');
    mkdirSync(alone, { recursive: true });
    writeFileSync(
      join(alone, '通报助手.cmd'),
      readFileSync(join(prefix, 'drive_c/users', user, 'AppData/Local/Temp', `Temp1_${ZIP}`, '通报助手', '通报助手.cmd')),
    );
    const log = join(scratch, 'wine-alone.log');
    const code = await stopped(runLauncher(`C:\\users\\${user}\\AppData\\Local\\Temp\\Temp2_tongbao-win-x64.zip\\通报助手\\通报助手.cmd`, log));
    // (and PowerShell's message box with 请先解压, which wine does not have)
    expect(readFileSync(log, 'utf8')).toContain('Please unzip the whole folder first');
    expect(code).toBe(1);
  }, 300_000);

  it('unzipped into a folder, it makes the workspace in Documents, answers the page and builds the example with the win32 modules', async () => {
    const folder = join(scratch, '下载', 'tongbao-win-x64');
    mkdirSync(dirname(folder), { recursive: true });
    renameSync(join(prefix, 'drive_c/users', user, 'AppData/Local/Temp', `Temp1_${ZIP}`), folder);
    const log = join(scratch, 'wine-launch.log');
    const started = performance.now();
    const child = runLauncher(`Z:${folder.replaceAll('/', '\\')}\\通报助手\\通报助手.cmd`, log);
    try {
      const { url, port, token } = await waitForUrl(() => (existsSync(log) ? readFileSync(log, 'utf8') : ''), child, 240_000);
      const html = await openPage(url, port);
      process.stdout.write(`Windows bundle under wine: launcher start to the first page ${(performance.now() - started).toFixed(0)} ms\n`);
      expect(html).toContain('<title>通报助手</title>');
      const state = (await (await api({ port, token }, '/api/state')).json()) as { workspace: { inputs: string; outputs: string } };
      expect(state.workspace.inputs).toBe(`C:\\users\\${user}\\Documents\\通报助手`);
      expect(state.workspace.outputs).toBe(`C:\\users\\${user}\\Documents\\通报助手\\输出`);
      expect(readdirSync(join(prefix, 'drive_c/users', user, 'Documents', '通报助手'))).toEqual(
        expect.arrayContaining(['notice.md', '整改台账.xlsx', '基层工会台账.xlsx']),
      );
      await buildThroughPage({ port, token });
      expect(existsSync(join(prefix, 'drive_c/users', user, 'Documents', '通报助手', '输出', 'notice.docx'))).toBe(true);
    } finally {
      endWine();
    }
  }, 600_000);
});
