// `npm run build`: tsc (incremental), the CLI bundle (rolldown.config.mjs),
// then the flow checks shipped beside them; and, once all three succeed, the
// note of what the build was made from (buildIfChanged.mjs), so that the next
// `npm start` or `npm run package` finds it up to date instead of building
// again. Plain JavaScript, like buildIfChanged.mjs, which runs it.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildInputs, stampFile } from './buildIfChanged.mjs';
import { linkIvr } from './linkIvr.mjs';

const root = path.resolve(import.meta.dirname, '..');
const COMPILE_LAST = 'node_modules/rolldown/bin/cli.mjs';
const steps = [
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--incremental'],
  [COMPILE_LAST, '-c', 'rolldown.config.mjs', '--logLevel', 'warn'],
  ['dist/src/flow/shipCheckedFlows.js'],
];
// The `ivr` command. `npx ivr` runs it with node (linkIvr.mjs); executable,
// it also runs by its #! line, as `dist/src/cli/main.js lint`.
const IVR = 'dist/src/cli/main.js';

/** Runs the build's steps in turn; answers the exit status of the first that fails, or 0. */
function build() {
  // The sources as they were when the build began: a file saved during the build is built next time.
  const before = buildInputs();
  // As `npm install` does (buildIfChanged.mjs): a checkout installed before `ivr` was linked this way gets it from its next build.
  linkIvr();
  for (const [script, ...args] of steps) {
    const step = spawnSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });
    if (step.status !== 0) return step.status ?? 1;
    // The code is built: noted alone until the flows pass too, so that a flow that fails its check
    // costs the next build only that check (buildIfChanged.mjs), and npm install knows only a flow failed (prepare.mjs).
    if (script === COMPILE_LAST) writeFileSync(stampFile, `${before.split('\n')[0]}\n`);
  }
  chmodSync(path.join(root, IVR), 0o755);
  writeFileSync(stampFile, before);
  return 0;
}

process.exitCode = build();
