import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { checkedFlowCache, layeredCheckedFlowCache, type CheckedFlowCache } from '../../src/flow/checkedFlowCache';
import { loadFlowFile } from '../../src/flow/load';
import { shipCheckedFlows, shippedFlowFiles } from '../../src/flow/shipCheckedFlows';
import { shippedCheckedFlows } from '../../src/flow/shippedCheckedFlows';
import { flowErrorOf } from './flowErrorOf';
import { fileInNewFolder } from '../support/newFolder';

// The build ships the checks of the flows in flows/ inside dist/, for a
// deployed start that has no node_modules cache (Azure's read-only package).
// Such a start must take a shipped check only for the exact flow text and
// validation code that made it; anything else (an edit, other code, a
// damaged entry) must end in the full check, with the same verdict and words.
// Which cache answered is seen by wrapping them: a start that checks the flow
// in full remembers it in the local cache, one that took a shipped check
// does not.

const scratch = mkdtempSync(path.join(tmpdir(), 'ivr-shipped-flows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const goodText = readFileSync(DEFAULT_FLOW_FILE, 'utf8');
const FIXTURES = path.join(__dirname, 'fixtures');
const noCache = checkedFlowCache(undefined);
const CODE_A = () => 'validation code A';
let counter = 0;

/** A flow file (the Klarna flow unless told) and an empty folder for the shipped entries. */
function project(text = goodText) {
  const { dir, file } = fileInNewFolder(scratch, 'klarna-italia.json', text);
  const shippedDir = path.join(dir, 'dist', 'checked-flows');
  return { dir, file, shippedDir, entries: () => readdirSync(shippedDir).map((name) => path.join(shippedDir, name)) };
}

/** A start's cache as deployed: the shipped entries in `shippedDir`, and a local cache that is unavailable, as on Azure. */
function deployedStart(shippedDir: string, fingerprint = CODE_A) {
  const answeredBy: string[] = [];
  const checkedInFull: string[] = [];
  const watch = (name: string, cache: CheckedFlowCache): CheckedFlowCache => ({
    read(file, text) {
      const flow = cache.read(file, text);
      if (flow) answeredBy.push(name);
      return flow;
    },
    write(file, text, flow) {
      checkedInFull.push(file);
      cache.write(file, text, flow);
    },
  });
  const cache = layeredCheckedFlowCache(watch('shipped', shippedCheckedFlows(shippedDir, fingerprint)), watch('node_modules', noCache));
  return { cache, answeredBy, checkedInFull };
}

describe('checks shipped in dist/ by the build', () => {
  it('answer a deployed start with no node_modules cache, with exactly what the checks made', () => {
    const { file, shippedDir } = project();
    shipCheckedFlows([file], shippedDir, CODE_A);
    const start = deployedStart(shippedDir);
    expect(loadFlowFile(file, start.cache)).toStrictEqual(loadFlowFile(file, noCache));
    expect(start.answeredBy).toEqual(['shipped']);
    expect(start.checkedInFull).toEqual([]);
  });

  it('answer for the same text wherever the flow file lives (IVR_FLOW_FILE pointing at a copy)', () => {
    const { file, shippedDir } = project();
    shipCheckedFlows([file], shippedDir, CODE_A);
    const elsewhere = path.join(scratch, `copy-${++counter}.json`);
    writeFileSync(elsewhere, goodText);
    const start = deployedStart(shippedDir);
    expect(loadFlowFile(elsewhere, start.cache).name).toBe('Klarna Italia customer service');
    expect(start.checkedInFull).toEqual([]);
  });

  it('do not answer for a flow edited after the build: it is checked in full', () => {
    const { file, shippedDir } = project();
    shipCheckedFlows([file], shippedDir, CODE_A);
    writeFileSync(file, goodText.replace('"name": "Klarna Italia customer service"', '"name": "Klarna Italia"'));
    const start = deployedStart(shippedDir);
    expect(loadFlowFile(file, start.cache).name).toBe('Klarna Italia');
    expect(start.answeredBy).toEqual([]);
    expect(start.checkedInFull).toEqual([file]);
  });

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.startsWith('valid-')))(
    'do not hide a broken edit after the build: %s is reported with the same words as without any cache',
    (fixture) => {
      const { file, shippedDir } = project();
      shipCheckedFlows([file], shippedDir, CODE_A);
      writeFileSync(file, readFileSync(path.join(FIXTURES, fixture)));
      const shipped = flowErrorOf(() => loadFlowFile(file, deployedStart(shippedDir).cache));
      expect(shipped.message).toBe(flowErrorOf(() => loadFlowFile(file, noCache)).message);
      expect(shipped.message).toContain(`Invalid flow file ${file}`);
    },
  );

  it('do not answer once the validation code differs from the one that built them', () => {
    const { file, shippedDir } = project();
    shipCheckedFlows([file], shippedDir, CODE_A);
    const start = deployedStart(shippedDir, () => 'validation code B');
    expect(loadFlowFile(file, start.cache).name).toBe('Klarna Italia customer service');
    expect(start.answeredBy).toEqual([]);
    expect(start.checkedInFull).toEqual([file]);
  });

  it('are ignored when damaged, truncated, emptied or made under another key', () => {
    const damage: Record<string, (entry: string) => string> = {
      'the flow changed': (entry) => entry.replace('"Klarna Italia customer service"', '"Klarna Italia customer servicE"'),
      'made under another key (another text or code)': (entry) => entry.replace(/^(\S+) [0-9a-f]{64}/, `$1 ${'0'.repeat(64)}`),
      truncated: (entry) => entry.slice(0, entry.length - 100),
      'header only': (entry) => entry.slice(0, entry.indexOf('\n') + 1),
      empty: () => '',
      'not text': () => '\u0000\u00ff\ufffd'.repeat(50),
    };
    for (const [kind, change] of Object.entries(damage)) {
      const { file, shippedDir, entries } = project();
      shipCheckedFlows([file], shippedDir, CODE_A);
      const [entry] = entries() as [string];
      writeFileSync(entry, change(readFileSync(entry, 'utf8')));
      const start = deployedStart(shippedDir);
      expect(loadFlowFile(file, start.cache).name, kind).toBe('Klarna Italia customer service');
      expect(start.checkedInFull, kind).toEqual([file]);
    }
  });

  it('are never written by a start, and a local cache still serves what they miss', () => {
    const { file, shippedDir, entries } = project();
    shipCheckedFlows([file], shippedDir, CODE_A);
    const before = entries().map((entry) => readFileSync(entry, 'utf8'));
    writeFileSync(file, `${goodText}\n`);
    const local = checkedFlowCache(path.join(scratch, `local-${++counter}`), CODE_A);
    const cache = layeredCheckedFlowCache(shippedCheckedFlows(shippedDir, CODE_A), local);
    expect(loadFlowFile(file, cache).name).toBe('Klarna Italia customer service');
    expect(local.read(file, `${goodText}\n`)?.name).toBe('Klarna Italia customer service');
    expect(entries().map((entry) => readFileSync(entry, 'utf8'))).toEqual(before);
  });
});

describe('the build step that ships them', () => {
  it('ships every flow in flows/ but its JSON Schema', () => {
    expect(shippedFlowFiles(path.dirname(DEFAULT_FLOW_FILE)).map((file) => path.basename(file))).toEqual(['klarna-italia.json']);
  });

  it('fails on a broken flow with the FlowError a start would give, and ships nothing new', () => {
    const { dir, file, shippedDir, entries } = project();
    shipCheckedFlows([file], shippedDir, CODE_A);
    const before = entries();
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(path.join(FIXTURES, 'hours-inverted-range.json')));
    const built = flowErrorOf(() => {
      shipCheckedFlows([file, broken], shippedDir, CODE_A);
      return loadFlowFile(file, noCache);
    });
    expect(built.message).toBe(flowErrorOf(() => loadFlowFile(broken, noCache)).message);
    expect(built.message).toMatch(/Invalid flow file .*broken\.json[\s\S]*opens at 17:00 but closes at 09:00[\s\S]*fix:/);
    expect(entries()).toEqual(before);
  });

  it('replaces the entries of an earlier build, which could never match again', () => {
    const { file, shippedDir, entries } = project();
    shipCheckedFlows([file], shippedDir, CODE_A);
    const [first] = entries();
    writeFileSync(file, `${goodText}\n`);
    shipCheckedFlows([file], shippedDir, CODE_A);
    expect(entries()).toHaveLength(1);
    expect(entries()).not.toContain(first);
    expect(deployedStart(shippedDir).cache.read(file, `${goodText}\n`)?.name).toBe('Klarna Italia customer service');
  });
});
