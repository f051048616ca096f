// `ivr replay` after a prompt is reworded: the recorded calls go the same way
// (exit 0, "0 of N calls would go differently"), but the callers who pass the
// prompt would hear other words, and replay says how many, at which nodes, in
// which language, and the `ivr diff` command that shows the words. The words
// are compared with the flow the calls went through: --base, or the flow file
// as last committed (git HEAD); with neither, replay says it cannot tell.
//
// The records are the sample week the other replay tests use
// (test/report/fixtures/calls.jsonl, made on the fixed December menu): five
// replayable calls, of which three reach the consumer menu (two in Italian,
// one in English) and three hear the goodbye.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { committedFile } from '../support/committedFile';
import { projectDir, runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { shellWord } from '../../src/explore/reproduce';
import { inlineCode } from '../docs/markdown';

const RECORDS = path.join(projectDir, 'test/report/fixtures/calls.jsonl');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-words-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type FlowJson = { nodes: Record<string, { prompt: Record<string, string>[]; options: { key: string; next: string }[]; retry: { noInput: Record<string, string>[] } }> };

/** The fixed menu, edited by `edit`, written as `name` in `folder`. */
function fixedMenuWith(edit: (flow: FlowJson) => void, name: string, folder = dir): string {
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8')) as FlowJson;
  edit(flow);
  const file = path.join(folder, name);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

/** The consumer menu's first sentence reworded, in Italian and in English: "la chat" becomes "la nostra chat". */
const chatReworded = (flow: FlowJson) => {
  const [sentence] = flow.nodes['consumer-menu']?.prompt ?? [];
  if (!sentence?.it?.includes('usare la chat') || !sentence.en?.includes('use the chat')) throw new Error('the fixed menu no longer says "usare la chat" / "use the chat"');
  sentence.it = sentence.it.replace('usare la chat', 'usare la nostra chat');
  sentence.en = sentence.en.replace('use the chat', 'use our chat');
};

describe('ivr replay of calls that would hear a reworded prompt', () => {
  it('counts them, names the node and language with the calls at each, points to ivr diff, and still exits 0', async () => {
    const reworded = fixedMenuWith(chatReworded, 'chat-reworded.json');
    const run = await runIvr(['replay', RECORDS, '--flow', reworded, '--base', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^0 of 5 calls would go differently/m);
    expect(run.stdout).toContain(
      `\n3 of the 5 calls that go the same way would hear other words than on ${FIXED_FLOW_FILE} (a change of words, not of where calls go: not counted as going differently):\n` +
        '  consumer-menu (it): 2 calls\n' +
        '  consumer-menu (en): 1 call\n' +
        `  the words: npx ivr diff ${shellWord(FIXED_FLOW_FILE)} ${shellWord(path.relative(projectDir, reworded))}\n`,
    );
    expect(run.code).toBe(0);

    const json = JSON.parse((await runIvr(['replay', RECORDS, '--flow', reworded, '--base', FIXED_FLOW_FILE, '--json'])).stdout);
    expect(json.different).toBe(0);
    expect(json.words).toEqual({
      comparedWith: FIXED_FLOW_FILE,
      calls: 3,
      at: [
        { node: 'consumer-menu', language: 'it', calls: 2, callSids: ['CA00000000000000000000000000000002', 'CA00000000000000000000000000000005'] },
        { node: 'consumer-menu', language: 'en', calls: 1, callSids: ['CA00000000000000000000000000000001'] },
      ],
      notCompared: 0,
      notComparedCallSids: [],
    });
  });

  it('puts what a menu says before asking again (no key pressed) at that menu', async () => {
    // Only the Italian caller who stayed silent at the consumer menu hears its "no choice" sentence.
    const noInput = fixedMenuWith((flow) => {
      const [sentence] = flow.nodes['consumer-menu']?.retry.noInput ?? [];
      if (!sentence) throw new Error('the fixed menu no longer has a noInput sentence');
      sentence.it = 'Non abbiamo sentito nessun tasto.';
    }, 'no-input-reworded.json');
    const run = await runIvr(['replay', RECORDS, '--flow', noInput, '--base', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^1 of the 5 calls that go the same way would hear other words .*\n {2}consumer-menu \(it\): 1 call\n {2}the words: /m);
    expect(run.code).toBe(0);
  });

  it('with one record, says "the one call" (it said "1 of the call that goes the same way")', async () => {
    const one = path.join(dir, 'one-call.jsonl');
    const lines = readFileSync(RECORDS, 'utf8').split('\n');
    writeFileSync(one, `${lines.find((line) => line.includes('CA00000000000000000000000000000002'))}\n`);
    const run = await runIvr(['replay', one, '--flow', fixedMenuWith(chatReworded, 'chat-reworded-one.json'), '--base', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^The one call that goes the same way would hear other words than on .*\n {2}consumer-menu \(it\): 1 call\n/m);
    expect(run.code).toBe(0);
  });

  it('prints no such line when the flow says what the base says', async () => {
    const run = await runIvr(['replay', RECORDS, '--flow', FIXED_FLOW_FILE, '--base', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^0 of 5 calls would go differently/m);
    expect(run.stdout).not.toContain('other words');
    expect(run.stdout).not.toContain('Words not compared');
    expect(run.code).toBe(0);
  });

  it('without --base, compares with the flow file as last committed (git HEAD): nothing while it is unedited, the reworded prompt once edited', async () => {
    // An editor's checkout: the menu committed, then reworded and not committed yet.
    const { file: flow } = committedFile(path.join(dir, 'checkout'), 'flows/menu.json', readFileSync(FIXED_FLOW_FILE, 'utf8'));
    // Committed: HEAD is the flow replayed, which replay says rather than print nothing (read as "no caller hears other words").
    const committed = await runIvr(['replay', RECORDS, '--flow', flow]);
    expect(committed.stdout).not.toContain('would hear other words');
    expect(committed.stdout).toContain(`Words not compared: ${path.relative(projectDir, flow)} at git HEAD is the flow replayed (an edit committed, or none made), so there is nothing to compare with; give --base FILE, the flow the calls went through (the deployed one).`);
    expect(committed.code).toBe(0);

    fixedMenuWith(chatReworded, 'menu.json', path.dirname(flow));
    const edited = await runIvr(['replay', RECORDS, '--flow', flow]);
    expect(edited.stdout).toMatch(/^0 of 5 calls would go differently/m);
    expect(edited.stdout).toContain(`3 of the 5 calls that go the same way would hear other words than on ${path.relative(projectDir, flow)} at git HEAD`);
    expect(edited.stdout).toContain(`  the words: npx ivr diff --git HEAD ${path.relative(projectDir, flow)}\n`);
    expect(edited.code).toBe(0);
  });

  it('without --base, a flow saved with CRLF line ends (an editor on Windows) and otherwise as committed is the flow at git HEAD: it says there is nothing to compare with', async () => {
    // Committed with LF (.gitattributes makes every clone LF), then saved by an editor that writes CRLF.
    const { file: flow } = committedFile(path.join(dir, 'crlf-checkout'), 'flows/menu.json', readFileSync(FIXED_FLOW_FILE, 'utf8'));
    writeFileSync(flow, readFileSync(flow, 'utf8').replaceAll('\n', '\r\n'));
    const run = await runIvr(['replay', RECORDS, '--flow', flow]);
    expect(run.stdout).toContain(`Words not compared: ${path.relative(projectDir, flow)} at git HEAD is the flow replayed (an edit committed, or none made)`);
    expect(run.code).toBe(0);
  });

  it('says it cannot tell when there is no base flow: not given, and the flow file not in git', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-no-git-'));
    try {
      const reworded = fixedMenuWith(chatReworded, 'menu.json', outside);
      const run = await runIvr(['replay', RECORDS, '--flow', reworded]);
      expect(run.stdout).toMatch(/^Words not compared: \S+menu\.json cannot be read at git HEAD \(fatal: not a git repository.*\); give --base FILE, the flow the calls went through\.$/m);
      expect(run.stdout).not.toContain('would hear other words');
      expect(run.code).toBe(0);
      const json = JSON.parse((await runIvr(['replay', RECORDS, '--flow', reworded, '--json'])).stdout);
      expect(json.words).toMatchObject({ comparedWith: null, notComparedBecause: expect.stringContaining('give --base FILE') });
      // No git on the PATH at all: said in words, not as node's "spawnSync git ENOENT".
      const noGit = await runIvr(['replay', RECORDS, '--flow', reworded], { env: { PATH: path.join(outside, 'no-such-folder') } });
      expect(noGit.stdout).toContain('cannot be read at git HEAD (git is not installed, or not on the PATH); give --base FILE');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("the README's command, on an edit git does not track (my-change.json), compares the words with the app's flow", async () => {
    const readme = inlineCode({ name: 'README.md', text: readFileSync(path.join(projectDir, 'README.md'), 'utf8') });
    const command = readme.find((code) => code.startsWith('npx ivr replay calls.log --flow my-change.json'));
    expect(command, 'README.md no longer shows `npx ivr replay calls.log --flow my-change.json …`').toBeDefined();
    // The shipped menu with the consumer line's first sentence (its welcome's) reworded, saved outside git as an
    // editor's try. Found from the line, whatever the menu names the node, and the records are of a call made
    // on the shipped menu (ivr call --json gives its record): an editor's rename there does not part them from it.
    const call = await runIvr(['call', '--at', '2026-11-24T10:00', '--press', '-', '--press', 'hangup', '--json']);
    expect(call.code, call.stderr).toBe(0);
    const calls = path.join(dir, 'calls.log');
    writeFileSync(calls, `${JSON.stringify(JSON.parse(call.stdout).record)}\n`);
    const change = JSON.parse(readFileSync(path.join(projectDir, 'flows/klarna-italia.json'), 'utf8')) as FlowJson & { lines: Record<string, { start: string }> };
    const welcome = change.lines.consumer?.start as string;
    const sentence = change.nodes[welcome]?.prompt[0] as { language: string; text: string };
    sentence.text = `${sentence.text} Grazie.`;
    const myChange = path.join(dir, 'my-change.json');
    writeFileSync(myChange, JSON.stringify(change, null, 2));
    const args = (command as string).split(' ').slice(2).map((word) => (word === 'calls.log' ? calls : word === 'my-change.json' ? myChange : word));
    const run = await runIvr(args);
    expect(run.stdout).not.toContain('Words not compared');
    expect(run.stdout).toMatch(/would hear other words than on flows\/klarna-italia\.json \(a change of words/);
    expect(run.stdout).toContain(`  ${welcome} (${sentence.language}): `);
  });

  it('does not compare the words of calls that go differently on the base (not the flow they went through), and names them', async () => {
    // A base where key 2 of the consumer menu leads to the written contact: the two calls that pressed 2 there
    // for an operator would not have gone as recorded on it, so what they heard on it tells nothing.
    const notTheirs = fixedMenuWith((flow) => {
      for (const option of flow.nodes['consumer-menu']?.options ?? []) if (option.key === '2') option.next = 'consumer-written';
    }, 'key-2-written.json');
    const reworded = fixedMenuWith(chatReworded, 'chat-reworded-2.json');
    const run = await runIvr(['replay', RECORDS, '--flow', reworded, '--base', notTheirs]);
    expect(run.stdout).toContain('  consumer-menu (it): 1 call\n');
    expect(run.stdout).toContain(
      `2 calls that go the same way here go differently on ${notTheirs}, so their words were not compared (is it the flow the calls went through?): CA00000000000000000000000000000001, CA00000000000000000000000000000005`,
    );
    expect(run.code).toBe(0);
  });

  it('refuses a --base that does not exist (exit 2), saying what to give', async () => {
    const run = await runIvr(['replay', RECORDS, '--base', path.join(dir, 'missing.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.json does not exist; give the flow file the recorded calls went through');
    // The example makes out/ first: a fresh clone has none (it is in .gitignore).
    expect(run.stderr).toContain('e.g. mkdir -p out && git show HEAD~1:');
  });
});
