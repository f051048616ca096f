import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectDir } from './runIvr';

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
