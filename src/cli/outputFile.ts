import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file a command was told to write (`--output out/report.html`),
 * making its folder first: a fresh clone has no out/, and "ENOENT: no such
 * file or directory" would end the command after all its work.
 */
export function writeOutputFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
