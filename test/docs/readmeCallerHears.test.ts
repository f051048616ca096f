import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../src/simulator';
import { projectDir } from '../support/runIvr';
import { openInstant, shippedFlow, shippedLines, shippedOperatorNumbers } from '../support/shippedFlow';
import { call, SMS_ENV } from '../twilio/support';
import { topMenu } from './readmeMenuKeys';

// The README's summary quotes what callers hear and counts their tries, in prose no command checks. Each is
// checked against a call through the app on the shipped flow, the simulator playing Twilio (in-process): what
// callers really hear at that instant, so a change of the flow's words or retries leaves no stale front page.

const readme = readFileSync(path.join(projectDir, 'README.md'), 'utf8').replace(/\s+/g, ' ');
const env = { ...SMS_ENV, ...shippedOperatorNumbers() };
const OPEN = openInstant('tue');

/** What the caller hears after their `n`-th key or silence (1-based), in order. */
function heardAfterInput(result: CallResult, n: number): string[] {
  const inputs = result.transcript.flatMap((event, i) => (event.type === 'input' ? [i] : []));
  return result.transcript.slice((inputs[n - 1] ?? result.transcript.length) + 1).flatMap((event) => (event.type === 'say' ? [event.text] : []));
}

describe("the README's summary says what callers hear", () => {
  it('the English welcome after 1 at the start, quoted as heard', async () => {
    const result = await call({ at: OPEN, press: ['1', { hangup: true }], flow: shippedFlow(), env });
    const quoted = /switches the call to English, with a welcome in English \("([^"]+)"\)/.exec(readme)?.[1];
    expect(quoted, 'README.md no longer quotes the English welcome').toBeDefined();
    expect(quoted, 'README.md should quote the English welcome as callers hear it after 1').toBe(heardAfterInput(result, 1)[0]);
  });

  it('the reopening put off by a holiday, as a caller hears it the evening before Christmas 2026 (a Thursday)', async () => {
    const quoted = /puts it off \("([^"]+)"\)/.exec(readme)?.[1];
    expect(quoted, 'README.md no longer quotes a reopening put off by a holiday').toBeDefined();
    // After closing on Thursday 24 December: Christmas, then the weekend, put the reopening off to Monday 28.
    const result = await call({ at: '2026-12-24T18:00', press: ['-', { hangup: true }], flow: shippedFlow(), env });
    expect(result.said, `README.md quotes "${quoted}"; a caller that evening hears otherwise`).toContain(quoted);
  });

  it("the closed line's sentence before the information keys: said after each closed message, not after an answer", async () => {
    const quoted = /Then "([^"]+)" \(after each closed message, not after an answer\)/.exec(readme)?.[1];
    expect(quoted, "README.md no longer quotes the closed line's sentence before the information keys, and when it is said").toBeDefined();
    const flow = shippedFlow();
    // From a mobile on a weekday evening: silence at the welcome, 2 at the SMS offer (declined), the operator's key 2
    // (the closed message again), 2 at the offer again, then 3 for the complaints procedure, which leads back to the keys.
    const result = await call({ at: '2026-11-24T18:00', press: ['-', '2', '2', '2', '3', { hangup: true }], flow, env });
    const said = result.transcript.flatMap((event) => (event.type === 'say' ? [event.text] : []));
    const closed = flow.nodes.closed;
    const first = closed?.type === 'say' ? closed.prompt[0] : undefined;
    const closedBegins = (first && 'it' in first ? (first.it ?? '') : '').split('{')[0]!;
    expect(closedBegins, 'the shipped flow no longer has the message "closed" in Italian').not.toBe('');
    const closedMessages = said.filter((text) => text.startsWith(closedBegins)).length;
    expect(closedMessages, 'the call should hear the closed message twice').toBe(2);
    expect(said.filter((text) => text === quoted).length, `README.md says "${quoted}" is said after each closed message`).toBe(closedMessages);
    expect(heardAfterInput(result, 5), `README.md says "${quoted}" is not said after an answer (3, the complaints procedure)`).not.toContain(quoted);
  });

  it.each(shippedLines())('the failed tries in the %s line\'s main menu before the caller is put through to an operator', async (line) => {
    const count = /After (\w+) failed attempts in a main menu the caller is put through to an operator/.exec(readme)?.[1];
    expect(count, 'README.md no longer says how many failed attempts in a main menu lead to an operator').toBeDefined();
    const menu = topMenu(shippedFlow(), line) as string;
    // Silence at the welcome (Italian), then at the main menu no key and wrong keys, more than any menu allows.
    const tries = ['7', '-', '7', '-', '7', '-', '7', '-'];
    const result = await call({ at: OPEN, to: shippedFlow().lines[line]!.number, press: ['-', ...tries, { hangup: true }], flow: shippedFlow(), env });
    const dialled = result.transcript.findIndex((event) => event.type === 'dial');
    expect(dialled, `no operator was dialled on the ${line} line after ${tries.length} failed tries`).toBeGreaterThan(0);
    // Each answered try is a request to the menu's action (a key, or the redirect when none came).
    const failed = result.transcript.slice(0, dialled).filter((event) => event.type === 'request' && new URL(event.url).searchParams.get('node') === menu).length;
    expect(count, `README.md says "After ${count} failed attempts"; the ${line} line's ${menu} puts the caller through after ${failed}`).toBe(NUMBER_WORDS[failed]);
  });
});

const NUMBER_WORDS: Record<number, string> = { 1: 'one', 2: 'two', 3: 'three', 4: 'four', 5: 'five', 6: 'six' };
