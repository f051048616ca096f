import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { lintInProcess } from '../support/lintInProcess';
import { germanFlowText } from '../fixtures/south-tyrol/germanFlow';

// A menu editor adds German (for callers from South Tyrol) as docs/flow-file.md
// shows for English: German texts everywhere, and at the welcome "Für Deutsch
// drücken Sie 2." with an option for key 2. What `ivr lint` tells them.

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ivr-german-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function flowFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

const lint = lintInProcess;

describe('a flow in Italian, English and German', () => {
  it('passes: "Für Deutsch drücken Sie 2." at the welcome announces key 2 to Italian and English callers too, who hear every part of it', async () => {
    const file = flowFile('german.json', germanFlowText());
    const result = await lint(file);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^OK ${file.replace(/[.\\]/g, '\\$&')}`));
    // Not asked to say "premi 2" to Italian callers, nor "press 2" to English ones.
    expect(result.out).not.toContain('never says to press it');
  });

  it('refuses a German menu that names key 6, which it does not offer, and no longer names key 5', async () => {
    const file = flowFile('german-six.json', germanFlowText((flow) => {
      const sentence = flow.nodes['consumer-menu'].prompt[0];
      sentence.de = sentence.de.replace('drücken Sie 5', 'drücken Sie 6');
    }));
    const result = await lint(file);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`at nodes.consumer-menu.prompt[0].de, line 184: says "drücken Sie 6", but no option has key "6"`);
    expect(result.err).toContain('fix: add an option with "key": "6", or take "drücken Sie 6" out of the "de" text');
    expect(result.err).toContain(`at nodes.consumer-menu.options[4].key, line 205: key "5" leads to "consumer-call-cost", but the "de" prompt never says to press it: callers in "de" cannot know it is there`);
    expect(result.err).toContain('(e.g. "... drücken Sie 5.")');
  });

  it('refuses a German menu whose German prompt leaves out the repeat key, suggesting "drücken Sie die Sterntaste"', async () => {
    const file = flowFile('german-no-star.json', germanFlowText((flow) => {
      const sentence = flow.nodes['merchant-menu'].prompt[0];
      sentence.de = sentence.de.replace(/[^.]*drücken Sie die Sterntaste\./, '');
    }));
    const result = await lint(file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('key "*" leads to "merchant-menu", but the "de" prompt never says to press it');
    expect(result.err).toContain('(e.g. "... drücken Sie die Sterntaste.")');
  });
});

describe('a language whose words for "press" lint cannot read', () => {
  // The German flow relabelled Portuguese: its key words are German, which lint reads, but it checks a
  // language's menus only when it reads that language, so the "pt" menus are not checked.
  const portuguese = () =>
    germanFlowText((flow) => {
      const text = JSON.stringify(flow).replaceAll('"de":', '"pt":').replaceAll('"language":"de"', '"language":"pt"').replaceAll('consumer-welcome-de', 'consumer-welcome-pt').replaceAll('merchant-welcome-de', 'merchant-welcome-pt');
      const relabelled = JSON.parse(text);
      relabelled.languages.pt = { tag: 'pt-PT', voice: 'Polly.Ines' };
      for (const key of Object.keys(flow)) delete flow[key];
      Object.assign(flow, relabelled);
    });

  it('passes the flow with a warning at languages.pt that its menus are not checked, naming the language and what to do', async () => {
    const file = flowFile('portuguese.json', portuguese());
    const result = await lint(file);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'warning at languages.pt, line 13: the "pt" (Portuguese) prompts are not checked for the keys they announce: lint reads the words for "press" only in it (Italian), en (English), de (German), fr (French), es (Spanish), sl (Slovenian), so a "pt" menu that names a key it has no option for, or never names one it has, passes',
    );
    expect(result.out).toContain('fix: check each "pt" menu by ear (npx ivr call --press KEYS, or the dev phone): every key it names must be an option, every option named; or add the Portuguese words for "press", the digits, star and hash to src/flow/announcedKeys.ts');
  });

  it('the same flow in German gets no such warning', async () => {
    const result = await lint(flowFile('german-again.json', germanFlowText()));
    expect(result.out).not.toContain('are not checked for the keys they announce');
  });
});
