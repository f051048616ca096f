import { DateTime } from 'luxon';

// Dates as people get them wrong, explained the same way wherever one is read: a flow's closure (`ivr lint`),
// `ivr report --from`, a call's instant (`ivr call --at`, a scenario's call.at, callIvr's at).

/**
 * A date written as people write it ("24/11/2026", "24.11.2026", "24-11-2026") read as "YYYY-MM-DD": day first as
 * Italy writes dates, or month first when the first number is no month's day ("12/24/2026"). `said` says which,
 * so a reader who meant the other can see it: `24 November 2026: "24/11/2026" read day first`. Undefined for
 * anything else.
 */
export function writtenDate(text: string): { iso: string; said: string } | undefined {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const [first, second, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayFirst = DateTime.fromObject({ year, month: second, day: first });
  const monthFirst = DateTime.fromObject({ year, month: first, day: second });
  const [date, read] = dayFirst.isValid ? [dayFirst, 'day first'] : monthFirst.isValid ? [monthFirst, 'month first'] : [undefined, ''];
  if (!date) return undefined;
  return { iso: date.toISODate() as string, said: `${date.setLocale('en-GB').toFormat('d MMMM yyyy')}: ${JSON.stringify(text)} read ${read}` };
}

/**
 * Why the numbers of a "YYYY-MM-DD" name no day ("February 2026 has 28 days"), for a date that has the form but
 * is not in the calendar: the form is not what is wrong. Undefined for a day that exists.
 */
export function noSuchDay(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return 'months run from 01 to 12';
  if (day < 1) return 'days of the month start at 01';
  const first = DateTime.fromObject({ year, month, day: 1 }, { locale: 'en' });
  return day > (first.daysInMonth as number) ? `${first.toFormat('LLLL yyyy')} has ${first.daysInMonth} days` : undefined;
}
