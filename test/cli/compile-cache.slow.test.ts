/**
 * bin/tongbao.js turns on Node's compile cache (module.enableCompileCache()) for the main thread
 * and, through the environment, for the PDF and chart workers. Each case runs the compiled CLI
 * in a child process (`npm test` compiles dist/ first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/example.js';

const scratch = mkdtempSync(join(tmpdir(), 'tongbao-compile-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A build of the example with this environment; its PDF, and what Node's cache debugging printed. */
function build(env: Record<string, string>, out: string): { pdf: Buffer; debug: string } {
  const childEnv: Record<string, string | undefined> = { ...process.env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE', ...env };
  // (Node reads NODE_DISABLE_COMPILE_CACHE as set whatever its value)
  if (!env.NODE_DISABLE_COMPILE_CACHE) delete childEnv.NODE_DISABLE_COMPILE_CACHE;
  const child = spawnSync(process.execPath, [join(ROOT, 'bin/tongbao.js'), 'build', '--outputs', out], { cwd: ROOT, encoding: 'utf8', env: childEnv });
  expect(child.stderr).not.toMatch(/\n\s+at /u);
  expect(child.status).toBe(0);
  return { pdf: readFileSync(join(out, 'notice.pdf')), debug: child.stderr };
}

/** Every file under the folder. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('the compile cache', () => {
  it('is written to NODE_COMPILE_CACHE by a first build, main thread and workers, and used by the next', () => {
    const folder = join(scratch, 'cache');
    const first = build({ NODE_COMPILE_CACHE: folder }, join(scratch, 'out1'));
    const written = filesUnder(folder);
    expect(written.length).toBeGreaterThan(0);
    // one folder for this Node version: a worker does not nest another inside it
    expect(readdirSync(folder)).toHaveLength(1);
    const second = build({ NODE_COMPILE_CACHE: folder }, join(scratch, 'out2'));
    // code compiled in the main thread (docx), the PDF worker (pdfmake) and the chart worker (vega), taken from the cache
    for (const library of ['docx', 'pdfmake', 'vega']) {
      expect(second.debug, library).toMatch(new RegExp(`for (?:CommonJS|ESM) \\S*node_modules/${library}/\\S* was accepted`, 'u'));
    }
    expect(filesUnder(folder).sort()).toEqual(written.sort());
    expect(second.pdf.equals(first.pdf)).toBe(true);
  }, 60_000);

  it('is not written with NODE_DISABLE_COMPILE_CACHE=1, and the PDF is the same', () => {
    const folder = join(scratch, 'disabled');
    const cached = build({ NODE_COMPILE_CACHE: join(scratch, 'cache') }, join(scratch, 'out3'));
    const off = build({ NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '1' }, join(scratch, 'out4'));
    expect(existsSync(folder)).toBe(false);
    expect(off.pdf.equals(cached.pdf)).toBe(true);
  }, 60_000);

  it('a damaged cache file is no cache: the build succeeds and makes the same PDF', () => {
    const folder = join(scratch, 'damaged');
    const first = build({ NODE_COMPILE_CACHE: folder }, join(scratch, 'out5'));
    const files = filesUnder(folder);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (let i = 16; i < bytes.length; i += 37) bytes[i] = (bytes[i] as number) ^ 0xff;
      writeFileSync(file, bytes);
    }
    const again = build({ NODE_COMPILE_CACHE: folder }, join(scratch, 'out6'));
    expect(again.pdf.equals(first.pdf)).toBe(true);
  }, 60_000);
});
