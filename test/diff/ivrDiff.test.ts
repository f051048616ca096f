// `ivr diff OLD NEW`: what a flow change does to callers, before it is
// deployed. Each kind of change is made on a fixed copy of our flow
// (test/support/fixedMenu.ts: weekdays 09:00-17:00, its words as then), so
// the hours, sentences and reopenings quoted below stay those of the copy when
// an editor changes the shipped menu; the command (built, as users run it)
// must name where calls part, with before and after, and exit 1; an unchanged
// flow exits 0.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectDir, runIvr } from '../support/runIvr';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { FIXED_FLOW_FILE, splitAnswer } from '../support/fixedMenu';
import { copyOfBuiltApp } from '../support/appCopy';

type Json = Record<string, any>;
const ourFlow = path.join(projectDir, 'flows/klarna-italia.json');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the fixed flow, changed by `edit`, as a file. */
function variant(name: string, edit: (flow: Json) => void): string {
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8')) as Json;
  edit(flow);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

const original = variant('original', () => {});
const option = (flow: Json, node: string, key: string) => (flow.nodes[node].options as Json[]).find((o) => o.key === key) as Json;

describe('ivr diff', { timeout: 30_000 }, () => {
  it('exits 0 and says so when nothing changed', async () => {
    // Our flow as it is now, against a copy of it written out again (as `variant` writes, re-indented).
    const copy = path.join(dir, 'ours-copied.json');
    writeFileSync(copy, JSON.stringify(JSON.parse(readFileSync(ourFlow, 'utf8')), null, 2));
    const run = await runIvr(['diff', ourFlow, copy]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('No change: the two flows are the same.');
    expect(run.code).toBe(0);
  });

  it('names the menu and both keys when two keys of the consumer menu are swapped, and exits 1', async () => {
    const swapped = variant('swapped', (flow) => {
      option(flow, 'consumer-menu', '3').next = 'consumer-written';
      option(flow, 'consumer-menu', '4').next = 'consumer-complaints';
    });
    const svg = path.join(dir, 'swapped.svg');
    const run = await runIvr(['diff', original, swapped, '--svg', svg]);
    expect(run.code).toBe(1);
    const group = run.stdout.slice(run.stdout.indexOf('consumer line, at consumer-menu:'), run.stdout.indexOf('\nmerchant line, at consumer-menu:'));
    // The swap changes the Italian and the English call alike: one entry per key, naming the nodes once, with each
    // language's words under it. Under each route, the first sentence that side says: what the person approving the
    // change reads, not node ids. Above them, the sentence of the menu that asks for the key: what the caller was promised.
    expect(group.match(/^ {2}\S.*$/gm)).toEqual(['  key 3, in en and it (open)', '  key 4, in en and it (open)']);
    expect(group).toContain(
      '  key 3, in en and it (open)\n' +
        '    before: consumer-complaints, waits for a key at consumer-complaints (en or it)\n' +
        '    after:  consumer-written, waits for a key at consumer-written (en or it)\n' +
        '    en, after 1 at consumer-welcome:\n' +
        '      asked for by: "To make a complaint, press 3."\n' +
        '      before says: "For a complaint, first turn to Klarna Customer Service: you can do so now, by speaking to an…"\n' +
        '      after  says: "You can write to us with the contact form, in the Contacts section of the Klarna website."\n' +
        '    it, after 2 at consumer-welcome:\n' +
        '      asked for by: "Per presentare un reclamo, premi 3."\n' +
        '      before says: "Per un reclamo, rivolgiti prima al Servizio clienti di Klarna: puoi farlo subito, parlando con un…"\n' +
        '      after  says: "Puoi scriverci con il modulo di contatto, nella sezione Contatti del sito Klarna."\n',
    );
    expect(group).toMatch(/\n {2}key 4, in en and it \(open\)\n {4}before: consumer-written, .*\n {4}after: {2}consumer-complaints, [\s\S]*\n {6}asked for by: "Per scriverci con il modulo di contatto o per posta, premi 4\."\n/);
    // The places are still counted as calls: 2 keys, in 2 languages, on 2 lines.
    expect(run.stdout).toContain('\n8 places where calls now go differently (2 changes in the flow file).\n');
    // The Markdown report has one row per key, each language's words on lines of their own in its cells.
    const markdown = await runIvr(['diff', original, swapped, '--markdown']);
    const table = markdown.stdout.slice(markdown.stdout.indexOf('#### consumer line, at consumer-menu'), markdown.stdout.indexOf('Hear them'));
    expect(table.match(/^\| key \d/gm)).toEqual(['| key 3', '| key 4']);
    expect(table).toContain(
      '| key 3, in en and it<br>en, after 1 at consumer-welcome: asked for by: "To make a complaint, press 3."<br>it, after 2 at consumer-welcome: asked for by: "Per presentare un reclamo, premi 3." | open | ' +
        'consumer-complaints, waits for a key at consumer-complaints (en or it)<br>en: says: "For a complaint, first turn to Klarna Customer Service: you can do so now, by speaking to an…"<br>' +
        'it: says: "Per un reclamo, rivolgiti prima al Servizio clienti di Klarna: puoi farlo subito, parlando con un…" | ',
    );
    expect(run.stdout).toContain('changed  nodes.consumer-menu.options[key=3].next: "consumer-complaints" -> "consumer-written"');
    // Each change comes with a command that plays it on the new flow, in the entry's first language.
    expect(run.stdout).toMatch(/\n {4}hear after \(en\): {2}IVR_FLOW_FILE=\S+swapped\.json npx ivr call --to \+390237921240 --at \S+ --press 1 --press 3/);
    expect(run.stdout).toMatch(/\n {4}hear before \(en\): IVR_FLOW_FILE=\S+original\.json npx ivr call /);
    // "before:" and "after:" alone are what the caller hears or where the call goes, never a command.
    expect(run.stdout).not.toMatch(/^ {4}(before|after): +IVR_FLOW_FILE=/m);
    // The map of the new flow marks the menu and the two edges that now lead elsewhere, and nothing else.
    const marked = [...readFileSync(svg, 'utf8').matchAll(/<g class="[^"]*\bchanged\b[^"]*" (data-[^>]*)>/g)].map((m) => m[1]);
    expect(marked.sort()).toEqual(['data-from="consumer-menu" data-to="consumer-complaints"', 'data-from="consumer-menu" data-to="consumer-written"', 'data-node="consumer-menu"']);
    // Only the open instants can reach the menu: closed, weekend and holiday calls are unchanged.
    expect(run.stdout).not.toMatch(/consumer line, at consumer-hours/);
  });

  it('reports a reworded prompt as words only, not as a new path', async () => {
    const reworded = variant('reworded', (flow) => {
      flow.nodes.goodbye.prompt = [{ it: 'Grazie e arrivederci.', en: 'Thank you, goodbye.' }];
    });
    const run = await runIvr(['diff', original, reworded, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.calls.length).toBeGreaterThan(0);
    expect(report.calls.every((c: Json) => c.kind === 'wording')).toBe(true);
    expect(report.calls.map((c: Json) => c.after)).toContain('Grazie e arrivederci.');
    // The Italian and the English sentence: one entry each, however many calls end with them.
    expect(report.summary).toMatch(/^2 sentences callers hear in other words, at \d+ places/);
    expect(report.sentences.map((s: Json) => s.after).sort()).toEqual(['Grazie e arrivederci.', 'Thank you, goodbye.']);
    expect(report.summary).not.toMatch(/go differently/);
  });

  it('names a reworded sentence once, with the changed words marked, after the changes of route', async () => {
    const reworded = variant('reworded-text', (flow) => {
      flow.nodes.goodbye.prompt = [{ it: 'Grazie per aver chiamato Klarna. A presto.', en: 'Thank you for calling Klarna. Goodbye.' }];
    });
    const run = await runIvr(['diff', original, reworded]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^1 sentence callers hear in other words, at \d+ places \(1 change in the flow file\)\.$/m);
    // One entry for the sentence, however many calls end with it: the words that changed marked, one call to hear it
    // (the shortest call that hears it, on either line).
    expect(run.stdout).toMatch(/\nSaid in other words \(\[-removed-\]\{\+added\+\}\):\n {2}Grazie per aver chiamato Klarna\. \[-Arrivederci\.-\]\{\+A presto\.\+\}\n {4}heard at \d+ places on the consumer and merchant lines; e\.g\. (consumer|merchant) line, choices (?:[\d*#]+ at [\w-]+, )*[\d*#]+ at [\w-]+, at \w+\b.*\n {4}hear before: .*\n {4}hear after: {2}IVR_FLOW_FILE=\S+reworded-text\.json npx ivr call --to \+3902379212[45]0 --at \S+ (--press \S+ ?)+\n/);
    expect(run.stdout.match(/A presto/g)).toHaveLength(2); // the entry and the flow-file change
    expect(run.stdout.split('\n').length).toBeLessThan(20);

    // A sentence said before the caller's first choice is heard by every call on its line, not "at 1 place".
    const welcome = await runIvr(['diff', original, variant('reworded-welcome', (flow) => (flow.nodes['consumer-welcome'].prompt[0].text = 'Ti diamo il benvenuto nel servizio clienti di Klarna Italia.'))]);
    expect(welcome.stdout).toMatch(/^1 sentence callers hear in other words, by every call on the consumer line \(1 change in the flow file\)\.$/m);
    expect(welcome.stdout).toMatch(/\n {2}\[-Benvenuto-\]\{\+Ti diamo il benvenuto\+\} nel servizio clienti di Klarna Italia\.\n {4}heard by every call on the consumer line; e\.g\. consumer line, the call itself, at /);

    // With a change of route in the same edit, the route comes first and is not buried.
    const both = variant('reworded-and-swapped', (flow) => {
      flow.nodes.goodbye.prompt = [{ it: 'Grazie per aver chiamato Klarna. A presto.', en: 'Thank you for calling Klarna. Goodbye.' }];
      option(flow, 'merchant-menu', '1').next = 'merchant-written';
      option(flow, 'merchant-menu', '2').next = 'merchant-operator';
    });
    const combined = await runIvr(['diff', original, both]);
    // 4 on the merchant line, and as many from the consumer menu's 9, which leads into the merchant menu.
    expect(combined.stdout).toMatch(/^8 places where calls now go differently; 1 sentence callers hear in other words, at \d+ places /m);
    expect(combined.stdout.indexOf('merchant line, at merchant-menu:')).toBeGreaterThan(0);
    expect(combined.stdout.indexOf('merchant line, at merchant-menu:')).toBeLessThan(combined.stdout.indexOf('Said in other words'));
    expect(combined.stdout).not.toContain('words only');
  });

  it('names a sentence added to a message as added, not as a rewording of the sentences after it', async () => {
    const inserted = variant('inserted', (flow) => {
      flow.nodes.closed.prompt.splice(1, 0, { it: 'Ci scusiamo per il disagio.', en: 'We apologise for the inconvenience.' });
    });
    const run = await runIvr(['diff', original, inserted]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^2 sentences callers hear in other words/m);
    expect(run.stdout).toContain('\n  {+Ci scusiamo per il disagio.+}\n');
    expect(run.stdout).toContain('\n  {+We apologise for the inconvenience.+}\n');
    expect(run.stdout).not.toMatch(/\[-[^\n]*Riapriamo|\[-[^\n]*Chatta/);
    // The flow file's change is shown from where the two prompts part, not from their common start.
    expect(run.stdout).toMatch(/\n {2}changed {2}nodes\.closed\.prompt: \.\.\.[^\n]*Riapriamo[^\n]* -> \.\.\.[^\n]*Ci scusiamo per il disagio/);
  });

  it('shows what callers the evening before an added closure date hear: the line opens again a day later', async () => {
    const closure = variant('closure', (flow) => {
      flow.hours.closures = [{ date: '2026-11-25', name: { it: 'inventario', en: 'stocktaking' } }];
    });
    const run = await runIvr(['diff', original, closure]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  Riapriamo [-domani-]{+giovedì 26 novembre+} alle [-9.-]{+9, dopo la chiusura per inventario.+}\n');
    expect(run.stdout).toContain('at evening before closure 2026-11-25');
    expect(run.stdout).toContain('npx ivr call --to +390237921240 --at 2026-11-24T23:30 --press 2');
  });

  it('shows what callers hear on a closure day the change adds, in each language and on each line, in the terminal and in Markdown', async () => {
    // Monday 7 December 2026: the day before the Immacolata, so the line opens again on the Wednesday.
    const ambrose = variant('sant-ambrogio', (flow) => {
      flow.hours.closures = [{ date: '2026-12-07', name: { it: "la festa di Sant'Ambrogio", en: 'the feast of Saint Ambrose' } }];
    });
    const run = await runIvr(['diff', original, ambrose]);
    expect(run.code).toBe(1);
    // The calls that day are named by the holiday first: the old flow was open then, which comes after it.
    // Not "(also open)": the old flow was open then, which read as the line open that day.
    expect(run.stdout).toContain('\n  key 1 (holiday (the feast of Saint Ambrose), closure 2026-12-07)\n');
    expect(run.stdout).toContain(
      '\nHeard on the days off the change adds or renames:\n' +
        '  closure 2026-12-07, consumer line, at holiday-closed\n' +
        "    it: Oggi il servizio clienti telefonico è chiuso per la festa di Sant'Ambrogio. È attivo dal lunedì al venerdì, dalle 9 alle 17. Riapriamo mercoledì 9 dicembre alle 9, dopo l'Immacolata. Puoi anche scriverci in chat:",
    );
    expect(run.stdout).toContain('\n    en: Today our phone customer service is closed for the feast of Saint Ambrose. It is open Monday to Friday, from 9 am to 5 pm, Italian time. We open again on Wednesday 9 December at 9 am, after the Feast of the Immaculate Conception. You can also chat with us:');
    expect(run.stdout).toContain("\n  closure 2026-12-07, merchant line, at merchant-holiday-closed\n    it: Oggi il servizio clienti per i commercianti è chiuso per la festa di Sant'Ambrogio.");
    // The closure in the flow file, whole: both names callers hear.
    expect(run.stdout).toContain(`\n  added    hours.closures[date=2026-12-07]: {"date":"2026-12-07","name":{"it":"la festa di Sant'Ambrogio","en":"the feast of Saint Ambrose"}}\n`);
    const markdown = await runIvr(['diff', original, ambrose, '--markdown']);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain('\n#### Heard on the days off the change adds or renames\n\n| day | language | words |\n|---|---|---|\n| closure 2026-12-07, consumer line, at holiday-closed | it | Oggi il servizio clienti telefonico è chiuso per la festa di Sant\'Ambrogio.');
    expect(markdown.stdout).toContain('| closure 2026-12-07, merchant line, at merchant-holiday-closed | en | Today our merchant customer service is closed for the feast of Saint Ambrose.');
  });

  it("calls on a public holiday whose spoken name the change gives, and shows what callers hear that day", async () => {
    const befana = variant('befana', (flow) => {
      flow.hours.holidays.spokenNames.it.Epifania = 'la Befana';
    });
    const run = await runIvr(['diff', original, befana]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  Oggi il servizio clienti telefonico è chiuso per [-l\'Epifania.-]{+la Befana.+}');
    expect(run.stdout).toContain('\n  holiday 2027-01-06, consumer line, at holiday-closed\n    it: Oggi il servizio clienti telefonico è chiuso per la Befana.');
    expect(run.stdout).toContain('\n    en: Today our phone customer service is closed for Epiphany.');
    // Only the day whose name changed: no other holiday of the year is called at.
    expect(run.stdout.match(/^ {2}(holiday|closure) \S+, /gm)).toEqual(['  holiday 2027-01-06, ', '  holiday 2027-01-06, ']);
  });

  it('names every sentence of a step said differently: new hours do not hide when the line now opens again', async () => {
    // Monday to 18:00 and a closure on Wednesday 25 November: the evening before, the hours and the reopening both change.
    const both = variant('hours-and-closure', (flow) => {
      flow.hours.weekly.mon = [{ open: '09:00', close: '18:00' }];
      flow.hours.closures = [{ date: '2026-11-25', name: { it: 'inventario', en: 'stocktaking' } }];
    });
    const run = await runIvr(['diff', original, both]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  In questo momento il servizio clienti telefonico è chiuso. È attivo {+il lunedì, dalle 9 alle 18, e+} dal [-lunedì-]{+martedì+} al venerdì,');
    expect(run.stdout).toContain('  Riapriamo [-domani-]{+giovedì 26 novembre+} alle [-9.-]{+9, dopo la chiusura per inventario.+}\n');
  });

  it('finds the calls a removed node changes', async () => {
    const removed = variant('removed', (flow) => {
      delete flow.nodes['consumer-call-cost'];
      flow.nodes['consumer-menu'].options = (flow.nodes['consumer-menu'].options as Json[]).filter((o) => o.key !== '5');
      flow.nodes['consumer-menu'].prompt[0].it = flow.nodes['consumer-menu'].prompt[0].it.replace(' Per sapere quanto costa questa chiamata, premi 5.', '');
      flow.nodes['consumer-menu'].prompt[0].en = flow.nodes['consumer-menu'].prompt[0].en.replace(' To learn what this call costs, press 5.', '');
    });
    const run = await runIvr(['diff', original, removed, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const key5 = report.calls.find((c: Json) => c.at === 'consumer-menu' && c.choices.at(-1) === '5' && c.kind === 'route');
    expect(key5.before).toContain('consumer-call-cost');
    expect(key5.after).toMatch(/waits for a key at consumer-menu/);
    expect(report.flowChanges).toContainEqual(expect.objectContaining({ path: 'nodes.consumer-call-cost', change: 'removed' }));
  });

  it('compares on a closure date the change adds, so a new company holiday is caught', async () => {
    const closure = variant('closure', (flow) => {
      flow.hours.closures.push({ date: '2026-12-30', name: { it: 'chiusura aziendale', en: 'company closure' } });
    });
    const run = await runIvr(['diff', original, closure, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const onClosure = report.calls.filter((c: Json) => c.instants.some((i: Json) => i.label === 'closure 2026-12-30'));
    expect(onClosure.map((c: Json) => `${c.line} ${c.at}: ${c.after}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^consumer consumer-welcome: .*holiday-closed/), expect.stringMatching(/^merchant merchant-welcome: .*holiday-closed/)]),
    );
  });

  it('calls at the first day of a closure of several days, and the evening before: the days after it say the same', async () => {
    // Monday 9 to Friday 13 August 2027 (docs/flow-file.md's example): the break said on the Monday, the reopening the Friday before.
    const summer = variant('summer-break', (flow) => {
      flow.hours.closures = [{ date: '2027-08-09', until: '2027-08-13', name: { it: 'ferie estive', en: 'the summer break' } }];
    });
    const run = await runIvr(['diff', original, summer, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const labels = new Set<string>(report.calls.flatMap((c: Json) => c.instants.map((i: Json) => i.label)));
    expect([...labels].filter((label) => label.includes('closure')).sort()).toEqual(['closure 2027-08-09 to 2027-08-13', 'evening before closure 2027-08-09 to 2027-08-13']);
    const evening = report.calls.filter((c: Json) => c.line === 'consumer' && c.instants.some((i: Json) => i.label === 'evening before closure 2027-08-09 to 2027-08-13'));
    expect(evening.map((c: Json) => c.after)).toEqual(expect.arrayContaining(['Riapriamo lunedì 16 agosto alle 9, dopo la chiusura per ferie estive.', 'We open again on Monday 16 August at 9 am, after the closure for the summer break.']));
    // The flow had no closures: the one added is listed as itself, not as a changed list cut off at 100 characters.
    expect(report.flowChanges).toContainEqual(expect.objectContaining({ path: 'hours.closures[date=2027-08-09]', change: 'added' }));
  });

  it('a closure from a Saturday is called at on its weekdays too: the calls that reached the menu are now closed', async () => {
    const fromSaturday = variant('from-saturday', (flow) => {
      flow.hours.closures = [{ date: '2027-08-07', until: '2027-08-13', name: { it: 'ferie estive', en: 'the summer break' } }];
    });
    const run = await runIvr(['diff', original, fromSaturday, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const onWeekdays = report.calls.filter((c: Json) => c.kind === 'route' && c.instants.some((i: Json) => i.label === 'closure 2027-08-09 to 2027-08-13'));
    // Monday 9 August at noon: the consumer welcome's key 1 led to the menu, and now to the closed-for-a-holiday message.
    expect(onWeekdays.map((c: Json) => `${c.line} ${c.before} -> ${c.after}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^consumer .*consumer-menu.* -> .*holiday-closed/), expect.stringMatching(/^merchant .*merchant-menu.* -> .*merchant-holiday-closed/)]),
    );
    const labels = new Set<string>(report.calls.flatMap((c: Json) => c.instants.map((i: Json) => i.label)));
    // The Saturday and the Sunday apart: on the Sunday the old flow said the line opens "domani".
    expect(labels).toContain('closure 2027-08-07');
    expect(labels).toContain('closure 2027-08-08');
  });

  it('names a call on a weekend closure by the closure first, with the weekend it also is: not as "weekend" alone', async () => {
    // Saturday 12 and Sunday 13 December 2026: the Saturday noon is also the old flow's weekend instant.
    const weekend = variant('weekend-closure', (flow) => {
      flow.hours.closures = [{ date: '2026-12-12', until: '2026-12-13', name: { it: 'inventario', en: 'stocktaking' } }];
    });
    const run = await runIvr(['diff', original, weekend]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('\n  key 1 (closure 2026-12-12 (also weekend), closure 2026-12-13, evening before closure 2026-12-13)\n');
    expect(run.stdout).not.toMatch(/\(weekend\)/);
    // The Sunday says "domani" where the Saturday names the Monday: each day's words are shown.
    expect(run.stdout).toMatch(/\n {2}closure 2026-12-12, consumer line, at holiday-closed\n {4}it: [^\n]*Riapriamo lunedì 14 dicembre alle 9\./);
    expect(run.stdout).toMatch(/\n {2}closure 2026-12-13, consumer line, at holiday-closed\n {4}it: [^\n]*Riapriamo domani alle 9\./);
    const markdown = await runIvr(['diff', original, weekend, '--markdown']);
    expect(markdown.stdout).toContain('\n| key 1<br>asked for by: "For English, press 1." | closure 2026-12-12 (also weekend), closure 2026-12-13, evening before closure 2026-12-13 | ');
    const report = JSON.parse((await runIvr(['diff', original, weekend, '--json'])).stdout);
    expect(report.instants).toContainEqual({ label: 'closure 2026-12-12', at: '2026-12-12T12:00', also: ['weekend'] });
  });

  it('shows the days of a long closure that hear the same words once, and the day before reopening ("domani") apart', async () => {
    const christmas = variant('christmas', (flow) => {
      flow.hours.closures = [{ date: '2026-12-24', until: '2027-01-06', name: { it: 'le feste natalizie', en: 'the Christmas holidays' } }];
    });
    const run = await runIvr(['diff', original, christmas]);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/^ {2}(closure|holiday) [^\n]*, at \S+$/gm)).toEqual([
      '  closure 2026-12-24 to 2027-01-05 (13 days, the same words each day), consumer line, at holiday-closed',
      '  closure 2026-12-24 to 2027-01-05 (13 days, the same words each day), merchant line, at merchant-holiday-closed',
      '  closure 2027-01-06, consumer line, at holiday-closed',
      '  closure 2027-01-06, merchant line, at merchant-holiday-closed',
    ]);
    expect(run.stdout).toMatch(/\(13 days, the same words each day\), consumer line, at holiday-closed\n {4}it: [^\n]*Riapriamo giovedì 7 gennaio alle 9\./);
    expect(run.stdout).toMatch(/closure 2027-01-06, consumer line, at holiday-closed\n {4}it: [^\n]*Riapriamo domani alle 9\./);
    // In JSON, each call the grouped words were heard at: a holiday, a weekend day or a run of weekdays of the closure.
    const report = JSON.parse((await runIvr(['diff', original, christmas, '--json'])).stdout);
    const grouped = report.daysOff.find((d: Json) => d.lines.includes('consumer') && d.first === '2026-12-24');
    expect(grouped.last).toBe('2027-01-05');
    expect(grouped.calls.map((c: Json) => c.label)).toEqual(expect.arrayContaining(['closure 2026-12-24', 'closure 2026-12-25', 'closure 2026-12-28 to 2026-12-31', 'closure 2027-01-04 to 2027-01-05']));
  });

  it('calls on the last day of a weekday closure apart: callers then hear the line opens "domani"', async () => {
    // Monday 11 to Thursday 14 January 2027: the Friday opens.
    const stocktaking = variant('monday-to-thursday', (flow) => {
      flow.hours.closures = [{ date: '2027-01-11', until: '2027-01-14', name: { it: 'inventario', en: 'stocktaking' } }];
    });
    const run = await runIvr(['diff', original, stocktaking]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\n {2}closure 2027-01-11 to 2027-01-13 \(3 days, the same words each day\), consumer line, at holiday-closed\n {4}it: [^\n]*Riapriamo venerdì 15 gennaio alle 9\./);
    expect(run.stdout).toMatch(/\n {2}closure 2027-01-14, consumer line, at holiday-closed\n {4}it: [^\n]*Riapriamo domani alle 9\./);
  });

  it('calls at a closed Saturday afternoon when the line opens only then: those callers now lose the menu', async () => {
    const afternoon = variant('saturday-afternoon', (flow) => {
      flow.hours.weekly.sat = [{ open: '14:00', close: '18:00' }];
    });
    const closed = variant('saturday-afternoon-closed', (flow) => {
      flow.hours.weekly.sat = [{ open: '14:00', close: '18:00' }];
      flow.hours.closures = [{ date: '2027-08-07', name: { it: 'ferie estive', en: 'the summer break' } }];
    });
    const run = await runIvr(['diff', afternoon, closed, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const onClosure = report.calls.filter((c: Json) => c.kind === 'route' && c.instants.some((i: Json) => i.label === 'closure 2027-08-07'));
    expect(onClosure[0].instants).toContainEqual({ label: 'closure 2027-08-07', at: '2027-08-07T14:00' });
    expect(onClosure.map((c: Json) => `${c.line} ${c.before} -> ${c.after}`)).toEqual(expect.arrayContaining([expect.stringMatching(/^consumer .*consumer-menu.* -> .*holiday-closed/)]));
  });

  it('names an instant both flows pick once: a line open round the clock is not "at holiday (…), holiday (…)"', async () => {
    const always = [{ open: '00:00', close: '24:00' }];
    const roundTheClock = variant('round-the-clock', (flow) => {
      for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) flow.hours.weekly[day] = always;
    });
    const run = await runIvr(['diff', original, roundTheClock]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/at holiday \([^)]+\)/);
    expect(run.stdout).not.toMatch(/(holiday \([^)]+\)), \1/);
  });

  it('finds a changed opening or closing time: calls on either side of it go differently, each with a command', async () => {
    const friday = variant('friday-16', (flow) => {
      flow.hours.weekly.fri = [{ open: '09:00', close: '16:00' }];
    });
    const run = await runIvr(['diff', original, friday]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('No call goes differently');
    // 11 December 2026 is the Friday of the default week: at 16:00 the new flow is closed, the old still open.
    const entry = run.stdout.slice(run.stdout.indexOf('consumer line, at consumer-welcome:'));
    expect(entry).toMatch(/ or silence \(hours changed, fri 16:00, fri 16:59\)\n {4}before: consumer-hours > consumer-menu, waits for a key at consumer-menu \(it\)\n.*\n {4}after: {2}consumer-hours > closed > chat-link-sms, waits for a key at chat-link-sms \(it\)/);
    // After the welcome both say, where the words part: the menu's first key before, the closed message after.
    expect(entry).toMatch(/\n {4}before: consumer-welcome-en > consumer-hours > consumer-menu, [^\n]*\n {6}says, after 1 sentence both say: "To learn how to use the chat, press 1\."\n {4}after: {2}[^\n]*\n {6}says, after 1 sentence both say: "Our phone customer service is closed right now\."\n/);
    expect(entry).toMatch(/hear after: {2}IVR_FLOW_FILE=\S+friday-16\.json npx ivr call --to \+390237921240 --at 2026-12-11T16:00 /);
    // One `hours` serves every line, so the merchant line closes early too, and the report says so (docs/flow-file.md).
    expect(run.stdout).toMatch(/\nmerchant line, at merchant-welcome:\n {2}key 1 \(hours changed, fri 16:00, fri 16:59\)\n {4}asked for by: "For English, press 1\."\n {4}before: merchant-welcome-en > merchant-hours > merchant-menu/);
    // Opening earlier on every weekday shows too, at the new opening minute (the Tuesday of the week is a holiday: the next Tuesday is used).
    const early = variant('early', (flow) => {
      for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) flow.hours.weekly[day] = [{ open: '08:30', close: '17:00' }];
    });
    const report = JSON.parse((await runIvr(['diff', original, early, '--json'])).stdout);
    expect(report.callersNotice).toBe(true);
    const labels = report.calls.filter((c: Json) => c.kind === 'route').flatMap((c: Json) => c.instants.map((i: Json) => i.at));
    expect(labels).toEqual(expect.arrayContaining(['2026-12-07T08:30', '2026-12-15T08:30', '2026-12-11T08:30']));
    expect(labels).not.toContain('2026-12-07T08:29');
  });

  it('compares a change of time zone at the same moments: the hour the line moves is reported, with commands that play it on either flow', async () => {
    // The same weekly hours read in London: 09:00-10:00 in Italy is now before the line opens, 17:00-18:00 in it.
    const london = variant('london', (flow) => {
      flow.hours.timeZone = 'Europe/London';
    });
    const run = await runIvr(['diff', original, london]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('No call goes differently');
    expect(run.stdout).toContain('changed  hours.timeZone: "Europe/Rome" -> "Europe/London"');
    // On the new flow's clock: 08:00 in London on Monday 7 December 2026 is 09:00 in Rome, when the old flow opened.
    const entry = run.stdout.slice(run.stdout.indexOf('consumer line, at consumer-welcome:'));
    expect(entry).toMatch(/ or silence \(hours changed, mon 08:00, mon 08:59, tue 08:00, [^)]*\)\n {4}before: consumer-hours > consumer-menu, waits for a key at consumer-menu \(it\)\n.*\n {4}after: {2}consumer-hours > closed > /);
    expect(entry).toMatch(/ or silence \(hours changed, mon 16:00, mon 16:59, [^)]*\)\n {4}before: consumer-hours > closed > [^\n]*\n.*\n {4}after: {2}consumer-hours > consumer-menu, /);
    // Each command names the moment with its offset, so both flows play it: the old one at 09:00 in Rome, the new one at 08:00 in London.
    const before = entry.match(/hear before: IVR_FLOW_FILE=(\S+original\.json) npx ivr call --to (\S+) --at (2026-12-07T08:00\+00:00) --press 2\n/);
    const after = entry.match(/hear after: {2}IVR_FLOW_FILE=(\S+london\.json) npx ivr call --to (\S+) --at (2026-12-07T08:00\+00:00) --press 2\n/);
    expect(before).not.toBeNull();
    expect(after).not.toBeNull();
    const play = ([, file, to, at]: RegExpMatchArray) => runIvr(['call', '--to', to as string, '--at', at as string, '--press', '2'], { env: { IVR_FLOW_FILE: file as string } });
    const [old, moved] = await Promise.all([play(before as RegExpMatchArray), play(after as RegExpMatchArray)]);
    expect(old.stdout).toContain('premi 1. Per parlare con un operatore, premi 2.');
    expect(old.stdout).not.toContain('il servizio clienti telefonico è chiuso');
    expect(moved.stdout).toContain('In questo momento il servizio clienti telefonico è chiuso.');
    // An instant given with --at is the same moment for both flows too: 09:30 in Rome is 08:30 in London, closed now.
    const report = JSON.parse((await runIvr(['diff', original, london, '--at', '2026-11-24T09:30+01:00', '--line', 'consumer', '--json'])).stdout);
    const atHalfPast = report.calls.filter((call: Json) => call.instants.some((i: Json) => i.label === '--at'));
    expect(atHalfPast.map((call: Json) => call.instants.find((i: Json) => i.label === '--at').at)).toContain('2026-11-24T08:30+00:00');
    expect(atHalfPast.some((call: Json) => /^consumer-hours > consumer-menu/.test(call.before) && /^consumer-hours > closed/.test(call.after))).toBe(true);
  });

  it('shows a changed destination as calls connected elsewhere, in Markdown for a pull request', async () => {
    const moved = variant('moved', (flow) => {
      flow.destinations['merchant-operator-it'].number = '+390200000000';
    });
    const run = await runIvr(['diff', original, moved, '--markdown']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^### Menu change: /);
    // The old side's operators are the placeholder, unset here: named by their setting, as ivr explore names them; the new side by its number.
    // (">" and "_" escaped, as every text in the Markdown is: GitHub shows them as they are.)
    expect(run.stdout).toMatch(/\| key 1, after 2 at consumer-welcome, 9 at consumer-menu<br>asked for by: "Per parlare con un operatore dedicato ai commercianti, premi 1\." \| open \| merchant-operator-hours \\> merchant-operator, transfers to the operators \(it; DEST\\_MERCHANT\\_OPERATOR\\_IT, unset here\) \| merchant-operator-hours \\> merchant-operator, transfers to \+390200000000 \(it\)<br>both say the same words: only where the call goes differs \|/);
    // Both sides to hear, as the terminal report gives them (it listed only the new flow's): each named by its row and side.
    // The old side's operators are the placeholder, unset here: its command sets an example number; the new side's number is real.
    expect(run.stdout).toMatch(
      /Hear them, from the repository's root:\n\n```sh\n# key 1, after 2 at consumer-welcome, 9 at consumer-menu \(open\), before:\nIVR_FLOW_FILE=\S+original\.json DEST_MERCHANT_OPERATOR_IT=\+390200000001 npx ivr call --to \+390237921240 .*--press 1\n# key 1, after 2 at consumer-welcome, 9 at consumer-menu \(open\), after:\nIVR_FLOW_FILE=\S+moved\.json npx ivr call --to \+390237921240 .*--press 1\n/,
    );
    // Run from outside the repository, the commands' relative paths start from that folder: the report names it.
    const outside = await runIvr(['diff', original, moved, '--markdown'], { cwd: dir });
    expect(outside.stdout).toContain(`\nHear them, from ${dir}:\n`);
  });

  it("shows what callers hear at a node the change adds, in each language, in the terminal and in Markdown", async () => {
    // An editor's new answer at key 6, as the chat's: its words, then 1 again, 2 an operator, * the menu.
    const refund = variant('refund', (flow) => {
      (flow.nodes['consumer-menu'].options as Json[]).push({ key: '6', next: 'consumer-refund' });
      (flow.nodes['consumer-menu'].prompt as Json[]).push({ it: 'Per un rimborso, premi 6.', en: 'For a refund, press 6.' });
      flow.nodes['consumer-refund'] = {
        ...flow.nodes['consumer-chat'],
        intro: [{ it: 'Per un rimborso, scrivici entro 14 giorni.', en: 'For a refund, write to us within 14 days.' }],
        prompt: [{ it: 'Per riascoltare, premi 1. Per un operatore, premi 2. Per il menu, premi asterisco.', en: 'To hear this again, press 1. For an operator, press 2. For the menu, press star.' }],
        options: [
          { key: '1', next: 'consumer-refund' },
          { key: '2', next: 'consumer-operator-hours' },
          { key: '*', next: 'consumer-menu' },
        ],
      };
    });
    const run = await runIvr(['diff', original, refund]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/after: {2}consumer-refund, waits for a key at consumer-refund \(en or it\)/);
    expect(run.stdout).toContain(
      '\nHeard at new nodes:\n  consumer-refund\n' +
        '    it: Per un rimborso, scrivici entro 14 giorni. Per riascoltare, premi 1. Per un operatore, premi 2. Per il menu, premi asterisco.\n' +
        '    en: For a refund, write to us within 14 days. To hear this again, press 1. For an operator, press 2. For the menu, press star.\n',
    );
    const markdown = await runIvr(['diff', original, refund, '--markdown']);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain(
      '\n#### Heard at new nodes\n\n| node | language | words |\n|---|---|---|\n' +
        '| consumer-refund | it | Per un rimborso, scrivici entro 14 giorni. Per riascoltare, premi 1. Per un operatore, premi 2. Per il menu, premi asterisco. |\n' +
        '| consumer-refund | en | For a refund, write to us within 14 days. To hear this again, press 1. For an operator, press 2. For the menu, press star. |\n',
    );
    // In the flow file, the node as the editor wrote it: no "timeoutSeconds" the schema fills in.
    expect(run.stdout).toMatch(/\n {2}added {4}nodes\.consumer-refund: \{"type":"menu","intro":\[\{"it":"Per un rimborso, scrivici entro 14 giorni\."/);
    expect(run.stdout).not.toContain('timeoutSeconds');
    // A reworded node that both flows have is "said in other words", not new.
    const reworded = await runIvr(['diff', original, variant('reworded-goodbye', (flow) => (flow.nodes.goodbye.prompt = [{ it: 'Ciao.', en: 'Bye.' }]))]);
    expect(reworded.stdout).not.toContain('Heard at new nodes');
  });

  it('shows a new node\'s "{hours}" as callers hear it, and says "{reopens}" is filled by each call', async () => {
    const hoursAnswer = variant('hours-answer', (flow) => {
      (flow.nodes['consumer-menu'].options as Json[]).push({ key: '6', next: 'consumer-hours-said' });
      (flow.nodes['consumer-menu'].prompt as Json[]).push({ it: 'Per sapere quando siamo attivi, premi 6.', en: 'To hear when we are open, press 6.' });
      flow.nodes['consumer-hours-said'] = { type: 'say', prompt: [{ it: 'Il servizio clienti telefonico è attivo {hours}, ora italiana.', en: 'Our phone customer service is open {hours}, Italian time.' }], next: 'consumer-menu' };
      // A shorter closed message: when the line opens again depends on when the call is made.
      flow.nodes['consumer-hours'].closed = 'closed-short';
      flow.nodes['closed-short'] = { type: 'say', prompt: [{ it: 'Siamo chiusi: riapriamo {reopens}.', en: 'We are closed: we open again {reopens}.' }], next: 'chat-link-sms' };
    });
    const run = await runIvr(['diff', original, hoursAnswer]);
    expect(run.code).toBe(1);
    const section = run.stdout.slice(run.stdout.indexOf('\nHeard at new nodes:\n'), run.stdout.indexOf('\nIn the flow file:\n'));
    expect(section).toContain(
      '\n  consumer-hours-said\n' +
        '    it: Il servizio clienti telefonico è attivo dal lunedì al venerdì, dalle 9 alle 17, ora italiana.\n' +
        '    en: Our phone customer service is open Monday to Friday, from 9 am to 5 pm, Italian time.\n',
    );
    expect(section).toContain('\n  closed-short\n    it: Siamo chiusi: riapriamo {reopens}.\n    en: We are closed: we open again {reopens}.\n');
    expect(section).toContain('\n  {reopens} (when the line opens again) is left as written: each call fills it from the moment it is made; ivr call --at plays one.\n');
    expect(section).not.toContain('{hours}');
    // The same words in Markdown and JSON.
    const markdown = await runIvr(['diff', original, hoursAnswer, '--markdown']);
    expect(markdown.stdout).toContain('| consumer-hours-said | it | Il servizio clienti telefonico è attivo dal lunedì al venerdì, dalle 9 alle 17, ora italiana. |');
    expect(markdown.stdout).toContain('\n\n{reopens} (when the line opens again) is left as written');
    const report = JSON.parse((await runIvr(['diff', original, hoursAnswer, '--json'])).stdout);
    expect(report.newNodes.find((n: Json) => n.node === 'consumer-hours-said').said[0].text).toBe('Il servizio clienti telefonico è attivo dal lunedì al venerdì, dalle 9 alle 17, ora italiana.');
  });

  it("shows where each key of a new node leads, and says when a copy's hear-again key still leads to the node it was copied from", async () => {
    // docs/changing-the-menu.md step 1, with the hear-again key left as copied from consumer-written.
    const copied = variant('copied-answer', (flow) => {
      (flow.nodes['consumer-menu'].options as Json[]).push({ key: '6', next: 'consumer-refund' });
      (flow.nodes['consumer-menu'].prompt as Json[]).push({ it: 'Per un rimborso, premi 6.', en: 'For a refund, press 6.' });
      flow.nodes['consumer-refund'] = { ...flow.nodes['consumer-written'], intro: [{ it: 'Per un rimborso, scrivici entro 14 giorni.', en: 'For a refund, write to us within 14 days.' }] };
    });
    const keys = (flow: Json) => (flow.nodes['consumer-written'].options as Json[]).map((o) => `${o.key} ${o.next}`);
    // The copy's keys, as the fixed flow's consumer-written has them: 1 hears it again.
    expect(keys(JSON.parse(readFileSync(copied, 'utf8')))).toEqual(['1 consumer-written', '2 consumer-operator-hours', '* consumer-menu']);
    const run = await runIvr(['diff', original, copied]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\n {2}consumer-refund\n {4}it: Per un rimborso, scrivici entro 14 giorni\. [^\n]*\n {4}en: For a refund, [^\n]*\n/,
    );
    expect(run.stdout).toContain(
      "\n    key 1: consumer-written: hears consumer-written again, as consumer-written's own key 1 does, not consumer-refund\n    key 2: consumer-operator-hours\n    key *: consumer-menu\n",
    );
    // The flow file's new node, whole: its keys and where they lead, each long text cut at 50 characters (its words are heard in full above).
    const added = run.stdout.split('\n').find((line) => line.startsWith('  added    nodes.consumer-refund: ')) as string;
    expect(added).toContain('"intro":[{"it":"Per un rimborso, scrivici entro 14 giorni.","en":"For a refund, write to us within 14 days."}]');
    expect(added).toContain('"options":[{"key":"1","next":"consumer-written"},{"key":"2","next":"consumer-operator-hours"},{"key":"*","next":"consumer-menu"}]');
    expect(added).toMatch(/"prompt":\[\{"it":"[^"]{47}\.\.\.","en":"[^"]{47}\.\.\."\}\]/);
    const markdown = await runIvr(['diff', original, copied, '--markdown']);
    expect(markdown.stdout).toContain(
      "\n| node | key | leads to |\n|---|---|---|\n| consumer-refund | 1 | consumer-written: hears consumer-written again, as consumer-written's own key 1 does, not consumer-refund |\n| consumer-refund | 2 | consumer-operator-hours |\n| consumer-refund | \\* | consumer-menu |\n",
    );
    // Pointed at itself, as step 1 says: its keys are listed, and none is said to hear the original.
    const fixed = variant('copied-answer-fixed', (flow) => {
      (flow.nodes['consumer-menu'].options as Json[]).push({ key: '6', next: 'consumer-refund' });
      (flow.nodes['consumer-menu'].prompt as Json[]).push({ it: 'Per un rimborso, premi 6.', en: 'For a refund, press 6.' });
      flow.nodes['consumer-refund'] = { ...flow.nodes['consumer-written'], options: [{ key: '1', next: 'consumer-refund' }, ...(flow.nodes['consumer-written'].options as Json[]).slice(1)] };
    });
    const good = await runIvr(['diff', original, fixed]);
    expect(good.stdout).toContain('\n    key 1: consumer-refund\n    key 2: consumer-operator-hours\n');
    expect(good.stdout).not.toContain('again, as');
  });

  it("says so too of an answer copied as our flow has it, a message then its keys, whose hear-again key still leads to the original's message", async () => {
    // docs/changing-the-menu.md step 1 on our flow: merchant-written, merchant-written-hours and merchant-written-options
    // copied as merchant-call-cost and its two, the hear-again key of the copied keys left leading to merchant-written.
    // On the fixed copy of the menu, its merchant answer split as our flow has it (a message, its hours, its keys), so a
    // rename in the shipped menu does not reach it.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8')) as Json;
    splitAnswer(flow as { nodes: Json }, 'merchant-written', { closed: 'merchant-closed', holiday: 'merchant-holiday-closed' });
    const ours = path.join(dir, 'split-answer.json');
    writeFileSync(ours, JSON.stringify(flow, null, 2));
    (flow.nodes['merchant-menu'].options as Json[]).splice(2, 0, { key: '3', next: 'merchant-call-cost' });
    flow.nodes['merchant-menu'].prompt = [{ it: `${flow.nodes['merchant-menu'].prompt[0].it} Per sapere quanto costa questa chiamata, premi 3.`, en: `${flow.nodes['merchant-menu'].prompt[0].en} To hear what this call costs, press 3.` }];
    flow.nodes['merchant-call-cost'] = { ...flow.nodes['merchant-written'], prompt: [{ it: 'Questo non è un numero verde.', en: 'This is not a freephone number.' }], next: 'merchant-call-cost-hours' };
    flow.nodes['merchant-call-cost-hours'] = { ...flow.nodes['merchant-written-hours'], open: 'merchant-call-cost-options' };
    flow.nodes['merchant-call-cost-options'] = structuredClone(flow.nodes['merchant-written-options']);
    const copied = path.join(dir, 'copied-message-answer.json');
    writeFileSync(copied, JSON.stringify(flow, null, 2));
    const run = await runIvr(['diff', ours, copied]);
    expect(run.stdout).toContain(
      "\n    key 2: merchant-written: hears merchant-written again, as merchant-written-options's own key 2 does, not merchant-call-cost\n    key 1: merchant-operator-hours\n",
    );
    // Pointed at the copy's own message (key 2, hear again, first of the fixed copy's keys): not said.
    flow.nodes['merchant-call-cost-options'].options[0].next = 'merchant-call-cost';
    writeFileSync(copied, JSON.stringify(flow, null, 2));
    const good = await runIvr(['diff', ours, copied]);
    expect(good.stdout).toContain('\n    key 2: merchant-call-cost\n    key 1: merchant-operator-hours\n');
    expect(good.stdout).not.toContain('again, as');
  });

  /** `flow` with node `from` named `to`, and every reference to it, as `sed 's/"goodbye"/"farewell"/g'` renames it. */
  const renameNode = (flow: Json, from: string, to: string) => Object.assign(flow, JSON.parse(JSON.stringify(flow).replaceAll(JSON.stringify(from), JSON.stringify(to))));
  /** How many places of the fixed flow point at node `id`: every quoted mention but its own key. */
  const referencesTo = (id: string) => readFileSync(FIXED_FLOW_FILE, 'utf8').split(JSON.stringify(id)).length - 2;

  it('shows the flow file as written: a default written out is a change callers do not notice, exit 0', async () => {
    const written = variant('timeout-written', (flow) => {
      flow.nodes['consumer-menu'].timeoutSeconds = 5;
    });
    const run = await runIvr(['diff', original, written]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No call goes differently; 1 change in the flow file that callers do not notice.');
    expect(run.stdout).toContain('\n  added    nodes.consumer-menu.timeoutSeconds: 5');
  });

  it('reports a renamed node (every reference renamed with it) as one change in the flow file, no call going differently, exit 0', async () => {
    const renamed = variant('renamed', (flow) => renameNode(flow, 'goodbye', 'farewell'));
    const run = await runIvr(['diff', original, renamed]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `ivr diff ${path.relative(projectDir, original)} -> ${path.relative(projectDir, renamed)}\n` +
        'No call goes differently; 1 change in the flow file that callers do not notice.\n\n' +
        `In the flow file:\n  renamed  node goodbye to farewell (and the ${referencesTo('goodbye')} references to it)\n`,
    );
    expect(run.code).toBe(0);
    const json = await runIvr(['diff', original, renamed, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ calls: [], sentences: [], newNodes: [], callersNotice: false });
    expect(report.flowChanges).toEqual([{ path: 'nodes.farewell', change: 'renamed', before: 'goodbye', after: 'farewell', references: referencesTo('goodbye') }]);
    const markdown = await runIvr(['diff', original, renamed, '--markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('**No call goes differently; 1 change in the flow file that callers do not notice.**');
    expect(markdown.stdout).toContain('- renamed  node goodbye to farewell');
    expect(markdown.stdout).not.toContain('Heard at new nodes');
  });

  it('reports a node renamed and reworded as the words callers hear, with commands that play them, not as new routes or a new node', async () => {
    const reworded = variant('renamed-reworded', (flow) => {
      renameNode(flow, 'goodbye', 'farewell');
      flow.nodes.farewell.prompt = [{ it: 'Ciao.', en: 'Bye.' }];
    });
    const run = await runIvr(['diff', original, reworded]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^2 sentences callers hear in other words, at \d+ places \(2 changes in the flow file\)\.$/m);
    expect(run.stdout).toContain('\nSaid in other words ([-removed-]{+added+}):\n');
    expect(run.stdout).toContain('\n  [-Grazie per aver chiamato Klarna. Arrivederci.-]{+Ciao.+}\n');
    expect(run.stdout).not.toMatch(/^ {4}before:/m);
    expect(run.stdout).not.toContain('Heard at new nodes');
    expect(run.stdout).toContain(`\n  renamed  node goodbye to farewell (and the ${referencesTo('goodbye')} references to it)\n`);
    expect(run.stdout).toMatch(/\n {2}changed {2}nodes\.farewell\.prompt: /);
    const report = JSON.parse((await runIvr(['diff', original, reworded, '--json'])).stdout);
    expect(report.newNodes).toEqual([]);
    expect(report.calls.every((c: Json) => c.kind === 'wording')).toBe(true);
    const ciao = report.sentences.find((s: Json) => s.after === 'Ciao.');
    expect(ciao.example.reproduce.after).toMatch(/^IVR_FLOW_FILE=\S+renamed-reworded\.json npx ivr call --to \+39\d+ --at \S+/);
    expect(ciao.example.reproduce.before).toMatch(/^IVR_FLOW_FILE=\S+original\.json npx ivr call /);
  });

  it('names a route changed beside a rename as the old flow wrote it: "goodbye" before, not the new id', async () => {
    const moved = variant('renamed-moved', (flow) => {
      renameNode(flow, 'goodbye', 'farewell');
      flow.nodes['merchant-closed'].next = 'closed';
    });
    const run = await runIvr(['diff', original, moved, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    // The calls that now go differently are those through merchant-closed, and no other: the id alone moves none.
    expect(report.calls.length).toBeGreaterThan(0);
    for (const call of report.calls) {
      expect(call.kind).toBe('route');
      expect(call.before).toMatch(/merchant-closed > goodbye, then hangs up after a message$/);
      expect(call.after).toMatch(/merchant-closed > closed > /);
    }
    expect(report.newNodes).toEqual([]);
    const terminal = await runIvr(['diff', original, moved]);
    expect(terminal.stdout).toContain(`\n  renamed  node goodbye to farewell (and the ${referencesTo('goodbye') - 1} references to it)\n`);
    expect(terminal.stdout).toContain('\n  changed  nodes.merchant-closed.next: "goodbye" -> "closed"\n');
  });

  it('shows what callers hear at the nodes of a line the change adds, and exits 1', async () => {
    const card = variant('card-line', (flow) => {
      flow.lines.card = { number: '+390237921260', start: 'card-welcome' };
      flow.nodes['card-welcome'] = { type: 'say', prompt: [{ it: 'Benvenuto nella linea carte Klarna.', en: 'Welcome to the Klarna card line.' }], next: 'card-hours' };
      flow.nodes['card-hours'] = { type: 'hours', open: 'card-soon', closed: 'closed', holiday: 'holiday-closed' };
      flow.nodes['card-soon'] = { type: 'hangup', prompt: [{ it: 'La linea carte apre a gennaio.', en: 'The card line opens in January.' }] };
    });
    const run = await runIvr(['diff', original, card]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '\nHeard at new nodes:\n' +
        '  card-welcome\n    it: Benvenuto nella linea carte Klarna.\n    en: Welcome to the Klarna card line.\n' +
        '  card-soon\n    it: La linea carte apre a gennaio.\n    en: The card line opens in January.\n',
    );
    expect(run.stdout).toContain('\nNot compared (a line of one flow only): card\n');
    const markdown = await runIvr(['diff', original, card, '--markdown']);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain('| card-welcome | en | Welcome to the Klarna card line. |');
    // The line removed again: the old flow's line has nothing new to hear, and still exits 1.
    const back = await runIvr(['diff', card, original]);
    expect(back.code).toBe(1);
    expect(back.stdout).not.toContain('Heard at new nodes');
  });

  // A contributor's words, as a pull request could bring them: Markdown and HTML that would show an image fetched from
  // elsewhere, a link whose words hide where it goes, an @mention that notifies a team, and a </details> that closes
  // the report's block; after it, lines that would pass for the report's own on a terminal (a carriage return, which
  // TwiML carries, prints the rest over the line's start).
  const lure =
    'Goodbye. @klarna/security ![pixel](https://attacker.example/p.png) <img src="https://attacker.example/i.png"> [click here](https://attacker.example/phish) </details> <script>alert(1)</script>';
  const contributed = () =>
    variant('contributed', (flow) => {
      flow.name = lure;
      // Italian with a star in it, in place of "Grazie per aver chiamato Klarna. Arrivederci." (not "premi *": a
      // goodbye takes no key, and lint refuses a key announced there).
      flow.nodes.goodbye.prompt = [{ it: 'Per il menu, il tasto * non va: per uscire riaggancia.', en: lure }];
      (flow.nodes['consumer-menu'].options as Json[]).push({ key: '6', next: 'contributed' });
      (flow.nodes['consumer-menu'].prompt as Json[]).push({ it: 'Premi 6.', en: 'Press 6.' });
      flow.nodes.contributed = {
        type: 'say',
        prompt: [{ it: `${lure}\nmerchant line, at merchant-menu:\n  key 1 (open)`, en: 'Thank you.\r    before: merchant-operator' }],
        next: 'goodbye',
      };
    });

  it('shows flow text in Markdown as written: no image, link, mention or HTML of its own, and the changed words still marked', async () => {
    const run = await runIvr(['diff', original, contributed(), '--markdown']);
    expect(run.code).toBe(1);
    const markdown = run.stdout;
    // GitHub renders the report as GitHub Flavored Markdown: any ASCII punctuation may be backslash-escaped and then
    // reads as itself (https://github.github.com/gfm/#backslash-escapes), "https://" and "www." start a link even
    // without brackets (https://github.github.com/gfm/#autolinks-extension-), and @name and #123 in the text rendered
    // notify or link (https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#mentioning-people-and-teams):
    // a zero-width joiner after @ and # keeps them from naming anyone.
    const shown =
      'Goodbye. @\u200Dklarna/security \\!\\[pixel\\](https\\://attacker.example/p.png) \\<img src="https\\://attacker.example/i.png"\\> \\[click here\\](https\\://attacker.example/phish) \\</details\\> \\<script\\>alert(1)\\</script\\>';
    expect(markdown).toContain(`\n| contributed | it | ${shown} merchant line, at merchant-menu:   key 1 (open) |\n`);
    expect(markdown).toContain(`\n| ~~Thank you for calling Klarna.~~ Goodbye. **${shown.slice('Goodbye. '.length)}** | `);
    expect(markdown).toContain(`\n- changed  name: "Klarna Italia customer service" -\\> "Goodbye. @\u200Dklarna/security \\!\\[pixel\\](https\\://attacker.example/p.png) \\<img src=...\n`);
    // The star is a key's name, not emphasis: the new words are bold, the old ones struck out, around it.
    expect(markdown).toContain('\n| ~~Grazie~~**Per il menu, il tasto \\* non va:** per ~~aver chiamato Klarna. Arrivederci.~~**uscire riaggancia.** | ');
    // Nowhere (the commands to hear the calls are in a code block, and name no URL) does the text make markup.
    expect(markdown).not.toMatch(/(?<!\\)!\[|(?<!\\)\]\(|(?<!\\)<(img|script|a )|(?<!\\):\/\/|@[a-z]/i);
    expect(markdown.split('\n').filter((line) => /(?<!\\)<\/?details/.test(line))).toEqual(['<details><summary>In the flow file</summary>', '</details>']);
    expect(markdown.trimEnd().endsWith('\n</details>')).toBe(true);
  });

  it('names in Markdown and escapes in JSON the characters that would reverse or hide flow text: bidi overrides and isolates, C1 controls', async () => {
    // A prompt with a right-to-left override (the words after it show reversed, "olleh" as "hello"), a C1 CSI (U+009B)
    // and an isolate, and an emoji shortcode GitHub would draw (https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#using-emojis).
    const hidden = variant('hidden', (flow) => {
      flow.nodes.goodbye.prompt = [{ it: 'Grazie \u202Eolleh\u202C e \u009B2K :+1: ciao', en: 'Bye \u2066x\u2069\u2028now' }];
    });
    const markdown = await runIvr(['diff', original, hidden, '--markdown']);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain('**U+202EollehU+202C e U+009B2K :\u200D+1: ciao** | ');
    expect(markdown.stdout).toContain('Bye U+2066xU+2069 now');
    expect(markdown.stdout).not.toMatch(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    expect(markdown.stdout).not.toMatch(/:[\w+-]+:/);
    const json = await runIvr(['diff', original, hidden, '--json']);
    expect(json.code).toBe(1);
    expect(json.stdout).not.toMatch(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    expect(json.stdout).toContain('\\u202eolleh\\u202c e \\u009b2K');
    // The same JSON: the escapes mean the characters.
    expect(JSON.parse(json.stdout).calls.map((c: Json) => c.after)).toContain('Grazie \u202Eolleh\u202C e \u009B2K :+1: ciao');
  });

  it('keeps each line of the terminal report its own: a line break in flow text shows as \\n', async () => {
    const run = await runIvr(['diff', original, contributed()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`\n    it: ${lure}\\nmerchant line, at merchant-menu:\\n  key 1 (open)\n    en: Thank you.\\r    before: merchant-operator\n`);
    // The merchant menu itself did not change: no line of the report says it did.
    expect(run.stdout).not.toMatch(/^merchant line, at merchant-menu:$/m);
    expect(run.stdout).not.toMatch(/^ {4}before: merchant-operator$/m);
  });

  it('compares the flow at a git ref with the working tree', async () => {
    const repo = mkdtempSync(path.join(dir, 'repo-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    const file = path.join(repo, 'flow.json');
    writeFileSync(file, readFileSync(original));
    git('add', 'flow.json');
    git('commit', '-qm', 'flow');
    const flow = JSON.parse(readFileSync(file, 'utf8'));
    option(flow, 'merchant-menu', '1').next = 'merchant-written';
    option(flow, 'merchant-menu', '2').next = 'merchant-operator';
    writeFileSync(file, JSON.stringify(flow, null, 2));
    const run = await runIvr(['diff', '--git', 'HEAD', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ivr diff HEAD:\S*flow\.json -> \S*flow\.json/);
    expect(run.stdout).toContain('merchant line, at merchant-menu:');
    // Each side has a command that plays the call; the old side writes the flow at the ref to a file first, and runs as printed.
    const entry = run.stdout.slice(run.stdout.indexOf('merchant line, at merchant-menu:'));
    const hearBefore = /\n {4}hear before \(en\): (mkdir -p \S*out && git -C \S+ show HEAD:\.\/flow\.json > \S*out\/ivr-diff-HEAD-flow\.json && IVR_FLOW_FILE=\S+ (?:DEST_\w+=\S+ )*npx ivr call .*--press 1)\n/.exec(entry)?.[1];
    expect(hearBefore).toBeDefined();
    expect(entry).toMatch(/\n {4}hear after \(en\): {2}IVR_FLOW_FILE=\S+flow\.json (?:DEST_\w+=\S+ )*npx ivr call /);
    const played = await runIvr(['-e', `process.exit(require('node:child_process').spawnSync('sh', ['-c', process.argv[1]], { stdio: 'inherit' }).status)`, hearBefore!.replace('npx ivr', `'${process.execPath}' dist/src/cli/main.js`)], { env: OPERATOR_NUMBERS });
    // Only notes, no error (the operators' numbers set: unset, the transfer to the line called is refused with an error).
    expect(played.stderr).toMatch(/^(note: .*\n)*$/);
    expect(played.code).toBe(0);
    // The flow at HEAD: key 1 of the merchant menu still goes to the operators.
    expect(played.stdout).toMatch(/merchant-operator/);
  });

  /** git in `cwd`, as a committer of the test. */
  const gitIn = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

  /**
   * A copy of the built project with a src/ of its own (one file, src/prompts.ts) in a new git repository, committed:
   * at the repository's top, or (`nested`) in a subfolder of it, beside a src/ of the repository's own.
   */
  function projectInRepository(nested: boolean): { repo: string; project: string } {
    const repo = nested ? mkdtempSync(path.join(dir, 'monorepo-')) : copyOfBuiltApp(dir, { cache: true });
    const project = nested ? copyOfBuiltApp(repo, { cache: true }) : repo;
    mkdirSync(path.join(project, 'src'));
    writeFileSync(path.join(project, 'src/prompts.ts'), 'export const a = 1;\n');
    if (nested) {
      mkdirSync(path.join(repo, 'src'));
      writeFileSync(path.join(repo, 'src/website.ts'), 'export const b = 1;\n');
    }
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\ndist\n');
    gitIn(repo, 'init', '-q');
    gitIn(repo, 'add', '.');
    gitIn(repo, 'commit', '-qm', 'the project');
    return { repo, project };
  }

  /** `ivr diff --git HEAD` run by the project's own build, in the project's folder. */
  const diffAtHead = (project: string) =>
    spawnSync(process.execPath, [path.join(project, 'dist/src/cli/main.js'), 'diff', '--git', 'HEAD'], { cwd: project, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });

  it('with --git in a project that sits in a subfolder of its repository, names the project\'s code files that differ, not the repository\'s', () => {
    const { repo, project } = projectInRepository(true);
    // The project's flow, the fixed copy of the menu, committed: the flow edit below names its nodes, which a rename in
    // the shipped menu does not move.
    writeFileSync(path.join(project, 'flows/klarna-italia.json'), readFileSync(FIXED_FLOW_FILE));
    gitIn(repo, 'commit', '-qam', 'the fixed menu');
    // Local edits: a file of the project's code changed, one added, and one of the top's src/ changed (not the project's).
    writeFileSync(path.join(project, 'src/prompts.ts'), 'export const a = 2;\n');
    writeFileSync(path.join(project, 'src/menu.ts'), 'export const c = 1;\n');
    writeFileSync(path.join(repo, 'src/website.ts'), 'export const b = 2;\n');
    const run = diffAtHead(project);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('No change: the two flows are the same.');
    expect(run.stdout).toContain(`these files differ from HEAD:\n  src/menu.ts\n  src/prompts.ts\nWhat callers hear from them:`);
    expect(run.stdout).not.toContain('website');
    // A call the flow edit changes: the command that plays it at HEAD writes the old flow to the project's out/ (which its
    // .gitignore names), not to an out/ at the repository's top.
    const file = path.join(project, 'flows/klarna-italia.json');
    const flow = JSON.parse(readFileSync(file, 'utf8'));
    option(flow, 'merchant-menu', '1').next = 'merchant-written';
    writeFileSync(file, JSON.stringify(flow, null, 2));
    const changed = diffAtHead(project);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/\n {4}hear before \(en\): mkdir -p out && git -C flows show HEAD:\.\/klarna-italia\.json > out\/ivr-diff-HEAD-klarna-italia\.json && IVR_FLOW_FILE=out\/ivr-diff-HEAD-klarna-italia\.json /);
  });

  it('with --git, names a code file outside ASCII as it is named, changed or new: not as git quotes it ("src/citt\\303\\240.ts")', () => {
    const { project } = projectInRepository(false);
    renameSync(path.join(project, 'src/prompts.ts'), path.join(project, 'src/perché.ts'));
    gitIn(project, 'add', '-A');
    gitIn(project, 'commit', '-qm', 'an accented name');
    writeFileSync(path.join(project, 'src/perché.ts'), 'export const a = 2;\n');
    writeFileSync(path.join(project, 'src/città.ts'), 'export const c = 1;\n');
    const run = diffAtHead(project);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`these files differ from HEAD:\n  src/città.ts\n  src/perché.ts\nWhat callers hear from them:`);
  });

  it('a flow file not at the ref: exit 3, and the command it gives to fetch the old file runs in a clone without out/', async () => {
    const repo = mkdtempSync(path.join(dir, 'renamed-'));
    writeFileSync(path.join(repo, 'old.json'), readFileSync(original));
    gitIn(repo, 'init', '-q');
    gitIn(repo, 'add', 'old.json');
    gitIn(repo, 'commit', '-qm', 'old name');
    gitIn(repo, 'mv', 'old.json', 'new.json');
    const run = await runIvr(['diff', '--git', 'HEAD', 'new.json'], { cwd: repo });
    expect(run.code).toBe(3);
    const fetch = /compare it with the old file: `([^`]+)`, then `npx ivr diff out\/old\.json new\.json`/.exec(run.stderr)?.[1];
    expect(fetch, run.stderr).toBeDefined();
    expect(existsSync(path.join(repo, 'out'))).toBe(false);
    const fetched = spawnSync('sh', ['-c', fetch!.replace('OLD/PATH.json', 'old.json')], { cwd: repo, encoding: 'utf8' });
    expect(fetched.stderr).toBe('');
    expect(fetched.status).toBe(0);
    expect(readFileSync(path.join(repo, 'out/old.json'), 'utf8')).toBe(readFileSync(original, 'utf8'));
  });

  it('sets an example operators\' number in front of a command that reaches a transfer, so it plays the transfer, not a refusal', async () => {
    const toOperators = variant('to-operators', (flow) => {
      option(flow, 'merchant-menu', '1').next = 'merchant-written';
      option(flow, 'merchant-menu', '2').next = 'merchant-operator';
    });
    // No DEST_* set (runIvr drops them), as on a reviewer's machine.
    const run = await runIvr(['diff', original, toOperators, '--line', 'merchant']);
    expect(run.code).toBe(1);
    const entry = run.stdout.slice(run.stdout.indexOf('  key 2, in en and it'));
    expect(entry).toMatch(/^ {2}key 2, in en and it \(open\)\n {4}before: merchant-written, .*\n {4}after: {2}merchant-operator, transfers to .*\n {4}en, after 1 at merchant-welcome:\n {6}asked for by: [^\n]*\n.*\n {6}after {2}says: "We are connecting you to an operator\."\n/);
    // The entry's commands play its first language's call.
    const hearAfter = /\n {4}hear after \(en\): {2}(IVR_FLOW_FILE=\S+to-operators\.json DEST_MERCHANT_OPERATOR_EN=(\+\d+) npx ivr call .*--press 1 --press 2)\n/.exec(entry);
    expect(hearAfter?.[1]).toBeDefined();
    // Run as printed, still with no DEST_* set: the call reaches the operators, at the example number, as the diff says.
    const played = await runIvr(['-e', `process.exit(require('node:child_process').spawnSync('sh', ['-c', process.argv[1]], { stdio: 'inherit' }).status)`, hearAfter![1]!.replace('npx ivr', `'${process.execPath}' dist/src/cli/main.js`)]);
    expect(played.stderr).toMatch(/^(note: .*\n)*$/);
    expect(played.code).toBe(0);
    expect(played.stdout).toContain('merchant-operator');
    expect(played.stdout).toContain(`connected to ${hearAfter![2]}`);
    // The Markdown report prints the same commands.
    const markdown = await runIvr(['diff', original, toOperators, '--line', 'merchant', '--markdown']);
    expect(markdown.stdout).toContain(`\n${hearAfter![1]}\n`);
  });

  it('names a transfer to operators whose number is unset by the operators and their setting, as ivr explore does, and one set here by its number', async () => {
    const toOperators = variant('keys-swapped', (flow) => {
      option(flow, 'merchant-menu', '1').next = 'merchant-written';
      option(flow, 'merchant-menu', '2').next = 'merchant-operator-hours';
    });
    const keyOne = (stdout: string) => stdout.slice(stdout.indexOf('  key 1, in en and it'));
    // No DEST_* set (runIvr drops the shell's): the flow's number is the placeholder, the merchant line's own,
    // which the app refuses; the command sets an example number, so the route names the operators, not that number.
    // The change is alike in each language, whose callers reach each its own operators: the route names both.
    const unset = await runIvr(['diff', original, toOperators, '--line', 'merchant']);
    expect(unset.code).toBe(1);
    expect(keyOne(unset.stdout)).toMatch(
      /^ {2}key 1, in en and it \(open\)\n {4}before: merchant-operator-hours > merchant-operator, transfers to the operators \(en; DEST_MERCHANT_OPERATOR_EN, unset here\) or the operators \(it; DEST_MERCHANT_OPERATOR_IT, unset here\)\n {4}after: {2}merchant-written, /,
    );
    expect(unset.stdout).toContain('after:  merchant-operator-hours > merchant-operator, transfers to the operators (en; DEST_MERCHANT_OPERATOR_EN, unset here) or the operators (it; DEST_MERCHANT_OPERATOR_IT, unset here)\n');
    expect(unset.stdout).not.toContain('+390237921250 (');
    // The call's language is in the operators' one bracket, not a second bracket after it.
    expect(unset.stdout).not.toMatch(/unset here\) \(/);
    // The Markdown and JSON reports name them alike.
    const markdown = await runIvr(['diff', original, toOperators, '--line', 'merchant', '--markdown']);
    expect(markdown.stdout).toContain(
      '| merchant-operator-hours \\> merchant-operator, transfers to the operators (en; DEST\\_MERCHANT\\_OPERATOR\\_EN, unset here) or the operators (it; DEST\\_MERCHANT\\_OPERATOR\\_IT, unset here)<br>' +
        'en: says: "We are connecting you to an operator."<br>it: says: "Ti mettiamo in contatto con un operatore." | merchant-written, ',
    );
    const report = JSON.parse((await runIvr(['diff', original, toOperators, '--line', 'merchant', '--json'])).stdout);
    expect(report.calls.map((c: Json) => c.before)).toContain('merchant-operator-hours > merchant-operator, transfers to the operators (it; DEST_MERCHANT_OPERATOR_IT, unset here)');
    // The Italian operators' number set here: that is the number the call is put through to, and the command sets nothing.
    const set = await runIvr(['diff', original, toOperators, '--line', 'merchant'], { env: { DEST_MERCHANT_OPERATOR_IT: '+390200000009' } });
    expect(set.code).toBe(1);
    // The English operators' is still unset.
    expect(keyOne(set.stdout)).toMatch(/^ {2}key 1, in en and it \(open\)\n {4}before: merchant-operator-hours > merchant-operator, transfers to the operators \(en; DEST_MERCHANT_OPERATOR_EN, unset here\) or \+390200000009 \(it\)\n {4}after: {2}merchant-written, /);
    expect(keyOne(set.stdout)).toMatch(/\n {4}hear before \(en\): IVR_FLOW_FILE=\S+original\.json DEST_MERCHANT_OPERATOR_EN=\+\d+ npx ivr call /);
  });

  it('notices English callers sent to the Italian operators while both numbers are placeholders, unset here', async () => {
    // Both placeholders are the consumer line's own number: named by it, the two transfers looked the same, and the diff said nothing changed.
    const italian = variant('english-to-italian', (flow) => {
      flow.nodes['consumer-operator'].destination.en = 'consumer-operator-it';
    });
    const run = await runIvr(['diff', original, italian, '--line', 'consumer']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\n {2}key 2, after 1 at consumer-welcome \(open\)\n {4}asked for by: "To speak with an operator, press 2\."\n {4}before: consumer-operator-hours > consumer-operator, transfers to the operators \(en; DEST_CONSUMER_OPERATOR_EN, unset here\)\n {4}after: {2}consumer-operator-hours > consumer-operator, transfers to the operators \(en; DEST_CONSUMER_OPERATOR_IT, unset here\)\n {6}both say the same words: only where the call goes differs\n {4}hear before: IVR_FLOW_FILE=\S+original\.json DEST_CONSUMER_OPERATOR_EN=\+390200000001 npx ivr call .*--press 1 --press 2\n {4}hear after: {2}IVR_FLOW_FILE=\S+english-to-italian\.json DEST_CONSUMER_OPERATOR_IT=\+390200000001 npx ivr call .*--press 1 --press 2\n/,
    );
  });

  it('refuses wrong usage and an invalid flow with exit 2, naming the problem as ivr lint does', async () => {
    const one = await runIvr(['diff', original]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('give two flow files, OLD and NEW');
    const broken = variant('broken', (flow) => {
      option(flow, 'consumer-menu', '3').next = 'reclami';
    });
    const run = await runIvr(['diff', original, broken]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Invalid flow file .*broken\.json[\s\S]*nodes\.consumer-menu\.options\[2\]\.next/);
    const flag = await runIvr(['diff', original, original, '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Usage: ivr diff');
  });
});
