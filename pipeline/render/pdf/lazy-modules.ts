/**
 * pdfkit and fontkit load, when they are first required, modules that a document set in
 * TrueType Chinese fonts without encryption never calls: AES and SHA-2 (PDF encryption),
 * brotli's 120 KB dictionary (WOFF2 fonts), and Unicode property tables that are inflated
 * at load time for OpenType shaping (plain-layout.ts does without it) and UAX #14 line
 * breaking (text-layout.ts breaks the lines). Together they were about a third of the time
 * pdfmake took to load in a fresh worker.
 *
 * `deferPdfKitDependencies()` puts stand-ins for them in the CommonJS module cache before
 * pdfmake is loaded. A stand-in loads the real module the first time anything of it is used,
 * so nothing behaves differently; only the cost moves to where (if ever) it is needed.
 */
import { createRequire } from 'node:module';

type Exports = Record<string | symbol, unknown>;

interface CachedModule {
  id: string;
  filename: string;
  loaded: boolean;
  exports: unknown;
  children: unknown[];
  paths: string[];
}

const require = createRequire(import.meta.url);

/** Loads the real module at `path`, replacing its stand-in in the cache. */
function loadReal(path: string): Exports {
  delete require.cache[path];
  return require(path) as Exports;
}

function standIn(path: string, exports: unknown): void {
  const cached: CachedModule = { id: path, filename: path, loaded: true, exports, children: [], paths: [] };
  require.cache[path] = cached as unknown as NodeJS.Module;
}

/** A module whose exports object loads the real one when any property is read. */
function deferModule(path: string): void {
  let real: Exports | undefined;
  const target = (): Exports => (real ??= loadReal(path));
  // An arrow function as the proxy's target, so that a module exporting a function
  // (brotli/decompress.js) can be called through it; it has no non-configurable properties
  // that would bind what the proxy may report.
  const callable = (() => undefined) as unknown as Exports;
  standIn(
    path,
    new Proxy(callable, {
      apply: (_, self, args: unknown[]) => Reflect.apply(target() as unknown as (...a: unknown[]) => unknown, self, args),
      get: (_, key) => target()[key],
      has: (_, key) => key in target(),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        // A proxy may not report a property as non-configurable that its target lacks.
        return descriptor ? { ...descriptor, configurable: true } : undefined;
      },
    }),
  );
}

interface Trie {
  get(codePoint: number): number;
}

/**
 * `unicode-trie` exports a class whose constructor inflates its table; fontkit, linebreak and
 * unicode-properties construct tries when they load. This class keeps the data and builds
 * the real trie on the first lookup.
 */
function deferTries(path: string): void {
  let RealTrie: (new (data: unknown) => Trie) | undefined;
  class DeferredTrie {
    #data: unknown;
    #trie: Trie | undefined;
    constructor(data: unknown) {
      this.#data = data;
    }
    get(codePoint: number): number {
      RealTrie ??= loadReal(path) as unknown as new (data: unknown) => Trie;
      this.#trie ??= new RealTrie(this.#data);
      return this.#trie.get(codePoint);
    }
  }
  standIn(path, DeferredTrie);
}

let deferred = false;

/** Call before pdfmake (and with it pdfkit and fontkit) is first required. */
export function deferPdfKitDependencies(): void {
  if (deferred) return;
  deferred = true;
  try {
    const fromPdfKit = createRequire(require.resolve('pdfkit'));
    const fromFontkit = createRequire(require.resolve('fontkit'));
    const modules = [
      ...['@noble/ciphers/aes', '@noble/hashes/sha2', '@noble/hashes/utils'].map((m) => fromPdfKit.resolve(m)),
      ...['brotli/decompress.js', 'unicode-properties'].map((m) => fromFontkit.resolve(m)),
    ];
    const trie = fromFontkit.resolve('unicode-trie');
    // Already loaded (by another part of the program): nothing to defer.
    if ([...modules, trie].some((path) => require.cache[path])) return;
    for (const path of modules) deferModule(path);
    deferTries(trie);
  } catch {
    // A different layout of node_modules: load everything as usual.
  }
}
