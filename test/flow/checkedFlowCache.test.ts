import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { checkedFlowCache } from '../../src/flow/checkedFlowCache';
import { loadFlowFile } from '../../src/flow/load';
import { validationSources } from '../../src/flow/validationFingerprint';
import { flowErrorOf } from './flowErrorOf';
import { fileInNewFolder } from '../support/newFolder';

// A flow file whose exact text already passed the checks is taken from the
// checked-flow cache, without zod; anything else about it (another text,
// other validation code, a damaged entry, a cache that cannot be written) must
// end in the full check, with the same verdict and the same words as without
// a cache.

const scratch = mkdtempSync(path.join(tmpdir(), 'ivr-flow-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const goodText = readFileSync(DEFAULT_FLOW_FILE, 'utf8');
const FIXTURES = path.join(__dirname, 'fixtures');
const brokenFixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.startsWith('valid-'));
const noCache = checkedFlowCache(undefined);

/** A fresh folder with a flow file in it (the Klarna flow unless told) and an empty cache folder beside it. */
function workspace(text = goodText) {
  const { dir, file } = fileInNewFolder(scratch, 'flow.json', text);
  const cacheDir = path.join(dir, 'cache');
  return { file, cacheDir, entries: () => readdirSync(cacheDir).map((name) => path.join(cacheDir, name)) };
}

describe('the checked-flow cache', () => {
  it('answers a flow it has seen with the flow as the checks made it', () => {
    const { file, cacheDir, entries } = workspace();
    const cache = checkedFlowCache(cacheDir, () => 'validation code A');
    const checked = loadFlowFile(file, noCache);
    expect(loadFlowFile(file, cache)).toStrictEqual(checked);
    expect(entries()).toHaveLength(1);
    expect(loadFlowFile(file, cache)).toStrictEqual(checked);
  });

  it('is what a start uses: an entry for the exact text stands in for the checks', () => {
    const { file, cacheDir } = workspace();
    const cache = checkedFlowCache(cacheDir, () => 'validation code A');
    const flow = loadFlowFile(file, cache);
    // Planted by the test, to see whether the entry or the checks answered.
    cache.write(file, goodText, { ...flow, name: 'answered by the cache' });
    expect(loadFlowFile(file, cache).name).toBe('answered by the cache');
  });

  it('is ignored once the flow file changes, however little', () => {
    const { file, cacheDir } = workspace();
    const cache = checkedFlowCache(cacheDir, () => 'validation code A');
    cache.write(file, goodText, { ...loadFlowFile(file, noCache), name: 'answered by the cache' });
    writeFileSync(file, goodText.replace('"name": "Klarna Italia customer service"', '"name": "Klarna Italia"'));
    expect(loadFlowFile(file, cache).name).toBe('Klarna Italia');
    writeFileSync(file, `${goodText}\n`);
    expect(loadFlowFile(file, cache).name).toBe('Klarna Italia customer service');
  });

  it('is ignored once the validation code changes', () => {
    const { file, cacheDir } = workspace();
    checkedFlowCache(cacheDir, () => 'validation code A').write(file, goodText, { ...loadFlowFile(file, noCache), name: 'answered by the cache' });
    expect(loadFlowFile(file, checkedFlowCache(cacheDir, () => 'validation code A')).name).toBe('answered by the cache');
    expect(loadFlowFile(file, checkedFlowCache(cacheDir, () => 'validation code B')).name).toBe('Klarna Italia customer service');
  });

  it('ignores an entry that is damaged, truncated, empty or not its own', () => {
    const damage: Record<string, (entry: string) => string> = {
      truncated: (entry) => entry.slice(0, entry.length - 100),
      'one character changed in the flow': (entry) => entry.replace('"answered by the cache"', '"answered by the cachE"'),
      'header only': (entry) => entry.slice(0, entry.indexOf('\n') + 1),
      'no header': (entry) => entry.slice(entry.indexOf('\n') + 1),
      'another format': (entry) => entry.replace(/^ivr-checked-flow\/1/, 'ivr-checked-flow/0'),
      empty: () => '',
      'not text': () => '\u0000\u00ff\ufffd'.repeat(50),
      'JSON that is no flow': (entry) => {
        const [header] = entry.split('\n');
        return `${header}\n[]`;
      },
    };
    for (const [kind, change] of Object.entries(damage)) {
      const { file, cacheDir, entries } = workspace();
      const cache = checkedFlowCache(cacheDir, () => 'validation code A');
      cache.write(file, goodText, { ...loadFlowFile(file, noCache), name: 'answered by the cache' });
      const [entry] = entries() as [string];
      writeFileSync(entry, change(readFileSync(entry, 'utf8')));
      expect(loadFlowFile(file, cache).name, kind).toBe('Klarna Italia customer service');
    }
  });

  it.each(brokenFixtures)('reports the broken flow %s with the same words as without a cache', (fixture) => {
    const { file, cacheDir, entries } = workspace();
    const cache = checkedFlowCache(cacheDir, () => 'validation code A');
    loadFlowFile(file, cache); // the good flow at this path is in the cache
    const before = entries().map((entry) => readFileSync(entry, 'utf8'));
    writeFileSync(file, readFileSync(path.join(FIXTURES, fixture)));
    const withCache = flowErrorOf(() => loadFlowFile(file, cache));
    expect(withCache.message).toBe(flowErrorOf(() => loadFlowFile(file, noCache)).message);
    expect(withCache.message).toContain(`Invalid flow file ${file}`);
    // Nothing about a broken flow is remembered.
    expect(entries().map((entry) => readFileSync(entry, 'utf8'))).toEqual(before);
  });

  it('a cache that cannot be written (read-only package) costs a full check, never a start', () => {
    const { file } = workspace();
    // A folder inside a file can never be made, whoever runs the test (root ignores permissions).
    const cache = checkedFlowCache(path.join(file, 'cache'), () => 'validation code A');
    expect(loadFlowFile(file, cache)).toStrictEqual(loadFlowFile(file, noCache));
    expect(loadFlowFile(file, cache).name).toBe('Klarna Italia customer service');
    writeFileSync(file, readFileSync(path.join(FIXTURES, 'hours-inverted-range.json')));
    expect(() => loadFlowFile(file, cache)).toThrow(/opens at 17:00 but closes at 09:00/);
  });

  it('keeps one entry per flow file and at most 16 in all', () => {
    const { file, cacheDir, entries } = workspace();
    const cache = checkedFlowCache(cacheDir, () => 'validation code A');
    loadFlowFile(file, cache);
    writeFileSync(file, `${goodText}\n`);
    loadFlowFile(file, cache);
    expect(entries()).toHaveLength(1);
    for (let i = 0; i < 20; i++) {
      const other = path.join(path.dirname(file), `flow-${i}.json`);
      writeFileSync(other, goodText);
      loadFlowFile(other, cache);
    }
    expect(entries().length).toBe(16);
  });

  it('holds exactly what the checks make of every flow we ship and of the minimal one', () => {
    const flowsDir = path.dirname(DEFAULT_FLOW_FILE);
    const files = [
      ...readdirSync(flowsDir).filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json')).map((name) => path.join(flowsDir, name)),
      path.join(FIXTURES, 'valid-minimal.json'),
    ];
    for (const source of files) {
      const { file, cacheDir } = workspace(readFileSync(source, 'utf8'));
      const cache = checkedFlowCache(cacheDir, () => 'validation code A');
      const checked = loadFlowFile(file, cache);
      expect(cache.read(file, readFileSync(file, 'utf8')), source).toStrictEqual(checked);
    }
  });
});

describe('the fingerprint of the validation code', () => {
  it('covers every module the checks run and the packages they use', () => {
    const sources = validationSources().map((source) => source.split('\n')[0]);
    for (const module of ['validate', 'schema', 'check', 'checkPaths', 'successors', 'problem', '../schedule/holidayCalendar', '../config/phoneNumber']) {
      expect(sources.some((name) => name?.replace(/\.(ts|js)$/, '') === module), module).toBe(true);
    }
    for (const pkg of ['zod', 'luxon', 'date-holidays']) expect(sources.some((name) => name?.startsWith(`${pkg}@`)), pkg).toBe(true);
  });

  it('a flow checked where its time zone existed, loaded where it does not, is checked again and refused', () => {
    const text = goodText.replace('"timeZone": "Europe/Rome"', '"timeZone": "Europe/Atlantis"');
    const { file, cacheDir } = workspace(text);
    const cache = checkedFlowCache(cacheDir, () => 'validation code A');
    // As written by a build whose zone data had it.
    cache.write(file, text, { ...loadFlowFile(DEFAULT_FLOW_FILE, noCache), hours: { ...loadFlowFile(DEFAULT_FLOW_FILE, noCache).hours, timeZone: 'Europe/Atlantis' } });
    expect(flowErrorOf(() => loadFlowFile(file, cache)).problems).toContainEqual(expect.objectContaining({ path: 'hours.timeZone' }));
  });

  it('changes with any module the validation imports, however deep', () => {
    const dir = path.join(scratch, 'code');
    mkdirSync(path.join(dir, 'rules'), { recursive: true });
    writeFileSync(path.join(dir, 'validate.ts'), "import { rule } from './rules';\n");
    writeFileSync(path.join(dir, 'rules', 'index.ts'), "export { rule } from '../deep';\n");
    writeFileSync(path.join(dir, 'deep.ts'), 'export const rule = 1;\n');
    const before = validationSources(path.join(dir, 'validate.ts'));
    writeFileSync(path.join(dir, 'deep.ts'), 'export const rule = 2;\n');
    const after = validationSources(path.join(dir, 'validate.ts'));
    expect(after).not.toEqual(before);
    expect(after.filter((source) => !before.includes(source))).toEqual(['deep.ts\nexport const rule = 2;\n']);
  });

  it('cannot be made when the validation imports a module it cannot find: then nothing is cached', () => {
    const dir = path.join(scratch, 'missing');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'validate.ts'), "import { gone } from './gone';\n");
    expect(() => validationSources(path.join(dir, 'validate.ts'))).toThrow(/cannot find the module/);
    const { file, cacheDir } = workspace();
    const cache = checkedFlowCache(cacheDir, () => validationSources(path.join(dir, 'validate.ts')).join());
    expect(loadFlowFile(file, cache).name).toBe('Klarna Italia customer service');
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });
});
