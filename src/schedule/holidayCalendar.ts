import type Holidays from 'date-holidays';
import { readHolidayTable, type HolidayTable } from './holidayTable';

// Public holidays change by law (Italy restored 4 October as a national holiday
// from 2026), so they come from the date-holidays package, pinned to an exact
// version in package.json, rather than from a list typed in here.
//
// Requiring date-holidays costs ~70 ms, which a caller of a cold instance
// hears as silence, so calls are answered from a table generated from that
// package (`npx ivr holidays`, flows/holidays/IT.json; a test keeps the two
// equal). The package itself is loaded only for a country, year or language
// the table does not hold, so no answer depends on the table's range.

type HolidayType = 'public' | 'bank' | 'school' | 'optional' | 'observance';

/** Holiday names by local date (YYYY-MM-DD), per country|types|year|language. */
const yearCache = new Map<string, Map<string, string>>();
/** The table per country, read once; null once we know there is none. */
const tables = new Map<string, HolidayTable | null>();

/** The holiday's name in `language` on a local calendar date (YYYY-MM-DD), or undefined. */
export function holidayOn(country: string, types: readonly HolidayType[], isoDate: string, language: string): string | undefined {
  return lookUp(yearCache, country, types, isoDate, language, (year) => fromTable(country, types, year, language) ?? fromPackage(country, types, year, language));
}

/**
 * A holiday's name as a voice should read it: without notes in brackets
 * ("Liberazione dal nazifascismo (1945)" in the table), which it would read
 * out. Closure names are read the same way.
 */
export function spokenHolidayName(name: string): string {
  return name.replace(/\s*\([^)]*\)/g, '');
}

/** Every holiday name the committed table holds for `country` in `language`, as spoken; undefined when no table holds that language. */
export function tableHolidayNames(country: string, language: string): string[] | undefined {
  const found = table(country);
  const lang = found ? found.languages.indexOf(language) : -1;
  if (!found || lang < 0) return undefined;
  return found.names.map((names) => spokenHolidayName(names[lang] ?? ''));
}

/** The languages the committed table for `country` holds names in ([] without a table). */
export function tableHolidayLanguages(country: string): string[] {
  return table(country)?.languages ?? [];
}

/** Whether the holiday calendar knows `country` (the flow check asks this at start-up). */
export function isHolidayCountry(country: string): boolean {
  if (table(country)) return true;
  const HolidaysClass = loadPackage();
  return Object.hasOwn(new HolidaysClass().getCountries(), country);
}

/** The same answer as holidayOn, always computed by date-holidays (the fallback; tests compare the two). */
export function holidayFromPackage(country: string, types: readonly HolidayType[], isoDate: string, language: string): string | undefined {
  return lookUp(packageCache, country, types, isoDate, language, (year) => fromPackage(country, types, year, language));
}

const packageCache = new Map<string, Map<string, string>>();

/** The name on `isoDate` from its year's holidays, made by `yearOf` once per country, types, year and language and kept in `cache`. */
function lookUp(cache: Map<string, Map<string, string>>, country: string, types: readonly HolidayType[], isoDate: string, language: string, yearOf: (year: number) => Map<string, string>): string | undefined {
  const year = Number(isoDate.slice(0, 4));
  const key = `${country}|${types.join(',')}|${year}|${language}`;
  let byDate = cache.get(key);
  if (!byDate) {
    byDate = yearOf(year);
    cache.set(key, byDate);
  }
  return byDate.get(isoDate);
}

function fromTable(country: string, types: readonly HolidayType[], year: number, language: string): Map<string, string> | undefined {
  const found = table(country);
  const lang = found ? found.languages.indexOf(language) : -1;
  const entries = found && lang >= 0 && year >= found.firstYear && year <= found.lastYear ? found.years[String(year)] : undefined;
  if (!found || !entries) return undefined;
  const byDate = new Map<string, string>();
  // Same order and same rule as fromPackage: a later holiday on the same day wins.
  for (const [monthDay, type, name] of entries) {
    if (types.includes(found.types[type] as HolidayType)) byDate.set(`${year}-${monthDay}`, found.names[name]?.[lang] as string);
  }
  return byDate;
}

function table(country: string): HolidayTable | undefined {
  let found = tables.get(country);
  if (found === undefined) {
    found = readHolidayTable(country) ?? null;
    tables.set(country, found);
  }
  return found ?? undefined;
}

/** Per country and language: see languageCalendar. */
const calendars = new Map<string, Holidays>();

function fromPackage(country: string, types: readonly HolidayType[], year: number, language: string): Map<string, string> {
  let calendar = calendars.get(`${country}|${language}`);
  if (!calendar) {
    calendar = languageCalendar(loadPackage(), country, language);
    calendars.set(`${country}|${language}`, calendar);
  }
  const byDate = new Map<string, string>();
  for (const holiday of calendar.getHolidays(year)) {
    if (types.includes(holiday.type as HolidayType)) byDate.set(holiday.date.slice(0, 10), holiday.name);
  }
  return byDate;
}

/**
 * A date-holidays calendar that names holidays in `language`, else in the country's own language
 * (Italian for IT), else English; `npx ivr holidays` writes the table with the same calendars.
 * Never one calendar asked in several languages: its getHolidays(year, language) puts `language` at
 * the head of the calendar's own list each time, so a name it lacks in German came out in whichever
 * language was asked last ("Republic Day" after English, "Festa della Repubblica" on a fresh start),
 * and a German caller heard one or the other depending on the table and the calls before.
 */
export function languageCalendar(HolidaysClass: typeof Holidays, country: string, language: string): Holidays {
  return new HolidaysClass(country, { languages: [language] });
}

/** date-holidays, required only when the table cannot answer. */
function loadPackage(): typeof Holidays {
  const loaded = require('date-holidays') as { default?: typeof Holidays } & typeof Holidays;
  return loaded.default ?? loaded;
}
