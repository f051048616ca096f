import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../config/projectRoot';

// `ivr schema` and `ivr holidays` write files from code (src/flow/schema.ts,
// the holiday table's generator), and `ivr` runs the last build of it
// (dist/). Run after a source change without a build, they would write the
// old output and say "wrote". So these two, and only these (the check
// loads a script and fingerprints the sources: no cost to other commands),
// compare the sources with the note the last build left (dist/.build-inputs,
// kept by scripts/buildIfChanged.mjs) and refuse when they differ.

interface BuildStamp {
  buildInputs(): string;
  stampFile: string;
}

/** Whether the command must not run on this build, having said why on stderr; false when the build is made from the sources as they are. */
export async function refuseStaleBuild(command: string): Promise<boolean> {
  // Run from the TypeScript itself (the tests), the code is the sources: nothing can be stale.
  if (path.extname(__filename) === '.ts') return false;
  const root = projectRoot();
  const script = path.join(root, 'scripts', 'buildIfChanged.mjs');
  // A deployment package holds the build without its sources: nothing to compare.
  if (!existsSync(script) || !existsSync(path.join(root, 'tsconfig.json'))) return false;
  const { buildInputs, stampFile } = (await import(pathToFileURL(script).href)) as BuildStamp;
  const last = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  // The first line is the code's fingerprint; the second, the flows' (which these commands write), is left out.
  if (last.split('\n')[0] === buildInputs().split('\n')[0]) return false;
  console.error(`the sources (src/, functions/, package.json, ...) changed since the last build, and \`ivr ${command}\` runs the last build: it would write what the old code gives. Nothing was written: run \`npm run build\` first, then this command again.`);
  return true;
}
