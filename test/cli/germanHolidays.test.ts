import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOfBuiltApp, runIvrInCopy } from '../support/appCopy';
import { germanFlowText } from '../fixtures/south-tyrol/germanFlow';

// The menu editor's German edit, in a copy of the built app whose
// flows/klarna-italia.json is the fixed copy of our menu with German added and a spokenNames.de
// key copied from English ("Republic Day"): what lint, a call on 2 June and
// `ivr holidays --check` say before `npx ivr holidays`, and after it. The copy
// keeps the project's flows/ and its checked-flow cache untouched.

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ivr-german-holidays-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let app: string;

/** `ivr ARGS` run from the copy's own build, in the copy. */
const ivr = (...args: string[]) => runIvrInCopy(app, args);

function writeFlow(spokenNames: Record<string, string>) {
  writeFileSync(path.join(app, 'flows/klarna-italia.json'), germanFlowText((flow) => (flow.hours.holidays.spokenNames.de = spokenNames)));
}

/** What a German caller hears on 2 June 2027 (a Wednesday) at 10:00: key 2 at the welcome. */
async function germanCallOnRepublicDay(): Promise<string> {
  const call = await ivr('call', '--at', '2027-06-02T10:00', '--press', '2');
  expect(call.stderr).toBe('');
  return (call.stdout.match(/^IVR \[de-DE\]: Heute .*$/m) ?? [''])[0];
}

beforeAll(async () => {
  app = copyOfBuiltApp(scratch, { cache: true });
  // The table as it was before German: Italian and English names only, whatever languages the shipped menu has gained.
  const table = await ivr('holidays', '--languages', 'it,en');
  expect(table.code, table.stderr).toBe(0);
  writeFlow({ 'Republic Day': 'Tag der Republik' });
});

describe('German added to the flow, before and after `npx ivr holidays`', () => {
  it('before: lint passes with a warning that the table has no German names; --check says the new language is why it differs', async () => {
    const lint = await ivr('lint');
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('warning at languages.de, line 13: flows/holidays/IT.json has no holiday names in "de" (it holds "it", "en")');
    expect(lint.stdout).toContain('hours.holidays.spokenNames.de cannot be checked against the names callers hear');
    const check = await ivr('holidays', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('flows/holidays/IT.json has no holiday names in "de", a language the flow has and the table does not (it holds "it", "en"): run `npx ivr holidays` and commit the file');
    expect(await germanCallOnRepublicDay()).toBe('IVR [de-DE]: Heute ist der telefonische Kundendienst wegen Festa della Repubblica geschlossen. Er ist Montag–Freitag 09:00–17:00 geöffnet, italienische Zeit.');
  });

  it('after: lint refuses the English key, naming the German one; the caller hears the same name as before; lint names each holiday still said in Italian', async () => {
    const written = await ivr('holidays');
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);

    // The flow's text is the one lint passed (and remembered) before: the new table has it checked again.
    const refused = await ivr('lint');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('at hours.holidays.spokenNames.de["Republic Day"], line 94: no holiday of IT is called "Republic Day" in "de", so this name is never said');
    expect(refused.stderr).toContain('fix: use "Festa della Repubblica", the name "de" callers hear for the holiday called "Republic Day" in "en"');

    writeFlow({});
    expect((await ivr('holidays', '--check')).code).toBe(0);
    // The table, like the calendar before it, gives the Italian name where date-holidays has no German one.
    expect(await germanCallOnRepublicDay()).toBe('IVR [de-DE]: Heute ist der telefonische Kundendienst wegen Festa della Repubblica geschlossen. Er ist Montag–Freitag 09:00–17:00 geöffnet, italienische Zeit.');
    const warned = await ivr('lint');
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('with 3 warnings');
    expect(warned.stdout).toContain('in Italian, as "Festa della Repubblica": date-holidays has no German name for it');
    expect(warned.stdout).toContain('fix: add "Festa della Repubblica": "(its name in German)" under hours.holidays.spokenNames.de');

    writeFlow({ 'Festa della Repubblica': 'Tag der Republik' });
    const lint = await ivr('lint');
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('with 2 warnings');
    expect(lint.stdout).toContain('fix: add "Liberazione dal nazifascismo": "(its name in German)" under hours.holidays.spokenNames.de');
    expect(lint.stdout).toContain(`fix: add "Festa nazionale di San Francesco d'Assisi": "(its name in German)" under hours.holidays.spokenNames.de`);
    expect(await germanCallOnRepublicDay()).toContain('wegen Tag der Republik geschlossen.');
  });
});
