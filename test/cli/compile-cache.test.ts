/**
 * The code cache for library files (cli/compile-cache.ts). It patches the CommonJS loader of
 * the thread it is enabled in, so each case runs in a child process with the compiled module.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCacheFolder } from '../../pipeline/cli/compile-cache.js';
import { ROOT } from '../helpers/example.js';
import { sharedRun } from '../helpers/shared.js';

const scratch = mkdtempSync(join(tmpdir(), 'tongbao-compile-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Enables the cache in `folder`, requires papaparse and parses a line with it; prints what it saw. */
function run(folder: string | null): { rows: unknown } {
  const script = `
    import { createRequire } from 'node:module';
    import { enableCompileCache } from './dist/cli/compile-cache.js';
    const cache = enableCompileCache(${JSON.stringify(folder)}, 'test');
    const require = createRequire(import.meta.url);
    const rows = require('papaparse').parse('a,b\\n1,2').data;
    cache.save();
    console.log(JSON.stringify({ rows }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { rows: unknown };
}

const cacheFile = (folder: string) => join(folder, `test-${process.version}-${process.arch}.bin`);

/** The file names a cache file holds data for. */
function cachedFiles(path: string): string[] {
  const bytes = readFileSync(path);
  const index = JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32LE(0)).toString('utf8')) as [string, number, number][];
  return index.map(([file]) => file);
}

describe('the compile cache', () => {
  it('lives in the package\'s node_modules/.cache unless TONGBAO_COMPILE_CACHE says otherwise', () => {
    expect(compileCacheFolder({})).toBe(join(ROOT, 'node_modules/.cache/tongbao/'));
    expect(compileCacheFolder({ TONGBAO_COMPILE_CACHE: 'off' })).toBeNull();
    expect(compileCacheFolder({ TONGBAO_COMPILE_CACHE: '0' })).toBeNull();
    expect(compileCacheFolder({ TONGBAO_COMPILE_CACHE: '/somewhere/else' })).toBe('/somewhere/else');
  });

  it('is written by the first run with each library file loaded, and read, not rewritten, by the next', () => {
    const folder = join(scratch, 'fresh');
    expect(run(folder).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    const path = cacheFile(folder);
    expect(cachedFiles(path)).toEqual([expect.stringMatching(/node_modules[/\\]papaparse[/\\]papaparse(\.min)?\.js$/u)]);
    const written = statSync(path).mtimeMs;
    const bytes = readFileSync(path);
    expect(run(folder).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(statSync(path).mtimeMs).toBe(written);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('recompiles and rewrites data V8 rejects, and works without a usable folder', () => {
    const folder = join(scratch, 'damaged');
    run(folder);
    const path = cacheFile(folder);
    const bytes = readFileSync(path);
    // keep the index, spoil the data
    const indexEnd = 4 + bytes.readUInt32LE(0);
    bytes.fill(7, indexEnd);
    writeFileSync(path, bytes);
    expect(run(folder).rows).toHaveLength(2);
    expect(readFileSync(path).subarray(indexEnd).every((b) => b === 7)).toBe(false);

    writeFileSync(path, 'not a cache');
    expect(run(folder).rows).toHaveLength(2);
    expect(cachedFiles(path)).toHaveLength(1);

    // a folder that cannot be made (a file is in the way), and no folder at all
    const blocked = join(scratch, 'blocked');
    writeFileSync(blocked, '');
    expect(run(join(blocked, 'cache')).rows).toHaveLength(2);
    expect(run(null).rows).toHaveLength(2);
  });

  // (root writes into a read-only folder anyway)
  it.skipIf(process.getuid?.() === 0)('leaves no half-written file behind in a folder it cannot write', () => {
    const folder = join(scratch, 'read-only');
    mkdirSync(folder);
    chmodSync(folder, 0o500);
    expect(run(folder).rows).toHaveLength(2);
    expect(existsSync(cacheFile(folder))).toBe(false);
  });

  it('leaves ES modules that are required (an .mjs file, ES syntax in a .js file) to Node', () => {
    const pkg = join(scratch, 'node_modules', 'esm-thing');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name": "esm-thing"}');
    writeFileSync(join(pkg, 'index.mjs'), 'export const answer = 42;\n');
    writeFileSync(join(pkg, 'detect.js'), 'export const detected = true;\n');
    writeFileSync(join(pkg, 'plain.js'), 'module.exports = { plain: 1 };\n');
    const script = `
      import { createRequire } from 'node:module';
      import { enableCompileCache } from './dist/cli/compile-cache.js';
      enableCompileCache(${JSON.stringify(join(scratch, 'esm-cache'))}, 'test');
      const require = createRequire(${JSON.stringify(join(pkg, 'x.js'))});
      console.log(JSON.stringify([require('./index.mjs').answer, require('./detect.js').detected, require('./plain.js').plain]));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(child.stderr.replace(/.*ExperimentalWarning.*\n?|.*--trace-warnings.*\n?/gu, '')).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([42, true, 1]);
  });

  // The shared build of the example (test/setup/shared-builds.ts) ran with a fresh cache
  // folder of its own: it compiled and wrote the cache; two more builds, at the same time, read
  // it and run without one (and draw no charts: the notice places none).
  it('gives the same PDF with the cache as without it', async () => {
    const shared = await sharedRun('build');
    expect(shared.status).toBe(0);
    const first = readFileSync(join(shared.outputs, 'notice.pdf'));
    const folder = shared.cache;
    expect(existsSync(join(folder, `pdf-${process.version}-${process.arch}.bin`))).toBe(true);
    expect(existsSync(join(folder, `main-${process.version}-${process.arch}.bin`))).toBe(true);
    // The example's inputs with an empty charts/ of their own: the same notice, no charts to draw.
    const inputs = join(scratch, 'example-inputs');
    cpSync(join(ROOT, 'inputs'), inputs, { recursive: true });
    mkdirSync(join(inputs, 'charts'));
    const build = (env: Record<string, string>, out: string) =>
      new Promise<Buffer>((done, fail) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin/tongbao.js'), 'build', '--inputs', inputs, '--outputs', out], {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: 'ignore',
        });
        child.on('error', fail);
        child.on('close', (status) => {
          try {
            expect(status).toBe(0);
            done(readFileSync(join(out, 'notice.pdf')));
          } catch (error) {
            fail(error);
          }
        });
      });
    const [cached, off] = await Promise.all([build({ TONGBAO_COMPILE_CACHE: folder }, join(scratch, 'out2')), build({ TONGBAO_COMPILE_CACHE: 'off' }, join(scratch, 'out3'))]);
    expect(cached.equals(first)).toBe(true);
    expect(off.equals(first)).toBe(true);
  }, 60_000);
});
