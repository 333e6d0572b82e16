/**
 * A V8 code cache for the CommonJS libraries a run loads (exceljs, pdfmake, pdfkit, fontkit…):
 * what Node 22's `module.enableCompileCache()` does, which Node 20 does not have.
 *
 * A fresh process compiles every function the first time it is called. For a build that is a
 * large share of its time: exceljs's bundle alone took ~90 ms to compile and run before the
 * first cell was read, ~30 ms with its code cached. V8 can serialize what it compiled and
 * take it back in a later process, checking that the source and the V8 version and flags
 * are the same (otherwise it rejects the data and compiles as usual).
 *
 * One cache file per thread (the main thread, the PDF worker, the chart worker), holding the
 * data of every library file that thread loaded: read once, when the thread first loads one, and
 * written when a run compiled a file the cache did not hold, after the run, with what the run
 * compiled by then (so the functions a render calls are in it, not only the top level).
 * The folder is `node_modules/.cache/tongbao/` in the package; `TONGBAO_COMPILE_CACHE=off`
 * turns the cache off, any other value names another folder. A cache that cannot be read or
 * written is no cache: nothing else changes. Only files under a node_modules folder are
 * cached; our own code is loaded as ES modules, as usual.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
}

interface ModuleInternals {
  /** `format`: 'module' for an ES module being required (Node ≥ 20.19), else CommonJS or undecided. */
  prototype: { _compile(this: CjsModule, content: string, filename: string, format?: string): unknown };
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  wrap(source: string): string;
}

const internals = Module as unknown as ModuleInternals;

export interface CompileCache {
  /** Writes the cache if this run compiled files it did not hold; a no-op otherwise. */
  save(): void;
}

const NO_CACHE: CompileCache = { save: () => undefined };

/** The cache folder from the environment, or null when turned off. */
export function compileCacheFolder(env: Partial<Record<string, string>>): string | null {
  const setting = env.TONGBAO_COMPILE_CACHE;
  if (setting === 'off' || setting === '0') return null;
  if (setting) return setting;
  // dist/cli/compile-cache.js → the package root
  return fileURLToPath(new URL('../../node_modules/.cache/tongbao/', import.meta.url));
}

/** The cache file's layout: a JSON index (file → offset, length) and the data after it. */
function readEntries(path: string): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  try {
    const bytes = readFileSync(path);
    const indexLength = bytes.readUInt32LE(0);
    const index = JSON.parse(bytes.subarray(4, 4 + indexLength).toString('utf8')) as [string, number, number][];
    const base = 4 + indexLength;
    for (const [file, offset, length] of index) entries.set(file, bytes.subarray(base + offset, base + offset + length));
  } catch {
    // none yet, or unreadable: start empty
  }
  return entries;
}

function writeEntries(path: string, entries: ReadonlyMap<string, Buffer>): void {
  const index: [string, number, number][] = [];
  let offset = 0;
  for (const [file, data] of entries) {
    index.push([file, offset, data.length]);
    offset += data.length;
  }
  const header = Buffer.from(JSON.stringify(index), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  mkdirSync(dirname(path), { recursive: true });
  // Written aside and renamed: a reader never sees half a file, and two runs may race.
  const aside = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(aside, Buffer.concat([length, header, ...entries.values()]));
  renameSync(aside, path);
}

function requireFor(module: CjsModule): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => internals._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = undefined;
  require.extensions = internals._extensions as NodeJS.RequireExtensions;
  require.cache = internals._cache as NodeJS.Dict<NodeJS.Module>;
  return require;
}

let enabled: CompileCache | null = null;

/**
 * Compiles this thread's CommonJS library files with the cache in `folder` under `name`
 * ('main', 'pdf', 'charts'). Call before the libraries are first required.
 */
export function enableCompileCache(folder: string | null, name: string): CompileCache {
  if (enabled) return enabled;
  if (!folder) return (enabled = NO_CACHE);
  const path = join(folder, `${name}-${process.version}-${process.arch}.bin`);
  // Read with the first library file compiled: `--help` or a usage error loads none.
  let read: Map<string, Buffer> | null = null;
  const entries = () => (read ??= readEntries(path));
  // Files compiled without usable cached data in this run: their data is made when saving.
  const fresh = new Map<string, vm.Script>();
  const original = internals.prototype._compile;
  const nodeModules = `${sep}node_modules${sep}`;

  internals.prototype._compile = function compile(this: CjsModule, content: string, filename: string, format?: string) {
    // ES modules loaded by require() (.mjs, "type": "module") are Node's to load.
    if (format === 'module' || !filename.includes(nodeModules)) return original.call(this, content, filename, format);
    const cachedData = entries().get(filename);
    // A leading #! line is not JavaScript inside the module's function wrapper.
    const source = internals.wrap(content.startsWith('#!') ? `//${content}` : content);
    let script: vm.Script;
    try {
      script = new vm.Script(source, {
        filename,
        ...(cachedData ? { cachedData } : {}),
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch (error) {
      // Not CommonJS after all (ES module syntax in a .js file of a package with no "type"):
      // Node tells the two apart and loads it as it should, with its own errors.
      if (error instanceof SyntaxError) return original.call(this, content, filename, format);
      throw error;
    }
    if (!cachedData || script.cachedDataRejected) fresh.set(filename, script);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return Reflect.apply(wrapper, this.exports, [this.exports, requireFor(this), this, filename, dirname(filename)]);
  };

  enabled = {
    save: () => {
      if (fresh.size === 0) return;
      try {
        for (const [filename, script] of fresh) entries().set(filename, script.createCachedData());
        fresh.clear();
        writeEntries(path, entries());
      } catch {
        // a read-only installation: run without a cache
      }
    },
  };
  return enabled;
}
