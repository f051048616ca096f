import path from 'node:path';
import { loadFlowFile, type Flow } from '../../src/testing';
import { projectDir } from './runIvr';

// The menu as shipped (flows/klarna-italia.json), read the way the app reads
// it, for the tests of the app's workings (the webhooks, the local host, the
// dev phone, the commands) that make their calls through it. Those tests take
// what callers hear, and when the line is open, from the flow itself: an
// editor's change of wording or hours then fails only the menu's own tests
// (test/scenarios/, test/calls/) and the docs that quote the menu, which say
// what the menu is, and not every test that merely calls through it. Each
// such test still fails when the app says anything other than what the flow
// says.

export const SHIPPED_FLOW_FILE = path.join(projectDir, 'flows/klarna-italia.json');

let shipped: Flow | undefined;

/** The shipped flow, loaded and checked once per test file. */
export function shippedFlow(): Flow {
  return (shipped ??= loadFlowFile(SHIPPED_FLOW_FILE));
}

/**
 * The texts a call in `language` hears from `node`'s prompt, in order, as the flow writes them (a placeholder
 * such as {hours} left as written): a part written for one language (`{ "language": "en", "text": … }`) is
 * said as it is, whatever the call's language; a part with a text per language says the call's.
 */
export function promptSaid(node: string, language: string): string[] {
  const found = shippedFlow().nodes[node];
  if (!found) throw new Error(`the shipped flow has no node "${node}"`);
  const prompt = 'prompt' in found ? (found.prompt ?? []) : [];
  return prompt.map((part) => {
    const text = 'language' in part && 'text' in part ? part.text : (part as Record<string, string>)[language];
    if (typeof text !== 'string') throw new Error(`node "${node}" of the shipped flow has no ${language} text in its prompt`);
    return text;
  });
}

/** The first opening range of a weekday (`mon` … `sun`) in the shipped flow's weekly hours, or undefined when the line is closed all day. */
export function openingOn(day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'): { open: string; close: string } | undefined {
  return shippedFlow().hours.weekly[day]?.[0];
}
