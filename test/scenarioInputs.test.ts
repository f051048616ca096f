import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';
import { fromHere } from '../src/text/fromHere';
import { openInstant, promptHeard, promptSaid, shippedFlow, shippedLineNumbers, startOf } from './support/shippedFlow';

// A scenario's `call.to` names the line it tests: a typo that the app would
// answer as its default line is refused, not run.

describe('a scenario calling a number of no line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ivr-scenario-numbers-'));
  const file = path.join(dir, 'holiday.yaml');
  // The consumer line names the holiday too, so this typo for the merchant line would pass.
  writeFileSync(file, `
- name: "merchant line on a holiday"
  call: { to: "+390237921205", at: "2026-12-25T10:00" }
  steps: [{ hear: "Natale" }]
`);

  it('is refused in-process, with the lines and how to map a test number', async () => {
    const [scenario] = loadScenarioFile(file);
    await expect(runScenario(scenario!, { env: {} })).rejects.toThrow(
      // The lines and the default one as the flow has them: a line an editor adds is listed too.
      // At its line in the file, as a call.at the run refuses is, named from the folder the test runs in.
      `${fromHere(file)}:3: call.to "+390237921205" is the number of no line of the flow (its lines: ${shippedLineNumbers()}), so the app would answer it as its default line, ${shippedFlow().defaultLine}; call a line's number, or map this one to a line (a Twilio test number, say) with settings: { IVR_LINE_NUMBERS: "+390237921205=${shippedFlow().defaultLine}" }`,
    );
  });
});

describe("a scenario's caller and expectations are read as ivr call reads its options", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ivr-scenario-inputs-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('a key no phone has is refused with --press\'s words, naming the step at its line (it sent Digits=x)', () => {
    const file = write('x.yaml', 'name: x\ncall: { at: "2026-11-24T10:00" }\nsteps:\n  - press: "-"\n  - press: "x"\n');
    expect(() => loadScenarioFile(file)).toThrow(
      `${file}:5: 1 problem\n  at step 2 (steps[1].press): is not what a caller can do at a prompt (found "x")\n    fix: give phone keys (0-9, *, #), "-" for silence, "say:words" for speech`,
    );
  });

  it('a file is checked in one pass: every problem at once, in the order of its lines, each with its line and fix (a key no phone has was told only once the others were fixed, and without a fix)', () => {
    const file = write('all-at-once.yaml', `- name: "a reviewer's file"
  form: contact
  call: { at: "2026-11-24T10:00", to: "0237921240" }
  dial: bussy
  steps:
    - prss: "1"
    - press: "x"
    - say: "ciao"
      then: "12"
  lang: it
  expect: { outcome: hungup }
- name: "the next scenario of the file"
  call: { at: "10:00" }
  calledParty: [{ press: "y" }]
  steps: [{ press: "2" }]
- steps: [{ press: "1" }]
  call: { at: "2026-11-24" }
`);
    let told = '';
    try {
      loadScenarioFile(file);
    } catch (err) {
      told = (err as Error).message;
    }
    const problems = told.split('\n').filter((line) => line.startsWith('  at '));
    expect(told.split('\n')[0]).toBe(`${file}:2: 11 problems`);
    // Each says its scenario, counted from 1, by name where it has one: a file of several may have the same slip in two.
    const first = 'scenario 1 ("a reviewer\'s file")';
    const second = 'scenario 2 ("the next scenario of the file")';
    expect(problems.map((line) => /^ {2}at (.*), line (\d+): /.exec(line)?.slice(1, 3).join(' @ '))).toEqual([
      `${first} @ 2`,
      `${first}, call.to @ 3`,
      `${first}, dial @ 4`,
      `${first}, step 1 (steps[0]) @ 6`,
      `${first}, step 2 (steps[1].press) @ 7`,
      `${first}, step 3 (steps[2].then) @ 9`,
      `${first}, expect.outcome @ 11`,
      `${second}, call.at @ 13`,
      `${second}, calledParty[0].press @ 14`,
      'scenario 3, name @ 16',
      'scenario 3, call.at @ 17',
    ]);
    // Each with its fix, in one format.
    expect(told.split('\n').filter((line) => line.startsWith('    fix: '))).toHaveLength(problems.length);
    expect(told).toContain(`  at ${first}, step 2 (steps[1].press), line 7: is not what a caller can do at a prompt (found "x")\n    fix: give phone keys (0-9, *, #)`);
    expect(told).toContain(`  at ${first}, call.to, line 3: has no country code (found "0237921240")\n    fix: write it in E.164, as Twilio sends it: + and the country code, e.g. +390237921240 for an Italian number`);
    expect(told).toContain(`  at ${first}, step 3 (steps[2].then), line 9: is not what a caller does after speaking (found "12")\n    fix: give one key (0-9, * or #) to end the message, or "hangup"`);
    // The called party's keys are theirs, not the caller's.
    expect(told).toContain(`  at ${second}, calledParty[0].press, line 14: is not what the called party can do at a prompt (found "y")\n`);
    // A date alone, or a time alone, is told when the file is read, with the rest: it would run at midnight, or today.
    expect(told).toContain(`  at ${second}, call.at, line 13: has no date (it would be today's) (found "10:00")\n    fix: give one, e.g. 2026-11-24T10:00\n`);
    expect(told).toContain('  at scenario 3, call.at, line 17: has no time of day (it would be 00:00) (found "2026-11-24")\n    fix: give one, e.g. 2026-11-24T10:00');
  });

  it('press takes --press\'s forms: "hangup" hangs up, "2@1" presses during the prompt', async () => {
    const file = write('forms.yaml', `name: forms\ncall: { at: "${openInstant('tue')}" }\nsettings: { DEST_CONSUMER_OPERATOR_IT: "+390200000001" }\nsteps:\n  - press: "-"\n  - press: "2@1"\n  - hear: "operatore"\nexpect: { outcome: dial }\n`);
    const [scenario] = loadScenarioFile(file);
    const result = await runScenario(scenario!, { env: {} });
    expect(result.failures).toEqual([]);
    const hangup = write('hangup.yaml', 'name: hangup\ncall: { at: "2026-11-24T10:00" }\nsteps:\n  - press: "hangup"\nexpect: { outcome: caller-hangup }\n');
    expect((await runScenario(loadScenarioFile(hangup)[0]!, { env: {} })).failures).toEqual([]);
  });

  it('an outcome no call has is refused, listing those it has', () => {
    const file = write('outcome.yaml', 'name: outcome\ncall: { at: "2026-11-24T10:00" }\nsteps: [{ press: "-" }]\nexpect: { outcome: hangpu }\n');
    expect(() => loadScenarioFile(file)).toThrow(/at expect\.outcome: must be one of "dial", "hangup", "caller-hangup", "reject", "enqueue", "unsupported", "error", "loop", "not-followed" \(found "hangpu"\)\n    fix: .*"hangup"/);
  });

  it('a year no call can have is a slip of the file, told when it is read (not as a problem of the flow)', () => {
    const file = write('year.yaml', 'name: year\ncall: { at: "1500-01-01T10:00" }\nsteps: [{ press: "-" }]\n');
    expect(() => loadScenarioFile(file)).toThrow('at call.at: is in the year 1500 (found "1500-01-01T10:00")\n    fix: give a year from 2000 to 2999, e.g. 2026-11-24T10:00');
  });

  it('a call.at written otherwise than ISO-8601 is a slip of the file, at its line, with what to write (it was told as a problem of the flow)', () => {
    const file = write('instants.yaml', `- name: "day first"
  call: { at: "24/11/2026 10:00" }
  steps: [{ press: "-" }]
- name: "a space for the T"
  call: { at: "2026-11-24 10:00" }
  steps: [{ press: "-" }]
- name: "30 February"
  call: { at: "2026-02-30T10:00" }
  steps: [{ press: "-" }]
`);
    expect(() => loadScenarioFile(file)).toThrow(
      `${file}:2: 3 problems\n` +
        '  at scenario 1 ("day first"), call.at, line 2: is not an ISO-8601 date-time (found "24/11/2026 10:00")\n' +
        '    fix: write "2026-11-24T10:00" (24 November 2026: "24/11/2026" read day first)\n' +
        '  at scenario 2 ("a space for the T"), call.at, line 5: has a space between the date and the time (found "2026-11-24 10:00")\n' +
        '    fix: write "2026-11-24T10:00": ISO-8601 puts a "T" between them\n' +
        '  at scenario 3 ("30 February"), call.at, line 8: names no day of the calendar: February 2026 has 28 days (found "2026-02-30T10:00")\n' +
        '    fix: give a date that exists, e.g. 2026-11-24T10:00',
    );
  });

  it('a dial status Twilio does not have is refused, with the closest', () => {
    const file = write('dial.yaml', 'name: dial\ncall: { at: "2026-11-24T10:00" }\ndial: bussy\nsteps: [{ press: "-" }]\n');
    expect(() => loadScenarioFile(file)).toThrow('at dial: must be either one of "completed", "busy", "no-answer", "failed", "canceled" or a list [ ] (found "bussy")\n    fix: use "busy" (the closest name), or write');
  });

  it('a misspelt name inside a step is told with the name meant, as one at the top is; the file opens at the first, each says its line', () => {
    const file = write('names.yaml', 'name: names\ncall: { at: "2026-11-24T10:00" }\nsteps:\n  - press: "1"\n    aftr: 2\n  - hear: { text: "x", lang: en }\n');
    expect(() => loadScenarioFile(file)).toThrow(
      `${file}:5: 2 problems\n` +
        '  at step 1 (steps[0]), line 5: has "aftr", which does not belong here\n    fix: rename "aftr" to "after", or remove it: the names allowed here are "press" and "after"\n' +
        '  at step 2 (steps[1].hear), line 6: has "lang", which does not belong here\n    fix: rename "lang" to "language", or remove it: the names allowed here are "text" and "language"',
    );
  });

  it('a step is named alike when the file does not load and when the run fails: "step 2", counted from 1, with its JSON path on load', async () => {
    // The second step misspelt: the load error names it as a failed run would, and says the fix.
    const misspelt = write('step-typo.yaml', 'name: typo\ncall: { at: "2026-11-24T10:00" }\nsteps:\n  - hear: "Benvenuto"\n  - prss: "1"\n');
    expect(() => loadScenarioFile(misspelt)).toThrow(`${misspelt}:5: 1 problem\n  at step 2 (steps[1]): must be either an object with "hear"`);
    expect(() => loadScenarioFile(misspelt)).toThrow('    fix: rename "prss" to "press", or remove it');
    const badThen = write('step-then.yaml', 'name: then\ncall: { at: "2026-11-24T10:00" }\nsteps:\n  - hear: "Benvenuto"\n  - say: "ciao"\n    then: "x"\n');
    expect(() => loadScenarioFile(badThen)).toThrow(`${badThen}:6: 1 problem\n  at step 2 (steps[1].then): is not what a caller does after speaking (found "x")\n    fix: give one key (0-9, * or #) to end the message, or "hangup"`);
    // The second step, well written but not heard: the run names it "step 2" too.
    const welcome = JSON.stringify(promptSaid(startOf('consumer'), 'it')[0]);
    const unheard = write('step-unheard.yaml', `name: unheard\ncall: { at: "2026-11-24T10:00" }\nsteps:\n  - hear: ${welcome}\n  - hear: "not said"\n`);
    const result = await runScenario(loadScenarioFile(unheard)[0]!, { env: {} });
    expect(result.failures).toEqual([expect.stringMatching(/^step 2:\n      expected to hear: "not said"/)]);
  });

  it('a JSON syntax error is told as a flow file\'s is: line, column and the fix', () => {
    const file = write('syntax.json', '[{ "name": "a", "call": { "at": "2026-11-24T10:00" }\n  "steps": [{ "press": "1" },] }]\n');
    expect(() => loadScenarioFile(file)).toThrow(`${file}:2: 1 problem\n  at (file): is not valid JSON at line 2, column 3: a comma is missing between two items of the object [0], before "steps"\n    fix: add a comma at the end of line 1`);
    const comma = write('comma.json', '[{ "name": "a", "steps": [{ "press": "1" },] }]\n');
    expect(() => loadScenarioFile(comma)).toThrow('is not valid JSON at line 1, column 43: a comma after the last item of a list, which JSON does not allow\n    fix: remove the comma at line 1, column 43');
  });
});

describe('what a hear step is matched against', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ivr-scenario-hear-'));
  const run = async (steps: string) => {
    const file = path.join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, `name: hear\ncall: { at: "2026-11-24T10:00" }\nsteps:\n${steps}`);
    return runScenario(loadScenarioFile(file)[0]!, { env: {} });
  };

  it('a failure shows what was searched: the rest of the sentence after the previous match, not the whole of it', async () => {
    // "servizio clienti" comes before "Klarna Italia" in the welcome: hear steps match in order.
    const result = await run('  - hear: "Klarna Italia"\n  - hear: "servizio clienti"\n  - press: "-"\n');
    // Then the rest of the welcome as the flow has it: "[en-GB] For English, press 1." and each language's offer.
    const rest = promptHeard(startOf('consumer'), 'it').slice(1);
    expect(result.failures[0]).toBe(`step 2:\n      expected to hear: "servizio clienti"\n      heard after the previous match: [it-IT] …. | ${rest.join(' | ')}`);
  });

  it('a match that ended its sentence leaves nothing of it to show', async () => {
    const result = await run('  - hear: "Klarna Italia."\n  - hear: "servizio clienti"\n  - press: "-"\n');
    const rest = promptHeard(startOf('consumer'), 'it').slice(1);
    expect(result.failures[0]).toBe(`step 2:\n      expected to hear: "servizio clienti"\n      heard after the previous match: ${rest.join(' | ')}`);
  });

  it('a language matches the tag heard or one it is a prefix of (en for en-GB), as BCP 47 lookup does', async () => {
    expect((await run('  - hear: { text: "For English", language: en }\n  - press: "-"\n')).failures).toEqual([]);
    expect((await run('  - hear: { text: "For English", language: EN-gb }\n  - press: "-"\n')).failures).toEqual([]);
    const wrong = await run('  - hear: { text: "For English", language: en-US }\n  - press: "-"\n');
    expect(wrong.failures[0]).toContain('expected to hear: "For English" in en-US');
    expect((await run('  - hear: { text: "For English", language: e }\n  - press: "-"\n')).passed).toBe(false);
  });
});
