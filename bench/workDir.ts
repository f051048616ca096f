import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';

// The bench keeps its scratch files (generated flows, server logs, edited
// copies of a flow) in bench/work/, which git ignores: nothing it runs reads
// or writes outside the repository.

export function makeWorkDir(projectRoot: string, purpose: string): string {
  const parent = path.join(projectRoot, 'bench/work');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, `${purpose}-`));
}
