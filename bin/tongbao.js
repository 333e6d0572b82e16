#!/usr/bin/env node
// Runs the compiled CLI (npm install compiles pipeline/ into dist/ via the prepare script).
import { prestartPdfWorker } from '../dist/cli/pdf-runner.js';

const argv = process.argv.slice(2);
// The commands that write a PDF start its worker first: it loads pdfmake while the CLI loads.
if (argv[0] === 'build' || argv[0] === 'quarterly') prestartPdfWorker();
const { main } = await import('../dist/cli.js');
process.exitCode = await main(argv);
