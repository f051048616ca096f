import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/projectRoot';

// The precomputed holiday table (flows/holidays/<COUNTRY>.json), written by
// `npx ivr holidays` from the pinned date-holidays package. Reading it costs a
// small JSON parse instead of date-holidays' ~70 ms require on a cold start.

/** One holiday as date-holidays lists it: [MM-DD, index into `types`, index into `names`]. */
export type HolidayEntry = [monthDay: string, type: number, name: number];

export interface HolidayTable {
  /** How the file was made, and from what: a test regenerates it and compares. */
  generatedBy: string;
  source: { package: 'date-holidays'; version: string };
  country: string;
  firstYear: number;
  lastYear: number;
  languages: string[];
  /**
   * Per language, the names (by index into `names`) date-holidays has no name for in that language,
   * and the language of the name it gave instead: {"de": {"7": "it"}} is "Festa della Repubblica"
   * said to German callers. Lint asks for a spokenNames entry for each.
   */
  borrowedNames: Record<string, Record<string, string>>;
  types: string[];
  /** Each holiday's name, one per entry of `languages`, in that order. */
  names: string[][];
  /** Per year, the holidays in date-holidays' own order (which decides the name when two share a day). */
  years: Record<string, HolidayEntry[]>;
}

/** Where the table for `country` lives (flows/holidays/IT.json). */
export function holidayTableFile(country: string): string {
  return path.join(projectRoot(), 'flows', 'holidays', `${country}.json`);
}

/**
 * The committed table for `country`, or undefined when there is none (or it
 * is not one we can trust): callers then ask date-holidays itself, so a missing
 * or damaged file costs time, never a wrong answer.
 */
export function readHolidayTable(country: string): HolidayTable | undefined {
  // Only plain country codes name a file: nothing in a country can walk the file system.
  if (!/^[A-Z]{2,3}$/.test(country)) return undefined;
  try {
    return trustedHolidayTable(JSON.parse(readFileSync(holidayTableFile(country), 'utf8')), country);
  } catch {
    return undefined;
  }
}

/**
 * `value` as the table of `country` when every part the calendar reads has the shape `npx ivr holidays`
 * writes, down to each holiday's indexes; undefined otherwise. A hand edit that left a year's entry null or
 * a name out would else stop lint with a TypeError, and give every call on a day of that year the apology.
 */
export function trustedHolidayTable(value: unknown, country: string): HolidayTable | undefined {
  const table = value as HolidayTable;
  const texts = (list: unknown, length?: number) => Array.isArray(list) && list.every((t) => typeof t === 'string') && (length === undefined || list.length === length);
  const index = (i: unknown, size: number) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < size;
  const wellFormed =
    table !== null &&
    typeof table === 'object' &&
    table.country === country &&
    Number.isInteger(table.firstYear) &&
    Number.isInteger(table.lastYear) &&
    texts(table.languages) &&
    typeof table.borrowedNames === 'object' &&
    table.borrowedNames !== null &&
    texts(table.types) &&
    Array.isArray(table.names) &&
    table.names.every((names) => texts(names, table.languages.length)) &&
    typeof table.years === 'object' &&
    table.years !== null &&
    Object.values(table.years).every(
      (entries) =>
        Array.isArray(entries) &&
        entries.every((e) => Array.isArray(e) && typeof e[0] === 'string' && /^\d\d-\d\d$/.test(e[0]) && index(e[1], table.types.length) && index(e[2], table.names.length)),
    );
  return wellFormed ? table : undefined;
}
