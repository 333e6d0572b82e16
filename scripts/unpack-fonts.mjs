#!/usr/bin/env node
/**
 * Run by `npm install` (the `prepare` script) and `npm run build`, after tsc: unpacks the bundled
 * Kai face, which its npm package ships as WOFF only, into dist/bundled-fonts/ as the plain
 * TrueType file inside it (pipeline/fonts/woff.ts), so that a build reads it as it is instead of
 * inflating its 10 MB of tables every time (about 0.15 s; pipeline/cli/font-search.ts still does
 * that when the file is missing). A file unpacked from the same WOFF (its SHA-256 beside it) is
 * left alone; a new one is written next to its final name and renamed, so no reader sees half.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { UNPACKED_FONTS } from '../dist/fonts/unpacked.js';
import { sfntOfWoff } from '../dist/fonts/woff.js';

const require = createRequire(import.meta.url);
const folder = fileURLToPath(new URL('../dist/bundled-fonts/', import.meta.url));
mkdirSync(folder, { recursive: true });
for (const { module, file } of UNPACKED_FONTS) {
  const woff = readFileSync(require.resolve(module));
  const source = `${createHash('sha256').update(woff).digest('hex')}\n`;
  const target = `${folder}${file}`;
  if (existsSync(target) && existsSync(`${target}.source`) && readFileSync(`${target}.source`, 'utf8') === source) continue;
  writeFileSync(`${target}.${process.pid}.tmp`, sfntOfWoff(new Uint8Array(woff)));
  renameSync(`${target}.${process.pid}.tmp`, target);
  writeFileSync(`${target}.source`, source);
}
