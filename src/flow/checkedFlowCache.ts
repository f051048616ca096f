import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectCacheDir } from '../config/projectCache';
import { writeWhole } from '../config/writeWhole';
import { entryKey, entryText, flowFromEntry, sha256 } from './checkedFlowEntry';
import type { Flow } from './schema';
import { shippedCheckedFlows } from './shippedCheckedFlows';
import { validationFingerprint } from './validationFingerprint';

// Checking a flow file loads zod and runs every check, on each cold start of
// the CLI and the function app, for a file that rarely changes (measured: a
// cold `ivr call` on a flow the build did not ship spends ~85 ms more CPU
// without this cache, 2.7x a bare node's whole start). So a flow that passed
// is remembered: one file per flow file (and validation
// code), holding the checked flow under a key made of the flow's exact text
// and the fingerprint of the validation code (validationFingerprint.ts). Any
// other text, or any change to the schema, the checks or the packages they
// use, misses and is checked in full; the cache only ever answers "this exact
// text already passed these exact checks, and this is what they made of it".
//
// It lives in node_modules/.cache/klarna-italia-ivr/, where build tools keep
// theirs: private to the project, gone with node_modules. Whatever goes wrong
// with it (no node_modules, a read-only package as Azure runs, a corrupt,
// truncated or foreign entry, another process writing at the same moment)
// reads as a miss and writes as nothing: the flow is then checked normally.
// For that read-only package the build ships the checks of the flows in
// flows/ inside dist/ (shippedCheckedFlows.ts), and a start reads those first.

/** Entries kept; flows written to temporary folders (tests, tools) must not pile up. */
const MAX_ENTRIES = 16;

export interface CheckedFlowCache {
  /** The flow made by checking exactly this text with exactly this validation code, or undefined. */
  read(file: string, text: string): Flow | undefined;
  /** Remembers a flow that passed every check; never throws. */
  write(file: string, text: string, flow: Flow): void;
}

/** A cache in `dir` (undefined: none at all); `fingerprint` names the validation code. */
export function checkedFlowCache(dir: string | undefined, fingerprint: () => string = validationFingerprint): CheckedFlowCache {
  if (dir === undefined) return { read: () => undefined, write: () => {} };
  // One entry per flow file and validation code: the built CLI and the tests (which run the TypeScript) each keep theirs.
  const entryFile = (file: string) => path.join(dir, `${sha256(`${path.resolve(file)}\0${fingerprint()}`).slice(0, 32)}.flow`);
  return {
    read(file, text) {
      try {
        return flowFromEntry(readFileSync(entryFile(file), 'utf8'), entryKey(text, fingerprint()));
      } catch {
        return undefined;
      }
    },
    write(file, text, flow) {
      try {
        const content = entryText(entryKey(text, fingerprint()), flow);
        if (content === undefined) return;
        mkdirSync(dir, { recursive: true });
        writeWhole(entryFile(file), content);
        prune(dir);
      } catch {
        // Not writable (read-only package, full disk, ...): the next start checks the flow again.
      }
    },
  };
}

/**
 * Asks `shipped` first, then `local`; remembers new checks in `local` only.
 * Both answer only for the same text and validation code, with what the same
 * checks made of it, so the order changes the cost, never the flow: the
 * shipped entries go first because they are what a deployed start has (its
 * node_modules cache is missing or read-only) and, in development, what every
 * build has just written, and a miss there costs one failed open.
 */
export function layeredCheckedFlowCache(shipped: CheckedFlowCache, local: CheckedFlowCache): CheckedFlowCache {
  return {
    read: (file, text) => shipped.read(file, text) ?? local.read(file, text),
    write: (file, text, flow) => local.write(file, text, flow),
  };
}

let projectCache: CheckedFlowCache | undefined;

/** The checks shipped in dist/checked-flows/, then the project's cache in node_modules/.cache/klarna-italia-ivr/ (none where there is no node_modules to hold it). */
export function defaultCheckedFlowCache(): CheckedFlowCache {
  if (!projectCache) {
    const local = checkedFlowCache(projectCacheDir() ?? undefined);
    projectCache = layeredCheckedFlowCache(shippedCheckedFlows(), local);
  }
  return projectCache;
}

/** Keeps the most recently written entries, and removes temporary files a writer left when it died. */
function prune(dir: string): void {
  const entries: Array<{ file: string; written: number }> = [];
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const written = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (written === undefined) continue;
    if (name.endsWith('.flow')) entries.push({ file, written });
    else if (name.endsWith('.tmp') && written < hourAgo) removeQuietly(file);
  }
  entries.sort((a, b) => b.written - a.written);
  for (const { file } of entries.slice(MAX_ENTRIES)) removeQuietly(file);
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // another process removed or holds it; nothing depends on it
  }
}
