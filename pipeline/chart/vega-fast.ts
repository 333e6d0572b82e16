/**
 * vega and vega-lite from their single-file builds, the fast path. vega is pinned to 6.4.0 and
 * vega-lite to 6.4.3 in package.json: the files read here are those versions' `build/vega.min.js`
 * and `build/vega-lite.min.js`, which their export maps do not list.
 *
 * The packages' entries (`import('vega')`, `import('vega-lite')`) are graphs of a few hundred
 * ES modules (vega's ~30 packages and d3's sources, vega-lite's compiler files); the builds are
 * the same code in one file each. Measured on Node 24 (2-core machine, alternating cold builds of
 * the example with charts, Node's compile cache on both sides, medians of 9): with the packages'
 * entries the build took 4128 instead of 3479 ms (19%) and 3310 instead of 2970 ms of CPU; in a
 * process of its own, loading the two took 256–829 instead of 57–77 ms. The charts' SVGs are
 * the same byte for byte (test/chart/vega-fast.test.ts).
 *
 * The builds are UMD scripts: imported as ES modules (their packages are "type": "module") they
 * take their browser branch and define the globals `vega` and `vegaLite` (vega-lite's build
 * finds vega in the global `vega`), which are taken and removed here. Node loads them as any
 * other module, with its compile cache.
 */
type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

type Globals = typeof globalThis & { vega?: Vega; vegaLite?: VegaLite };

/** A file beside a package's entry point. */
const besideEntry = (pkg: string, file: string): string => new URL(file, import.meta.resolve(pkg)).href;

export async function loadVegaBuilds(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  const globals = globalThis as Globals;
  const before = { vega: globals.vega, vegaLite: globals.vegaLite };
  try {
    await import(besideEntry('vega', './vega.min.js'));
    const vega = globals.vega;
    await import(besideEntry('vega-lite', './vega-lite.min.js'));
    const vegaLite = globals.vegaLite;
    if (!vega?.View || !vegaLite?.compile) throw new Error('vega-fast: the vega and vega-lite builds did not define vega and vegaLite');
    return { vega, vegaLite };
  } finally {
    if (before.vega === undefined) delete globals.vega;
    else globals.vega = before.vega;
    if (before.vegaLite === undefined) delete globals.vegaLite;
    else globals.vegaLite = before.vegaLite;
  }
}
