import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectDir, runIvr, type IvrRun } from './runIvr';

/**
 * The built app in a folder of its own under `parent`: dist/, flows/,
 * package.json and host.json copied, and a node_modules of links to the
 * project's packages without the project's cache. With `cache: false` a file
 * stands where node_modules/.cache would be, so nothing can be cached there,
 * whoever runs the test: the app as Azure runs it, from a read-only package.
 */
export function copyOfBuiltApp(parent: string, { cache }: { cache: boolean }): string {
  const dir = mkdtempSync(path.join(parent, 'app-'));
  for (const part of ['dist', 'flows', 'package.json', 'host.json']) cpSync(path.join(projectDir, part), path.join(dir, part), { recursive: true, preserveTimestamps: true });
  mkdirSync(path.join(dir, 'node_modules'));
  for (const name of readdirSync(path.join(projectDir, 'node_modules'))) {
    if (name !== '.cache') symlinkSync(path.join(projectDir, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  if (!cache) writeFileSync(path.join(dir, 'node_modules', '.cache'), 'not a folder');
  return dir;
}

/** `ivr ARGS` run from the copy's own build (dist/ in `app`), in the copy, with `env`: the project it finds is the copy. */
export function runIvrInCopy(app: string, args: string[], env: Record<string, string> = {}): Promise<IvrRun> {
  const main = path.join(app, 'dist/src/cli/main.js');
  return runIvr(['-e', `process.argv = [process.argv[0], ${JSON.stringify(main)}, ...${JSON.stringify(args)}]; require(${JSON.stringify(main)});`], { cwd: app, env });
}
