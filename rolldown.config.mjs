import { createRequire } from 'node:module';
import path from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { functionsACallRuns } from './scripts/functionsACallRuns.mjs';

const require = createRequire(import.meta.url);

// `npm run build` makes dist/ivr.bundle.js: the `ivr` program (dist/src/cli/ivr.js),
// luxon and saxes (the simulator's XML parser, with its xmlchars) in one file,
// which src/cli/main.ts requires once node's compile cache is on. Inside the
// bundle each module still runs only when first required, so saxes costs only
// the commands that simulate calls; bundled, it adds ~3 ms of CPU to a cold
// `ivr call`, where loading it from node_modules added 15-20 ms. The other
// packages stay outside: each is loaded only by the commands that need it.

// libphonenumber-js: every simulated call tells the callers' countries (FromCountry, ...); from node_modules it cost ~40 ms of a cold start.
const BUNDLED = ['luxon', 'saxes', 'xmlchars', 'libphonenumber-js'];
const dist = path.join(import.meta.dirname, 'dist');
const bundle = path.join(dist, 'ivr.bundle.js');

/** In the bundle, each of our modules still sees its own folder and file as __dirname and __filename (projectRoot and the validation fingerprint find files from them). */
const ownPaths = {
  name: 'own-paths',
  transform(code, id) {
    if (id.includes(`${path.sep}node_modules${path.sep}`) || !/\b__(dirname|filename)\b/.test(code)) return null;
    const fromBundle = (to) => `require("node:path").join(__dirname, ${JSON.stringify(path.relative(path.dirname(bundle), to).split(path.sep).join('/'))})`;
    // __dirname first: the __filename replacement brings a __dirname of its own, which must stay the bundle's.
    return code.replace(/\b__dirname\b/g, fromBundle(path.dirname(id))).replace(/\b__filename\b/g, fromBundle(id));
  },
};

/**
 * Each module's body as a parenthesized `function` rather than an arrow, so V8
 * compiles it with the bundle's top level instead of on first require (its
 * heuristic for code about to run); node's compile cache, which keeps only
 * what was compiled before the bundle ran, then holds every module's top-level
 * code, and a cold `ivr call` spends ~10 ms less CPU. The two forms differ
 * only in `this` and `arguments`: the bundler hands a module its `this` as a
 * parameter, and module code does not read its wrapper's arguments. Should the
 * bundler's output change shape, nothing matches and the start is only slower.
 *
 * ES modules (`__esmMin`: libphonenumber-js's ES build) get the same, or every
 * call parses and compiles their bodies again; an ES module's top-level `this`
 * is undefined, which the bundler writes as such, so the wrapper's is unused.
 * Together with its metadata as JSON (phoneMetadataAsJson) a cold `ivr call`
 * takes ~1 ms less (100 interleaved runs, medians).
 */
const eagerModuleBodies = {
  name: 'eager-module-bodies',
  renderChunk(code) {
    return code.replace(/\b(__commonJSMin|__esmMin)\(\(\(([\w$, ]*)\) => \{/g, '$1((function ($2) {');
  },
};

/**
 * The functions a cold `ivr call` runs, compiled with the bundle like the
 * module bodies above, so that node's compile cache holds them: otherwise each
 * start compiles again every one of them (some 300 of our modules' top-level
 * functions), as V8 compiles a function only when it is first called. Which
 * ones, a call run by the build tells (scripts/functionsACallRuns.mjs): all of
 * them would double the cache a start reads and win back little.
 *
 * A declaration `function name(a) {...}` becomes `var name = (function (a)
 * {...});`, a parenthesized function, which V8 compiles eagerly; moved to the
 * top of its module, where the declaration was hoisted, it exists from the
 * module's first line as before, and takes the variable's name. Functions
 * inside functions, and those the call does not run, stay lazy.
 *
 * Only in CommonJS modules (no `import` or `export` statement: our compiled
 * modules, luxon). An ES module's body runs in the bundler's lazy init
 * (`__esmMin`), and the bundler keeps its function declarations outside it,
 * so that a module in an import cycle can call them before that init ran;
 * a `var` would be assigned only inside it. Library ES modules (libphonenumber-js's
 * ES build) are left lazy. What a cold `ivr call` saves: docs/performance.md.
 */
export function eagerFunctions(learn) {
  let ran = new Map();
  return {
    name: 'eager-functions',
    // When a build starts, not when this file is loaded: a test that imports it for one plugin runs no call.
    buildStart() {
      ran = learn();
    },
    transform(code, id) {
      const names = ran.get(id);
      if (!names) return null;
      const body = parseAst(code).body;
      if (body.some((statement) => /^(Import|Export)/.test(statement.type))) return null;
      const declarations = body.filter((statement) => statement.type === 'FunctionDeclaration' && names.has(statement.id.name));
      if (declarations.length === 0) return null;
      const hoisted = declarations.map((declaration) => {
        const text = code.slice(declaration.start, declaration.end);
        const head = /^(async\s+)?function(\s*\*)?\s*[\w$]+(?=\s*\()/.exec(text);
        if (!head) throw new Error(`${id}: cannot read the declaration of ${declaration.id.name}; update rolldown.config.mjs`);
        return `var ${declaration.id.name} = (${head[1] ?? ''}function${head[2] ?? ''} ${text.slice(head[0].length)});`;
      });
      let rest = '';
      let at = 0;
      for (const declaration of declarations) {
        rest += code.slice(at, declaration.start);
        at = declaration.end;
      }
      rest += code.slice(at);
      // After the directives ("use strict"), which must stay first; the text before them is unchanged.
      const top = body.find((statement) => !statement.directive)?.start ?? 0;
      return { code: `${rest.slice(0, top)}${hoisted.join('\n')}\n${rest.slice(top)}`, map: null };
    },
  };
}

/**
 * The flow checks (validate.js and the ~15 modules under it: the JSON reader,
 * the schema, every check and its word lists) run only for a flow text the
 * checked-flow cache does not hold; a call on a checked flow never needs
 * them. In the bundle, load.js requires them (and pastFlow.js, which imports
them) where it calls them rather than
 * at its top, so such a call does not set them up: a cold `ivr call` takes
 * 2-4 ms less (three sets of 60-80 interleaved runs, medians), among it one
 * garbage collection of the young generation fewer. The source keeps a plain import, because
 * vitest runs the TypeScript, where `require('./validate')` finds no file.
 * The compiled module is read with parseAst, so only the binding's declaration
 * and its uses as `binding.x` change, never the same text in a string, a
 * comment or another object's property.
 */
const LAZY_REQUIRES = [
  { importer: path.join(dist, 'src/flow/load.js'), specifier: './validate' },
  // A past flow's reader (ivr call's loader) checks with validate.js too: required where it parses, for the same reason.
  { importer: path.join(dist, 'src/flow/load.js'), specifier: './pastFlow' },
];
export const lazyRequires = {
  name: 'lazy-requires',
  transform(code, id) {
    const lazy = LAZY_REQUIRES.filter((entry) => entry.importer === id);
    if (lazy.length === 0) return null;
    const program = parseAst(code);
    const edits = [];
    for (const { specifier } of lazy) {
      const call = `require(${JSON.stringify(specifier)})`;
      // tsc's form: `const validate_1 = require("./validate");` at the top, used as `validate_1.parseFlow`.
      const bindings = program.body.filter((statement) => requireBinding(statement, specifier));
      if (bindings.length === 0) throw new Error(`${id}: no top-level ${call} any more; update rolldown.config.mjs`);
      for (const statement of bindings) {
        const name = statement.declarations[0].id.name;
        edits.push({ start: statement.start, end: code[statement.end] === '\n' ? statement.end + 1 : statement.end, text: '' });
        for (const { node, parent } of identifiersNamed(program, name)) {
          if (node === statement.declarations[0].id) continue;
          // `other.validate_1`, `{ validate_1: ... }`: a property's name, not the binding.
          if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) continue;
          if (parent.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) continue;
          // In parentheses: `new validate_1.X()` must stay `new (require(...)).X()`, not construct `require`.
          if (parent.type === 'MemberExpression' && parent.object === node) edits.push({ start: node.start, end: node.end, text: `(${call})` });
          else throw new Error(`${id}: ${name} is used other than as ${name}.x; update rolldown.config.mjs`);
        }
      }
    }
    // From the end of the text, so that each edit's offsets are still those parseAst gave.
    let out = code;
    for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
    return { code: out, map: null };
  },
};

/** Whether `statement` is `const name = require(specifier);` (or `var`), one binding to the module. */
function requireBinding(statement, specifier) {
  if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) return false;
  const [{ id, init }] = statement.declarations;
  return id.type === 'Identifier' && init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require'
    && init.arguments.length === 1 && init.arguments[0].type === 'Literal' && init.arguments[0].value === specifier;
}

/** Every Identifier node called `name` in the tree under `node`, with the node that holds it. */
function* identifiersNamed(node, name, parent = null) {
  if (node.type === 'Identifier' && node.name === name) yield { node, parent };
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child !== null && typeof child === 'object' && typeof child.type === 'string') yield* identifiersNamed(child, name, node);
    }
  }
}

/**
 * libphonenumber-js's metadata (83 kB) comes as an ES module exporting one
 * object literal. Compiled with the bundle (above), the literal's whole shape
 * goes into node's compile cache and is read back on every start; as a string
 * handed to JSON.parse it is one flat string there, and JSON.parse builds the
 * same object faster than V8 builds a literal that size.
 */
const PHONE_METADATA = path.join(path.dirname(require.resolve('libphonenumber-js/package.json')), 'metadata.min.json.js');
const phoneMetadataAsJson = {
  name: 'phone-metadata-as-json',
  transform(code, id) {
    if (id !== PHONE_METADATA) return null;
    const json = /^export default (\{.*\})\s*;?\s*$/ms.exec(code.replace(/^\/\/.*\n/gm, ''))?.[1];
    // Its text must be JSON already (the package makes it from metadata.min.json): nothing is rewritten, only wrapped.
    if (json === undefined) throw new Error(`${id}: not "export default {...}" any more; update rolldown.config.mjs`);
    JSON.parse(json);
    return `export default JSON.parse(${JSON.stringify(json)});`;
  },
};

/**
 * libphonenumber-js's CommonJS entry (what our compiled `require` names) pulls
 * in the whole library, ~250 kB of code a cold call evaluates. The simulator
 * needs one function of it: this serves `libphonenumber-js/min` to the bundle
 * as an ES module exporting only that one, from the package's own ES build,
 * so the bundler leaves out the rest (the package declares no side effects).
 */
const PHONE_NUMBERS = 'libphonenumber-js/min';
const onlyWhatIsUsed = {
  name: 'only-what-is-used',
  resolveId(id) {
    return id === PHONE_NUMBERS ? '\0phone-numbers' : null;
  },
  load(id) {
    if (id !== '\0phone-numbers') return null;
    const esm = path.join(path.dirname(require.resolve('libphonenumber-js/package.json')), 'min/index.js');
    return `export { parsePhoneNumberFromString } from ${JSON.stringify(esm)};`;
  },
};

/**
 * The checked-flow caches are keyed by a fingerprint of the validation code
 * (src/flow/validationFingerprint.ts). In the bundle that code is frozen, so
 * its digest is worked out here, once, by the built module itself, instead of
 * on every cold start by reading and following the ~20 files it came from.
 */
const FINGERPRINT_MODULE = path.join(dist, 'src/flow/validationFingerprint.js');
const bakedValidationCode = {
  name: 'baked-validation-code',
  transform(code, id) {
    if (id !== FINGERPRINT_MODULE) return null;
    const marker = /const BUNDLED = undefined; \/\/ @bundled-validation-code/;
    if (!marker.test(code)) throw new Error(`${id}: the @bundled-validation-code line is gone; update rolldown.config.mjs`);
    const baked = JSON.stringify(require(FINGERPRINT_MODULE).validationCode());
    return code.replace(marker, `const BUNDLED = ${baked};`);
  },
};

export default {
  input: path.join(dist, 'src/cli/ivr.js'),
  platform: 'node',
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`)),
  plugins: [lazyRequires, onlyWhatIsUsed, phoneMetadataAsJson, bakedValidationCode, ownPaths, eagerFunctions(() => functionsACallRuns(dist)), eagerModuleBodies],
  // eager-functions runs a simulated call when the build starts (~2-3 s on a
  // first build), on purpose. Rolldown's timing check would print a table
  // blaming it on every `npm install` and cold build: a warning with nothing to fix.
  checks: { bundlerTimings: false },
  output: {
    format: 'cjs',
    file: bundle,
    codeSplitting: false,
    // An ASCII-only file, without the doc comments nothing reads at run time
    // (1.04 MB -> 0.86 MB): node reads it as one-byte text instead of decoding
    // UTF-8 into a two-byte string, and hashes less for the compile cache; a
    // cold `ivr call` spends ~3 ms less (60 interleaved runs, medians).
    // Strings keep their text: `—` becomes `\u2014` in the source only.
    charset: 'ascii',
    comments: { legal: true, jsdoc: false, annotation: false },
  },
};
