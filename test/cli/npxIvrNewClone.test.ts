import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectDir } from '../support/runIvr';

// README "Change the menu", steps 1 and 2, in a new clone: `npm install`, an
// edit of the flow that breaks it, then `npx ivr lint`. npx used to install
// the project into its own cache the first time (it does so for a command the
// project's package.json declares), running `prepare` there with its output
// hidden: a broken flow made the first `npx ivr` print nothing and exit 1, and
// left a cache folder that failed every later one until deleted by hand. Run
// here with the npm on the PATH, as a user types it, in a copy of the project
// (its files as git sees them, what a clone gets), with an npx cache of the
// test's own, empty at first.

const FLOW = 'flows/klarna-italia.json';
let scratch: string;
let clone: string;
let npxCache: string;
let goodFlow: string;

/** The user's shell: no npm settings of an outer `npm test`, and none of the app's. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(TWILIO_|IVR_|DEST_|PUBLIC_BASE_URL|npm_|INIT_CWD$)/i.test(key)));
  return { ...inherited, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** `npm ARGS` (or `npx ARGS`) in the clone. */
function run(command: 'npm' | 'npx', args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(command, args, { cwd: clone, env, encoding: 'utf8', timeout: 240_000, shell: process.platform === 'win32' });
}

/** `npm install` as a user types it, the packages from the npm cache where there. */
const npmInstall = () => run('npm', ['install', '--prefer-offline'], userEnv());

/** `npx ivr ARGS` with the test's own npx cache, nothing fetched. */
const npxIvr = (...args: string[]) => run('npx', ['ivr', ...args], userEnv({ npm_config_cache: npxCache, npm_config_offline: 'true' }));

/** The flow with one comma left out, between its first two members: the slip of an editor. */
function breakFlow() {
  const broken = goodFlow.replace('"./flow.schema.json",', '"./flow.schema.json"');
  expect(broken).not.toBe(goodFlow);
  writeFileSync(path.join(clone, FLOW), broken);
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ivr-npx-clone-'));
  clone = path.join(scratch, 'clone');
  npxCache = path.join(scratch, 'npm-cache');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: projectDir, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files.filter((name) => existsSync(path.join(projectDir, name)))) {
    mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    copyFileSync(path.join(projectDir, file), path.join(clone, file));
  }
  goodFlow = readFileSync(path.join(clone, FLOW), 'utf8');
  // The packages come from the user's npm cache, where the project's own install left them (fetched only if missing).
  const install = npmInstall();
  expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
}, 300_000);

// Deleting a whole npm install is disk-bound: on a busy machine it took minutes.
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, 300_000);

const lintMessage = /Invalid flow file \S*klarna-italia\.json: 1 problem\n {2}at \(file\): is not valid JSON at line \d+, column \d+: [^\n]+\n {4}fix: [^\n]+/;

describe('a new clone, after npm install', { timeout: 120_000 }, () => {
  it('npx ivr lint runs the project\'s own command at once: a broken flow gets lint\'s message and exit 1, first run and later, and the fixed flow exit 0; nothing goes into npx\'s cache', () => {
    breakFlow();
    for (const attempt of ['first', 'second']) {
      const lint = npxIvr('lint', FLOW);
      expect(lint.status, `${attempt} run: ${lint.stdout}\n${lint.stderr}`).toBe(1);
      expect(lint.stderr, `${attempt} run`).toMatch(lintMessage);
      expect(lint.stderr).not.toContain('npm error');
    }
    writeFileSync(path.join(clone, FLOW), goodFlow);
    const fixed = npxIvr('lint', FLOW);
    expect(fixed.status, `${fixed.stdout}\n${fixed.stderr}`).toBe(0);
    expect(fixed.stdout).toContain(`OK ${FLOW}`);
    expect(fixed.stderr).not.toContain('npm error');
    // npx found the command in node_modules/.bin: it installed nothing in its cache (npx keeps installs in <cache>/_npx).
    const installed = existsSync(path.join(npxCache, '_npx')) ? readdirSync(path.join(npxCache, '_npx')) : [];
    expect(installed).toEqual([]);
    // The command, as npm writes a dependency's: `ivr`, the file npx looks for, and what cmd.exe and PowerShell run on Windows.
    expect(readdirSync(path.join(clone, 'node_modules/.bin')).filter((name) => name.startsWith('ivr'))).toEqual(['ivr', 'ivr.cmd', 'ivr.ps1']);
  });

  it('npx never installs a command from the registry here: where the link is missing (an install with --ignore-scripts), npx ivr stops and runs nothing (the project\'s .npmrc says yes=false)', () => {
    // The project's .npmrc sets yes=false: npx refuses to install a package it lacks, with or without a terminal.
    const config = run('npm', ['config', 'get', 'yes'], userEnv());
    expect(config.stdout.trim()).toBe('false');
    const bin = path.join(clone, 'node_modules/.bin');
    const shims = readdirSync(bin).filter((name) => name.startsWith('ivr'));
    const saved = path.join(scratch, 'shims');
    mkdirSync(saved, { recursive: true });
    for (const name of shims) renameSync(path.join(bin, name), path.join(saved, name));
    try {
      const lint = npxIvr('lint', FLOW);
      expect(lint.status).not.toBe(0);
      expect(lint.stdout).not.toContain(`OK ${FLOW}`);
      const installed = existsSync(path.join(npxCache, '_npx')) ? readdirSync(path.join(npxCache, '_npx')).flatMap((dir) => readdirSync(path.join(npxCache, '_npx', dir))) : [];
      expect(installed).not.toContain('node_modules');
    } finally {
      for (const name of shims) renameSync(path.join(saved, name), path.join(bin, name));
    }
  });

  it('npx ivr before any build (a first build that failed leaves the link but no dist/): says to run npm run build, exit 1, no stack trace', () => {
    const dist = path.join(clone, 'dist');
    const aside = path.join(scratch, 'dist-aside');
    renameSync(dist, aside);
    try {
      const help = npxIvr('--help');
      expect(help.status).toBe(1);
      expect(help.stderr).toContain('ivr: this project is not built, dist/src/cli/main.js is missing: run npm run build, which says what stops it');
      expect(help.stderr).not.toMatch(/node:internal|Cannot find module/);
    } finally {
      renameSync(aside, dist);
    }
  });

  it('npm install again, after a pull that changed the code, with a flow that fails its check: builds the code, prints lint\'s message (file, place, fix) and finishes, exit 0; npm start then checks only the flow, and refuses it', () => {
    breakFlow();
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(clone, 'src/cli/main.ts'), later, later);
    const install = npmInstall();
    expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
    expect(install.stdout).toContain('Sources changed since the last build: building what changed.');
    expect(install.stderr).toMatch(lintMessage);
    expect(install.stderr).toContain('npm install: done, but a flow above fails its check');
    // What `npm start` runs first: the code is built, so only the flow is checked, and refused as lint refuses it.
    const start = spawnSync(process.execPath, ['scripts/buildIfChanged.mjs'], { cwd: clone, encoding: 'utf8' });
    expect(start.stdout).toContain('Flows changed since the last build: checking them.');
    expect(start.status).toBe(1);
    expect(start.stderr).toMatch(lintMessage);
  });
});
