import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `content` to a file of its own beside `file` and renames it into
 * place, so a reader (another process included) sees the old file or the new
 * one, never half of one. Throws as the file system does; the aside file is
 * removed when the write fails.
 */
export function writeWhole(file: string, content: string | Uint8Array): void {
  const aside = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(aside, content, { flag: 'wx' });
    renameSync(aside, file);
  } catch (err) {
    rmSync(aside, { force: true });
    throw err;
  }
}
