import path from 'node:path';

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
 */
const eagerModuleBodies = {
  name: 'eager-module-bodies',
  renderChunk(code) {
    return code.replace(/__commonJSMin\(\(\(([\w$, ]*)\) => \{/g, '__commonJSMin((function ($1) {');
  },
};

export default {
  input: path.join(dist, 'src/cli/ivr.js'),
  platform: 'node',
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`)),
  plugins: [ownPaths, eagerModuleBodies],
  output: { format: 'cjs', file: bundle, codeSplitting: false },
};
