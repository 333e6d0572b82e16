#!/usr/bin/env node
// Builds the second example, examples/full-frame/notice.md (the shipped notice with every part of
// the 公文 frame), over the shipped ledgers in inputs/, into outputs/full-frame/:
//   npm run example:full-frame
// The template sits in a folder of its own beside the shipped example, not in inputs/ (which
// holds the notice as published), and takes the ledgers from inputs/ rather than copies of them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const inputs = mkdtempSync(path.join(tmpdir(), 'tongbao-full-frame-'));
try {
  for (const name of readdirSync(path.join(root, 'inputs')).filter((n) => n.endsWith('.xlsx')))
    copyFileSync(path.join(root, 'inputs', name), path.join(inputs, name));
  copyFileSync(path.join(root, 'examples', 'full-frame', 'notice.md'), path.join(inputs, 'notice.md'));
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'bin', 'tongbao.js'), 'build', '--inputs', inputs, '--outputs', path.join(root, 'outputs', 'full-frame')],
    {
      stdio: 'inherit',
    },
  );
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(inputs, { recursive: true, force: true });
}
