import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { lintInProcess } from '../support/lintInProcess';
import { readSettings } from '../../src/config/settings';
import { FlowError } from '../../src/flow/problem';
import { fixedMenuTextToLint, fixedMenuToLint } from '../support/fixedMenu';
import { lineHolding } from '../support/lineHolding';

// A team lead editing the menu, no programmer, made these slips in the menu
// itself; each passed lint, and callers would have heard it. Each is made here
// in a copy of the menu, and lint must name the place and the fix; a problem
// lint refuses, start-up refuses with the same words.

const copies = mkdtempSync(path.join(os.tmpdir(), 'ivr-slips-'));
afterAll(() => rmSync(copies, { recursive: true, force: true }));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The menu with `edit` made, written to a file of its own. */
function menuWith(name: string, edit: (flow: Json) => void): string {
  const flow = fixedMenuToLint() as Json;
  edit(flow);
  const file = path.join(copies, `${name}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

const lint = lintInProcess;

/** The menu's text with the first `from` made `to`, as `sed '0,/from/s//to/'` makes it: the file's layout, and lines, kept. */
function menuTextWith(name: string, from: string, to: string): string {
  const text = fixedMenuTextToLint();
  expect(text, `the fixed menu holds ${from}`).toContain(from);
  const file = path.join(copies, `${name}.json`);
  writeFileSync(file, text.replace(from, to));
  return file;
}

/** What start-up says of the flow: the words lint prints, or undefined when it starts. */
function startUp(file: string): string | undefined {
  try {
    createApp({ settings: readSettings({ IVR_FLOW_FILE: file, TWILIO_SIGNATURE_VALIDATION: 'off' }), logger: { info() {}, warn() {}, error() {} } });
    return undefined;
  } catch (err) {
    if (!(err instanceof FlowError)) throw err;
    return err.message;
  }
}

describe('slips a menu editor made, which lint now names', () => {
  it('an operator destination left on the consumer line\'s own number, without "placeholder": refused by lint and start-up, which say the app setting would stand in for it; fix: the queue\'s number', async () => {
    const file = menuWith('own-number', (flow) => {
      flow.destinations['consumer-operator-it'] = { number: '+390237921240', setting: 'DEST_CONSUMER_OPERATOR_IT' };
    });
    const result = await lint(file);
    expect(result).toEqual({
      code: 1,
      out: '',
      err:
        `Invalid flow file ${file}: 1 problem\n` +
        '  at destinations.consumer-operator-it.number, line 96: +390237921240 is the number of line "consumer": a transfer there would ring this menu again, not an operator, so the app refuses every transfer there (the caller hears the transfer\'s failure path) unless the app setting DEST_CONSUMER_OPERATOR_IT gives the operators\' number\n' +
        '    fix: put the operator queue\'s number here, or mark it "placeholder": true if the setting DEST_CONSUMER_OPERATOR_IT gives it',
    });
    expect(startUp(file)).toBe(result.err);
    // Marked as the placeholder it is, the same number passes: start-up names it until the setting is set.
    const marked = menuWith('own-number-placeholder', (flow) => {
      flow.destinations['consumer-operator-it'] = { number: '+390237921240', setting: 'DEST_CONSUMER_OPERATOR_IT', placeholder: true };
    });
    expect(await lint(marked)).toEqual({ code: 0, out: `OK ${marked}`, err: '' });
  });

  it('a closure named "per la festa…" / "for the feast…", which callers would hear after "chiuso per" / "closed for": refused, fix: leave the word out', async () => {
    const file = menuWith('per-per', (flow) => {
      flow.hours.closures = [{ date: '2026-12-07', name: { it: "per la festa di Sant'Ambrogio", en: 'for the feast of Saint Ambrose' } }];
    });
    const result = await lint(file);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `Invalid flow file ${file}: 2 problems\n` +
        '  at hours.closures[0].name.it, line 96: the closure\'s name starts with "per", which nodes.merchant-holiday-closed.prompt[0].it already says before "{holiday}": callers would hear "è chiuso per per la festa di Sant\'Ambrogio"\n' +
        '    fix: write "la festa di Sant\'Ambrogio": the prompt says "chiuso per" before it\n' +
        '  at hours.closures[0].name.en, line 97: the closure\'s name starts with "for", which nodes.merchant-holiday-closed.prompt[0].en already says before "{holiday}": callers would hear "is closed for for the feast of Saint Ambrose"\n' +
        '    fix: write "the feast of Saint Ambrose": the prompt says "closed for" before it',
    );
    expect(startUp(file)).toBe(result.err);
  });

  it('the words before "{holiday}" are the prompt\'s own: a prompt that says "chiuso in occasione di {holiday}" refuses "di Natale", not "per"', async () => {
    const reworded = (name: Json) =>
      menuWith(`reworded-${name.it.split(' ')[0]}`, (flow) => {
        for (const id of ['holiday-closed', 'merchant-holiday-closed']) flow.nodes[id].prompt[0].it = 'Oggi il servizio è chiuso in occasione di {holiday}. È attivo {hours}.';
        flow.hours.closures = [{ date: '2026-12-07', name }];
      });
    const spokenName = await lint(reworded({ it: 'per ferie estive', en: 'the summer break' }));
    expect(spokenName.code).toBe(0);
    const twice = await lint(reworded({ it: 'di Natale', en: 'Christmas' }));
    expect(twice.err).toContain('at hours.closures[0].name.it, line 96: the closure\'s name starts with "di"');
    expect(twice.err).toContain('fix: write "Natale": the prompt says "occasione di" before it');
  });

  it('a holiday\'s spoken name that repeats the word: refused at its spokenNames entry', async () => {
    const file = menuWith('spoken-per', (flow) => {
      flow.hours.holidays.spokenNames.it['Natale di Gesù'] = 'per Natale';
    });
    const result = await lint(file);
    expect(result.err).toContain(
      '  at hours.holidays.spokenNames.it["Natale di Gesù"], line 80: the spoken name starts with "per", which nodes.merchant-holiday-closed.prompt[0].it already says before "{holiday}": callers would hear "è chiuso per per Natale"\n' +
        '    fix: write "Natale": the prompt says "chiuso per" before it',
    );
  });

  it('a name after "Oggi è festa: {holiday}" starts a clause of its own: "Festa della Repubblica" passes there', async () => {
    const file = menuWith('festa-colon', (flow) => {
      flow.hours.holidays.spokenNames.it['Festa della Repubblica'] = 'Festa della Repubblica';
      flow.nodes['holiday-closed'].prompt[0].it = 'Oggi è festa: {holiday}. Il servizio clienti telefonico è chiuso. È attivo {hours}.';
    });
    expect(await lint(file)).toEqual({ code: 0, out: `OK ${file}`, err: '' });
  });

  it('an elided article said twice, "per l’{holiday}" with "l’Epifania" or "l\'Epifania": refused, fix: the name without it', async () => {
    for (const spoken of ['l’Epifania', "l'Epifania"]) {
      const file = menuWith('elided', (flow) => {
        flow.hours.holidays.spokenNames.it.Epifania = spoken;
        flow.nodes['holiday-closed'].prompt[0].it = 'Oggi il servizio clienti telefonico è chiuso per l’{holiday}. È attivo {hours}.';
      });
      const result = await lint(file);
      expect(result.code).toBe(1);
      expect(result.err).toContain(
        `  at hours.holidays.spokenNames.it.Epifania, line 72: the spoken name starts with "l’", which nodes.holiday-closed.prompt[0].it already says before "{holiday}": callers would hear "chiuso per l’${spoken}"\n` +
          '    fix: write "Epifania": the prompt says "per l’" before it',
      );
    }
  });

  it('a key announced as "usa il tasto 6" / "use key 6" with no option 6: refused in each language', async () => {
    const file = menuWith('key-six', (flow) => {
      const prompt = flow.nodes['consumer-menu'].prompt[0];
      prompt.it += ' Per lo stato del rimborso, usa il tasto 6.';
      prompt.en += ' For your refund, use key 6.';
    });
    const result = await lint(file);
    expect(result.err).toBe(
      `Invalid flow file ${file}: 2 problems\n` +
        '  at nodes.consumer-menu.prompt[0].it, line 169: says "tasto 6", but no option has key "6": a caller who presses it is told the choice is not valid, or sent on as if they had pressed nothing\n' +
        '    fix: add an option with "key": "6", or take "tasto 6" out of the "it" text\n' +
        '  at nodes.consumer-menu.prompt[0].en, line 170: says "key 6", but no option has key "6": a caller who presses it is told the choice is not valid, or sent on as if they had pressed nothing\n' +
        '    fix: add an option with "key": "6", or take "key 6" out of the "en" text',
    );
  });

  it('a count after "scegliere" / "choose" is no key: "3 o 6 rate" in a say node, "6, 12 o 24 mesi" in a menu pass', async () => {
    const file = menuWith('counts', (flow) => {
      flow.nodes.closed.prompt.push({ it: 'Ricorda: con Klarna puoi scegliere 3 o 6 rate senza interessi.', en: 'Remember: with Klarna you can choose 3 or 6 interest-free payments.' });
      flow.nodes['consumer-call-cost'].intro = [{ it: 'Per gli acquisti puoi scegliere 6, 12 o 24 mesi.', en: 'For purchases you can choose 6, 12 or 24 months.' }];
    });
    expect(await lint(file)).toEqual({ code: 0, out: `OK ${file}`, err: '' });
  });

  it('a key announced as "Scegli 7 per più opzioni." / "Choose 7 for more options." with no option 7: refused in each language (what follows "per"/"for" is no count)', async () => {
    const file = menuWith('key-seven-more-options', (flow) => {
      const prompt = flow.nodes['consumer-menu'].prompt[0];
      prompt.it += ' Scegli 7 per più opzioni.';
      prompt.en += ' Choose 7 for more options.';
    });
    const result = await lint(file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('  at nodes.consumer-menu.prompt[0].it, line 169: says "Scegli 7", but no option has key "7"');
    expect(result.err).toContain('  at nodes.consumer-menu.prompt[0].en, line 170: says "Choose 7", but no option has key "7"');
  });

  it('a closure\'s last day written as a day of the month under "to" ("08", 26, "02" in the next month): fix "until" with the whole date, which passes; only a time with its minutes or "h" is a part of a day', async () => {
    const closure = (to: unknown, date = '2026-12-07') => ({ date, to, name: { it: "la festa di Sant'Ambrogio", en: 'the feast of Saint Ambrose' } });
    for (const [to, date, until] of [['08', '2026-12-07', '2026-12-08'], [26, '2026-12-24', '2026-12-26'], ['02', '2026-12-30', '2027-01-02']] as const) {
      const file = menuWith(`closure-to-${to}`, (flow) => {
        flow.hours.closures = [closure(to, date)];
      });
      const result = await lint(file);
      expect(result.err).toBe(`Invalid flow file ${file}: 1 problem\n  at hours.closures[0], line 93: has "to", which does not belong here\n    fix: rename "to" to "until", with the whole date: "until": "${until}"`);
      expect(startUp(file)).toBe(result.err);
      // The fix, followed, passes (on 1 December 2026: lint warns at a closure already over).
      const fixed = menuWith(`closure-until-${to}`, (flow) => {
        flow.hours.closures = [{ ...closure(undefined, date), to: undefined, until }];
      });
      vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), toFake: ['Date'] });
      try {
        expect(await lint(fixed)).toEqual({ code: 0, out: `OK ${fixed}`, err: '' });
      } finally {
        vi.useRealTimers();
      }
    }
    for (const to of ['13:00', '9.30', '13h', 9.3]) {
      const file = menuWith('closure-to-time', (flow) => {
        flow.hours.closures = [closure(to)];
      });
      expect((await lint(file)).err, String(to)).toContain('has "to", which does not belong here: a closure closes the lines for whole days, with no time of day');
    }
  });

  it('the consumer-chat prompt\'s Italian text pasted into "en": a warning at that text, exit 0', async () => {
    const file = menuWith('italian-in-en', (flow) => {
      const prompt = flow.nodes['consumer-chat'].prompt[0];
      prompt.en = prompt.it;
    });
    expect(await lint(file)).toEqual({
      code: 0,
      out:
        `OK ${file}, with 1 warning:\n` +
        '  warning at nodes.consumer-chat.prompt[0].en, line 231: reads like Italian ("premi 1"), not English: "en" callers would hear it read by the English voice\n' +
        '    fix: put the English text here (e.g. "... press 1."); the Italian one belongs in "it"',
      err: '',
    });
  });

  // The review: in a file of some 560 lines, a problem said only "at nodes.merchant-menu.options[3].key", and the
  // editor had to count their way there; GitHub's annotation of the same warning knew the line.
  it('a problem and a warning each say the line of their JSON path, lint and start-up alike', async () => {
    const file = menuTextWith('key-twice', '{ "key": "*", "next": "merchant-menu" }', '{ "key": "9", "next": "merchant-menu" }');
    const result = await lint(file);
    expect(result.code).toBe(1);
    const line = lineHolding(file, '{ "key": "9", "next": "merchant-menu" }');
    expect(line).toBeGreaterThan(200);
    // The prompts still announce the star key: each problem at its own line.
    expect(result.err).toBe(
      `Invalid flow file ${file}: 3 problems\n` +
        `  at nodes.merchant-menu.options[3].key, line ${line}: key "9" is already offered by options[2], which leads to "merchant-to-consumer"\n` +
        '    fix: give each option of a menu its own key; keys not yet offered here: 3, 4, 5, 6, 7, 8, 0, *, #\n' +
        `  at nodes.merchant-menu.prompt[0].it, line ${lineHolding(file, 'non un commerciante, premi 9')}: says "premi asterisco", but no option has key "*": a caller who presses it is told the choice is not valid, or sent on as if they had pressed nothing\n` +
        '    fix: add an option with "key": "*", or take "premi asterisco" out of the "it" text\n' +
        `  at nodes.merchant-menu.prompt[0].en, line ${lineHolding(file, 'not a merchant, press 9')}: says "press star", but no option has key "*": a caller who presses it is told the choice is not valid, or sent on as if they had pressed nothing\n` +
        '    fix: add an option with "key": "*", or take "press star" out of the "en" text',
    );
    expect(startUp(file)).toBe(result.err);
    const italianInEn = menuTextWith(
      'en-in-italian',
      '"en": "To speak with a merchant support operator, press 1. To write to us with the contact form or by post, press 2. If you are a customer, not a merchant, press 9. To hear this menu again, press star."',
      '"en": "Per parlare con un operatore, premi 1. Per scriverci, premi 2. Se sei un cliente, premi 9. Per riascoltare il menu, premi asterisco."',
    );
    const warned = await lint(italianInEn);
    expect(warned.code).toBe(0);
    expect(warned.out).toContain(`  warning at nodes.merchant-menu.prompt[0].en, line ${lineHolding(italianInEn, '"en": "Per parlare')}: reads like Italian`);
  });

  // The review: `sed -i '0,/{hours}/s//{hours/'` passed lint, and callers heard "È attivo {hours, ora italiana…".
  it.each([
    ['{hours', 'has "{hours" with no "}" to close it', 'write "{hours}": a placeholder is its name between { and }'],
    ['hours}', 'has "hours}" with no "{" to open it', 'write "{hours}": a placeholder is its name between { and }'],
    ['{hour}', 'uses "{hour}", which nothing fills in', 'did you mean "{hours}" (the weekly opening hours of "hours.weekly")? correct the name, or write the words out'],
    ['{Hours}', 'uses "{Hours}", which nothing fills in', 'did you mean "{hours}" (the weekly opening hours of "hours.weekly")? correct the name, or write the words out'],
    ['{ hours }', 'has "{ hours }", with spaces inside the braces', 'write "{hours}": a placeholder is its name between one { and one }, with no spaces'],
    ['{{hours}}', 'has "{{hours}}", in double braces', 'write "{hours}": a placeholder is its name between one { and one }, with no spaces'],
    [
      '{orario',
      'has "{orario" with no "}" to close it',
      'remove the "{", or write a placeholder whole, its name between { and }: the placeholders are "{holiday}" (the name of the day the line is closed for), "{reopens}" (when the closed line opens again) and "{hours}" (the weekly opening hours of "hours.weekly")',
    ],
  ])('a placeholder written %s in the merchants\' closed message: refused at its text, the placeholder meant in the fix', async (written, what, fix) => {
    const file = menuTextWith(`placeholder-${written.replace(/\W/g, '')}`, '{hours}', written);
    const result = await lint(file);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `Invalid flow file ${file}: 1 problem\n  at nodes.merchant-closed.prompt[0].it, line ${lineHolding(file, written)}: ${what}: the caller would hear ${written.startsWith('{{') ? 'the outer braces' : 'it'} as written\n    fix: ${fix}`,
    );
    expect(startUp(file)).toBe(result.err);
  });
});
