import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { writeWhole } from './writeWhole';

// Runs one CommonJS file through a V8 code cache that is written after the
// program has run, not when the file is compiled.
//
// Why not node's compile cache alone: it saves V8's code when a module is
// compiled, before it runs, so it holds only the module's top level. Every
// function a command calls is still compiled from source on each start,
// which for `ivr call` is most of its cold run. A cache taken after a
// successful run holds every function that run compiled, and the next start
// of the same command skips them all (about 25 ms of ~85 ms for `ivr call`).
//
// V8 checks a cache against its own version and flags and the source's
// length, but not the source's text nor, in release builds, a checksum of the
// code. So the cache file is named after a hash of the exact source text (a
// file rebuilt to the same length must not run the old code) and starts with
// a hash of the code it holds (a damaged file must not run either). Whatever
// does not fit is compiled from source, and the cache written again.

export interface CodeCachedModule<T> {
  exports: T;
  /** Saves the code of every function compiled so far, when the cache had none for this text; never throws. */
  saveCache(): void;
}

/**
 * Loads `file` as a CommonJS module (its `require` resolves from its own
 * folder) with the cache named `name` in `cacheDir` (null: no cache).
 * Undefined when the file does not exist.
 */
export function loadCodeCached<T>(file: string, cacheDir: string | null, name: string): CodeCachedModule<T> | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const cacheFile = cacheDir === null ? null : path.join(cacheDir, `${name}-${sha256(source).toString('hex').slice(0, 32)}-v8-${process.versions.v8}.bin`);
  const cachedData = cacheFile === null ? undefined : readCache(cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    // import() of a package inside the file loads it as a plain require'd module's import() would.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const loaded = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(loaded.exports, createRequire(file), loaded, file, path.dirname(file));
  const hadCache = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: loaded.exports,
    saveCache() {
      if (hadCache || cacheFile === null) return;
      try {
        mkdirSync(cacheDir as string, { recursive: true });
        const code = script.createCachedData();
        writeWhole(cacheFile, Buffer.concat([sha256(code), code]));
        // The same command's caches for other texts (earlier builds) can never be used again.
        const own = path.basename(cacheFile);
        for (const entry of readdirSync(cacheDir as string)) {
          if (entry.startsWith(`${name}-`) && entry.endsWith('.bin') && entry !== own) rmSync(path.join(cacheDir as string, entry), { force: true });
        }
      } catch {
        // Not writable (read-only package, full disk, ...): the next start compiles again.
      }
    },
  };
}

function sha256(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** The code in `file` when its hash holds, else undefined (no cache yet, unreadable, damaged). */
function readCache(file: string): Buffer | undefined {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return undefined;
  }
  const code = content.subarray(32);
  return code.length > 0 && sha256(code).equals(content.subarray(0, 32)) ? code : undefined;
}
