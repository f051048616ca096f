// `npm start` (scripts/start.mjs) and `npm install` (scripts/prepare.mjs): runs `npm run build` only
// when something it builds from changed since the last build (this one's or
// a `npm run build` of the user's: scripts/build.mjs notes it too), so
// starting from an up-to-date build costs a few milliseconds, not a build.
// What changed is told by the sources' names, sizes and modification times,
// kept in dist/ after each build; tsc itself then rebuilds incrementally
// (dist/tsconfig.tsbuildinfo). When only the flows changed (the usual edit),
// only the build's last step runs, which checks them and ships the checks:
// tsc takes seconds to find that no TypeScript changed. Plain JavaScript: it
// must run before any build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { linkIvr } from './linkIvr.mjs';

const root = path.resolve(import.meta.dirname, '..');
export const stampFile = path.join(root, 'dist', '.build-inputs');
// What `npm run build` reads: the TypeScript it compiles and how it is configured, and the flows it checks.
const CODE_DIRS = ['src', 'functions'];
// scripts/functionsACallRuns.mjs: the call the bundle's configuration runs to learn what to compile early.
const CONFIG_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'rolldown.config.mjs', 'scripts/functionsACallRuns.mjs'];
const FLOW_DIRS = ['flows'];
const BUILT_FROM = /\.(ts|json)$/;
// The build's step after tsc and rolldown (scripts/build.mjs), run alone when only flows changed.
const SHIP_CHECKED_FLOWS = path.join(root, 'dist', 'src', 'flow', 'shipCheckedFlows.js');

/** One line per input file (path, size, modification time), hashed: any save, rename, deletion or new file changes it. */
function inputsFingerprint(dirs, files) {
  const hash = createHash('sha256');
  const add = (file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat) hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (BUILT_FROM.test(entry.name)) add(file);
    }
  };
  for (const dir of dirs) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of files) add(path.join(root, file));
  return hash.digest('hex');
}

/** What the build reads, as it is now, in two lines: the code's fingerprint, then the flows'. */
export function buildInputs() {
  return `${inputsFingerprint(CODE_DIRS, CONFIG_FILES)}\n${inputsFingerprint(FLOW_DIRS, [])}`;
}

/** Whether dist/ holds the code as the sources are now (the flows aside): the last build compiled them, whether or not its flow check passed. */
export function codeIsBuilt() {
  const last = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  return last.split('\n')[0] === buildInputs().split('\n')[0];
}

/** Builds if anything built from changed since the last build this made; answers the build's exit status (0: built or nothing to do). */
export function buildIfChanged() {
  // A deployment package (`npm run package`) holds dist/ but not the sources
  // and tsconfig.json it was built from (.funcignore), nor the compiler: its
  // `npm ci --omit=dev`, or a remote build's `npm install`, runs this from
  // `prepare` and must leave the shipped build as it is.
  if (!existsSync(path.join(root, 'tsconfig.json'))) return 0;
  // Before building, so that `npx ivr` runs the project's command (and says what is wrong) even when the build fails.
  linkIvr();
  const before = buildInputs();
  const code = before.split('\n')[0];
  const last = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  if (last === before) return 0;
  let build;
  if (last.split('\n')[0] === code && existsSync(SHIP_CHECKED_FLOWS)) {
    console.log('Flows changed since the last build: checking them.');
    build = spawnSync(process.execPath, [SHIP_CHECKED_FLOWS], { cwd: root, stdio: 'inherit' });
  } else {
    console.log(last ? 'Sources changed since the last build: building what changed.' : 'Building (first build).');
    // The npm that runs this script, so the build runs with the same node and npm.
    const npm = process.env.npm_execpath;
    build = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'inherit' }) : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: true });
  }
  if (build.status !== 0) return build.status ?? 1;
  // The sources as they were when the build began: a file saved during the build is built next time.
  writeFileSync(stampFile, before);
  return 0;
}

if (process.argv[1] === import.meta.filename) process.exitCode = buildIfChanged();
