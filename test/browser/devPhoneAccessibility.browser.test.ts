import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callItalianMenu, devPhoneInChromium, ended, haveChromium, prompts, warnWithoutChromium } from './phoneInChromium';

// The dev phone as a screen reader and a keyboard user meet it: what its live regions announce (each fact once),
// where the focus goes when what held it goes away, the language of the Italian it shows, text that follows the
// browser's font size, and names and states for the map and a refused field. What a live region announces is read
// from the page's DOM (what is added inside one and not aria-hidden), not from a screen reader's timing.

warnWithoutChromium();

/**
 * Keeps in `window.__announced` each text a live region of the page is given from now on: text added inside a log, a
 * status, an alert or an aria-live region, neither aria-hidden nor hidden from view, and text changed in place where
 * the region's aria-relevant takes "text" (its default, "additions text"; the transcript's log takes additions only),
 * as the accessibility tree tells a screen reader (https://www.w3.org/TR/wai-aria-1.2/#aria-relevant).
 */
const recordAnnouncements = (page: Page) =>
  page.evaluate(() => {
    const announced: string[] = [];
    (window as unknown as { __announced: string[] }).__announced = announced;
    const LIVE = '[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]';
    const told = (node: Node, change: 'additions' | 'text') => {
      const element = node instanceof Element ? node : node.parentElement;
      const region = element?.closest(LIVE);
      if (!element || !region || element.closest('[aria-hidden="true"]') || !element.checkVisibility()) return;
      const relevant = (region.getAttribute('aria-relevant') ?? 'additions text').split(/\s+/);
      if (!relevant.includes(change) && !relevant.includes('all')) return;
      const text = (node.textContent ?? '').trim();
      if (text) announced.push(text);
    };
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'characterData') told(record.target, 'text');
        else record.addedNodes.forEach((node) => told(node, 'additions'));
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
const announced = (page: Page) => page.evaluate(() => (window as unknown as { __announced: string[] }).__announced);
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

describe.skipIf(!haveChromium)('the dev phone with a screen reader and the keyboard', { timeout: 60_000 }, () => {
  const phone = devPhoneInChromium();
  const { openPhone, done, hangUpAndClose } = phone;

  /** The consumer line at an open instant (Tuesday 10:00), "Wait for my key" on: no menu goes on by itself. */
  const callWaitingForKeys = async (page: Page) => {
    await page.check('#no-time-limit');
    await page.fill('#at', '2026-11-24T10:00');
    await page.click('#call');
    await prompts(page, 1);
  };

  /** The line chosen, on Christmas Day at 10:00: silent at the welcome, so in Italian. */
  const silentOnChristmasDay = async (page: Page) => {
    await page.fill('#at', '2026-12-25T10:00');
    await page.click('#call');
    await prompts(page, 1);
    await page.click('#silence');
  };

  // role="alert" announces its words whenever they are written, even the same words again.
  it("a broken flow file's error is announced once: the flow watch, every 2 s, leaves the alert alone until the error changes", async () => {
    const original = readFileSync(phone.server.flowFile, 'utf8');
    const page = await openPhone(1280, undefined, 900, { voice: false });
    let asked = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/devphone/flow') asked++;
    });
    try {
      const broken = JSON.parse(original);
      broken.nodes['consumer-menu'].options[0].next = 'nowhere';
      writeFileSync(phone.server.flowFile, JSON.stringify(broken, null, 2));
      await page.locator('#flow-error').waitFor({ state: 'visible', timeout: 10_000 });
      await page.evaluate(() => {
        const writes: string[] = [];
        (window as unknown as { __writes: string[] }).__writes = writes;
        new MutationObserver((records) => writes.push(...records.map((r) => r.type))).observe(document.getElementById('flow-error')!, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        });
      });
      const writes = () => page.evaluate(() => (window as unknown as { __writes: string[] }).__writes);
      // Two whole checks of the file go by (a check asks again only once the last has been applied).
      const after = asked;
      await expect.poll(() => asked, { timeout: 10_000 }).toBeGreaterThanOrEqual(after + 3);
      expect(await writes()).toEqual([]);

      // Another error is new words: told.
      broken.nodes['consumer-menu'].options[0].next = 'elsewhere';
      writeFileSync(phone.server.flowFile, JSON.stringify(broken, null, 2));
      await expect.poll(() => page.textContent('#flow-error-text'), { timeout: 10_000 }).toContain('elsewhere');
      expect((await writes()).length).toBeGreaterThan(0);
    } finally {
      writeFileSync(phone.server.flowFile, original);
      await page.locator('#flow-error').waitFor({ state: 'hidden', timeout: 10_000 });
      await done(page);
    }
  });

  // WCAG 2.4.3: an element that hides with the focus in it drops the focus to the page's start.
  it('the prompt box, focused to scroll it, hands the focus to the keypad when it empties: after a key, and at the end of the call', async () => {
    const page = await openPhone(1280, undefined, 900, { voice: false });
    await callWaitingForKeys(page);
    await page.focus('#asked');
    await page.keyboard.press('1');
    expect(await focused(page)).toBe('keypad');
    await prompts(page, 2);
    expect(await page.isVisible('#asked')).toBe(true);
    await page.focus('#asked');
    await page.keyboard.press('Escape'); // hangs up
    await ended(page);
    expect(await focused(page)).toBe('keypad');
    await done(page);
  });

  it('"New lines below: show the latest" hands the focus to the transcript it scrolled', async () => {
    const page = await openPhone(1280, undefined, 500, { voice: false });
    await callWaitingForKeys(page);
    await page.keyboard.press('1');
    await prompts(page, 2);
    const list = page.locator('#transcript');
    expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await list.evaluate((el) => { el.scrollTop = 0; });
    await page.keyboard.press('3'); // the complaints menu: new lines below
    await prompts(page, 3);
    await page.focus('#latest');
    await page.keyboard.press('Enter');
    expect(await page.isHidden('#latest')).toBe(true);
    expect(await focused(page)).toBe('transcript');
    await hangUpAndClose(page);
  });

  it('each node the call reaches is announced once: by its transcript line, not again by the map', async () => {
    const page = await openPhone(1280, undefined, 900, { voice: false });
    await recordAnnouncements(page);
    await callWaitingForKeys(page);
    await page.keyboard.press('1');
    await prompts(page, 2);
    // The hours check's answer: the transcript's line says the node and why the call went there.
    const told = (await announced(page)).filter((text) => text.includes('consumer-menu'));
    expect(told).toEqual([expect.stringMatching(/^0:\d\dAt consumer-menu — hours checked at 10:00:\d\d: open until 17:00$/)]);
    // The map still shows where the call is.
    expect(await page.textContent('#map-position')).toBe('The call is at consumer-menu.');
    await hangUpAndClose(page);
  });

  it('a hang-up during a prompt is announced once, by the status; the marks on the lines it cut show, unannounced', async () => {
    const page = await openPhone(
      1280,
      async (p) => {
        await p.clock.install({ time: new Date('2027-01-04T09:00:00Z') });
      },
      900,
      { voice: false },
    );
    await page.clock.pauseAt(new Date('2027-01-04T09:01:00Z'));
    await callItalianMenu(page);
    // 3.5 s into the Italian menu (on the page's clock, with no voice), the second of its seven sentences is being said.
    await page.clock.runFor(3_500);
    await recordAnnouncements(page);
    await page.click('#hangup');
    await ended(page);
    expect(await announced(page)).toEqual(['Call ended: you hung up.']);
    // What a sighted tester sees is as before: the marks, the line the hang-up adds, and the end.
    const menu = page.locator('#transcript li[data-type="say"]').filter({ hasText: 'Per sapere come usare la chat' });
    expect(await menu.locator('.cut-note').allTextContents()).toEqual([' (cut off: your hang-up interrupted it)', ' (not said: your hang-up cut it off)']);
    expect(await menu.locator('.cut-note').first().isVisible()).toBe(true);
    expect(await page.locator('#transcript li:visible').evaluateAll((items) => items.slice(-2).map((item) => item.textContent))).toEqual([
      expect.stringMatching(/You hung up\.$/),
      expect.stringMatching(/Call ended: you hung up\.$/),
    ]);
    expect(await page.textContent('#status')).toBe('Call ended: you hung up.');
    await done(page);
  });

  // WCAG 3.1.2: the page is lang="en"; Italian read as English is mispronounced.
  it('the Italian of an SMS sent and of a holiday named in the transcript is marked with the call\'s language', async () => {
    const page = await openPhone(1280, undefined, 900, { voice: false });
    await page.selectOption('#line', '+390237921250');
    await silentOnChristmasDay(page);
    await ended(page);
    const holiday = page.locator('#transcript li[data-type="node"]').filter({ hasText: 'holiday:' });
    expect(await holiday.locator('[lang]').evaluateAll((els) => els.map((el) => [el.getAttribute('lang'), el.textContent]))).toEqual([['it-IT', 'Natale di Gesù']]);
    await done(page);

    const sms = await openPhone(1280, undefined, 900, { voice: false });
    await silentOnChristmasDay(sms);
    await prompts(sms, 2); // the consumer line offers the chat links by SMS
    await sms.keyboard.press('1');
    await ended(sms);
    const sent = sms.locator('#transcript li[data-type="app-sms"]');
    expect(await sent.locator('[lang]').evaluateAll((els) => els.map((el) => [el.getAttribute('lang'), el.textContent]))).toEqual([
      ['it-IT', expect.stringMatching(/^Klarna Italia\. Chat \(accedi, Servizio Clienti, Chatta con noi\): .* Modulo di contatto: https:\/\/www\.klarna\.com\/it\/contatti\/$/)],
    ]);
    expect(await sent.textContent()).toMatch(/SMS to \+393401234567: Klarna Italia\. Chat /);
    await done(sms);
  });

  // WCAG 1.4.4: text set in px ignores the size the user chose in the browser's settings.
  it('the text follows the browser\'s font size: the status, the transcript, the prompt box and the fields grow with it, unchanged at the default', async () => {
    const sizes = async (standard?: number) => {
      const page = await openPhone(1280, undefined, 900, { voice: false });
      if (standard) {
        // Chromium's Settings > Appearance > Font size, as DevTools sets it (https://chromedevtools.github.io/devtools-protocol/tot/Page/#method-setFontSizes).
        const devtools = await page.context().newCDPSession(page);
        await devtools.send('Page.setFontSizes', { fontSizes: { standard } });
      }
      await callWaitingForKeys(page);
      const px = (selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      const measured = {
        status: await px('#status'),
        transcript: await px('#transcript li[data-type="say"] .text'),
        asked: await px('#asked'),
        select: await px('#line'),
        input: await px('#at'),
        body: await px('body'),
      };
      await hangUpAndClose(page);
      return measured;
    };
    expect(await sizes()).toEqual({ status: 16, transcript: 16, asked: 15.2, select: 16, input: 16, body: 16 });
    expect(await sizes(24)).toEqual({ status: 24, transcript: 24, asked: 22.8, select: 24, input: 24, body: 24 });
  });

  it('the map is a named region, named after the line it shows', async () => {
    const page = await openPhone(1280, undefined, 900, { voice: false });
    const diagram = page.locator('#diagram');
    expect(await diagram.getAttribute('role')).toBe('region');
    await expect.poll(() => diagram.getAttribute('aria-label')).toBe('map of the consumer line, scrollable');
    await page.selectOption('#line', '+390237921250');
    await expect.poll(() => diagram.getAttribute('aria-label')).toBe('map of the merchant line, scrollable');
    await done(page);
  });

  it('a caller number the server refuses is marked invalid and described by the status saying why, until it is changed', async () => {
    const page = await openPhone(1280, undefined, 900, { voice: false });
    await page.selectOption('#from', 'other');
    await page.fill('#from-number', '12ab');
    await page.click('#call');
    const field = page.locator('#from-number');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toBe('from-number');
    expect(await field.getAttribute('aria-describedby')).toBe('status');
    expect(await page.textContent('#status')).toContain('anonymous');
    await page.keyboard.press('Backspace');
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    expect(await field.getAttribute('aria-describedby')).toBeNull();

    // Refused again, then a call placed: no longer marked.
    await page.click('#call');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await page.selectOption('#from', '+393401234567');
    await page.fill('#at', '2026-11-24T10:00');
    await page.click('#call');
    await prompts(page, 1);
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    await hangUpAndClose(page);
  });
});
