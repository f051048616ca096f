import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { loadFlowFile } from '../../src/flow/load';
import { projectDir } from '../support/runIvr';
import { menuSummaryDifferences } from './readmeMenuKeys';

// The README's summary lists each line's menu keys and the answers callers can
// hear again: after a key is added to or taken from the flow, it must follow.

const readme = () => readFileSync(path.join(projectDir, 'README.md'), 'utf8');
const shipped = () => structuredClone(loadFlowFile(DEFAULT_FLOW_FILE)); // a copy: loading may hand every caller the same object

describe("the README's summary of the menus", () => {
  it('lists every key each line\'s menu offers, no other, and as many answers as the menus lead to', () => {
    const differences = menuSummaryDifferences(readme(), loadFlowFile(DEFAULT_FLOW_FILE));
    if (differences.length > 0) expect.fail(`README.md's summary of the menus is out of date with ${DEFAULT_FLOW_FILE}:\n${differences.join('\n')}`);
  });

  it('an answer added at a new key: the key and the answer are named as missing, at the README line to edit', () => {
    const flow = shipped();
    const menu = flow.nodes['consumer-menu'];
    if (menu?.type !== 'menu') return expect.fail('the shipped flow has no consumer-menu');
    menu.options.push({ key: '6', next: 'consumer-refund' });
    // An answer as the others are: its words, 1 again, 2 an operator, * the menu.
    const chat = flow.nodes['consumer-chat'];
    if (chat?.type !== 'menu') return expect.fail('the shipped flow has no consumer-chat');
    flow.nodes['consumer-refund'] = {
      ...structuredClone(chat),
      prompt: [{ it: 'Per un rimborso, premi 1.', en: 'For a refund, press 1.' }],
      options: [
        { key: '1', next: 'consumer-refund' },
        { key: '2', next: 'consumer-operator-hours' },
        { key: '*', next: 'consumer-menu' },
      ],
    };
    const text = readme();
    const line = (words: string) => text.slice(0, text.indexOf(words)).split('\n').length;
    const differences = menuSummaryDifferences(text, flow);
    expect(differences).toContain(`README.md:${line('Consumer menu:')}: "Consumer menu:" does not list key 6, which consumer-menu offers (to "consumer-refund"); add **6** and what it does there`);
    expect(differences).toContainEqual(expect.stringMatching(new RegExp(`^README\\.md:${line('After an answer (')}: "After an answer \\(chat, complaints, contact and addresses, call cost\\)" names 4 answers; the menus lead to 5, .*refund \\(consumer-refund\\); name each of them in that list$`)));
    expect(differences).toHaveLength(2);
  });

  it('a key taken away: the README\'s key is named as extra, with what to remove', () => {
    const flow = shipped();
    const menu = flow.nodes['merchant-menu'];
    if (menu?.type !== 'menu') return expect.fail('the shipped flow has no merchant-menu');
    menu.options = menu.options.filter((o) => o.key !== '9');
    const text = readme();
    const line = text.slice(0, text.indexOf('Merchant menu:')).split('\n').length;
    expect(menuSummaryDifferences(text, flow)).toEqual([`README.md:${line}: "Merchant menu:" lists key 9, which merchant-menu no longer offers; remove **9** from it`]);
  });
});
