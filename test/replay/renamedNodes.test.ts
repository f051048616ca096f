// `ivr replay` after a node is renamed (with every reference to it): the records name it by its old id, and a
// call that entered it goes the same way, as `ivr diff` says of the rename. Given the flow the calls went
// through (--base, or the flow file at git HEAD), replay follows the rename; without it, it says the records
// name a node the flow lacks and how to have the rename followed.
//
// The records are the sample week (test/report/fixtures/calls.jsonl, made on the fixed December menu): the
// evening call CA…03 entered `closed`, renamed here `consumer-closed`.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectDir, runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { fixedMenuWithClosedRenamed } from '../support/closedRenamed';
import { committedFile } from '../support/committedFile';

const RECORDS = path.join(projectDir, 'test/report/fixtures/calls.jsonl');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-renamed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVENING_CALL = 'CA00000000000000000000000000000003';

describe('ivr replay of calls through a renamed node', () => {
  it('with --base, follows the rename: no call goes differently, exit 0, and it says which node it followed', async () => {
    const flow = path.join(dir, 'rename-only.json');
    writeFileSync(flow, fixedMenuWithClosedRenamed());
    const diff = await runIvr(['diff', FIXED_FLOW_FILE, flow]);
    expect(diff.stdout).toContain('renamed  node closed to consumer-closed');
    expect(diff.code).toBe(0);

    const run = await runIvr(['replay', RECORDS, '--flow', flow, '--base', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^0 of 5 calls would go differently/);
    expect(run.stdout).toContain(`\nRenamed since ${FIXED_FLOW_FILE}, followed in the records (a rename alone changes no call): closed is consumer-closed now\n`);
    expect(run.stdout).not.toContain('does not have');
    expect(run.code).toBe(0);

    const json = JSON.parse((await runIvr(['replay', RECORDS, '--flow', flow, '--base', FIXED_FLOW_FILE, '--json'])).stdout);
    expect(json).toMatchObject({ different: 0, renamed: { closed: 'consumer-closed' }, unknownNodes: [], words: { calls: 0, notCompared: 0 } });
  });

  it('without --base, follows a rename not yet committed (git HEAD has the old id); committed, it names the node the records lack and says to give --base', async () => {
    const { file: flow, git } = committedFile(path.join(dir, 'checkout'), 'flows/menu.json', readFileSync(FIXED_FLOW_FILE, 'utf8'));
    writeFileSync(flow, fixedMenuWithClosedRenamed());
    const edited = await runIvr(['replay', RECORDS, '--flow', flow]);
    expect(edited.stdout).toMatch(/^0 of 5 calls would go differently/);
    expect(edited.stdout).toContain(`followed in the records (a rename alone changes no call): closed is consumer-closed now`);
    expect(edited.code).toBe(0);

    git('commit', '-q', '--no-verify', '-am', 'closed renamed');
    // HEAD is the flow replayed now: nothing says `closed` was renamed, so the call parts, and replay says what would tell.
    const committed = await runIvr(['replay', RECORDS, '--flow', flow]);
    expect(committed.stdout).toMatch(/^1 of 5 calls would go differently/);
    expect(committed.stdout).toContain(
      '\nThe records name nodes this flow does not have (closed): if they were renamed, give --base FILE, the flow the calls went through, and replay follows the renames.\n',
    );
    expect(committed.stdout).toContain(`  recorded: closed > chat-link-sms > goodbye`);
    expect(committed.stdout).toContain(`CallSid: ${EVENING_CALL}`);
    expect(committed.code).toBe(1);
  });
});
