import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/projectRoot';
import { samePath } from '../config/samePath';
import { flowFileSetting } from '../config/settings';
import { writeWhole } from '../config/writeWhole';
import { applyLocalSettings } from '../server/localSettings';
import { checkedFlowCache } from './checkedFlowCache';
import { entryKey, entryText } from './checkedFlowEntry';
import { flowFilesIn } from './flowFolder';
import { flowsFolder, notTheServedFlow } from './flowsTheBuildChecks';
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
// place to say so, before a deployment that could never start. That holds
// for every flow in flows/, not only the one served here: the deployment
// takes the whole folder, and its IVR_FLOW_FILE may name any of them. So a
// draft that fails stops the build (and `npm start`, which builds first),
// and the error says it is not the served flow, and what to do.

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
    const written = shipCheckedFlows(flowFilesIn(flowsFolder()), shippedCheckedFlowsDir());
    console.log(`checked flows: ${written.length} shipped in ${path.relative(root, shippedCheckedFlowsDir())}`);
  } catch (err) {
    if (!(err instanceof FlowError)) throw err;
    console.error(err.message);
    const served = servedFlow(root);
    if (!samePath(err.file, served)) console.error(`  ${notTheServedFlow(path.relative(root, err.file), path.relative(root, served))}`);
    process.exitCode = 1;
  }
}

/** The flow `npm start` serves, as it finds it: IVR_FLOW_FILE from the environment, then local.settings.json. */
function servedFlow(root: string): string {
  const env = { ...process.env };
  try {
    applyLocalSettings(root, env);
  } catch {
    // A local.settings.json that is no JSON: start says so itself, once the flows pass.
  }
  return flowFileSetting(env);
}
