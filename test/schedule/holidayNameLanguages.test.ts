import { describe, expect, it } from 'vitest';
import { buildHolidayTable } from '../../src/cli/commands/holidays';
import { holidayNameWarnings } from '../../src/flow/holidayNameWarnings';
import { parseFlow } from '../../src/flow/validate';
import { flowSchema } from '../../src/flow/schema';
import { dayOffOn } from '../../src/schedule/dayOff';
import { holidayFromPackage } from '../../src/schedule/holidayCalendar';
import { germanFlowText } from '../fixtures/south-tyrol/germanFlow';

// date-holidays has no German name for three Italian holidays (25 April,
// 2 June, 4 October). A German caller must hear the same name for them whether
// the committed table holds German yet or not, and lint must name the
// hours.holidays.spokenNames entry that gives them a German name.

describe('a holiday date-holidays has no German name for', () => {
  it('is named in Italian, the country\'s own language, to a German caller, whatever language was asked before', () => {
    // Asked in English first, as a call in English or the table's English column would.
    expect(holidayFromPackage('IT', ['public'], '2027-06-02', 'en')).toBe('Republic Day');
    expect(holidayFromPackage('IT', ['public'], '2027-06-02', 'de')).toBe('Festa della Repubblica');
    expect(holidayFromPackage('IT', ['public'], '2027-12-25', 'de')).toBe('Weihnachten');
  });

  it('is named alike by the table `npx ivr holidays` writes, which records that the name is Italian', () => {
    const table = buildHolidayTable('IT', 2027, 2027, ['it', 'en', 'de']);
    const spoken = (monthDay: string) => table.names[(table.years['2027']?.find(([md]) => md === monthDay) as [string, number, number])[2]];
    expect(spoken('06-02')).toEqual(['Festa della Repubblica', 'Republic Day', 'Festa della Repubblica']);
    expect(spoken('12-25')).toEqual(['Natale di Gesù', 'Christmas Day', 'Weihnachten']);
    const borrowed = Object.entries(table.borrowedNames.de ?? {}).map(([index, language]) => [table.names[Number(index)]?.[2], language]);
    expect(borrowed).toEqual([
      ['Liberazione dal nazifascismo (1945)', 'it'],
      ['Festa della Repubblica', 'it'],
      ["Festa nazionale di San Francesco d'Assisi", 'it'],
    ]);
    expect(table.borrowedNames.it).toBeUndefined();
    expect(table.borrowedNames.en).toBeUndefined();
  });
});

describe('lint on a German flow, about the holiday names its callers hear', () => {
  const withGerman = (spokenNames: Record<string, string>) => parseFlow(germanFlowText((flow) => (flow.hours.holidays.spokenNames.de = spokenNames)));
  const tableWithGerman = buildHolidayTable('IT', 2026, 2027, ['it', 'en', 'de']);

  it('names each holiday callers would hear in Italian, with the spokenNames entry to add', () => {
    const warnings = holidayNameWarnings(withGerman({}), '2026-12-06', tableWithGerman);
    expect(warnings).toEqual([
      {
        path: 'hours.holidays.spokenNames.de',
        message: '"de" callers would hear the holiday of 2027-04-25 in Italian, as "Liberazione dal nazifascismo": date-holidays has no German name for it',
        fix: 'add "Liberazione dal nazifascismo": "(its name in German)" under hours.holidays.spokenNames.de',
      },
      {
        path: 'hours.holidays.spokenNames.de',
        message: '"de" callers would hear the holiday of 2027-06-02 in Italian, as "Festa della Repubblica": date-holidays has no German name for it',
        fix: 'add "Festa della Repubblica": "(its name in German)" under hours.holidays.spokenNames.de',
      },
      {
        path: 'hours.holidays.spokenNames.de',
        message: `"de" callers would hear the holiday of 2027-10-04 in Italian, as "Festa nazionale di San Francesco d'Assisi": date-holidays has no German name for it`,
        fix: `add "Festa nazionale di San Francesco d'Assisi": "(its name in German)" under hours.holidays.spokenNames.de`,
      },
    ]);
  });

  it('is quiet once spokenNames.de names them, and callers hear those names', () => {
    const flow = withGerman({ 'Liberazione dal nazifascismo': 'Tag der Befreiung', 'Festa della Repubblica': 'Tag der Republik', "Festa nazionale di San Francesco d'Assisi": 'Tag des heiligen Franziskus' });
    expect(holidayNameWarnings(flow, '2026-12-06', tableWithGerman)).toEqual([]);
    expect(dayOffOn(flow.hours, '2027-06-02', 'de')).toEqual({ kind: 'holiday', name: 'Tag der Republik' });
  });

  it('says when the table holds no German names at all, and that `npx ivr holidays` adds them', () => {
    const committedLike = buildHolidayTable('IT', 2026, 2027, ['it', 'en']);
    // Read by the schema alone: the full check would test the key against the project's own table, which holds German
    // once an editor has added it to the shipped menu and run `npx ivr holidays`; here the table is one without.
    const english = flowSchema().Flow.parse(JSON.parse(germanFlowText((flow) => (flow.hours.holidays.spokenNames.de = { 'Republic Day': 'Tag der Republik' }))));
    const warnings = holidayNameWarnings(english, '2026-12-06', committedLike);
    expect(warnings).toEqual([
      {
        path: 'languages.de',
        message:
          'flows/holidays/IT.json has no holiday names in "de" (it holds "it", "en"): a "de" call on a holiday loads date-holidays (about 70 ms of silence on a cold start), and hours.holidays.spokenNames.de cannot be checked against the names callers hear',
        fix: 'run `npx ivr holidays` (it takes the languages of the flow the app loads; for another file, `npx ivr holidays --languages it,en,de`) and commit flows/holidays/IT.json; lint then names each holiday date-holidays has no "de" name for',
      },
    ]);
  });
});
