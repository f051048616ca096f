import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCodeCached } from '../../src/config/codeCache';
import { fileInNewFolder } from '../support/newFolder';

// The `ivr` command runs its bundle through this loader (src/cli/main.ts):
// whatever the cache holds, the file must run as its current text says.

const scratch = mkdtempSync(path.join(tmpdir(), 'ivr-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder of its own holding program.js with `text`, and where its cache would go. */
function setUp(text: string): { file: string; cacheDir: string } {
  const { dir, file } = fileInNewFolder(scratch, 'program.js', text);
  return { file, cacheDir: path.join(dir, 'cache') };
}

type Greeter = { greet: () => string };

describe('loadCodeCached', () => {
  it('runs the file as a CommonJS module of its own folder', async () => {
    const { file, cacheDir } = setUp(
      "const sibling = require('./sibling.js'); exports.greet = () => `${sibling} from ${require('node:path').basename(__dirname)}/${require('node:path').basename(__filename)}`; exports.later = () => import('node:path').then((p) => p.sep);",
    );
    writeFileSync(path.join(path.dirname(file), 'sibling.js'), "module.exports = 'hello';");
    const loaded = loadCodeCached<Greeter & { later: () => Promise<string> }>(file, cacheDir, 'call');
    expect(loaded?.exports.greet()).toBe(`hello from ${path.basename(path.dirname(file))}/program.js`);
    // import() inside the file works as in a module node loaded itself
    expect(await loaded?.exports.later()).toBe(path.sep);
  });

  it('answers undefined when there is no such file', () => {
    expect(loadCodeCached(path.join(scratch, 'missing.js'), scratch, 'call')).toBeUndefined();
  });

  it('writes the cache after a run and does not write it again while it fits', () => {
    const { file, cacheDir } = setUp("exports.greet = () => 'A';");
    const first = loadCodeCached<Greeter>(file, cacheDir, 'call');
    expect(first?.exports.greet()).toBe('A');
    first?.saveCache();
    const [entry] = readdirSync(cacheDir);
    expect(entry).toMatch(/^call-[0-9a-f]{32}-v8-.*\.bin$/);
    const written = statSync(path.join(cacheDir, entry as string)).mtimeMs;

    const second = loadCodeCached<Greeter>(file, cacheDir, 'call');
    expect(second?.exports.greet()).toBe('A');
    second?.saveCache();
    expect(readdirSync(cacheDir)).toEqual([entry]);
    expect(statSync(path.join(cacheDir, entry as string)).mtimeMs).toBe(written);
  });

  it('runs a rebuilt file of the same length as its new text says, and drops the old cache', () => {
    const { file, cacheDir } = setUp("exports.greet = () => 'A';");
    const before = loadCodeCached<Greeter>(file, cacheDir, 'call');
    before?.exports.greet();
    before?.saveCache();
    const [old] = readdirSync(cacheDir);

    writeFileSync(file, "exports.greet = () => 'B';"); // same length: V8 alone would take the old code
    const after = loadCodeCached<Greeter>(file, cacheDir, 'call');
    expect(after?.exports.greet()).toBe('B');
    after?.saveCache();
    const entries = readdirSync(cacheDir);
    expect(entries).toHaveLength(1);
    expect(entries).not.toContain(old);
  });

  it('keeps one cache per name', () => {
    const { file, cacheDir } = setUp("exports.greet = () => 'A';");
    for (const name of ['call', 'lint']) {
      const loaded = loadCodeCached<Greeter>(file, cacheDir, name);
      loaded?.exports.greet();
      loaded?.saveCache();
    }
    expect(readdirSync(cacheDir).map((entry) => entry.split('-')[0]).sort()).toEqual(['call', 'lint']);
  });

  it('runs the file despite a damaged cache, and replaces the cache', () => {
    const { file, cacheDir } = setUp("exports.greet = () => 'A';");
    const first = loadCodeCached<Greeter>(file, cacheDir, 'call');
    first?.exports.greet();
    first?.saveCache();
    const entry = path.join(cacheDir, readdirSync(cacheDir)[0] as string);
    const damaged = readFileSync(entry);
    damaged[damaged.length - 8] ^= 0xff; // one flipped bit of code, which V8 itself would take
    writeFileSync(entry, damaged);

    const loaded = loadCodeCached<Greeter>(file, cacheDir, 'call');
    expect(loaded?.exports.greet()).toBe('A');
    loaded?.saveCache();
    expect(readFileSync(entry).equals(damaged)).toBe(false);
  });

  it('runs without a cache where none can be kept', () => {
    const { file, cacheDir } = setUp("exports.greet = () => 'A';");
    const none = loadCodeCached<Greeter>(file, null, 'call');
    expect(none?.exports.greet()).toBe('A');
    expect(() => none?.saveCache()).not.toThrow();

    writeFileSync(cacheDir, 'a file where the cache folder would be');
    const blocked = loadCodeCached<Greeter>(file, cacheDir, 'call');
    expect(blocked?.exports.greet()).toBe('A');
    expect(() => blocked?.saveCache()).not.toThrow();
  });
});
