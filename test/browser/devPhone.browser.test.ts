import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalServer, type LocalServer } from './localServer';

// The dev phone in a real browser: Debian's Chromium, driven by playwright-core,
// against the local server. Each test keeps a screenshot in out/browser/ (git
// ignores out/; CI keeps it as an artefact). Without Chromium these tests are
// skipped, loudly; with REQUIRE_BROWSER_TESTS=1 (CI) a missing Chromium fails.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER_TESTS === '1';
const SHOTS = path.join(__dirname, '../../out/browser');
// Flags that let Chromium run headless here: no sandbox as root, no GPU, and no calls home on a closed network.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!haveChromium) {
  console.warn(
    `\n*** Dev phone browser tests SKIPPED: no Chromium at ${CHROMIUM}. ` +
      'Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH). ' +
      `${required ? 'REQUIRE_BROWSER_TESTS=1 is set, so this run FAILS.' : 'Set REQUIRE_BROWSER_TESTS=1 to make this a failure, as CI does.'} ***\n`,
  );
}

if (!haveChromium && required) {
  describe('browser tests are required (REQUIRE_BROWSER_TESTS=1)', () => {
    it(`finds Chromium at ${CHROMIUM}`, () => {
      expect.fail(`No Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` before the tests (or set CHROMIUM_PATH).`);
    });
  });
}

/** Stands in for the browser's speech synthesis (headless Chromium has no voices) and records what the page asks it to say. */
const FAKE_SPEECH = `
  window.__spoken = [];
  const voices = [{ name: 'Test Italian', lang: 'it-IT' }, { name: 'Test English', lang: 'en-GB' }];
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
    getVoices: () => voices,
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }),
    cancel: () => {},
    addEventListener: () => {},
  } });
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } };
`;

describe.skipIf(!haveChromium)('the dev phone in Chromium', { timeout: 60_000 }, () => {
  let server: LocalServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startLocalServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPhone(width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.addInitScript(FAKE_SPEECH);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    pageErrors.set(page, problems);
    await page.goto(`${server.origin}/`);
    await page.locator('#line option').first().waitFor({ state: 'attached' });
    return page;
  }

  const pageErrors = new Map<Page, string[]>();
  /** Every test ends here: no script errors in the page, then the page goes. */
  async function done(page: Page): Promise<void> {
    expect(pageErrors.get(page), 'errors in the page').toEqual([]);
    await page.context().close();
  }

  /** Waits until the call has asked for input `count` times in all. */
  const prompts = (page: Page, count: number) => page.locator('#transcript li[data-type="gather"]').nth(count - 1).waitFor();
  const ended = (page: Page) => page.locator('#transcript li[data-type="end"]').waitFor();
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('consumer line at an open instant: 1 (keyboard) then 2 (mouse) gives the English menu and a transfer, read aloud', async () => {
    const page = await openPhone();
    await page.selectOption('#line', '+390237921240');
    await page.fill('#at', '2026-11-24T10:00');
    await page.click('#call');
    await prompts(page, 1);
    await page.keyboard.press('1');
    await prompts(page, 2);
    await page.click('.keypad button[data-key="2"]');
    await ended(page);
    await shot(page, 'consumer-open-english-transfer');

    const transcript = page.locator('#transcript');
    await expect(transcript.locator('li[data-type="input"]').allTextContents()).resolves.toEqual(['0:05You pressed 1', '0:29You pressed 2']);
    await expect(transcript.locator('q[lang="en-GB"]').first().textContent()).resolves.toBe('For English, press 1.');
    expect(await transcript.locator('q[lang="en-GB"]').allTextContents()).toContain('We are connecting you to an operator. Please hold.');
    expect(await transcript.locator('li[data-type="dial"]').textContent()).toContain('Transfer to +390237921240: answered');
    expect(await page.textContent('#status')).toBe('Call ended: connected to +390237921240.');

    // Read aloud by default when the browser has voices, each prompt in its own language.
    expect(await page.isChecked('#speak')).toBe(true);
    const spoken = (await page.evaluate('window.__spoken')) as { text: string; lang: string; voice: string }[];
    expect(spoken[0]).toEqual({ text: 'Benvenuto nel servizio clienti di Klarna Italia.', lang: 'it-IT', voice: 'Test Italian' });
    expect(spoken).toContainEqual({ text: 'We are connecting you to an operator. Please hold.', lang: 'en-GB', voice: 'Test English' });
    await done(page);
  });

  it('the map lights up the path the call took and marks where it is', async () => {
    const page = await openPhone();
    await page.fill('#at', '2026-11-24T10:00');
    await page.click('#call');
    await prompts(page, 1);
    await page.keyboard.press('1');
    await prompts(page, 2);
    await page.keyboard.press('3');
    await prompts(page, 3);

    const diagram = page.locator('#diagram svg');
    const node = (id: string) => diagram.locator(`g[data-node="${id}"]`);
    const edge = (from: string, to: string) => diagram.locator(`g.edge[data-from="${from}"][data-to="${to}"]`);
    await expect(node('consumer-complaints').getAttribute('class')).resolves.toContain('current');
    for (const id of ['line:consumer', 'consumer-welcome', 'consumer-hours', 'consumer-menu']) {
      expect(await node(id).getAttribute('class'), id).toMatch(/\bvisited\b/);
    }
    expect(await node('consumer-menu').getAttribute('class')).not.toContain('current');
    expect(await edge('consumer-hours', 'consumer-menu').getAttribute('class')).toContain('visited');
    expect(await edge('consumer-menu', 'consumer-complaints').getAttribute('class')).toContain('visited');
    expect(await edge('consumer-hours', 'closed').getAttribute('class')).not.toContain('visited');
    expect(await node('consumer-chat').getAttribute('class')).not.toContain('visited');
    expect(await page.textContent('#map-position')).toBe('The call is at consumer-complaints.');
    await shot(page, 'diagram-highlights-path');

    // The caller presses * to go back: the highlight follows.
    await page.keyboard.press('*');
    await prompts(page, 4);
    expect(await node('consumer-menu').getAttribute('class')).toContain('current');
    expect(await edge('consumer-complaints', 'consumer-menu').getAttribute('class')).toContain('visited');
    await page.click('#hangup');
    await ended(page);
    expect(await page.textContent('#status')).toBe('Call ended: you hung up.');
    await done(page);
  });

  it('on a holiday the caller hears the closed message, and the map ends at holiday-closed', async () => {
    const page = await openPhone();
    await page.fill('#at', '2026-12-25T10:00');
    await page.click('#call');
    await prompts(page, 1);
    await page.click('#silence');
    await ended(page);
    await shot(page, 'holiday-closed');
    const heard = await page.locator('#transcript q').allTextContents();
    expect(heard).toContain('Oggi è festa, Natale di Gesù, e il servizio clienti telefonico è chiuso. È attivo dal lunedì al venerdì, dalle 9 alle 17.');
    expect(heard.at(-1)).toBe('Grazie per aver chiamato Klarna. Arrivederci.');
    expect(await page.textContent('#status')).toBe('Call ended: the IVR hung up.');
    expect(await page.locator('#diagram g[data-node="holiday-closed"]').getAttribute('class')).toContain('visited');
    await done(page);
  });

  it('works with the keyboard alone at phone width: Tab to Call, Enter, keys typed', async () => {
    const page = await openPhone(390);
    await page.fill('#at', '2026-11-24T10:00');
    await page.locator('body').focus();
    for (let tabs = 0; tabs < 12 && (await page.evaluate(() => document.activeElement?.id)) !== 'call'; tabs++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('call');
    await page.keyboard.press('Enter');
    await prompts(page, 1);
    await page.keyboard.press('1');
    await prompts(page, 2);
    await page.keyboard.press('Escape');
    await ended(page);
    await shot(page, 'keyboard-only-phone-width');
    expect(await page.locator('#transcript li[data-type="input"]').allTextContents()).toEqual(['0:05You pressed 1', '0:29You hung up.']);
    // Nothing wider than the phone's screen but the map, which scrolls in its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await done(page);
  });

  it('after the flow file is edited, the next call uses it; a broken flow shows its error on the page', async () => {
    const original = readFileSync(server.flowFile, 'utf8');
    const page = await openPhone();
    try {
      const data = JSON.parse(original);
      data.nodes['consumer-menu'].options[0].next = 'nowhere';
      writeFileSync(server.flowFile, JSON.stringify(data, null, 2));
      await page.fill('#at', '2026-11-24T10:00');
      await page.click('#call');
      await page.locator('#flow-error').waitFor({ state: 'visible' });
      expect(await page.textContent('#flow-error-text')).toContain('nodes.consumer-menu.options[0].next');
      await shot(page, 'flow-error-shown');

      writeFileSync(server.flowFile, original.replace('For English, press 1.', 'For English, press one.'));
      await page.click('#call');
      await prompts(page, 1);
      expect(await page.isHidden('#flow-error')).toBe(true);
      expect(await page.locator('#transcript q').allTextContents()).toContain('For English, press one.');
      await page.click('#hangup');
      await ended(page);
    } finally {
      writeFileSync(server.flowFile, original);
      await done(page);
    }
  });
});
