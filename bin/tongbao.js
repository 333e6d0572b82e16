#!/usr/bin/env node
// Runs the compiled CLI (npm install compiles pipeline/ into dist/ via the prepare script).

// Before anything else loads: tongbao needs Node 24 (package.json engines). An older Node gets a
// plain Chinese message and exit code 2 (a usage error), not a crash somewhere inside.
const NODE_MAJOR_NEEDED = 24;
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < NODE_MAJOR_NEEDED) {
  process.stderr.write(
    `错误 tongbao 需要 Node.js ${NODE_MAJOR_NEEDED} 或更高版本，本机是 ${process.versions.node}：请安装 Node.js ${NODE_MAJOR_NEEDED} LTS 后再运行。\n`,
  );
  process.exit(2);
}
import { setFlagsFromString } from 'node:v8';

// A build is a short burst of code that mostly runs once. V8's optimizing compiler (TurboFan)
// compiles hot functions on background threads, which here cost more CPU than they saved: on
// a 2-core machine a cold build of the example took ~600 instead of ~655 ms (wall) and 850
// instead of 1065 ms (CPU), and a ten times larger ledger was no slower. Set before any of
// our code loads; workers share the setting.
setFlagsFromString('--no-opt');

const { prestartWorker } = await import('../dist/cli/workers.js');
const argv = process.argv.slice(2);
// The commands that write a PDF start its worker first: it loads pdfmake while the CLI loads.
if (argv[0] === 'build' || argv[0] === 'quarterly') prestartWorker('pdf-worker.js');
// Libraries (exceljs, docx…) compiled with V8's code cache (dist/cli/compile-cache.js).
const { compileCacheFolder, enableCompileCache } = await import('../dist/cli/compile-cache.js');
const compileCache = enableCompileCache(compileCacheFolder(process.env), 'main');
const { main } = await import('../dist/cli.js');
process.exitCode = await main(argv);
compileCache.save();
