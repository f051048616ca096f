import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintInProcess } from '../support/lintInProcess';

// Names pasted many times over. A node id pasted so (the fuzzer's 100,000 letters in "exhausted") took lint seconds, the
// closest-name search counting letters against every node, and printed the id twice in full: 200 kB of
// message. Each id goes into the URL of every <Gather> and <Redirect> a call hears, and a TwiML answer over
// 64 kB fails the call (https://www.twilio.com/docs/errors/11750), so an id is at most 64 characters.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-long-id-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The minimal fixture flow with every `from` made `to`, written to a file of its own. */
function fixtureWith(name: string, from: string, to: string): string {
  const text = readFileSync('test/flow/fixtures/valid-minimal.json', 'utf8');
  expect(text).toContain(from);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, text.replaceAll(from, to));
  return file;
}

describe('a node id longer than 64 characters', () => {
  it('a reference of 100,000 letters: refused at once, the id cut short in the message', async () => {
    const file = fixtureWith('huge-reference', '"exhausted": "goodbye"', `"exhausted": "${'x'.repeat(100_000)}"`);
    const started = performance.now();
    const result = await lintInProcess(file);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `Invalid flow file ${file}: 1 problem\n` +
        `  at nodes.welcome.retry.exhausted, line ${lineOf(file, 'xxxx')}: must be at most 64 characters (found "${'x'.repeat(56)}...)\n` +
        '    fix: write a node id: lower-case letters, digits and dashes, starting with a letter, e.g. "goodbye"',
    );
  });

  it('a node named with 65 letters, and referred to by them: refused; 64 pass', async () => {
    const long = fixtureWith('long-id', '"goodbye"', `"${'g'.repeat(65)}"`);
    expect((await lintInProcess(long)).err).toContain(`the name "${'g'.repeat(56)}... is not a node id`);
    const longest = fixtureWith('longest-id', '"goodbye"', `"${'g'.repeat(64)}"`);
    expect(await lintInProcess(longest)).toMatchObject({ code: 0 });
  });
});


describe('a name of 100,000 letters where the schema takes any text', () => {
  it('a dial\'s destination: named cut short, with its length, not printed in full twice', async () => {
    const file = fixtureWith('huge-destination', '"destination": "desk"', `"destination": "${'d'.repeat(100_000)}"`);
    const result = await lintInProcess(file);
    expect(result.code).toBe(1);
    const cut = `"${'d'.repeat(200)}..." (100,000 characters)`;
    expect(result.err).toContain(`names destination ${cut}, which does not exist\n    fix: add ${cut} under "destinations"`);
    expect(result.err.length).toBeLessThan(1_000);
  });
});

function lineOf(file: string, text: string): number {
  return readFileSync(file, 'utf8').slice(0, readFileSync(file, 'utf8').indexOf(text)).split('\n').length;
}
