import { existsSync } from 'node:fs';
import { spokenHolidayName } from '../schedule/holidayCalendar';
import { holidayTableFile, readHolidayTable, type HolidayTable } from '../schedule/holidayTable';
import { languageName } from './languageName';
import { jsonPath, type FlowProblem } from './problem';
import type { Flow } from './schema';

// What `ivr lint` warns about in the holiday names callers hear, without
// refusing the flow (calls are answered either way). Kept out of the start-up
// checks, as closureWarnings is: they depend on flows/holidays/<COUNTRY>.json
// and on today's year, and a checked flow is remembered by its text alone.
//
// - A language of the flow the table has no names in: its callers' holidays are
//   asked of date-holidays on the call (its ~70 ms load is silence on a cold
//   start), and hours.holidays.spokenNames of that language cannot be checked
//   against the names they hear. Run `npx ivr holidays`.
// - A name the table holds for a language in another one (date-holidays has no
//   German "Festa della Repubblica", and gives the Italian): its callers would
//   hear it so unless spokenNames gives the name in their language.

/** Warnings for holidays from `today` (YYYY-MM-DD on the flow's wall clock) on, against the committed `table` of the flow's country. */
export function holidayNameWarnings(flow: Flow, today: string, table: HolidayTable | undefined = readHolidayTable(flow.hours.holidays.country)): FlowProblem[] {
  const { country, types } = flow.hours.holidays;
  const spokenNames = flow.hours.holidays.spokenNames ?? {};
  const file = `flows/holidays/${country}.json`;
  if (!table) {
    return [
      {
        path: jsonPath(['hours', 'holidays', 'country']),
        message: `${existsSync(holidayTableFile(country)) ? `the holiday table ${file} is not as \`npx ivr holidays\` writes it (edited by hand?), so it is not read` : `there is no holiday table ${file}`}: every call on a holiday loads date-holidays (about 70 ms of silence on a cold start), and hours.holidays.spokenNames cannot be checked`,
        fix: `run \`npx ivr holidays --country ${country} --languages ${Object.keys(flow.languages).join(',')}\` and commit ${file}`,
      },
    ];
  }
  const warnings: FlowProblem[] = [];
  for (const language of Object.keys(flow.languages)) {
    const column = table.languages.indexOf(language);
    if (column < 0) {
      warnings.push({
        path: jsonPath(['languages', language]),
        message: `${file} has no holiday names in "${language}" (it holds ${table.languages.map((l) => `"${l}"`).join(', ')}): a "${language}" call on a holiday loads date-holidays (about 70 ms of silence on a cold start), and hours.holidays.spokenNames.${language} cannot be checked against the names callers hear`,
        fix: `run \`npx ivr holidays\` (it takes the languages of the flow the app loads; for another file, \`npx ivr holidays --languages ${Object.keys(flow.languages).join(',')}\`) and commit ${file}; lint then names each holiday date-holidays has no "${language}" name for`,
      });
      continue;
    }
    const own = Object.hasOwn(spokenNames, language) ? (spokenNames[language] as Record<string, string>) : {};
    for (const [index, saidIn] of Object.entries(table.borrowedNames[language] ?? {})) {
      const name = spokenHolidayName(table.names[Number(index)]?.[column] ?? '');
      if (name === '' || Object.hasOwn(own, name)) continue;
      const day = nextDay(table, types, Number(index), today);
      if (day === undefined) continue;
      warnings.push({
        path: jsonPath(['hours', 'holidays', 'spokenNames', language]),
        message: `"${language}" callers would hear the holiday of ${day} in ${languageName(saidIn)}, as "${name}": date-holidays has no ${languageName(language)} name for it`,
        fix: `add "${name}": "(its name in ${languageName(language)})" under hours.holidays.spokenNames.${language}`,
      });
    }
  }
  return warnings;
}

/** The first day from `today` on when the holiday named `nameIndex` closes the lines (of the flow's `types`), or undefined: a name of the past is heard no more. */
function nextDay(table: HolidayTable, types: readonly string[], nameIndex: number, today: string): string | undefined {
  for (let y = Math.max(Number(today.slice(0, 4)), table.firstYear); y <= table.lastYear; y++) {
    const entry = table.years[String(y)]?.find(([monthDay, type, name]) => name === nameIndex && types.includes(table.types[type] as string) && `${y}-${monthDay}` >= today);
    if (entry) return `${y}-${entry[0]}`;
  }
  return undefined;
}
