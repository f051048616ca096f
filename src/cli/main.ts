#!/usr/bin/env node
import '../config/compileCache';
import { statSync } from 'node:fs';
import path from 'node:path';

// The `ivr` command as users start it. It runs the program in ivr.ts from
// dist/ivr.bundle.js, the one file `npm run build` makes of it and of luxon:
// a cold `ivr call` opens one file instead of ~80, and node's compile cache
// (enabled above, before the bundle is required, so it covers it) spares it
// most of the compiling on later starts. The bundle is used only when it is
// at least as new as the compiled ivr.js it was made from; after a `tsc`
// alone, ivr runs the fresh modules instead of a stale bundle.

type Program = typeof import('./ivr');

const BUNDLE = path.join(__dirname, '../../ivr.bundle.js');

function bundleIsCurrent(): boolean {
  const bundle = statSync(BUNDLE, { throwIfNoEntry: false });
  const compiled = statSync(path.join(__dirname, 'ivr.js'), { throwIfNoEntry: false });
  return bundle !== undefined && compiled !== undefined && bundle.mtimeMs >= compiled.mtimeMs;
}

// Required as a file (not read and compiled here): node's compile cache only covers modules node loads itself.
const program = require(bundleIsCurrent() ? BUNDLE : './ivr') as Program;

program.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
