import Holidays from 'date-holidays';

// Public holidays change by law (Italy restored 4 October as a national holiday
// from 2026), so they come from the date-holidays package, pinned to an exact
// version in package.json, rather than from a list typed in here.

type HolidayType = 'public' | 'bank' | 'school' | 'optional' | 'observance';

const calendars = new Map<string, Holidays>();
const yearCache = new Map<string, Map<string, string>>();

/** The holiday's name in `language` on a local calendar date (YYYY-MM-DD), or undefined. */
export function holidayOn(country: string, types: readonly HolidayType[], isoDate: string, language: string): string | undefined {
  const year = Number(isoDate.slice(0, 4));
  const key = `${country}|${types.join(',')}|${year}|${language}`;
  let byDate = yearCache.get(key);
  if (!byDate) {
    byDate = new Map();
    for (const holiday of calendar(country).getHolidays(year, language)) {
      if (types.includes(holiday.type as HolidayType)) byDate.set(holiday.date.slice(0, 10), holiday.name);
    }
    yearCache.set(key, byDate);
  }
  return byDate.get(isoDate);
}

function calendar(country: string): Holidays {
  let found = calendars.get(country);
  if (!found) {
    found = new Holidays(country);
    calendars.set(country, found);
  }
  return found;
}
