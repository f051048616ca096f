import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { projectRoot } from '../config/projectRoot';
import type { Flow } from './schema';
import { validationFingerprint } from './validationFingerprint';

// Checking a flow file loads zod (~50 ms) and runs every check, on each cold
// start of the CLI and the function app, for a file that rarely changes. So a
// flow that passed is remembered: one file per flow file (and validation
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

const FORMAT = 'ivr-checked-flow/1';
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
  const keyFor = (text: string) => sha256(`${FORMAT}\0${fingerprint()}\0${text}`);
  return {
    read(file, text) {
      try {
        const stored = readFileSync(entryFile(file), 'utf8');
        const newline = stored.indexOf('\n');
        if (newline < 0) return undefined;
        const [format, key, digest] = stored.slice(0, newline).split(' ');
        if (format !== FORMAT || key !== keyFor(text)) return undefined;
        const json = stored.slice(newline + 1);
        if (sha256(json) !== digest) return undefined;
        const flow: unknown = JSON.parse(json);
        return flow !== null && typeof flow === 'object' && !Array.isArray(flow) ? (flow as Flow) : undefined;
      } catch {
        return undefined;
      }
    },
    write(file, text, flow) {
      let temporary: string | undefined;
      try {
        const json = JSON.stringify(flow);
        // Only a flow that comes back from JSON exactly as checked may stand in for it.
        if (!isDeepStrictEqual(JSON.parse(json), flow)) return;
        const content = `${FORMAT} ${keyFor(text)} ${sha256(json)}\n${json}`;
        mkdirSync(dir, { recursive: true });
        // Written aside and renamed into place: a reader sees the old entry or the new one, never half of one.
        temporary = `${entryFile(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
        writeFileSync(temporary, content, { flag: 'wx' });
        renameSync(temporary, entryFile(file));
        temporary = undefined;
        prune(dir);
      } catch {
        // Not writable (read-only package, full disk, ...): the next start checks the flow again.
      } finally {
        if (temporary) removeQuietly(temporary);
      }
    },
  };
}

let projectCache: CheckedFlowCache | undefined;

/** The project's cache in node_modules/.cache/klarna-italia-ivr/; none where there is no node_modules to hold it. */
export function defaultCheckedFlowCache(): CheckedFlowCache {
  if (!projectCache) {
    const nodeModules = path.join(projectRoot(), 'node_modules');
    projectCache = checkedFlowCache(existsSync(nodeModules) ? path.join(nodeModules, '.cache', 'klarna-italia-ivr') : undefined);
  }
  return projectCache;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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
