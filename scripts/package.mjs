// `npm run package [folder]`: stages the function app as Azure runs it, in
// out/deploy/ unless a folder is given, ready for `func azure functionapp
// publish` or a zip deploy. It holds the files .funcignore lets through (the
// build in dist/, the flows, host.json, package.json) and the production
// dependencies only: published from the project folder, Core Tools would zip
// the development node_modules too (~630 MB: the compiler, the test tools, a
// whole node binary), which Azure mounts and reads on every cold start.
// Plain JavaScript, like buildIfChanged.mjs, which it runs first.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIfChanged } from './buildIfChanged.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** Runs a command to its end; throws, naming it, if it cannot start or fails. */
function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})${result.stderr ? `:\n${result.stderr}` : ''}`);
  return result.stdout;
}

/**
 * The paths under `dir` that `dir`/.funcignore lets through (or, `ignored`,
 * the ones it keeps out, folders ending in "/"). Core Tools reads .funcignore
 * as gitignore patterns; git itself applies them here, against a throwaway
 * repository so that neither .gitignore (which ignores dist/) nor git's index
 * has a say.
 */
function funcignoreFilter(dir, { ignored = false, exclude = [] } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'ivr-package-'));
  try {
    run('git', ['init', '--quiet', scratch]);
    const args = ['--git-dir', path.join(scratch, '.git'), '--work-tree', dir, 'ls-files', '-z', '--others', `--exclude-from=${path.join(dir, '.funcignore')}`];
    for (const pattern of exclude) args.push(`--exclude=${pattern}`);
    if (ignored) args.push('--ignored', '--directory');
    return run('git', args, { maxBuffer: 64 * 1024 * 1024 }).split('\0').filter(Boolean);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The npm that runs this script (same node, same npm), or the one on PATH. */
function npm(args, cwd) {
  const cli = process.env.npm_execpath;
  if (cli) run(process.execPath, [cli, ...args], { cwd, stdio: 'inherit' });
  else run('npm', args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
}

export function stagePackage(stage) {
  const status = buildIfChanged();
  if (status !== 0) throw new Error(`the build failed (exit ${status}); fix it and run npm run package again`);
  const inside = path.relative(stage, root);
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) throw new Error(`${stage} holds the project itself; give a folder of its own, such as out/deploy`);
  rmSync(stage, { recursive: true, force: true });
  // The project's own files; node_modules is installed afresh below, without the development tools.
  for (const file of funcignoreFilter(root, { exclude: ['/node_modules/'] })) {
    mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(stage, file));
  }
  // As the lock file says, production dependencies only. Its `prepare` finds no sources to build (buildIfChanged.mjs).
  npm(['ci', '--omit=dev', '--no-audit', '--no-fund'], stage);
  // What publishing would leave out of the installed packages (their tests, TypeScript sources): the folder is then exactly the package.
  for (const entry of funcignoreFilter(stage, { ignored: true })) rmSync(path.join(stage, entry), { recursive: true, force: true });
  // Core Tools takes the worker runtime from here when it publishes, and stops if it differs from the app's;
  // .funcignore keeps this file (no secret in it) out of what is published.
  writeFileSync(path.join(stage, 'local.settings.json'), `${JSON.stringify({ IsEncrypted: false, Values: { FUNCTIONS_WORKER_RUNTIME: 'node' } }, null, 2)}\n`);
}

if (process.argv[1] === import.meta.filename) {
  const stage = path.resolve(process.argv[2] ?? path.join(root, 'out', 'deploy'));
  try {
    stagePackage(stage);
    const shown = path.relative(process.cwd(), stage) || '.';
    console.log(`\nStaged the function app in ${shown}. Deploy it with:\n  cd ${shown} && func azure functionapp publish <app name>`);
  } catch (error) {
    console.error(`npm run package: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
