#!/usr/bin/env node
// The bundle's launcher (通报助手.cmd and 通报助手.sh run it with the bundled Node, from the
// unzipped folder): checks that the folder was unzipped, makes the workspace in the Documents
// folder from the example on first start, then runs `tongbao serve` on it in this process
// (bin/tongbao.js, as if given those arguments), which opens the page in the browser.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The console window's title on Windows (the .cmd, being ASCII, cannot set a Chinese one).
process.title = '通报助手';
// This file is app/bin/launch.js: the unzipped folder is two levels up.
const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { launch, processLaunchEnv } = await import('../dist/cli/launch.js');
const print = (stream) => (line) => stream.write(`${line}\n`);
const serve = launch(here, processLaunchEnv(), { stdout: print(process.stdout), stderr: print(process.stderr) });
if (typeof serve === 'number') {
  process.exitCode = serve;
} else {
  process.argv.splice(2, Infinity, ...serve);
  await import('./tongbao.js');
}
