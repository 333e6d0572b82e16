#!/usr/bin/env node
// Runs the compiled CLI (npm install compiles pipeline/ into dist/ via the prepare script).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
