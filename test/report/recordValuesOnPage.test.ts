import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { reportOfLines } from '../../src/report/reportOfLines';
import { fixedFlow } from '../support/fixedMenu';

// The report page (`ivr report`, and the dev phone's /devphone/report) shows values the records supply: lines,
// languages, nodes of a path, how transfers ended. A hand-edited or forged record may hold a value of
// thousands of characters with no space, which must wrap rather than stretch the page sideways, or a bidi
// override (U+202E), which must not reverse the words after it: each value is isolated (<bdi>, or its
// plain-text form U+2068 … U+2069 in a sentence). In Debian's Chromium.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER_TESTS === '1';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const LONG = 5000;
const call = (n: number, fields: Record<string, unknown>) =>
  `ivr.call ${JSON.stringify({
    event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'caller-hung-up-in-menu', language: 'it',
    path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'], inputs: ['none'], durationSeconds: 30, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240',
    ...fields,
  })}`;
const TO_OPERATOR = ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'goodbye'];

describe.runIf(haveChromium || required)('values of forged records on the report page, in Chromium', { timeout: 30_000 }, () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(() => browser?.close());

  const open = async (lines: string[], width: number): Promise<Page> => {
    const html = await reportOfLines(lines, fixedFlow(), 'forged records');
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.setContent(html);
    return page;
  };

  it.each([1280, 390])('a line, language, node and transfer status of 5,000 characters wrap: the page stays the window wide (%i px)', async (width) => {
    const page = await open(
      [
        call(1, { line: 'L'.repeat(LONG) }),
        call(2, { language: 'g'.repeat(LONG) }),
        call(3, { path: ['consumer-welcome', 'consumer-hours', 'n'.repeat(LONG)] }),
        call(4, { outcome: 'menu-hung-up', path: TO_OPERATOR, inputs: ['none', '2', `dial:${'d'.repeat(LONG)}`, '2'] }),
      ],
      width,
    );
    // Every value is on the page, whole.
    const text = await page.evaluate(() => document.body.textContent ?? '');
    for (const value of ['L', 'g', 'n', 'd']) expect(text).toContain(value.repeat(LONG));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.close();
  });

  // Wrapping anywhere (for record values) once let a table's column headers, our own words, be squeezed a letter
  // or two a line in the tables side by side ("call s", "shar e" at 1280 px): a header's words stay whole.
  it.each([1280, 390])('every column header keeps its words whole (%i px)', async (width) => {
    const lines = [
      call(1, {}),
      call(2, { outcome: 'menu-hung-up', path: TO_OPERATOR, inputs: ['none', '2', 'dial:busy', '2'] }),
      call(3, { language: 'en', line: 'merchant', path: ['merchant-welcome', 'merchant-hours', 'merchant-menu'] }),
      call(4, { path: ['consumer-welcome', 'consumer-hours', 'n'.repeat(LONG)] }),
    ];
    const page = await open(lines, width);
    const broken = await page.evaluate(() => {
      const found: string[] = [];
      for (const th of document.querySelectorAll('thead th')) {
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const word of text.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            if (range.getClientRects().length > 1) found.push(word[0]);
          }
        }
      }
      return found;
    });
    expect(broken).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.close();
  });

  /** Whether `text`, inside the first element matching `selector` that holds it, reads left to right on the screen. */
  const readsLeftToRight = (page: Page, selector: string, text: string) =>
    page.evaluate(
      ({ selector, text }) => {
        const element = [...document.querySelectorAll(selector)].find((e) => e.textContent?.includes(text));
        if (!element) throw new Error(`no ${selector} holds ${text}`);
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent?.indexOf(text) ?? -1;
          if (at < 0) continue;
          const x = (offset: number) => {
            const range = document.createRange();
            range.setStart(node, offset);
            range.setEnd(node, offset + 1);
            return range.getBoundingClientRect().left;
          };
          return x(at) < x(at + text.length - 1);
        }
        throw new Error(`${text} is split across elements`);
      },
      { selector, text },
    );

  it('a right-to-left override in a value reverses nothing around it: the sentence naming it, the path it is on', async () => {
    const page = await open([call(1, { path: ['consumer-welcome', 'consumer-hours', '\u202Eevil-node', 'consumer-complaints'] }), call(2, { line: '\u202Epartner' })], 1280);
    // "Not in this flow: 1 call was on a line the flow does not have (‮partner 1), on no map; …"
    expect(await readsLeftToRight(page, '[data-not-in-flow]', 'on no map')).toBe(true);
    expect(await readsLeftToRight(page, '[data-not-in-flow]', 'left out of the maps')).toBe(true);
    // The path's nodes after it: "consumer-welcome > consumer-hours > ‮evil-node > consumer-complaints".
    expect(await readsLeftToRight(page, 'td', 'consumer-complaints')).toBe(true);
    await page.close();
  });
});
