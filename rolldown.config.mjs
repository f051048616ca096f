import path from 'node:path';

// `npm run build` makes dist/ivr.bundle.js: the `ivr` program (dist/src/cli/ivr.js),
// luxon and saxes (the simulator's XML parser, with its xmlchars) in one file,
// which src/cli/main.ts runs through a code cache. Inside the bundle each module
// still runs only when first required, so saxes costs only the commands that
// simulate calls; bundled, it adds ~3 ms of CPU to a cold `ivr call`, where
// loading it from node_modules added 15-20 ms. The other packages stay outside: each is loaded
// only by the commands that need it.

const BUNDLED = ['luxon', 'saxes', 'xmlchars'];
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

export default {
  input: path.join(dist, 'src/cli/ivr.js'),
  platform: 'node',
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`)),
  plugins: [ownPaths],
  output: { format: 'cjs', file: bundle, codeSplitting: false },
};
