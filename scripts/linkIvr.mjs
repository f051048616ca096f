// Makes `npx ivr` run the project's own command, straight from its dist/, by
// writing node_modules/.bin/ivr as npm writes the commands of a dependency.
//
// Why not package.json "bin": npm never links the project's own bins, and
// for a command the project's package.json declares, npx installs the project
// into its cache (~/.npm/_npx/<hash>) the first time, before it looks in
// node_modules/.bin ("self-execution of a local bin": libnpmexec's
// lib/index.js, as npm 11.19 ships it; https://github.com/npm/cli/issues/9766),
// running `prepare` there with its output hidden: with a flow that did not
// load, the first `npx ivr` printed nothing and exited 1, and left a cache
// folder without package.json that failed every later one (ENOENT) until
// deleted by hand. A command the package.json does not declare npx looks for
// in node_modules/.bin (of the folder and those above it) and runs from there,
// installing nothing: at once, with its own messages, whatever the flows' state.
//
// The three files npm itself writes for a bin (cmd-shim): `ivr` for sh, the
// one npx looks for on every system, and `ivr.cmd` and `ivr.ps1`, which
// cmd.exe and PowerShell run on Windows. Each runs node on dist/src/cli/main.js,
// found from where the file is, so a node_modules shared by a copy of the
// project (a link to it) runs the copy's build.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
/** The command's code, from node_modules/.bin. */
const MAIN = '../../dist/src/cli/main.js';
// The link is written before the build (so that `npx ivr lint` works while a
// flow fails its check): a first build that failed leaves no main.js, and a
// plain node would answer with its own stack trace.
// No brackets: cmd.exe would end its IF block at the first ')'.
const NOT_BUILT = 'ivr: this project is not built, dist/src/cli/main.js is missing: run npm run build, which says what stops it';

const SHIMS = {
  ivr: ['#!/bin/sh', 'basedir=$(dirname "$0")', `[ -f "$basedir/${MAIN}" ] || { echo '${NOT_BUILT}' >&2; exit 1; }`, `exec node "$basedir/${MAIN}" "$@"`, ''].join('\n'),
  // %~dp0 read in a subroutine: read directly, it is wrong when the command was typed in quotes (npm's cmd-shim#10).
  'ivr.cmd': ['@ECHO off', 'GOTO start', ':find_dp0', 'SET dp0=%~dp0', 'EXIT /b', ':start', 'SETLOCAL', 'CALL :find_dp0', `IF NOT EXIST "%dp0%\\${MAIN.replaceAll('/', '\\')}" (ECHO ${NOT_BUILT} 1>&2 & EXIT /b 1)`, `node "%dp0%\\${MAIN.replaceAll('/', '\\')}" %*`, ''].join('\r\n'),
  'ivr.ps1': [
    '#!/usr/bin/env pwsh',
    '$basedir=Split-Path $MyInvocation.MyCommand.Definition -Parent',
    `if (-not (Test-Path "$basedir/${MAIN}")) { [Console]::Error.WriteLine('${NOT_BUILT}'); exit 1 }`,
    'if ($MyInvocation.ExpectingInput) {',
    `  $input | & node "$basedir/${MAIN}" $args`,
    '} else {',
    `  & node "$basedir/${MAIN}" $args`,
    '}',
    'exit $LASTEXITCODE',
    '',
  ].join('\n'),
};

/** Writes node_modules/.bin/ivr (and its Windows twins) unless they are there already, as they are. */
export function linkIvr() {
  mkdirSync(binDir, { recursive: true });
  for (const [name, text] of Object.entries(SHIMS)) {
    const file = path.join(binDir, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    // Replaced, not written through: a link put there by hand would have its target overwritten.
    rmSync(file, { force: true });
    writeFileSync(file, text);
    chmodSync(file, 0o755);
  }
}
