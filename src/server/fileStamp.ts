import { readFileSync, statSync } from 'node:fs';

/**
 * What identifies one saved version of a file without reading it: a rename changes the inode, a write the size or
 * times. A path that cannot be looked at (a link pointing at itself: ELOOP; a folder of it made a file: ENOTDIR; no
 * permission) is a stamp of its own, never a throw: the host's sweeps run this from a timer, where a throw ended the
 * host. Whoever reads the file next says why it cannot.
 */
export function fileStamp(file: string): string {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}` : 'missing';
  } catch (err) {
    return `unreadable:${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
}

/** The file's text, to tell a save that changed it from one that did not (a touch); undefined while it is missing or cannot be read. */
export function fileText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
