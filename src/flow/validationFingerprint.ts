import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

// Whether a flow's text passes its check depends on more than the text: on the
// code of validate.ts and of every module it loads, on the packages those load
// (zod, luxon, date-holidays), and on node's ICU data (which time zones exist).
// This fingerprint covers all of that, so a checked-flow cache keyed by it can
// never answer for checks other than the ones this code would run. The
// modules are found by following their imports from validate's own source on
// disk, so a module added to the checks is covered without a list to update.

const IMPORT = /(?:\bfrom|\brequire\(|\bimport\(?)\s*(['"])([^'"\n]+)\1/g;

/** Each module (path and text) and package (name@version) the validation uses, and node's own versions. */
export function validationSources(entry: string = path.join(__dirname, `validate${path.extname(__filename)}`)): string[] {
  const ext = path.extname(entry);
  const files = new Map<string, string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    for (const [, , specifier] of text.matchAll(IMPORT)) {
      const spec = specifier as string;
      if (spec.startsWith('.')) visit(localModule(path.resolve(path.dirname(file), spec), ext));
      else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) packages.add(packageVersion(spec, file));
    }
  };
  visit(entry);
  const { node, icu, tz, unicode } = process.versions;
  return [
    ...[...files].map(([file, text]) => `${path.relative(path.dirname(entry), file)}\n${text}`),
    ...[...packages].sort(),
    `node ${node} icu ${icu} tz ${tz} unicode ${unicode}`,
  ];
}

let memo: string | undefined;

/** A hash of validationSources(), computed once per process (reading ~10 small files). */
export function validationFingerprint(): string {
  if (memo === undefined) {
    const hash = createHash('sha256');
    for (const source of validationSources()) hash.update(`${source}\0`);
    memo = hash.digest('hex');
  }
  return memo;
}

function localModule(base: string, ext: string): string {
  for (const candidate of [`${base}${ext}`, path.join(base, `index${ext}`)]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  // Unknown code may decide the result: no fingerprint, so no cache.
  throw new Error(`validation fingerprint: cannot find the module ${base}`);
}

/** name@version of the package node would load for `specifier` from `from` (found as node does, up the node_modules folders). */
function packageVersion(specifier: string, from: string): string {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  // Looked up by hand: require.resolve costs ~1.5 ms here, a third of the whole fingerprint.
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (statSync(manifest, { throwIfNoEntry: false })?.isFile()) {
      return `${name}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
    }
    if (path.dirname(dir) === dir) throw new Error(`validation fingerprint: cannot find the package ${name}`);
  }
}
