import { DateTime } from 'luxon';
import type { Hours } from '../flow/schema';
import { clockOf, englishTime, italianTime } from './spokenTime';
import { daysAlike, WEEKDAYS, type DaysAlike, type Weekday } from './weekdays';

// The weekly opening hours as callers hear them, what the engine puts in place
// of "{hours}": "dal lunedì al venerdì, dalle 9 alle 17"; "Monday to Friday,
// from 9 am to 5 pm". Said from "hours.weekly" itself, so a change of the
// hours is a change of every message that says them.

type Range = DaysAlike['ranges'][number];

const ITALIAN_DAYS: Record<Weekday, string> = { mon: 'lunedì', tue: 'martedì', wed: 'mercoledì', thu: 'giovedì', fri: 'venerdì', sat: 'sabato', sun: 'domenica' };
const ENGLISH_DAYS: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

const everyDay = ({ first, last }: DaysAlike) => first === 'mon' && last === 'sun';
const allDay = ({ open, close }: Range) => open === '00:00' && close === '24:00';

// A whole week and a whole day have words of their own: "da mezzanotte a mezzanotte" is not what anyone says.
const WORDING: Record<string, { days: (group: DaysAlike) => string; range: (range: Range) => string; and: string; lastGroup: string }> = {
  it: {
    // "dal lunedì al venerdì", "tutti i giorni", "il sabato", "la domenica".
    days: (group) =>
      everyDay(group) ? 'tutti i giorni' : group.first === group.last ? `${group.last === 'sun' ? 'la' : 'il'} ${ITALIAN_DAYS[group.first]}` : `dal ${ITALIAN_DAYS[group.first]} ${group.last === 'sun' ? 'alla' : 'al'} ${ITALIAN_DAYS[group.last]}`,
    range: (range) => (allDay(range) ? '24 ore su 24' : `${italianTime(...clockOf(range.open), 'dalle')} ${italianTime(...clockOf(range.close), 'alle')}`),
    and: ' e ',
    lastGroup: ', e ',
  },
  en: {
    // "on Fridays": a day alone is said as people say a weekly habit ("and Friday, from 9 am" is not).
    days: (group) => (everyDay(group) ? 'every day' : group.first === group.last ? `on ${ENGLISH_DAYS[group.first]}s` : `${ENGLISH_DAYS[group.first]} to ${ENGLISH_DAYS[group.last]}`),
    range: (range) => (allDay(range) ? '24 hours a day' : `${englishTime(...clockOf(range.open), 'from')} ${englishTime(...clockOf(range.close), 'to')}`),
    and: ' and ',
    lastGroup: ', and ',
  },
};

/** A weekday's name as Intl writes it for a BCP 47 tag ("lundi" in fr-FR). */
function dayName(day: Weekday, tag: string): string {
  // 1 January 2024 was a Monday.
  return DateTime.fromObject({ year: 2024, month: 1, day: 1 + WEEKDAYS.indexOf(day) }).setLocale(tag).toFormat('cccc');
}

/**
 * The weekly hours in `language` ("it" or "en"; another language gets the
 * days' names for its BCP 47 `tag` and the times as written: "lundi–vendredi
 * 09:00–17:00"), or undefined when the lines never open.
 */
export function weeklyHoursSaid(weekly: Hours['weekly'], language: string, tag = language): string | undefined {
  const groups = daysAlike(weekly);
  if (groups.length === 0) return undefined;
  const wording = WORDING[language];
  if (!wording) {
    const days = (g: DaysAlike) => (g.first === g.last ? dayName(g.first, tag) : `${dayName(g.first, tag)}–${dayName(g.last, tag)}`);
    return groups.map((g) => `${days(g)} ${g.ranges.map((r) => `${r.open}–${r.close}`).join(', ')}`).join('; ');
  }
  const said = groups.map((group) => `${wording.days(group)}, ${group.ranges.map(wording.range).join(wording.and)}`);
  return said.length === 1 ? (said[0] as string) : `${said.slice(0, -1).join(', ')}${wording.lastGroup}${said.at(-1)}`;
}
