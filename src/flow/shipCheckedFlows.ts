import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/projectRoot';
import { writeWhole } from '../config/writeWhole';
import { checkedFlowCache } from './checkedFlowCache';
import { entryKey, entryText } from './checkedFlowEntry';
import { flowFilesIn } from './flowFolder';
import { loadFlowFile } from './load';
import { FlowError } from './problem';
import { shippedCheckedFlowsDir, shippedEntryFile } from './shippedCheckedFlows';
import { validationFingerprint } from './validationFingerprint';

// The build step after tsc (`npm run build`): checks every flow in flows/ with
// the built validation code, the very code a deployed start runs, and ships
// what the checks made of each in dist/checked-flows/ (shippedCheckedFlows.ts
// reads them), so a cold start of the deployed app need not load zod.
//
// A flow in flows/ that fails its check fails the build, with the same
// FlowError (file, JSON path, fix) a start would give: the function app
// refuses such a flow at start-up anyway, and the build is the earliest
// place to say so, before a deployment that could never start.

/** The flow files shipped with the app: flows/*.json but their JSON Schema. */
export { flowFilesIn as shippedFlowFiles } from './flowFolder';

/**
 * Checks each of `files` in full and writes its entry into `dir`, replacing
 * what an earlier build left there. Throws the FlowError of the first flow
 * that fails, before writing anything. Answers the entries written.
 */
export function shipCheckedFlows(files: string[], dir: string, fingerprint: () => string = validationFingerprint): string[] {
  const noCache = checkedFlowCache(undefined);
  const checked = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    return { file, text, flow: loadFlowFile(file, noCache) };
  });
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const { file, text, flow } of checked) {
    const key = entryKey(text, fingerprint());
    const content = entryText(key, flow);
    if (content === undefined) {
      // JSON cannot carry this flow exactly: a start checks it in full, as it would without the entry.
      console.warn(`checked flows: ${file} passed its check but cannot be shipped checked; each start will check it`);
      continue;
    }
    const entry = shippedEntryFile(dir, key);
    // A start running from this dist/ sees a whole entry or none.
    writeWhole(entry, content);
    written.push(entry);
  }
  // Entries of earlier flow texts or validation code would never match again.
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!written.includes(file)) rmSync(file, { force: true });
  }
  return written;
}

if (require.main === module) {
  const root = projectRoot();
  try {
    const written = shipCheckedFlows(flowFilesIn(path.join(root, 'flows')), shippedCheckedFlowsDir());
    console.log(`checked flows: ${written.length} shipped in ${path.relative(root, shippedCheckedFlowsDir())}`);
  } catch (err) {
    if (!(err instanceof FlowError)) throw err;
    console.error(err.message);
    process.exitCode = 1;
  }
}
