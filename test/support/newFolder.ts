import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A new folder of its own under `parent`, holding one file `name` with `text`. */
export function fileInNewFolder(parent: string, name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(parent, 'w-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}
