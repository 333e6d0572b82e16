#!/usr/bin/env node
// Runs the compiled CLI (npm install compiles pipeline/ into dist/ via the prepare script).
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
