import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { Hours } from '../../src/flow/schema';
import { lineStatus } from '../../src/schedule/lineStatus';
import { klarnaFlow } from './support';
import { fixedFlow } from '../support/fixedMenu';

// What test/schedule/lineStatus.test.ts does not cover yet: the calendar
// checked year by year against an oracle written from Italian law (not from
// the library under test), Easter computed independently, the changeover
// nights themselves, midnight in Rome while it is still the day before in
// UTC, and the pin on the calendar package.
//
// The holidays are the shipped flow's (the line must close on Italy's); the
// weekly hours are a fixed copy's, weekdays 09:00-17:00
// (test/support/fixedMenu.ts), so the minutes either side of opening and
// closing tested here stay where they are when an editor moves the menu's hours.

const hours: Hours = { ...klarnaFlow.hours, weekly: fixedFlow().hours.weekly };
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' });

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher). */
function easterSunday(year: number): DateTime {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.fromObject({ year, month, day }, { zone: 'Europe/Rome' });
}

/**
 * Italy's national public holidays (law 260/1949 as amended; 4 October again
 * from 2026; 17 March 2011 once, for 150 years of unity), as YYYY-MM-DD.
 * Easter Monday can fall on 25 April (2011), Easter Sunday too (2038).
 */
function italianHolidays(year: number): string[] {
  const fixed = ['01-01', '01-06', '04-25', '05-01', '06-02', '08-15', '11-01', '12-08', '12-25', '12-26'];
  if (year >= 2026) fixed.push('10-04');
  if (year === 2011) fixed.push('03-17');
  const easter = easterSunday(year);
  const dates = new Set([...fixed.map((md) => `${year}-${md}`), easter.toISODate() as string, easter.plus({ days: 1 }).toISODate() as string]);
  return [...dates].sort();
}

describe('the holiday calendar against Italian law, year by year', () => {
  it('Easter comes out right for known years (the oracle’s own check)', () => {
    expect(easterSunday(2024).toISODate()).toBe('2024-03-31');
    expect(easterSunday(2025).toISODate()).toBe('2025-04-20');
    expect(easterSunday(2038).toISODate()).toBe('2038-04-25'); // Easter Sunday on Liberation Day
  });

  it.each([2000, 2011, 2019, 2024, 2025, 2026, 2027, 2032, 2038, 2045, 2060])('%i: the line is closed for a holiday on exactly the national holidays', (year) => {
    const closedForHoliday: string[] = [];
    for (let day = DateTime.fromObject({ year, month: 1, day: 1, hour: 12 }, { zone: 'Europe/Rome' }); day.year === year; day = day.plus({ days: 1 })) {
      if (lineStatus(hours, day, 'it').kind === 'holiday') closedForHoliday.push(day.toISODate() as string);
    }
    expect(closedForHoliday).toEqual(italianHolidays(year));
  });

  it('two holidays on one day: closed, with one of their names', () => {
    expect(['la Festa della Liberazione', 'Pasquetta']).toContain((lineStatus(hours, rome('2011-04-25T10:00'), 'it') as { name: string }).name);
  });

  it.each([2024, 2025, 2029, 2031, 2032, 2035, 2038, 2041])('Easter Monday %i: closed with its name, and open again on Tuesday at 09:00', (year) => {
    const monday = easterSunday(year).plus({ days: 1 });
    expect(lineStatus(hours, monday.set({ hour: 10 }), 'en')).toEqual({ kind: 'holiday', name: 'Easter Monday' });
    expect(lineStatus(hours, monday.plus({ days: 1 }).set({ hour: 8, minute: 59 }), 'it').kind).toBe('closed');
    expect(lineStatus(hours, monday.plus({ days: 1 }).set({ hour: 9 }), 'it').kind).toBe('open');
  });

  it.each([
    ['2026-04-25', 'Saturday', '2026-04-27'],
    ['2027-05-01', 'Saturday', '2027-05-03'],
    ['2027-12-26', 'Sunday', '2027-12-27'],
    ['2032-08-15', 'Sunday', '2032-08-16'],
  ])('a holiday on a weekend (%s, a %s) is not moved: the Monday after, %s, opens as usual', (holiday, weekday, monday) => {
    expect(rome(holiday).weekdayLong).toBe(weekday);
    expect(lineStatus(hours, rome(`${holiday}T10:00`), 'it').kind).toBe('holiday');
    expect(lineStatus(hours, rome(`${monday}T10:00`), 'it').kind).toBe('open');
  });
});

describe('midnight is Rome’s midnight', () => {
  it.each([
    ['2026-06-01T21:30:00Z', 'closed', '23:30 on 1 June in Rome, an ordinary evening'],
    ['2026-06-01T22:30:00Z', 'holiday', '00:30 on 2 June in Rome (still 1 June in UTC): Festa della Repubblica'],
    ['2026-12-24T23:00:00Z', 'holiday', 'midnight exactly, 25 December in Rome'],
    ['2026-12-24T22:59:00Z', 'closed', '23:59 on Christmas Eve in Rome'],
    ['2026-04-05T22:00:00Z', 'holiday', 'midnight starting Easter Monday in Rome (summer time)'],
    ['2026-04-06T21:59:00Z', 'holiday', '23:59 on Easter Monday in Rome'],
    ['2026-04-06T22:00:00Z', 'closed', 'midnight starting the Tuesday after Easter Monday'],
  ])('%s is %s: %s', (instant, kind) => {
    expect(lineStatus(hours, utc(instant), 'it').kind).toBe(kind);
  });
});

describe('opening and closing on the wall clock, in summer time and on Fridays', () => {
  it.each([
    ['2027-07-02T06:59:00Z', 'closed', 'Friday 08:59 CEST'],
    ['2027-07-02T07:00:00Z', 'open', 'Friday 09:00 CEST'],
    ['2027-07-02T14:59:00Z', 'open', 'Friday 16:59 CEST'],
    ['2027-07-02T15:00:00Z', 'closed', 'Friday 17:00 CEST'],
    ['2026-03-27T15:59:00Z', 'open', 'the Friday before clocks go forward, 16:59 CET'],
    ['2026-03-27T16:00:00Z', 'closed', 'the Friday before clocks go forward, 17:00 CET'],
    ['2026-10-23T14:59:00Z', 'open', 'the Friday before clocks go back, 16:59 CEST'],
    ['2026-10-23T15:00:00Z', 'closed', 'the Friday before clocks go back, 17:00 CEST'],
  ])('%s is %s (%s)', (instant, kind) => {
    expect(lineStatus(hours, utc(instant), 'it').kind).toBe(kind);
  });
});

describe('the changeover nights themselves, on a line open in the small hours', () => {
  // A made-up line open every day 02:00-03:00 local: the hour that is skipped
  // in March and lived twice in October.
  const night: Hours = {
    ...hours,
    weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ open: '02:00', close: '03:00' }] },
    holidays: { ...hours.holidays, types: ['public'] },
    closures: [],
  };

  it('in March the hour does not exist, so the line never opens that night', () => {
    expect(lineStatus(night, utc('2026-03-29T00:59:00Z'), 'it').kind).toBe('closed'); // 01:59 CET
    expect(lineStatus(night, utc('2026-03-29T01:00:00Z'), 'it').kind).toBe('closed'); // 03:00 CEST, the next instant
  });

  it('in October the hour happens twice, and the line is open both times', () => {
    expect(lineStatus(night, utc('2026-10-24T23:59:00Z'), 'it').kind).toBe('closed'); // 01:59 CEST
    expect(lineStatus(night, utc('2026-10-25T00:00:00Z'), 'it').kind).toBe('open'); // 02:00 CEST
    expect(lineStatus(night, utc('2026-10-25T00:59:00Z'), 'it').kind).toBe('open'); // 02:59 CEST
    expect(lineStatus(night, utc('2026-10-25T01:00:00Z'), 'it').kind).toBe('open'); // 02:00 CET, again
    expect(lineStatus(night, utc('2026-10-25T01:59:00Z'), 'it').kind).toBe('open'); // 02:59 CET
    expect(lineStatus(night, utc('2026-10-25T02:00:00Z'), 'it').kind).toBe('closed'); // 03:00 CET
  });

  it('a range that ends at 24:00 includes the last minute of the day', () => {
    const lateNight: Hours = { ...night, weekly: { ...night.weekly, sat: [{ open: '20:00', close: '24:00' }] } };
    expect(lineStatus(lateNight, rome('2026-11-28T23:59'), 'it').kind).toBe('open');
    expect(lineStatus(lateNight, rome('2026-11-29T00:00'), 'it').kind).toBe('closed'); // Sunday, outside 02:00-03:00
  });
});

describe('the calendar source is pinned', () => {
  it('package.json names one exact date-holidays version, and that is the one installed and locked', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const pinned = pkg.dependencies['date-holidays'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/); // no ^ or ~: a new release cannot change the holidays unseen
    const installed = JSON.parse(readFileSync('node_modules/date-holidays/package.json', 'utf8')) as { version: string };
    expect(installed.version).toBe(pinned);
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/date-holidays']?.version).toBe(pinned);
  });
});
