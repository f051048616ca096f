import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { loadFlowFile } from '../../src/flow/load';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { holidayFromPackage, holidayOn, isHolidayCountry } from '../../src/schedule/holidayCalendar';
import { holidayTableFile, trustedHolidayTable, type HolidayEntry, type HolidayTable } from '../../src/schedule/holidayTable';
import { buildHolidayTable, FIRST_YEAR, formatHolidayTable, LAST_YEAR } from '../../src/cli/commands/holidays';
import { projectDir, runIvr } from '../support/runIvr';

// Calls are answered from flows/holidays/IT.json so that a cold start does not
// pay ~70 ms for requiring date-holidays. These tests hold the table to the
// pinned package (so it can be neither edited by hand nor left stale after a
// bump), check the fallback for what the table does not hold, and check that
// answering a call never loads the package.

const flow = loadFlowFile(DEFAULT_FLOW_FILE);
const country = flow.hours.holidays.country;
const committedText = readFileSync(holidayTableFile(country), 'utf8');
const committed = JSON.parse(committedText) as HolidayTable;
const REGENERATE = 'flows/holidays is stale or was edited by hand: run `npx ivr holidays` and commit the file';

describe('the committed holiday table', () => {
  it('is exactly what the pinned date-holidays gives (regenerate with `npx ivr holidays` after bumping the pin)', () => {
    const pinned = (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies['date-holidays'];
    expect(committed.source.version, REGENERATE).toBe(pinned);
    const generated = formatHolidayTable(buildHolidayTable(committed.country, committed.firstYear, committed.lastYear, committed.languages));
    const committedLines = committedText.split('\n');
    const firstDifference = generated.split('\n').findIndex((line, i) => line !== committedLines[i]);
    expect(committedText === generated, `${REGENERATE} (first difference at line ${firstDifference < 0 ? committedLines.length : firstDifference + 1})`).toBe(true);
  });

  it('holds the flow’s country and every language the flow speaks, for the documented years', () => {
    expect(committed.country).toBe(country);
    // A language added to the flow (German, say) is the likely cause: the failure says so, and what to run.
    const missing = Object.keys(flow.languages).filter((language) => !committed.languages.includes(language));
    expect(missing, `flows/holidays/${country}.json has no holiday names in ${missing.map((l) => `"${l}"`).join(', ')}, which the flow speaks: run \`npm run build\`, then \`npx ivr holidays\`, and commit the file`).toEqual([]);
    expect([committed.firstYear, committed.lastYear]).toEqual([FIRST_YEAR, LAST_YEAR]);
    expect(Object.keys(committed.years)).toHaveLength(LAST_YEAR - FIRST_YEAR + 1);
  });

  it('gives the same name as date-holidays on every day of every year it holds, in each language, for each choice of holiday types', () => {
    const typeChoices = [flow.hours.holidays.types, ['public', 'observance'] as const, ['observance'] as const];
    const differences: string[] = [];
    for (let year = committed.firstYear; year <= committed.lastYear; year++) {
      for (let day = DateTime.utc(year, 1, 1); day.year === year; day = day.plus({ days: 1 })) {
        const date = day.toISODate() as string;
        for (const language of committed.languages) {
          for (const types of typeChoices) {
            const fromTable = holidayOn(country, types, date, language);
            const fromPackage = holidayFromPackage(country, types, date, language);
            if (fromTable !== fromPackage) differences.push(`${date} ${language} [${types}]: table ${fromTable}, package ${fromPackage}`);
          }
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('where two holidays share a day (25 April 2011), the caller hears the same one as before the table', () => {
    expect(holidayOn('IT', ['public'], '2011-04-25', 'it')).toBe(holidayFromPackage('IT', ['public'], '2011-04-25', 'it'));
    expect(holidayOn('IT', ['public'], '2011-04-25', 'en')).toBe(holidayFromPackage('IT', ['public'], '2011-04-25', 'en'));
  });
});

describe('what the table does not hold is still answered, by date-holidays', () => {
  it.each([
    ['a year after its range', '2150-12-25', 'it', 'Natale di Gesù'],
    ['a year after its range, a holiday restored in 2026', '2150-10-04', 'en', 'National Day of Saint Francis of Assisi'],
    ['a year after its range, a working day', '2150-12-24', 'it', undefined],
    ['a year before its range, Easter Monday 1999', '1999-04-05', 'it', 'Lunedì dell’Angelo'],
    ['a language it does not hold', '2026-12-25', 'de', 'Weihnachten'],
  ])('%s: %s in %s', (_why, date, language, name) => {
    expect(holidayOn('IT', ['public'], date, language)).toBe(name);
  });

  it('a country it does not hold', () => {
    expect(holidayOn('FR', ['public'], '2026-07-14', 'fr')).toBe('Fête Nationale de la France');
    expect(isHolidayCountry('FR')).toBe(true);
    expect(isHolidayCountry('XX')).toBe(false);
    expect(isHolidayCountry('IT')).toBe(true);
  });
});

// Hand edits of flows/holidays/IT.json the fuzzer made: each passed the shallow check, then stopped lint
// with "Cannot read properties of null" or gave every call on a day of 2026 the apology. A table not as
// `npx ivr holidays` writes it is not trusted: date-holidays answers instead (slower, never wrong).
describe('a holiday table edited by hand is not trusted', () => {
  const committed = (): HolidayTable => JSON.parse(readFileSync(holidayTableFile('IT'), 'utf8')) as HolidayTable;
  it.each<[string, (table: HolidayTable) => void]>([
    ['a year\'s holiday set to null', (t) => ((t.years['2026'] as unknown[])[0] = null)],
    ['a holiday\'s names set to null', (t) => ((t.names as unknown[])[0] = null)],
    ['a holiday with one name for two languages', (t) => (t.names[0] = ['Capodanno'])],
    ['a holiday naming a type the table lacks', (t) => ((t.years['2026'] as HolidayEntry[])[0]![1] = 9)],
    ['a holiday naming a name the table lacks', (t) => ((t.years['2026'] as HolidayEntry[])[0]![2] = 999)],
    ['a date that is not MM-DD', (t) => ((t.years['2026'] as HolidayEntry[])[0]![0] = '1 Jan')],
  ])('%s', (_edit, edit) => {
    const table = committed();
    expect(trustedHolidayTable(table, 'IT')).toBeDefined();
    edit(table);
    expect(trustedHolidayTable(table, 'IT')).toBeUndefined();
  });
});

describe('answering calls does not load date-holidays', () => {
  const isLoaded = String.raw`() => Object.keys(require.cache).some((f) => /[\\/]node_modules[\\/]date-holidays[\\/]/.test(f))`;

  it('the Azure entry and the app answer webhooks on a holiday and a working day from the table; a year outside it loads the package', async () => {
    const script = `
      const { DateTime } = require('luxon');
      const loaded = ${isLoaded};
      process.env.TWILIO_SIGNATURE_VALIDATION = 'off';
      process.env.AZURE_FUNCTIONS_ENVIRONMENT = 'Development';
      require('./dist/functions/index.js');
      const { createApp } = require('./dist/src/app/createApp');
      const { readSettings } = require('./dist/src/config/settings');
      const { simulateCall } = require('./dist/src/simulator');
      (async () => {
        const said = [];
        for (const at of ['2026-12-25T10:00', '2026-11-24T10:00']) {
          const app = createApp({ settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }), clock: () => DateTime.fromISO(at, { zone: 'Europe/Rome' }), logger: { info() {}, warn() {}, error() {} } });
          const call = await simulateCall({ url: 'http://localhost:7071/api/voice', transport: app.handle, call: { to: '+390237921240', from: '+390212345678' }, caller: [{ silence: true }] });
          said.push(call.transcript.filter((t) => t.type === 'say').map((t) => t.text).join(' '));
        }
        const afterCalls = loaded();
        require('./dist/src/schedule/holidayCalendar').holidayOn('IT', ['public'], '2150-12-25', 'it');
        console.log(JSON.stringify({ said, afterCalls, afterFallback: loaded() }));
      })();`;
    const { stdout, stderr } = await runIvr(['-e', script]);
    expect(stderr).not.toMatch(/Error/);
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { said: string[]; afterCalls: boolean; afterFallback: boolean };
    expect(result.said[0]).toContain('chiuso per Natale.');
    expect(result.said[1]).not.toContain('festa');
    expect(result).toMatchObject({ afterCalls: false, afterFallback: true });
  });

  it('`ivr call --json` on Christmas Day says the holiday without loading it', async () => {
    const probe = path.join(projectDir, 'test/schedule/fixtures/reportDateHolidays.cjs');
    const { code, stdout, stderr } = await runIvr(['call', '--json', '--at', '2026-12-25T10:00'], { env: { NODE_OPTIONS: `--require "${probe}"` } }); // quoted: a clone's path may hold spaces
    expect(code).toBe(0);
    expect(JSON.stringify(JSON.parse(stdout).transcript)).toContain('chiuso per Natale.');
    expect(stderr).toContain('date-holidays loaded: false');
  });
});
