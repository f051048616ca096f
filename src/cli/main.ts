#!/usr/bin/env node
import '../config/compileCache';
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadCodeCached } from '../config/codeCache';
import { projectCacheDir } from '../config/projectCache';

// The `ivr` command as users start it. It runs the program in ivr.ts from
// dist/ivr.bundle.js, the one file `npm run build` makes of it and of luxon,
// through a code cache kept per command (codeCache.ts): a cold `ivr call`
// then compiles almost nothing, and opens one file instead of ~80. The
// bundle is used only when it is at least as new as the compiled ivr.js it
// was made from; after a `tsc` alone, ivr runs the fresh modules instead of
// a stale bundle.

type Program = typeof import('./ivr');

const BUNDLE = path.join(__dirname, '../../ivr.bundle.js');

function bundleIsCurrent(): boolean {
  const bundle = statSync(BUNDLE, { throwIfNoEntry: false });
  const compiled = statSync(path.join(__dirname, 'ivr.js'), { throwIfNoEntry: false });
  return bundle !== undefined && compiled !== undefined && bundle.mtimeMs >= compiled.mtimeMs;
}

const argv = process.argv.slice(2);
// One cache per command: each holds the code its own runs compile.
const cacheName = /^[a-z]{1,20}$/.test(argv[0] ?? '') ? (argv[0] as string) : 'ivr';
const cacheDir = projectCacheDir();
const bundled = bundleIsCurrent() ? loadCodeCached<Program>(BUNDLE, cacheDir && path.join(cacheDir, 'code-cache'), cacheName) : undefined;
const program: Program = bundled?.exports ?? (require('./ivr') as Program);

program.main(argv).then(
  (code) => {
    process.exitCode = code;
    // Only a run that worked is worth remembering: it compiled the code the next one needs.
    if (code === 0) bundled?.saveCache();
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
