import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../config/projectRoot';

// Whether a flow's text passes its check depends on more than the text: on the
// code of validate.ts and of every module it loads, and on the packages those
// load (zod, luxon, date-holidays). Not on the Node that runs them: a later
// Node runs the same JavaScript to the same result, and a package built on
// Node 22 must find its checks on the Node 24 Azure also offers, or every cold
// start there checks the flow again (~75 ms). The one answer the checks take
// from the runtime's data, whether the flow's time zone exists (ICU's zone
// data changes even between patch releases), loadFlowFile asks of the running
// Node instead.
// The checks also read the holiday tables (flows/holidays/*.json: the names
// hours.holidays.spokenNames may use), which `npx ivr holidays` rewrites
// without a build: their text is hashed in too, so a flow that passed with the
// old table (a spokenNames.de key checked against none) is checked again.
// This fingerprint covers all of that, so a checked-flow cache keyed by it can
// never answer for checks other than the ones this code would run. The
// modules are found by following their imports from validate's own source on
// disk, so a module added to the checks is covered without a list to update.

const IMPORT = /(?:\bfrom|\brequire\(|\bimport\(?)\s*(['"])([^'"\n]+)\1/g;
const ENTRY = path.join(__dirname, `validate${path.extname(__filename)}`);

/** The validation's own modules, as one digest, and the packages they load (by name: their versions are read where they run). */
export interface ValidationCode {
  digest: string;
  packages: string[];
}

/**
 * The bundle's modules cannot change without a new bundle, so `npm run build`
 * writes their ValidationCode here (rolldown.config.mjs) and a cold start of
 * the `ivr` command does not read and follow ~20 files to learn it again.
 */
const BUNDLED: ValidationCode | undefined = undefined; // @bundled-validation-code

/** Each module (path and text) and package (name@version) the validation uses. */
export function validationSources(entry: string = ENTRY): string[] {
  const { files, packages } = followImports(entry);
  return [
    ...[...files].map(([file, text]) => `${path.relative(path.dirname(entry), file)}\n${text}`),
    ...packages.map((name) => packageVersion(name, path.dirname(entry))).sort(),
  ];
}

/** What `npm run build` bakes into the bundle: the modules' texts hashed, and the packages' names. */
export function validationCode(): ValidationCode {
  const { files, packages } = followImports(ENTRY);
  const hash = createHash('sha256');
  for (const [file, text] of files) hash.update(`${path.relative(path.dirname(ENTRY), file)}\n${text}\0`);
  return { digest: hash.digest('hex'), packages };
}

let memo: string | undefined;

/** A hash of the validation code and the packages' versions, computed once per process. */
export function validationFingerprint(): string {
  if (memo === undefined) {
    const code = BUNDLED ?? validationCode();
    const hash = createHash('sha256');
    hash.update(`${code.digest}\0`);
    for (const pkg of code.packages.map((name) => packageVersion(name, __dirname)).sort()) hash.update(`${pkg}\0`);
    for (const table of holidayTables()) hash.update(`${table}\0`);
    memo = hash.digest('hex');
  }
  return memo;
}

/** Each holiday table's name and text (flows/holidays/<COUNTRY>.json), in order; none when the folder is missing. */
function holidayTables(): string[] {
  const dir = path.join(projectRoot(), 'flows', 'holidays');
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((name) => `${name}\n${readFileSync(path.join(dir, name), 'utf8')}`);
}

function followImports(entry: string): { files: Map<string, string>; packages: string[] } {
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
      else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) packages.add(packageName(spec));
    }
  };
  visit(entry);
  return { files, packages: [...packages].sort() };
}

function localModule(base: string, ext: string): string {
  for (const candidate of [`${base}${ext}`, path.join(base, `index${ext}`)]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  // Unknown code may decide the result: no fingerprint, so no cache.
  throw new Error(`validation fingerprint: cannot find the module ${base}`);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** name@version of the package node would load from `dir` (found as node does, up the node_modules folders). */
function packageVersion(name: string, dir: string): string {
  // Looked up by hand: require.resolve costs ~1.5 ms here.
  for (let at = dir; ; at = path.dirname(at)) {
    const manifest = path.join(at, 'node_modules', name, 'package.json');
    if (statSync(manifest, { throwIfNoEntry: false })?.isFile()) {
      return `${name}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
    }
    if (path.dirname(at) === at) throw new Error(`validation fingerprint: cannot find the package ${name}`);
  }
}
