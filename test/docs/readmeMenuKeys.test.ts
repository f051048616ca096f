import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { loadFlowFile } from '../../src/flow/load';
import type { Flow } from '../../src/flow/schema';
import { projectDir } from '../support/runIvr';
import { menuSummaryDifferences } from './readmeMenuKeys';

// The README's summary lists each line's menu keys and the answers callers can
// hear again: after a key is added to or taken from the flow, it must follow.
// The first test checks the real README against the shipped flow, and is the
// one an editor's change of the menu fails, with what to edit. The others test
// the checker itself on a summary and menus of their own (fixtures/menu-summary/,
// of the shipped menu's shape, fixed), so a change of the shipped menu or of the
// README does not fail them too.

const readme = () => readFileSync(path.join(projectDir, 'README.md'), 'utf8');

const FIXTURE = 'test/docs/fixtures/menu-summary';
const FIXTURE_README = `${FIXTURE}/README.md`;
const fixtureReadme = () => readFileSync(path.join(projectDir, FIXTURE_README), 'utf8');
/** The fixture's menus, a copy each time: loading may hand every caller the same object. */
const fixtureFlow = () => structuredClone(loadFlowFile(path.join(projectDir, FIXTURE, 'flow.json')));
/** 1-based line of the first `words` in `text`. */
const lineOf = (text: string, words: string) => text.slice(0, text.indexOf(words)).split('\n').length;

/** An answer as the fixture's are: its words, 1 again, 2 an operator, * back to `back`. */
function addAnswer(flow: Flow, id: string, back: string): void {
  const chat = flow.nodes['consumer-chat'];
  if (chat?.type !== 'menu') throw new Error(`${FIXTURE}/flow.json has no consumer-chat menu`);
  flow.nodes[id] = {
    ...structuredClone(chat),
    intro: [{ it: `Le informazioni di ${id}.` }],
    options: [
      { key: '1', next: id },
      { key: '2', next: 'consumer-operator' },
      { key: '*', next: back },
    ],
  };
}

/** Offers `key` on the fixture's consumer menu, to `next` (the checker reads the options, not the prompt). */
function offerOnConsumerMenu(flow: Flow, key: string, next: string): void {
  const menu = flow.nodes['consumer-menu'];
  if (menu?.type !== 'menu') throw new Error(`${FIXTURE}/flow.json has no consumer-menu`);
  menu.options.push({ key, next });
}

describe("the README's summary of the menus", () => {
  it("lists every key each line's menu offers, no other, and as many answers as the menus lead to", () => {
    const differences = menuSummaryDifferences(readme(), loadFlowFile(DEFAULT_FLOW_FILE));
    if (differences.length > 0) expect.fail(`README.md's summary of the menus is out of date with ${DEFAULT_FLOW_FILE}:\n${differences.join('\n')}`);
  });
});

describe("the check of a README's summary of the menus", () => {
  it('finds nothing to edit where the summary and the menus agree', () => {
    expect(menuSummaryDifferences(fixtureReadme(), fixtureFlow(), FIXTURE_README)).toEqual([]);
  });

  it('an answer added at a new key: the key and the answer are named as missing, at the README line to edit', () => {
    const flow = fixtureFlow();
    offerOnConsumerMenu(flow, '6', 'consumer-refund');
    addAnswer(flow, 'consumer-refund', 'consumer-menu');
    const text = fixtureReadme();
    const differences = menuSummaryDifferences(text, flow, FIXTURE_README);
    expect(differences).toEqual([
      `${FIXTURE_README}:${lineOf(text, 'Consumer menu:')}: "Consumer menu:" does not list key 6, which consumer-menu offers (to "consumer-refund"); add **6** and what it does there`,
      expect.stringMatching(
        new RegExp(`^${FIXTURE_README.replace(/[./]/g, '\\$&')}:${lineOf(text, 'After an answer (')}: "After an answer \\(chat, contact form\\)" names 2 answers; the menus lead to 3, .*refund \\(consumer-refund\\); name each of them in that list$`),
      ),
    ]);
  });

  it("a key taken away: the README's key is named as extra, with what to remove", () => {
    const flow = fixtureFlow();
    const menu = flow.nodes['merchant-menu'];
    if (menu?.type !== 'menu') return expect.fail(`${FIXTURE}/flow.json has no merchant-menu`);
    menu.options = menu.options.filter((o) => o.key !== '9');
    const text = fixtureReadme();
    expect(menuSummaryDifferences(text, flow, FIXTURE_README)).toEqual([
      `${FIXTURE_README}:${lineOf(text, 'Merchant menu:')}: "Merchant menu:" lists key 9, which merchant-menu no longer offers; remove **9** from it`,
    ]);
  });

  it("a line added with a menu of its own: the README's sentence for it is asked for where it goes, and its answers counted", () => {
    const flow = fixtureFlow();
    // The card line: its hours check (no welcome), then its menu: its own answer (block), and the consumer operators.
    flow.lines.card = { number: '+390200000003', start: 'card-hours' };
    const consumerMenu = flow.nodes['consumer-menu'];
    if (consumerMenu?.type !== 'menu') return expect.fail(`${FIXTURE}/flow.json has no consumer-menu`);
    flow.nodes['card-menu'] = {
      ...structuredClone(consumerMenu),
      options: [
        { key: '1', next: 'card-block' },
        { key: '2', next: 'consumer-operator' },
        { key: '*', next: 'card-menu' },
      ],
    };
    addAnswer(flow, 'card-block', 'card-menu');
    flow.nodes['card-hours'] = { type: 'hours', open: 'card-menu', closed: 'closed', holiday: 'closed' };
    const text = fixtureReadme();
    const after = lineOf(text, 'After an answer (');
    expect(menuSummaryDifferences(text, flow, FIXTURE_README)).toEqual([
      `${FIXTURE_README}:${after}: before "After an answer", the summary has no "Card menu:" sentence for the card line's menu (card-menu); add one listing its keys as **1** what it does, ...`,
      `${FIXTURE_README}:${after}: "After an answer (chat, contact form)" names 2 answers; the menus lead to 3, which callers can hear again or leave with *: ` +
        'chat (consumer-chat), written (consumer-written, merchant-written), block (card-block); name each of them in that list',
    ]);
  });

  // A submenu (payments, whose keys lead to payment dates and refunds) is no answer: the caller cannot hear it
  // "again" with 1 nor reach an operator from it, as the README's sentence says of an answer. The answers below
  // it, two keys from the consumer menu, are; their `*` goes back to the submenu.
  it('a submenu added at a new key: its answers are the ones to name, not the submenu', () => {
    const flow = fixtureFlow();
    offerOnConsumerMenu(flow, '6', 'consumer-payments');
    flow.nodes['consumer-payments'] = {
      type: 'menu',
      prompt: [{ it: 'Per le date dei pagamenti, premi 1. Per i rimborsi, premi 2. Per tornare al menu principale, premi asterisco.' }],
      options: [
        { key: '1', next: 'consumer-payment-dates' },
        { key: '2', next: 'consumer-refunds' },
        { key: '*', next: 'consumer-menu' },
      ],
      timeoutSeconds: 5,
      retry: { noInput: [{ it: 'Non abbiamo ricevuto nessuna scelta.' }], invalid: [{ it: 'La scelta non è valida.' }], maxAttempts: 2, exhausted: 'goodbye' },
    };
    addAnswer(flow, 'consumer-payment-dates', 'consumer-payments');
    addAnswer(flow, 'consumer-refunds', 'consumer-payments');
    const text = fixtureReadme();
    const differences = menuSummaryDifferences(text, flow, FIXTURE_README);
    expect(differences).toEqual([
      `${FIXTURE_README}:${lineOf(text, 'Consumer menu:')}: "Consumer menu:" does not list key 6, which consumer-menu offers (to "consumer-payments"); add **6** and what it does there`,
      `${FIXTURE_README}:${lineOf(text, 'After an answer (')}: "After an answer (chat, contact form)" names 2 answers; the menus lead to 4, which callers can hear again or leave with *: ` +
        'chat (consumer-chat), written (consumer-written, merchant-written), payment-dates (consumer-payment-dates), refunds (consumer-refunds); name each of them in that list',
    ]);
    // The summary as the editor then writes it: the key, and the two answers in the list (not the submenu).
    const edited = text.replace('**3** contact form,', '**3** contact form, **6** payments,').replace('After an answer (chat, contact form)', 'After an answer (chat, contact form, payment dates, refunds)');
    expect(menuSummaryDifferences(edited, flow, FIXTURE_README)).toEqual([]);
  });
});
