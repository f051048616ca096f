import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { reportOfLines } from '../../src/report/reportOfLines';
import type { Flow } from '../../src/testing';
import { fixedFlow } from '../support/fixedMenu';

// The report page (`ivr report`, and the dev phone's /devphone/report) as a reader who cannot see it, or sees
// it on a phone, gets it: in Debian's Chromium, on the sample records (test/report/fixtures/calls.jsonl: a
// transfer answered and one busy, a call on the 8 December holiday) and a call on a company day off.
//  - At 320 CSS px the page does not scroll sideways (WCAG 1.4.10 reflow): a table wider than that scrolls in
//    its own box, which the keyboard can reach (tabindex) and a screen reader names (a labelled region).
//  - The holiday names callers heard are marked with their language (WCAG 3.1.2): a screen reader reads
//    "l'Immacolata" in Italian, not as English.
//  - Each map's counts are on the page as text too (WCAG 1.1.1): the map names a table of its boxes and
//    arrows as its description, and the table's counts are the map's.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER_TESTS === '1';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const SAMPLE = readFileSync(path.join(__dirname, 'fixtures/calls.jsonl'), 'utf8').split('\n');
const companyDay = JSON.stringify({
  event: 'ivr.call', callSid: `CA${'9'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'menu-hung-up', language: 'it',
  path: ['consumer-welcome', 'consumer-hours', 'holiday-closed', 'chat-link-sms', 'goodbye'], inputs: ['none'], durationSeconds: 30, startedAt: '2026-11-27T10:00:00+01:00', from: '+39******4567', to: '+39******1240',
});

// Transfers that rang out, failed or were given up on: each a column of the transfers table, which makes it wider than a phone.
const TO_OPERATOR = ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'goodbye'];
const unanswered = ['no-answer', 'failed', 'canceled'].map((status, i) =>
  JSON.stringify({
    event: 'ivr.call', callSid: `CA${String(20 + i).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'menu-hung-up', language: 'it',
    path: TO_OPERATOR, inputs: ['none', '2', `dial:${status}`, '2'], durationSeconds: 30, startedAt: '2026-11-25T10:00:00+01:00', from: '+39******4567', to: '+39******1240',
  }),
);

/** The fixed menu with a company day off on Friday 27 November, named in both languages. */
function flowWithCompanyDay(): Flow {
  const flow = structuredClone(fixedFlow());
  flow.hours.closures = [{ date: '2026-11-27', name: { it: 'la giornata aziendale', en: 'the company day' } }] as Flow['hours']['closures'];
  return flow;
}

describe.runIf(haveChromium || required)('the report page to a screen reader and on a phone, in Chromium', { timeout: 30_000 }, () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(() => browser?.close());

  /** The page in a window `width` px wide; `isMobile`, as a phone shows it, which widens the whole layout to what sticks out. */
  const open = async (width: number, isMobile = false): Promise<Page> => {
    const html = await reportOfLines([...SAMPLE, companyDay, ...unanswered], flowWithCompanyDay(), 'sample records');
    const page = await (await browser.newContext({ viewport: { width, height: 800 }, isMobile, hasTouch: isMobile })).newPage();
    await page.setContent(html);
    return page;
  };

  it.each([false, true])('at 320 px the page does not scroll sideways: the transfers and holidays tables scroll in boxes of their own, named and reachable by keyboard (as a phone: %s)', async (isMobile) => {
    const page = await open(320, isMobile);
    // The page has what made it wide: transfers, holidays; the tables of the maps are opened too.
    expect(await page.locator('table', { has: page.locator('caption', { hasText: 'Transfers by destination' }) }).count()).toBe(1);
    expect(await page.locator('table', { has: page.locator('caption', { hasText: 'Holidays and closures in the period' }) }).count()).toBe(1);
    await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
    // What sticks out past the window, if anything, for the message: outside the boxes that scroll, or placed by the page (absolute).
    const wider = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth && (!element.parentElement?.closest('.scroll, .map') || getComputedStyle(element).position === 'absolute'))
        .map((element) => `${element.tagName}.${element.className} ${element.textContent?.slice(0, 40)}`),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth), wider.join('; ')).toBeLessThanOrEqual(320);
    // Each table wider than the window is in a box the keyboard reaches and a screen reader names.
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('table')]
        .filter((table) => table.getBoundingClientRect().width > document.documentElement.clientWidth)
        .map((table) => {
          const box = table.closest('.scroll');
          return { table: table.caption?.textContent, scrolls: box ? box.scrollWidth > box.clientWidth : false, focusable: box?.getAttribute('tabindex'), role: box?.getAttribute('role'), label: box?.getAttribute('aria-label') };
        }),
    );
    expect(boxes.map((box) => box.table)).toEqual(expect.arrayContaining(['Calls per hour of the week', 'Transfers by destination']));
    for (const box of boxes) expect(box).toEqual({ table: box.table, scrolls: true, focusable: '0', role: 'region', label: `${box.table?.toLowerCase()}, scrollable` });
    // The holidays table, as wide as its names (three languages' would be wider), is in one such box too.
    expect(await page.evaluate(() => [...document.querySelectorAll('.scroll[role="region"][tabindex="0"] caption')].map((caption) => caption.textContent))).toContain('Holidays and closures in the period');
    await page.context().close();
  });

  it("marks the holiday names callers heard with their language: Italian callers' l'Immacolata is it-IT", async () => {
    const page = await open(1280);
    const langOf = (text: string) => page.evaluate((text) => [...document.querySelectorAll('td, span')].find((e) => e.textContent === text)?.closest('[lang]')?.getAttribute('lang'), text);
    expect(await langOf("l'Immacolata")).toBe('it-IT');
    expect(await langOf('la giornata aziendale')).toBe('it-IT');
    expect(await langOf('the Feast of the Immaculate Conception')).toBe('en-GB');
    // The header above the Italian names is the page's English.
    expect(await page.evaluate(() => [...document.querySelectorAll('th')].find((th) => th.textContent === 'Italian callers were told: closed for')?.closest('[lang]')?.getAttribute('lang'))).toBe('en');
    await page.context().close();
  });

  it("gives each map a table of its boxes and arrows as its description, with the map's counts", async () => {
    const page = await open(1280);
    const maps = await page.evaluate(() =>
      [...document.querySelectorAll('.map svg[role="img"]')].map((svg) => {
        const description = document.getElementById(svg.getAttribute('aria-describedby') ?? '');
        const details = description?.closest('details');
        // What the map draws: each box's name (its first line) and counts (its last lines: an SMS offer box's offers
        // made, then the calls not offered, then those that ended there), each arrow's label and count.
        const names = new Map([...svg.querySelectorAll('g.node')].map((g) => [g.getAttribute('data-node'), g.querySelector('tspan')?.textContent ?? '']));
        const countLine = /^(\d+ (calls?\b|offered the SMS|of them ended before answering|not offered|offered or not|ended here)|\(perhaps before hearing it\))/;
        const drawnBoxes = [...svg.querySelectorAll('g.node')].map((g) => [names.get(g.getAttribute('data-node')), [...g.querySelectorAll('tspan')].map((tspan) => tspan.textContent ?? '').filter((line) => countLine.test(line))] as const);
        const drawnArrows = [...svg.querySelectorAll('g.edge')].map((g) => [names.get(g.getAttribute('data-from')), names.get(g.getAttribute('data-to')), g.querySelector('text')?.textContent ?? '']);
        const rows = (selector: string) => [...(details?.querySelectorAll(`${selector} tbody tr`) ?? [])].map((tr) => [...tr.children].map((cell) => cell.textContent ?? ''));
        return { description: description?.textContent, inDetails: Boolean(details), drawnBoxes, drawnArrows, boxRows: rows('table[data-map-boxes]'), arrowRows: rows('table[data-map-moves]') };
      }),
    );
    // The sample records are on both lines: two maps.
    expect(maps).toHaveLength(2);
    for (const map of maps) {
      expect(map.inDetails).toBe(true);
      expect(map.description).toMatch(/^The map as a table: \d+ boxes and the \d+ arrows between them, each with its calls$/);
      // A box's last line on the map, "3 calls, 1 ended here, hung up before pressing a key", as the table's numbers; an
      // SMS offer box's "2 offered the SMS", "1 not offered" and "1 ended here", as the table's words "2 offered the
      // SMS, 1 not offered" and its numbers.
      const said = (lines: readonly string[]) => {
        const words = lines.join('\n');
        // "(perhaps before hearing it)" goes on the line above it: one entry in the table.
        const passed = /^(\d+) calls?/.exec(words)?.[1] ?? words.replace(/\n\(/g, ' (').split('\n').filter((line) => !/^\d+ ended here/.test(line)).join(', ');
        const ended = /(\d+) ended here/.exec(words)?.[1] ?? '0';
        const gaveUp = /hung up before pressing/.test(words) ? (/(\d+) of them hung up/.exec(words)?.[1] ?? ended) : '0';
        return [passed, ended, gaveUp];
      };
      expect(map.boxRows).toEqual(map.drawnBoxes.map(([name, lines]) => [name, ...said(lines)]));
      // An arrow's label on the map, "closed · 1", or its count alone on an arrow with no key ("then").
      // The map draws an arrow back into its box (the menu said again) after the others: compared in any order.
      // The arrow out of the SMS offer, "offered · 2; not offered · 1", is a row for each of its ways.
      const drawn = map.drawnArrows.flatMap(([from, to, label]) =>
        (label ?? '').split('; ').map((part) => {
          const [ways, calls] = part.includes(' · ') ? part.split(' · ') : ['then', part];
          return [from, ways, to, calls];
        }),
      );
      expect(map.arrowRows).toHaveLength(drawn.length);
      expect(map.arrowRows).toEqual(expect.arrayContaining(drawn));
      expect(map.boxRows.length).toBeGreaterThan(3);
    }
    // Not every count is 0: the consumer map's menu had 6 calls (3 of the sample, the 3 unanswered transfers), one of which hung up there before pressing a key.
    expect(maps[0]?.boxRows).toContainEqual(['consumer-menu', '6', '1', '1']);
    expect(maps[0]?.arrowRows).toContainEqual(['consumer-hours', 'closed', 'closed', '1']);
    await page.context().close();
  });
});
