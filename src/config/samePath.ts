import path from 'node:path';

// Two names of one file, compared as the file system does: on Windows `c:\app\Flows\menu.json` and
// `C:\app\flows\menu.json` are the same file, and as strings they differ (path.resolve keeps the
// case it is given), so the served flow looked like another one. path.relative knows each platform's
// rule: case-insensitive on Windows, exact elsewhere.

/** Whether `a` and `b` name the same file or folder (resolved, so relative names are read from the current folder). */
export function samePath(a: string, b: string, paths: path.PlatformPath = path): boolean {
  return paths.relative(a, b) === '';
}
