import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './projectRoot';

let dir: string | null | undefined;

/**
 * The project's own cache folder, node_modules/.cache/klarna-italia-ivr/,
 * where build tools keep theirs: private to the project, gone with
 * node_modules. Null where there is no node_modules to hold it (a deployed
 * package may have none); whoever uses it then does without.
 */
export function projectCacheDir(): string | null {
  if (dir === undefined) {
    const nodeModules = path.join(projectRoot(), 'node_modules');
    dir = existsSync(nodeModules) ? path.join(nodeModules, '.cache', 'klarna-italia-ivr') : null;
  }
  return dir;
}
