import path from 'node:path';

/** A file as a command names it to the user: from the folder the command was run in (as given, should it be that folder). */
export function fromHere(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
