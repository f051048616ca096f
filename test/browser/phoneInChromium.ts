import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_PHONE_TEST_FLOW, startLocalServer, type LocalServer } from './localServer';

// What the dev phone's browser tests share: Debian's Chromium driven by
// playwright-core, the page opened with a stand-in voice, and the checks every
// test ends with. Without Chromium those tests are skipped, loudly; with
// REQUIRE_BROWSER_TESTS=1 (CI) a missing Chromium fails.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
/** Where each test keeps its screenshots (git ignores out/; CI keeps it as an artefact). */
export const SHOTS = path.join(__dirname, '../../out/browser');
/** Flags that let Chromium run headless here: no sandbox as root, no GPU, and no calls home on a closed network. */
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Says loudly that the file's browser tests are skipped, and fails the run when CI requires them. */
export function warnWithoutChromium(): void {
  if (haveChromium) return;
  const required = process.env.REQUIRE_BROWSER_TESTS === '1';
  console.warn(
    `\n*** Dev phone browser tests SKIPPED: no Chromium at ${CHROMIUM}. ` +
      'Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH). ' +
      `${required ? 'REQUIRE_BROWSER_TESTS=1 is set, so this run FAILS.' : 'Set REQUIRE_BROWSER_TESTS=1 to make this a failure, as CI does.'} ***\n`,
  );
  if (!required) return;
  describe('browser tests are required (REQUIRE_BROWSER_TESTS=1)', () => {
    it(`finds Chromium at ${CHROMIUM}`, () => {
      expect.fail(`No Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` before the tests (or set CHROMIUM_PATH).`);
    });
  });
}

/** Stands in for the browser's speech synthesis (headless Chromium has no voices) and records what the page asks it to say. */
export const FAKE_SPEECH = `
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

/**
 * Notes what the page's Content-Security-Policy (src/server/pageHeaders.ts) blocks: the page must need
 * nothing it does not allow, or a blocked script, style or request would break it without a page error.
 */
export const CSP_WATCH = `
  window.__blocked = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__blocked.push(\`\${e.effectiveDirective} \${e.blockedURI}\`));
`;

/** Waits until the call has asked for input `count` times in all. */
export const prompts = (page: Page, count: number) => page.locator('#transcript li[data-type="gather"]').nth(count - 1).waitFor({ state: 'attached' });
/** Waits until the transcript tells the call's end. */
export const ended = (page: Page) => page.locator('#transcript li[data-type="end"]').waitFor();
/** The transcript's lines of one type (its events': input, say, node…), as shown. */
export const lines = (page: Page, type: string) => page.locator(`#transcript li[data-type="${type}"]`).allTextContents();

/** The consumer line at an open instant (Tuesday 10:00), silent at the welcome: the Italian menu (23 s) waits. */
export async function callItalianMenu(page: Page): Promise<void> {
  await page.selectOption('#line', '+390237921240');
  await page.fill('#at', '2026-11-24T10:00');
  await page.click('#call');
  await prompts(page, 1);
  await page.click('#silence'); // Italian
  await prompts(page, 2);
}

/**
 * For a describe of dev phone tests: the local server (on the dev phone tests' flow, DEV_PHONE_TEST_FLOW) and
 * Chromium, started before its tests and stopped after them, and the page opened on that server.
 */
export function devPhoneInChromium() {
  const phone = {} as { server: LocalServer; browser: Browser } & ReturnType<typeof phonePages>;
  Object.assign(phone, phonePages(() => phone.browser, () => phone.server.origin));
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    phone.server = await startLocalServer({}, DEV_PHONE_TEST_FLOW);
    phone.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await phone.browser?.close();
    await phone.server?.close();
  });
  return phone;
}

/**
 * Opening the dev phone of the server at `origin()` in `browser()` (both known once the file's set-up has run), and
 * the checks each test ends with: no script errors in the page, nothing its Content-Security-Policy blocked.
 */
function phonePages(browser: () => Browser, origin: () => string) {
  const pageErrors = new Map<Page, string[]>();

  /** Opens the page; `voice` turns "Read the prompts aloud" on (it starts off), as the tests that listen to it need. */
  async function openPhone(width = 1280, before?: (page: Page) => Promise<void>, height = 900, { voice = true } = {}): Promise<Page> {
    // en-US: the instant field's parts are typed month, day, year, hours, minutes, seconds, AM/PM.
    const context = await browser().newContext({ viewport: { width, height }, locale: 'en-US' });
    await context.addInitScript(FAKE_SPEECH);
    await context.addInitScript(CSP_WATCH);
    const page = await context.newPage();
    await before?.(page);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    pageErrors.set(page, problems);
    await page.goto(`${origin()}/`);
    await page.locator('#line option').first().waitFor({ state: 'attached' });
    if (voice) await page.check('#speak');
    return page;
  }

  /** Every test ends here: no script errors in the page, then the page goes. */
  async function done(page: Page): Promise<void> {
    expect(pageErrors.get(page), 'errors in the page').toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __blocked: string[] }).__blocked), 'what the Content-Security-Policy blocked').toEqual([]);
    await page.context().close();
  }

  /** Ends a test's call from the page, then the test (no script errors, the page goes). */
  async function hangUpAndClose(page: Page): Promise<void> {
    await page.click('#hangup');
    await ended(page);
    await done(page);
  }

  return { openPhone, done, hangUpAndClose };
}
