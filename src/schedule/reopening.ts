import { DateTime, IANAZone } from 'luxon';
import type { Hours } from '../flow/schema';
import { dayOffOn, type DayOff } from './dayOff';
import { reopeningPutOffBy } from './reopeningPutOff';
import { englishTime, italianTime } from './spokenTime';
import './luxonLocale';
import { rangesOn } from './weekdays';

// When a closed line opens again, and how a caller is told: what the engine
// puts in place of "{reopens}" in a closed or holiday message.

/** A line closed for longer than this (a flow with no opening hours at all) has no next opening to tell. */
const DAYS_AHEAD = 366;

/** The first opening after `now` on the flow's wall clock, skipping holidays and closure dates; undefined if none within a year. */
export function nextOpening(hours: Hours, now: DateTime, language: string): DateTime | undefined {
  const today = now.setZone(IANAZone.create(hours.timeZone));
  const clock = today.toFormat('HH:mm');
  for (let ahead = 0; ahead <= DAYS_AHEAD; ahead++) {
    const day = today.startOf('day').plus({ days: ahead });
    const date = day.toISODate() as string;
    // Any language of the holiday table tells whether the day is a holiday; the name is not needed.
    if (dayOffOn(hours, date, language)) continue;
    const opens = rangesOn(hours, day)
      .map((range) => range.open)
      .filter((open) => ahead > 0 || open > clock)
      .sort()[0];
    if (opens) return firstInstantFrom(day, opens);
  }
  return undefined;
}

/**
 * The first instant of `day` whose wall clock reads `hhmm` or later. Where the
 * clocks go forward past it (02:30 on a night the clocks jump from 02:00 to
 * 03:00), that is the jump itself: the line opens at 03:00, not at the 03:30
 * luxon makes of a time that does not exist.
 */
function firstInstantFrom(day: DateTime, hhmm: string): DateTime {
  let at = day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) });
  // Minutes are absolute time in luxon; a gap is an hour at most, so this walks back 60 steps at most.
  for (let before = at.minus({ minutes: 1 }); at.toFormat('HH:mm') !== hhmm && before.hasSame(day, 'day') && before.toFormat('HH:mm') >= hhmm; before = at.minus({ minutes: 1 })) {
    at = before;
  }
  return at;
}

/** Words around the day and the time, per language the flow may speak; another language gets Intl's own date and time. */
const WORDING: Record<string, { today: string; tomorrow: string; on: string; date?: (at: DateTime) => string; at: (at: DateTime) => string; tonight: string; between: [string, string]; after: string; reason: (dayOff: DayOff) => string }> = {
  it: { today: 'oggi', tomorrow: 'domani', on: '', date: italianDate, at: (at) => italianTime(at.hour, at.minute, 'alle'), tonight: 'stanotte a mezzanotte', between: ['a mezzanotte tra', 'e'], after: 'dopo', reason: (off) => (off.kind === 'holiday' ? off.name : `la chiusura per ${off.name}`) },
  en: { today: 'today', tomorrow: 'tomorrow', on: 'on ', at: (at) => englishTime(at.hour, at.minute, 'at'), tonight: 'at midnight tonight', between: ['at midnight between', 'and'], after: 'after', reason: (off) => (off.kind === 'holiday' ? off.name : `the closure for ${off.name}`) },
};

// Why "after": names are written to follow "chiuso per" / "closed for" in "{holiday}" ("Pasquetta", "la Festa della
// Repubblica", "Easter Monday"), and "dopo" / "after" take a holiday's name just as "per" / "for" do ("dopo la Festa
// della Repubblica"). A closure's name may lean on the idiom "chiuso per ferie", with no article, which "dopo ferie
// estive" would get wrong: so it is said after the same "per" / "for", as "la chiusura per ferie estive".

const DATE = { weekday: 'long', day: 'numeric', month: 'long' } as const;

/** "lunedì 28 dicembre", but "lunedì primo febbraio": the first of a month is said as an ordinal, which a voice reading "1" would not. */
function italianDate(at: DateTime): string {
  return at
    .toLocaleParts(DATE)
    .map((part) => (part.type === 'day' && part.value === '1' ? 'primo' : part.value))
    .join('');
}

/**
 * "domani alle 9", "lunedì 7 dicembre alle 9:30"; "tomorrow at 9 am", "on
 * Monday 7 December at 9 am": the next opening as said in `language` (whose
 * BCP 47 tag is `tag`, which orders the date: "Monday, December 7" in en-US),
 * on the wall clock of the flow's time zone, relative to the day of `now` there.
 * When a holiday or closure puts it off, why: "lunedì 16 agosto alle 9, dopo la
 * chiusura per ferie estive", "martedì 30 marzo alle 9, dopo Pasquetta" (see
 * reopeningPutOffBy; `todayNamed`: the message names the day off of `now`).
 */
export function spokenReopening(hours: Hours, now: DateTime, language: string, tag: string, todayNamed = false): string | undefined {
  const opens = nextOpening(hours, now, language);
  if (!opens) return undefined;
  const wording = WORDING[language];
  if (!wording) return opens.setLocale(tag).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' });
  const when = whenSaid(opens, now, tag, wording);
  const putOffBy = reopeningPutOffBy(hours, now, opens, language, todayNamed);
  if (putOffBy.length === 0) return when;
  // "dopo Natale e Santo Stefano", "after Christmas Day and Saint Stephen's Day": Intl joins them as the language does.
  return `${when}, ${wording.after} ${new Intl.ListFormat(tag, { type: 'conjunction' }).format(putOffBy.map(wording.reason))}`;
}

function whenSaid(opens: DateTime, now: DateTime, tag: string, wording: (typeof WORDING)[string]): string {
  const at = opens.setLocale(tag);
  // Rounded: a day that changes to or from daylight saving time is 23 or 25 hours long.
  const days = Math.round(opens.startOf('day').diff(now.setZone(opens.zone).startOf('day'), 'days').days);
  const date = (on: DateTime) => (wording.date ? wording.date(on) : on.toLocaleString(DATE));
  // "Domani a mezzanotte" is heard by many as the night after tomorrow: a midnight opening names the night it falls in,
  // "tonight" only to a caller in the afternoon or evening before it (at 00:30, "tonight" is the night just begun).
  if (at.hour === 0 && at.minute === 0) {
    const evening = now.setZone(opens.zone).hour >= 12;
    return days === 1 && evening ? wording.tonight : `${wording.between[0]} ${date(at.minus({ days: 1 }))} ${wording.between[1]} ${date(at)}`;
  }
  const day = days === 0 ? wording.today : days === 1 ? wording.tomorrow : `${wording.on}${date(at)}`;
  return `${day} ${wording.at(at)}`;
}
