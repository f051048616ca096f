// `npm run build`: tsc (incremental), the CLI bundle (rolldown.config.mjs),
// then the flow checks shipped beside them; and, once all three succeed, the
// note of what the build was made from (buildIfChanged.mjs), so that the next
// `npm start` or `npm run package` finds it up to date instead of building
// again. Plain JavaScript, like buildIfChanged.mjs, which runs it.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildInputs, stampFile } from './buildIfChanged.mjs';

const root = path.resolve(import.meta.dirname, '..');
const steps = [
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--incremental'],
  ['node_modules/rolldown/bin/cli.mjs', '-c', 'rolldown.config.mjs', '--logLevel', 'warn'],
  ['dist/src/flow/shipCheckedFlows.js'],
];
// The `ivr` command (package.json "bin"). npm makes a bin executable only when
// it links it, which it never does for the project's own; npx links it once
// per folder, so a dist/ built afresh after that (a new clone in the same
// place, `rm -rf dist`) would answer `npx ivr` with "Permission denied".
const IVR = 'dist/src/cli/main.js';

/** Runs the build's steps in turn; answers the exit status of the first that fails, or 0. */
function build() {
  // The sources as they were when the build began: a file saved during the build is built next time.
  const before = buildInputs();
  for (const [script, ...args] of steps) {
    const step = spawnSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });
    if (step.status !== 0) return step.status ?? 1;
  }
  chmodSync(path.join(root, IVR), 0o755);
  writeFileSync(stampFile, before);
  return 0;
}

process.exitCode = build();
