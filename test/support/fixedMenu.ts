import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFlowFile, type Flow } from '../../src/testing';
import { projectDir } from './runIvr';

// A fixed copy of the menu (flows/klarna-italia.json as it was in December
// 2026: weekdays 09:00-17:00, the welcome and menus as then worded), for the
// tests whose point needs one particular shape of hours or wording: closing
// time edge cases, a diff of hours, a replay at 16:59, a prompt cut at a given
// second, the diagram's labels. They run the app on this copy, so an editor's
// change of the shipped menu never reaches them; what the shipped menu says is
// checked by its own tests (test/scenarios/, test/calls/). Do not edit this
// copy to follow the menu: a test that needs something else says so itself.

export const FIXED_FLOW_FILE = path.join(projectDir, 'test/fixtures/fixed-menu/klarna-italia.json');

let fixed: Flow | undefined;

/** The fixed copy of the menu, loaded and checked once per test file (the same object each time: clone it to change it). */
export function fixedFlow(): Flow {
  return (fixed ??= loadFlowFile(FIXED_FLOW_FILE));
}

/**
 * The fixed copy's text, for a test of `ivr lint` whose point is another warning: its Italian chat-link SMS, 163
 * characters with its links filled in, would reach callers as two text messages, which lint warns of, so it is
 * worded as the shipped menu has shortened it. One line changes, so the lines lint names stay the copy's.
 */
export function fixedMenuTextToLint(): string {
  const text = readFileSync(FIXED_FLOW_FILE, 'utf8');
  const long = '"it": "Klarna Italia. Chat (accedi,';
  if (!text.includes(long)) throw new Error(`${FIXED_FLOW_FILE} no longer holds ${long}: update fixedMenuTextToLint`);
  return text.replace(long, '"it": "Klarna. Chat (accedi,');
}

/** The same as JSON to change (fixedMenuTextToLint). */
export function fixedMenuToLint() {
  return JSON.parse(fixedMenuTextToLint());
}

/**
 * In `flow` (the fixed copy as JSON), the answer `answer` split as the shipped menu has its answers since. In the
 * fixed copy an answer is one menu, its intro the information and its prompt the keys; split, a say node `answer`
 * says the information, an hours node `${answer}-hours` checks the hours (leading to `whenClosed.closed` or
 * `whenClosed.holiday` when the line is closed), then a menu `${answer}-options` offers the keys, its hear-again key
 * leading back to the say node.
 */
export function splitAnswer(flow: { nodes: Record<string, Record<string, unknown>> }, answer: string, whenClosed: { closed: string; holiday: string }): void {
  const { intro, ...keys } = flow.nodes[answer] as Record<string, unknown>;
  if (!intro) throw new Error(`the fixed menu's "${answer}" has no intro to split off`);
  flow.nodes[answer] = { type: 'say', prompt: intro, next: `${answer}-hours` };
  flow.nodes[`${answer}-hours`] = { type: 'hours', open: `${answer}-options`, ...whenClosed };
  flow.nodes[`${answer}-options`] = keys;
}
