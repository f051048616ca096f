import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOfBuiltApp } from '../support/appCopy';
import { projectDir } from '../support/runIvr';
import { firstTransferOn, openInstant } from '../support/shippedFlow';

// While the shipped menu's consumer line is open, whatever its hours: the calls reach its operator node.
const OPEN = openInstant('tue');

// `ivr` runs dist/ivr.bundle.js, which the build makes from the compiled
// program, with node's compile cache on (src/cli/main.ts). What users would
// notice: the same answers as ever, and never the code of an older build.

const scratch = mkdtempSync(path.join(tmpdir(), 'ivr-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function ivr(app: string, args: string[], compileCache?: string): { status: number | null; stdout: string; stderr: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TWILIO_|IVR_|DEST_|PUBLIC_BASE_URL|NODE_COMPILE_CACHE|NODE_DISABLE_COMPILE_CACHE)/.test(k)));
  if (compileCache) env.NODE_COMPILE_CACHE = compileCache;
  return spawnSync(process.execPath, [path.join(app, 'dist/src/cli/main.js'), ...args], { cwd: app, env, encoding: 'utf8' });
}

/** Every file under `dir`, as text (node's compile cache names its entries by hashes, in a folder per node version). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'latin1'));
}

/** Puts a bundle in `app` that only says it ran, `ageMs` older than the compiled program (negative: newer). */
function markerBundle(app: string, ageMs: number): void {
  const bundle = path.join(app, 'dist/ivr.bundle.js');
  writeFileSync(bundle, "exports.main = async () => { console.log('the marker bundle ran'); return 0; };");
  const compiled = statSync(path.join(app, 'dist/src/cli/ivr.js')).mtime.getTime();
  utimesSync(bundle, new Date(compiled - ageMs), new Date(compiled - ageMs));
}

describe('the ivr command and its bundle', () => {
  it('answers a call from the bundle, and the same again from node\'s compile cache of it', () => {
    const app = copyOfBuiltApp(scratch, { cache: true });
    const compileCache = mkdtempSync(path.join(scratch, 'compile-cache-'));
    const call = ['call', '--json', '--at', OPEN, '--press', '1', '--press', '2'];
    const first = ivr(app, call, compileCache);
    expect(first.status, first.stderr).toBe(0);
    // The line's own number is the placeholder operators' here, so the app refuses it and the menu says goodbye.
    expect(JSON.parse(first.stdout).outcome).toMatchObject({ kind: 'hangup' });
    expect(first.stderr).toContain(`refused to transfer at node "${firstTransferOn('consumer')}"`);
    // Each entry names the file it was compiled from.
    const bundle = path.join(app, 'dist/ivr.bundle.js');
    expect(filesUnder(compileCache).filter((entry) => entry.includes(bundle))).toHaveLength(1);

    const second = ivr(app, call, compileCache);
    expect(second.status, second.stderr).toBe(0);
    // The same call heard the same way (each call has its own call SIDs, in the events).
    const heard = (stdout: string) => {
      const { outcome, transcript } = JSON.parse(stdout);
      return { outcome, transcript };
    };
    expect(heard(second.stdout)).toEqual(heard(first.stdout));
  });

  it('answers from the check the build shipped for the flow: nothing is checked again, nothing cached', () => {
    // The bundle carries the validation code's digest worked out at build time
    // (rolldown.config.mjs); were it not the same as the modules' own, the
    // shipped check would be missed and the flow checked and cached anew.
    const app = copyOfBuiltApp(scratch, { cache: true });
    const result = ivr(app, ['call', '--json', '--at', OPEN, '--press', '1', '--press', '2']);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(path.join(app, 'node_modules/.cache/klarna-italia-ivr'))).toBe(false);
    // The same app with its shipped checks removed does check and cache the flow: the test can tell.
    rmSync(path.join(app, 'dist/checked-flows'), { recursive: true });
    expect(ivr(app, ['call', '--json', '--at', OPEN]).status).toBe(0);
    expect(readdirSync(path.join(app, 'node_modules/.cache/klarna-italia-ivr'))).toHaveLength(1);
  });

  it('has V8 compile every module body, CommonJS and ES, with the bundle, and carries the phone metadata as JSON text', () => {
    // What node's compile cache then holds, and so what a cold start does not compile again (rolldown.config.mjs).
    const bundle = readFileSync(path.join(projectDir, 'dist/ivr.bundle.js'), 'utf8');
    const wrappers = [...bundle.matchAll(/\b(__commonJSMin|__esmMin)\(\((function|\()/g)];
    expect(wrappers.filter(([, wrapper]) => wrapper === '__esmMin').length).toBeGreaterThan(0);
    // An arrow-wrapped body would be compiled again by every start.
    expect(wrappers.filter(([, , body]) => body !== 'function').map(([text]) => text)).toEqual([]);
    expect(bundle).toMatch(/= JSON\.parse\("\{\\"version\\":\d+,\\"country_calling_codes\\":/);
  });

  it('has V8 compile with the bundle the functions a call runs, and only those', () => {
    // Written as parenthesized functions (rolldown.config.mjs, from the call the build runs:
    // scripts/functionsACallRuns.mjs), they are in node's compile cache, not compiled again by every start.
    const bundle = readFileSync(path.join(projectDir, 'dist/ivr.bundle.js'), 'utf8');
    for (const [name, form] of [['callCommand', 'async function'], ['simulateCall', 'async function'], ['loadPastFlowFile', 'function'], ['parseTwiml', 'function'], ['geographicParameters', 'function']]) {
      expect(bundle, name).toContain(`var ${name} = (${form}(`);
    }
    // Other commands' code stays lazy: compiled with the bundle, it would only make the cache every start reads larger.
    for (const name of ['reportCommand', 'diffCommand', 'exploreCommand']) {
      expect(bundle, name).toContain(`async function ${name}(`);
      expect(bundle, name).not.toContain(`var ${name} = (`);
    }
  });

  it('leaves the functions of ES modules as declarations, so a bundle with an import cycle still runs', () => {
    // In the bundle an ES module's body runs in its lazy init (__esmMin), and its function declarations stay
    // outside it so that a module in an import cycle can call them first. Were eagerFunctions (rolldown.config.mjs)
    // to make `hello` a var, b.mjs would call it before a.mjs's init assigned it: "hello is not a function".
    const dir = mkdtempSync(path.join(scratch, 'cycle-'));
    writeFileSync(path.join(dir, 'main.cjs'), "require('./a.mjs');\nconsole.log(require('./b.mjs').greeting);\n");
    writeFileSync(path.join(dir, 'a.mjs'), "import './b.mjs';\nfunction hello() { return 'hello from a'; }\nexport { hello };\n");
    writeFileSync(path.join(dir, 'b.mjs'), "import { hello } from './a.mjs';\nexport const greeting = hello();\n");
    const script = [
      "import { rolldown } from 'rolldown';",
      `const { eagerFunctions } = await import(${JSON.stringify(path.join(projectDir, 'rolldown.config.mjs'))});`,
      // As if the profiled call had run hello.
      `const ran = new Map([[${JSON.stringify(path.join(dir, 'a.mjs'))}, new Set(['hello'])]]);`,
      `const bundle = await rolldown({ input: ${JSON.stringify(path.join(dir, 'main.cjs'))}, platform: 'node', plugins: [eagerFunctions(() => ran)] });`,
      `await bundle.write({ format: 'cjs', file: ${JSON.stringify(path.join(dir, 'out.cjs'))} });`,
    ].join('\n');
    const build = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: projectDir, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const run = spawnSync(process.execPath, [path.join(dir, 'out.cjs')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('hello from a\n');
  });

  it('sets up the flow checks only for a flow the checked-flow cache does not hold', () => {
    // load.js requires them where it calls them (rolldown.config.mjs). Seen by V8's coverage: whether the
    // module body of validate.js ran (without the compile cache, whose code coverage does not count).
    const app = copyOfBuiltApp(scratch, { cache: true });
    const bundle = path.join(app, 'dist/ivr.bundle.js');
    const text = readFileSync(bundle, 'utf8');
    const marker = text.indexOf('var require_validate = __commonJSMin((function(');
    expect(marker).toBeGreaterThan(0);
    const body = text.indexOf('function(', marker);
    const checksRan = (): boolean => {
      const coverage = mkdtempSync(path.join(scratch, 'coverage-'));
      const inherited = Object.entries(process.env).filter(([name]) => !/^(TWILIO_|IVR_|DEST_|PUBLIC_BASE_URL|NODE_COMPILE_CACHE)/.test(name));
      const env = { ...Object.fromEntries(inherited), NODE_V8_COVERAGE: coverage, NODE_DISABLE_COMPILE_CACHE: '1' };
      const run = spawnSync(process.execPath, [path.join(app, 'dist/src/cli/main.js'), 'call', '--json', '--at', OPEN, '--press', '1', '--press', '2'], { cwd: app, env, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const scripts = readdirSync(coverage).flatMap((file) => JSON.parse(readFileSync(path.join(coverage, file), 'utf8')).result as Array<{ url: string; functions: Array<{ ranges: Array<{ startOffset: number; count: number }> }> }>);
      const functions = scripts.find((script) => script.url.endsWith('/dist/ivr.bundle.js'))?.functions ?? [];
      const validate = functions.find((fn) => fn.ranges[0]?.startOffset === body);
      return (validate?.ranges[0]?.count ?? 0) > 0;
    };
    // From the check the build shipped: the checks' modules are never set up.
    expect(checksRan()).toBe(false);
    // Without it, the flow is checked, by the same bundle: the test can tell.
    rmSync(path.join(app, 'dist/checked-flows'), { recursive: true });
    expect(checksRan()).toBe(true);
  });

  it('requires the flow checks where load.js uses them, and changes nothing else that reads the same', () => {
    // lazyRequires (rolldown.config.mjs) on a load.js that also has the binding's text in a string, a comment,
    // a template and another object's property: only the declaration and the uses of the binding change.
    const loadJs = path.join(projectDir, 'dist/src/flow/load.js');
    const source = [
      'const validate_1 = require("./validate");',
      'const pastFlow_1 = require("./pastFlow");',
      '// validate_1.parseFlow checks the flow',
      'const other = { validate_1: { parseFlow: 1 } };',
      'exports.parse = (text) => (0, validate_1.parseFlow)(text, "validate_1.parseFlow");',
      'exports.error = () => new validate_1.FlowError(`${other.validate_1.parseFlow} validate_1.x`);',
      'exports.past = (text) => (0, pastFlow_1.parsePastFlow)(text, "f");',
      '',
    ].join('\n');
    const script = `const { lazyRequires } = await import(${JSON.stringify(path.join(projectDir, 'rolldown.config.mjs'))}); process.stdout.write(lazyRequires.transform(${JSON.stringify(source)}, ${JSON.stringify(loadJs)}).code);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: projectDir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe([
      '// validate_1.parseFlow checks the flow',
      'const other = { validate_1: { parseFlow: 1 } };',
      'exports.parse = (text) => (0, (require("./validate")).parseFlow)(text, "validate_1.parseFlow");',
      'exports.error = () => new (require("./validate")).FlowError(`${other.validate_1.parseFlow} validate_1.x`);',
      'exports.past = (text) => (0, (require("./pastFlow")).parsePastFlow)(text, "f");',
      '',
    ].join('\n'));
  });

  it('builds a working bundle, and says it is only slower, when the build cannot profile a call', () => {
    // The build runs a call to learn what to compile early (scripts/functionsACallRuns.mjs). Here its
    // temporary folder is a file, so that call's profile cannot be written: the bundle must still be made,
    // answer calls, and the build say why a cold call is slower.
    const app = copyOfBuiltApp(scratch, { cache: true });
    mkdirSync(path.join(app, 'scripts'));
    for (const file of ['rolldown.config.mjs', 'scripts/functionsACallRuns.mjs']) cpSync(path.join(projectDir, file), path.join(app, file));
    rmSync(path.join(app, 'dist/ivr.bundle.js'));
    const notAFolder = path.join(scratch, 'not-a-folder');
    writeFileSync(notAFolder, '');
    const inherited = Object.entries(process.env).filter(([name]) => !/^(NODE_OPTIONS|NODE_COMPILE_CACHE)$/.test(name));
    const build = spawnSync(process.execPath, [path.join(projectDir, 'node_modules/rolldown/bin/cli.mjs'), '-c', 'rolldown.config.mjs', '--logLevel', 'warn'], {
      cwd: app,
      env: { ...Object.fromEntries(inherited), TMPDIR: notAFolder },
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    expect(build.stderr).toContain('The build could not profile a call (scripts/functionsACallRuns.mjs): the CLI bundle is built without the functions a call runs compiled early; it works, a cold `ivr call` is only slower.');
    expect(build.stderr).toContain('ENOTDIR');
    // Nothing compiled early, and the same call answered as ever.
    expect(readFileSync(path.join(app, 'dist/ivr.bundle.js'), 'utf8')).toContain('async function callCommand(');
    const run = ivr(app, ['call', '--json', '--at', OPEN, '--press', '1', '--press', '2']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).outcome).toMatchObject({ kind: 'hangup' });
  });

  it('says why when the call the build profiles cannot run', () => {
    // A call that fails to start leaves no profile of our code, and without this line a slower bundle would go unnoticed.
    // A folder without a build: the call's program is not there.
    const dist = path.join(mkdtempSync(path.join(scratch, 'no-build-')), 'dist');
    const script = `import { functionsACallRuns } from ${JSON.stringify(path.join(projectDir, 'scripts/functionsACallRuns.mjs'))}; console.log(functionsACallRuns(${JSON.stringify(dist)}).size);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('0\n');
    expect(run.stderr).toMatch(/^The build could not profile a call \(scripts\/functionsACallRuns\.mjs\): .* it works, a cold `ivr call` is only slower\.\n/);
    // The call's own error, which says why.
    expect(run.stderr).toContain(`Cannot find module '${path.join(dist, 'src/cli/ivr.js')}'`);
  });

  it('runs a bundle as new as the compiled program', () => {
    const app = copyOfBuiltApp(scratch, { cache: false });
    markerBundle(app, -1000);
    expect(ivr(app, ['--help']).stdout).toBe('the marker bundle ran\n');
  });

  it('runs the compiled modules, not a bundle older than them (a build by tsc alone)', () => {
    const app = copyOfBuiltApp(scratch, { cache: false });
    markerBundle(app, 1000);
    const run = ivr(app, ['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: ivr <command>/);
  });

  it('runs the compiled modules when there is no bundle', () => {
    const app = copyOfBuiltApp(scratch, { cache: false });
    rmSync(path.join(app, 'dist/ivr.bundle.js'));
    const run = ivr(app, ['call', '--at', OPEN, '--press', '1', '--press', '2']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Outcome: hung up by the IVR');
    expect(run.stderr).toContain(`refused to transfer at node "${firstTransferOn('consumer')}"`);
  });
});
