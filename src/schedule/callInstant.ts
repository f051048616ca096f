import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import './luxonLocale';
import { noSuchDay, writtenDate } from './writtenDate';

/**
 * The instant of a simulated call as people write it: ISO-8601, and without
 * an offset it is wall-clock time in the flow's zone ("2026-11-24T10:00").
 * `what` names where it came from in the error (--at, call.at, ...): what is
 * wrong with it (instantProblem), then the fix, after "; ".
 *
 * A time the zone skips when its clocks go forward (02:30 on the last Sunday
 * of March in Rome) is refused: luxon would move it an hour on, and the call
 * would be made at a time no one wrote. One the zone has twice, when they go
 * back (02:30 on the last Sunday of October), is taken as the second, in winter
 * time (+01:00 in Rome), whatever the day it is read on; an offset chooses the first.
 */
export function parseCallInstant(text: string, timeZone: string, what = '--at'): DateTime {
  const read = readInstant(text, timeZone);
  if ('problem' in read) throw new Error(`${what} "${text}" ${read.problem}; ${read.fix}`);
  const { written } = read;
  // Without an offset of its own (read in UTC, and not a "Z" or "+00:00"), the time written is wall-clock time in the
  // flow's zone: the numbers the text was read into, in that zone, as luxon's fromISO would have taken them (fromObject).
  const ownZone = written.zone !== FixedOffsetZone.utcInstance || OFFSET_WRITTEN.test(text);
  const instant = ownZone ? written : wallClockInstant(written, IANAZone.create(timeZone));
  if (!instant.isValid) throw new Error(`${what} "${text}" is not an ISO-8601 date-time; e.g. 2026-11-24T10:00 (${timeZone}) or 2026-11-24T09:00:00Z`);
  const skipped = skippedTime(written, instant, timeZone);
  if (skipped) throw new Error(`${what} "${text}" ${skipped}`);
  const problem = yearProblem(instant.setZone(timeZone), `${what} "${text}"`, '2026-11-24T10:00');
  if (problem) throw new Error(problem);
  return instant;
}

/**
 * What is wrong with `text` as a call's instant, in any time zone (a scenario file is checked before its flow, and
 * so its zone, is known: an example names it as "the flow's time zone"), or undefined when it reads. Both a date and a time
 * of day are required: ISO-8601 lets either stand alone, and luxon reads a date alone as midnight (when every
 * line is closed) and a time alone as today, so a test would quietly check the night, or pass on one day and
 * fail on the next. A date as people write it ("24/11/2026 10:00"), a space for the "T", a day the calendar
 * lacks are told with what to write instead.
 */
export function instantProblem(text: string): { problem: string; fix: string } | undefined {
  const read = readInstant(text, "the flow's time zone");
  return 'problem' in read ? read : undefined;
}

/** A UTC offset ending a date-time ("Z", "+01:00", "-05"): the text says its own zone. */
const OFFSET_WRITTEN = /(z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * `text` read once, or what is wrong with it (instantProblem). `written`: the instant as written, in the zone it
 * names, or, naming none, its wall-clock time in UTC, whose clock never jumps.
 */
function readInstant(text: string, timeZone: string): { written: DateTime } | { problem: string; fix: string } {
  if (text.trim() === '') return { problem: 'is empty', fix: `give a date and a time of day, e.g. 2026-11-24T10:00 (${timeZone})` };
  const [, date = '', space, time] = /^(\S+?)(?:(\s+|T)(.*))?$/i.exec(text.trim()) ?? [];
  // A time of day as ISO-8601 writes it, "9:30" with its hour in two digits.
  const clock = time !== undefined && /^\d{1,2}:\d{2}(:\d{2})?$/.test(time) ? time.replace(/^(\d):/, '0$1:') : undefined;
  const people = writtenDate(date);
  if (people) {
    const fix = clock ? `write "${people.iso}T${clock}"` : `write a date and a time of day, e.g. "${people.iso}T10:00"`;
    return { problem: 'is not an ISO-8601 date-time', fix: `${fix} (${people.said})` };
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const why = day ? noSuchDay(Number(day[1]), Number(day[2]), Number(day[3])) : undefined;
  if (why) return { problem: `names no day of the calendar: ${why}`, fix: 'give a date that exists, e.g. 2026-11-24T10:00' };
  if (day && space !== undefined && space.toUpperCase() !== 'T' && time) {
    return { problem: 'has a space between the date and the time', fix: `write "${date}T${clock ?? time}": ISO-8601 puts a "T" between them` };
  }
  const instant = DateTime.fromISO(text, { zone: 'UTC', setZone: true });
  if (!instant.isValid) return { problem: 'is not an ISO-8601 date-time', fix: `e.g. 2026-11-24T10:00 (${timeZone}) or 2026-11-24T09:00:00Z` };
  // A date-time in ISO-8601 always has its T between the date and the time.
  if (!/t/i.test(text)) {
    return text.includes(':')
      ? { problem: "has no date (it would be today's)", fix: `give one, e.g. 2026-11-24T${text}` }
      : { problem: 'has no time of day (it would be 00:00)', fix: `give one, e.g. ${instant.toISODate()}T10:00` };
  }
  // The year as written, which is the flow's wall clock's without an offset; with one, the zone says (yearProblem).
  if (!OFFSET_WRITTEN.test(text) && !isCallYear(instant.year)) return { problem: `is in the year ${instant.year}`, fix: `${CALL_YEARS_FIX}, e.g. 2026-11-24T10:00` };
  return { written: instant };
}

/**
 * Why the text read as `written` (readInstant) is a time the zone does not have, when luxon has read it (as
 * `instant`) as another wall-clock time: one in the hour the clocks skip going forward, which luxon reads at the
 * offset before the jump, so an hour on. Undefined for any other.
 */
function skippedTime(written: DateTime, instant: DateTime, timeZone: string): string | undefined {
  const wall = (t: DateTime) => t.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
  if (wall(written) === wall(instant)) return undefined;
  const zone = IANAZone.create(timeZone);
  const offsetBefore = zone.offset(instant.toMillis() - DAY);
  const before = FixedOffsetZone.instance(offsetBefore);
  // The minute the clocks jumped: after the time written, read at the offset before, and no later than `instant`.
  let [from, jump] = [instant.toMillis() - (instant.offset - offsetBefore) * MINUTE, instant.toMillis()];
  while (jump - from > MINUTE) {
    const middle = from + Math.floor((jump - from) / 2 / MINUTE) * MINUTE;
    if (zone.offset(middle) === offsetBefore) from = middle;
    else jump = middle;
  }
  const clock = (on: FixedOffsetZone | IANAZone) => DateTime.fromMillis(jump, { zone: on }).toFormat('HH:mm');
  const withOffset = written.setZone(before, { keepLocalTime: true }).toISO({ suppressMilliseconds: true, suppressSeconds: true });
  return `does not exist in ${timeZone}: the clocks go from ${clock(before)} to ${clock(zone)} that night; give ${instant.toFormat('HH:mm')}, or an offset (${withOffset})`;
}

/**
 * The instant whose wall-clock time in `zone` is the one `written` holds (read in UTC: its milliseconds are that
 * wall clock's). Where the zone has it twice, when its clocks go back, the second: its offset is the smaller.
 * luxon alone (fromObject, fromISO in a zone) takes the offset the zone has on the day it first runs as its guess
 * (guessOffsetForZone in luxon's datetime.js, from Settings.now()), so the same --at was the first of the two when
 * run in summer and the second in winter. A time the zone skips is left as luxon reads it, for skippedTime to refuse.
 */
function wallClockInstant(written: DateTime, zone: IANAZone): DateTime {
  const wall = written.toMillis();
  // A time zone changes its offset at most once a day: the offsets of the day before and the day after are the candidates.
  const fits = [zone.offset(wall - DAY), zone.offset(wall + DAY)].map((offset) => wall - offset * MINUTE).filter((at) => wall - zone.offset(at) * MINUTE === at);
  if (fits.length === 0) return DateTime.fromObject(written.toObject(), { zone });
  return DateTime.fromMillis(Math.max(...fits), { zone });
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const FIRST_YEAR = 2000;
const LAST_YEAR = 2999;

/**
 * A call before Twilio or centuries ahead is a typo ("0206-11-24", "20266-…"): refused, rather than heard in
 * Rome's 19th-century local time or charted by `ivr report` as a period of centuries. The year is the one on
 * the flow's wall clock (`day` in its zone). Undefined when the year is one a call can have.
 */
export function yearProblem(day: DateTime, named: string, example: string): string | undefined {
  if (isCallYear(day.year)) return undefined;
  return `${named} is in the year ${day.year}; ${CALL_YEARS_FIX}, e.g. ${example}`;
}

function isCallYear(year: number): boolean {
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

const CALL_YEARS_FIX = `give a year from ${FIRST_YEAR} to ${LAST_YEAR}`;
