import { readFileSync } from 'node:fs';
import type Holidays from 'date-holidays';
import { loadFlowFile } from '../../flow/load';
import { DEFAULT_FLOW_FILE, readSettings } from '../../config/settings';
import { projectRoot } from '../../config/projectRoot';
import { samePath } from '../../config/samePath';
import { applyLocalSettings } from '../../server/localSettings';
import { closestNames } from '../../flow/closestName';
import { holidayTableFile, type HolidayEntry, type HolidayTable } from '../../schedule/holidayTable';
import { languageCalendar } from '../../schedule/holidayCalendar';
import { parseCommandLine, theClosest, UsageError, type CommandSpec } from '../commandLine';
import { writeOutputFile } from '../outputFile';
import { refuseStaleBuild } from '../currentBuild';
import { withLf } from '../../text/lineEnds';

// `ivr holidays`: writes flows/holidays/<COUNTRY>.json from the pinned
// date-holidays package, so calls are answered without loading it (~70 ms of
// a cold start). Run it after bumping the pin; a test fails until you do.
// It runs the last build: after changing this file, `npm run build` first
// (it refuses until then, see currentBuild.ts).

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

const USAGE = `Usage: ivr holidays [options]

Writes flows/holidays/<COUNTRY>.json: each year's holidays of every type, with
their names in each language, as the pinned date-holidays package gives them.
ivr runs the last build: after changing src/ (this generator, its years),
run \`npm run build\` first, then this.

  --country CODE      ISO 3166 country, e.g. IT (default: hours.holidays.country
                      of the flow the app loads: IVR_FLOW_FILE, else ours)
  --from YEAR         first year (default ${FIRST_YEAR})
  --to YEAR           last year (default ${LAST_YEAR})
  --languages it,en   languages of the names (default: the flow's languages)
  --check             write nothing; compare the committed table with what the
                      package gives
  -h, --help          print this and do nothing else

Exit codes:
  0  written; with --check, the committed table is what the package gives
  1  with --check, the committed table differs (run the command it prints);
     or the sources changed since the last build: run \`npm run build\` first,
     nothing was written
  2  wrong usage: years that are not whole or out of order, no language, a
     country date-holidays does not know or a language it has no names in
     (the closest it has is named), an unknown option; nothing was written`;

const HOLIDAYS_COMMAND = {
  name: 'holidays',
  usage: USAGE,
  options: {
    country: { type: 'string' },
    from: { type: 'string', default: String(FIRST_YEAR) },
    to: { type: 'string', default: String(LAST_YEAR) },
    languages: { type: 'string' },
    check: { type: 'boolean', default: false },
  },
} satisfies CommandSpec;

/** The table date-holidays (the installed, pinned version) gives for `country`, years `firstYear`..`lastYear`. */
export function buildHolidayTable(country: string, firstYear: number, lastYear: number, languages: readonly string[]): HolidayTable {
  const HolidaysClass = loadDateHolidays();
  const version = (require('date-holidays/package.json') as { version: string }).version;
  // One calendar per language, as the app asks (holidayCalendar.ts): a name date-holidays lacks in a language
  // then comes in the country's own, whatever was asked before (see languageCalendar).
  const calendars = languages.map((language) => languageCalendar(HolidaysClass, country, language));
  const types: string[] = [];
  const names: string[][] = [];
  const nameIndex = new Map<string, number>();
  const borrowedNames: Record<string, Record<string, string>> = {};
  const years: Record<string, HolidayEntry[]> = {};
  for (let year = firstYear; year <= lastYear; year++) {
    const perLanguage = calendars.map((calendar) => calendar.getHolidays(year));
    const [first = []] = perLanguage;
    // One entry serves every language only if the lists agree on everything but the name.
    for (const [i, list] of perLanguage.entries()) {
      const same = list.length === first.length && list.every((h, j) => h.date === first[j]?.date && h.type === first[j]?.type);
      if (!same) throw new Error(`date-holidays lists ${country} ${year} differently in "${languages[i]}" and "${languages[0]}": the table format cannot hold that`);
    }
    years[String(year)] = first.map((holiday, j): HolidayEntry => {
      if (!holiday.date.startsWith(`${year}-`)) throw new Error(`date-holidays puts "${holiday.name}" of ${year} on ${holiday.date}: the table format cannot hold that`);
      const typeAt = types.includes(holiday.type) ? types.indexOf(holiday.type) : types.push(holiday.type) - 1;
      const translations = perLanguage.map((list) => (list[j] as { name: string }).name);
      const key = JSON.stringify(translations);
      let nameAt = nameIndex.get(key);
      if (nameAt === undefined) {
        nameAt = names.push(translations) - 1;
        nameIndex.set(key, nameAt);
        languages.forEach((language, i) => {
          const said = nameLanguage(calendars[i] as Holidays, perLanguage[i]?.[j] as { rule?: string });
          if (said !== undefined && said !== language) (borrowedNames[language] ??= {})[String(nameAt)] = said;
        });
      }
      return [holiday.date.slice(5, 10), typeAt, nameAt];
    });
  }
  return {
    generatedBy: 'npx ivr holidays',
    source: { package: 'date-holidays', version },
    country,
    firstYear,
    lastYear,
    languages: [...languages],
    borrowedNames,
    types,
    names,
    years,
  };
}

/** The language date-holidays took `holiday`'s name from: the first of the calendar's languages the rule has a name in. */
function nameLanguage(calendar: Holidays, holiday: { rule?: string }): string | undefined {
  const names = holiday.rule === undefined ? undefined : (calendar.getRule(holiday.rule) as { name?: unknown } | undefined)?.name;
  if (typeof names !== 'object' || names === null) return undefined;
  return calendar.getLanguages().find((l) => Object.hasOwn(names, l) && Boolean((names as Record<string, string>)[l]));
}

/** The table as committed: JSON with one line per name and per year, so a diff shows which years moved. */
export function formatHolidayTable(table: HolidayTable): string {
  const { names, years, ...head } = table;
  const headLines = Object.entries(head).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const nameLines = names.map((name) => `    ${JSON.stringify(name)}`).join(',\n');
  const yearLines = Object.entries(years)
    .map(([year, entries]) => `    ${JSON.stringify(year)}: ${JSON.stringify(entries)}`)
    .join(',\n');
  return `{\n${headLines.join('\n')}\n  "names": [\n${nameLines}\n  ],\n  "years": {\n${yearLines}\n  }\n}\n`;
}

export async function holidaysCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, HOLIDAYS_COMMAND);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (await refuseStaleBuild('holidays')) return 1;
  // The defaults come from the flow the app loads, as every command's do (IVR_FLOW_FILE, else ours).
  let flowFile: string | undefined;
  if (values.country === undefined || values.languages === undefined) {
    applyLocalSettings(projectRoot());
    flowFile = readSettings().flowFile;
  }
  const flow = flowFile === undefined ? undefined : loadFlowFile(flowFile);
  // date-holidays and the flow schema write countries in capitals and languages in small letters.
  const country = values.country?.trim().toUpperCase() ?? (flow?.hours.holidays.country as string);
  const languages = [...new Set(values.languages?.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean) ?? Object.keys(flow?.languages ?? {}))];
  const firstYear = Number(values.from);
  const lastYear = Number(values.to);
  if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear > lastYear || languages.length === 0) {
    throw new UsageError('need whole years with --from ≤ --to and at least one language');
  }
  requireKnownCalendar(country, languages, firstYear);

  const text = formatHolidayTable(buildHolidayTable(country, firstYear, lastYear, languages));
  const file = holidayTableFile(country);
  if (values.check) {
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // missing: differs
    }
    // Saved with CRLF by an editor on Windows and otherwise the same, it is the same table (and git has nothing to commit).
    if (withLf(committed) === text) {
      console.log(`OK ${file}`);
      return 0;
    }
    // The command that writes what was just compared: the same options, and the flow's defaults spelt out when the flow is not ours.
    const explicit = flowFile !== undefined && !samePath(flowFile, DEFAULT_FLOW_FILE);
    const words = ['npx', 'ivr', 'holidays'];
    if (values.country !== undefined || explicit) words.push('--country', country);
    if (firstYear !== FIRST_YEAR) words.push('--from', String(firstYear));
    if (lastYear !== LAST_YEAR) words.push('--to', String(lastYear));
    if (values.languages !== undefined || explicit) words.push('--languages', languages.join(','));
    console.error(`${file} ${whyStale(committed, languages, values.languages === undefined ? 'the flow' : '--languages')}: run \`${words.join(' ')}\` and commit the file`);
    return 1;
  }
  writeOutputFile(file, text);
  console.log(`wrote ${file} (${country}, ${firstYear}-${lastYear}, ${languages.join(', ')})`);
  return 0;
}

/** Why the committed table is not what was just made: languages the flow speaks and it lacks (or the reverse) are named, as a new language is the likely cause. */
function whyStale(committedText: string, languages: readonly string[], from: string): string {
  let held: unknown;
  try {
    held = (JSON.parse(committedText) as { languages?: unknown }).languages;
  } catch {
    held = undefined;
  }
  if (!Array.isArray(held)) return 'differs from what date-holidays gives';
  const quoted = (codes: readonly unknown[]) => codes.map((code) => `"${String(code)}"`).join(', ');
  const added = languages.filter((language) => !held.includes(language));
  const dropped = held.filter((language) => !languages.includes(language as string));
  if (added.length > 0) return `has no holiday names in ${quoted(added)}, a language ${from} has and the table does not (it holds ${quoted(held)})`;
  if (dropped.length > 0) return `holds holiday names in ${quoted(dropped)}, a language ${from} no longer has`;
  return 'differs from what date-holidays gives';
}

/** Refuses a country date-holidays does not know, or a language it has no names in for that country, naming the closest it has. */
function requireKnownCalendar(country: string, languages: readonly string[], year: number): void {
  const HolidaysClass = loadDateHolidays();
  const countries = new HolidaysClass().getCountries('en');
  if (!Object.hasOwn(countries, country)) {
    const codes = Object.keys(countries);
    const byName = closestNames(country, Object.values(countries)).map((name) => codes.find((code) => countries[code] === name) as string);
    const byCode = closestNames(country, codes);
    const likely = (byCode.length > 0 ? byCode : byName).slice(0, 5);
    throw new UsageError(
      `--country "${country}" is not a country date-holidays knows; give its ISO 3166 code${likely.length > 0 ? `, e.g. ${likely.map((code) => `${code} (${countries[code]})`).join(' or ')}` : ' (IT for Italy)'}`,
    );
  }
  const own = [...new HolidaysClass(country).getLanguages()];
  // Asked for a language it has no names in, date-holidays answers in the country's own: the table would label those names wrongly.
  for (const language of languages) {
    const calendar = languageCalendar(HolidaysClass, country, language);
    if (calendar.getHolidays(year).some((holiday) => nameLanguage(calendar, holiday) === language)) continue;
    throw new UsageError(
      `--languages: date-holidays has no holiday names in "${language}" for ${country}; it has ${own.join(', ')}${theClosest(language, own)}, and other languages it translates the names to`,
    );
  }
}

function loadDateHolidays(): typeof Holidays {
  return require('date-holidays') as typeof Holidays;
}
