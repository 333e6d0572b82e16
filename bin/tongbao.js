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
import { realpathSync } from 'node:fs';
import module from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LONG_RUNNING_COMMANDS, LONG_RUNNING_NODE_FLAGS } from './node-flags.js';

// `watch` and `serve` want Node options that only a new process can have (node-flags.js): where
// this file is the script Node was started on and Node can replace its own process (execve: the
// same process ID, console and Ctrl-C), it starts again with them, before anything else runs.
const isEntry = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (
  isEntry &&
  LONG_RUNNING_COMMANDS.includes(process.argv[2] ?? '') &&
  !LONG_RUNNING_NODE_FLAGS.every((flag) => process.execArgv.includes(flag)) &&
  process.platform !== 'win32' &&
  typeof process.execve === 'function'
) {
  const args = [...LONG_RUNNING_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)];
  process.execve(process.execPath, [process.execPath, ...args]);
}

// Node's on-disk V8 code cache for every module the run compiles (ours, exceljs, docx, pdfmake,
// vega…): a later run takes the compiled code back instead of compiling again. Its folder is
// NODE_COMPILE_CACHE's (else node-compile-cache in the system's temporary folder);
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. Worker threads take it up from the environment they
// start with, so it is set there before the first worker starts (the folder Node reports is its
// subfolder for this Node version, which a worker would add again).
const compileCache = module.enableCompileCache();
if (compileCache.directory) process.env.NODE_COMPILE_CACHE = dirname(compileCache.directory);

const { prestartWorker } = await import('../dist/cli/workers.js');
const argv = process.argv.slice(2);
// The commands that write a PDF start its worker first: it loads pdfmake while the CLI loads.
if (argv[0] === 'build' || argv[0] === 'quarterly') prestartWorker('pdf-worker.js');
const { main } = await import('../dist/cli.js');
process.exitCode = await main(argv);
