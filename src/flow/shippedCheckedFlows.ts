import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/projectRoot';
import type { CheckedFlowCache } from './checkedFlowCache';
import { entryKey, flowFromEntry } from './checkedFlowEntry';
import { validationFingerprint } from './validationFingerprint';

// The checks of the flows in flows/, made by `npm run build` with the built
// validation code (shipCheckedFlows.ts) and shipped inside dist/. Azure runs
// the app from a read-only package, usually without node_modules/.cache, so
// the node_modules cache cannot help a deployed cold start; these entries
// can, as they travel with the code that made them (measured: importing the
// functions entry without them costs ~110 ms more CPU, mostly zod). Read only: a start never
// writes here. An entry is named by its key (the flow's exact text and the
// validation code's fingerprint), so it answers for that text wherever the
// file lives, on Node 22 or 24, and for nothing else: an edited flow or other
// validation code misses (a flow's time zone is asked of the running Node), and
// a damaged entry fails its digest; each is then checked in full.

/** Where the build puts the entries, and where a start looks for them. */
export function shippedCheckedFlowsDir(): string {
  return path.join(projectRoot(), 'dist', 'checked-flows');
}

/** The file holding the check whose key (checkedFlowEntry.ts's entryKey) is `key`. */
export function shippedEntryFile(dir: string, key: string): string {
  return path.join(dir, `${key}.flow`);
}

/** The entries in `dir`, read only. */
export function shippedCheckedFlows(dir: string = shippedCheckedFlowsDir(), fingerprint: () => string = validationFingerprint): CheckedFlowCache {
  return {
    read(_file, text) {
      try {
        const key = entryKey(text, fingerprint());
        return flowFromEntry(readFileSync(shippedEntryFile(dir, key), 'utf8'), key);
      } catch {
        return undefined; // no entry for this text and code (or no dist/checked-flows at all)
      }
    },
    write() {
      // Written by the build only: the deployed package is read-only, and a start must not change what was shipped.
    },
  };
}
