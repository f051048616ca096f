import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCallInstant } from '../../src/schedule/callInstant';

// `ivr call --at` (and a scenario's call.at) as people write it: wall-clock
// time in the flow's zone, with luxon's IANAZone answering the offsets.

describe('parseCallInstant', () => {
  it('reads --at on the flow\'s wall clock, on both sides of a daylight-saving change', () => {
    expect(parseCallInstant('2026-03-29T01:59', 'Europe/Rome').toISO()).toBe('2026-03-29T01:59:00.000+01:00');
    expect(parseCallInstant('2026-03-29T03:00', 'Europe/Rome').toISO()).toBe('2026-03-29T03:00:00.000+02:00');
    expect(parseCallInstant('2026-10-25T03:00', 'Europe/Rome').toUTC().toISO()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses a time Rome skips when its clocks go forward (luxon ran 02:30 as 03:30), saying what to give', () => {
    expect(() => parseCallInstant('2027-03-28T02:30', 'Europe/Rome')).toThrow(
      '--at "2027-03-28T02:30" does not exist in Europe/Rome: the clocks go from 02:00 to 03:00 that night; give 03:30, or an offset (2027-03-28T02:30+01:00)',
    );
    expect(() => parseCallInstant('2026-03-29T02:00', 'Europe/Rome', 'call.at')).toThrow('call.at "2026-03-29T02:00" does not exist in Europe/Rome');
    // Both ways out are taken: the time after the jump, and the time with the offset before it, the same instant.
    expect(parseCallInstant('2027-03-28T03:30', 'Europe/Rome').toISO()).toBe('2027-03-28T03:30:00.000+02:00');
    expect(parseCallInstant('2027-03-28T02:30+01:00', 'Europe/Rome').toMillis()).toBe(parseCallInstant('2027-03-28T03:30', 'Europe/Rome').toMillis());
    // Another zone's jump, of half an hour.
    expect(() => parseCallInstant('2026-10-04T02:15', 'Australia/Lord_Howe')).toThrow('the clocks go from 02:00 to 02:30 that night; give 02:45, or an offset (2026-10-04T02:15+10:30)');
  });

  it('takes a time Rome has twice, when its clocks go back, as the second, in winter time (docs/cli.md says so)', () => {
    expect(parseCallInstant('2026-10-25T02:30', 'Europe/Rome').toISO()).toBe('2026-10-25T02:30:00.000+01:00');
    expect(parseCallInstant('2026-10-25T02:30+02:00', 'Europe/Rome').toUTC().toISO()).toBe('2026-10-25T00:30:00.000Z');
  });

  // luxon alone reads a time a zone has twice with the offset the zone has on the day it runs (its first guess,
  // guessOffsetForZone in luxon's src/datetime.js, from Settings.now()): the same --at was the first 02:30 when run
  // in summer, the second in winter. The machine's date is faked here, Date only.
  describe('whatever the day it runs on', () => {
    afterEach(() => vi.useRealTimers());
    it.each(['2026-12-08T10:00:00Z', '2027-06-15T10:00:00Z', '2027-10-31T00:30:00Z', '2027-03-28T01:30:00Z'])('on %s, 02:30 on 25 October 2026 in Rome is still the second, +01:00', (today) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(today));
      expect(parseCallInstant('2026-10-25T02:30', 'Europe/Rome').toISO()).toBe('2026-10-25T02:30:00.000+01:00');
      expect(parseCallInstant('2026-10-25T01:59', 'Europe/Rome').toISO()).toBe('2026-10-25T01:59:00.000+02:00');
      expect(parseCallInstant('2026-10-25T03:00', 'Europe/Rome').toISO()).toBe('2026-10-25T03:00:00.000+01:00');
      // Lord Howe's clocks go back half an hour: 01:45 comes twice.
      expect(parseCallInstant('2027-04-04T01:45', 'Australia/Lord_Howe').toISO()).toBe('2027-04-04T01:45:00.000+10:30');
    });
  });

  it('says what to write for a date as people write it, a space for the T, a day the calendar lacks, an empty one', () => {
    expect(() => parseCallInstant('24/11/2026 10:00', 'Europe/Rome')).toThrow('--at "24/11/2026 10:00" is not an ISO-8601 date-time; write "2026-11-24T10:00" (24 November 2026: "24/11/2026" read day first)');
    expect(() => parseCallInstant('12/24/2026 9:30', 'Europe/Rome')).toThrow('write "2026-12-24T09:30" (24 December 2026: "12/24/2026" read month first)');
    expect(() => parseCallInstant('24/11/2026', 'Europe/Rome')).toThrow('write a date and a time of day, e.g. "2026-11-24T10:00" (24 November 2026');
    expect(() => parseCallInstant('2026-11-24 10:00', 'Europe/Rome')).toThrow('--at "2026-11-24 10:00" has a space between the date and the time; write "2026-11-24T10:00": ISO-8601 puts a "T" between them');
    expect(() => parseCallInstant('2026-02-30T10:00', 'Europe/Rome')).toThrow('--at "2026-02-30T10:00" names no day of the calendar: February 2026 has 28 days; give a date that exists');
    expect(() => parseCallInstant('2026-13-01T10:00', 'Europe/Rome')).toThrow('names no day of the calendar: months run from 01 to 12');
    expect(() => parseCallInstant('', 'Europe/Rome', 'callIvr: at')).toThrow('callIvr: at "" is empty; give a date and a time of day, e.g. 2026-11-24T10:00 (Europe/Rome)');
  });

  it('keeps an explicit offset as written', () => {
    expect(parseCallInstant('2026-11-24T09:00:00Z', 'Europe/Rome').toUTC().toISO()).toBe('2026-11-24T09:00:00.000Z');
    // An offset of zero is UTC as written, not Rome's wall clock: 10:00 in Rome, when a 09:00 call would still be open.
    for (const utc of ['2026-11-24T09:00+00:00', '2026-11-24T09:00+0000', '2026-11-24T09:00+00', '2026-11-24T09:00z']) {
      expect(parseCallInstant(utc, 'Europe/Rome').toUTC().toISO(), utc).toBe('2026-11-24T09:00:00.000Z');
    }
  });

  it('refuses a year before Twilio or centuries ahead (a typo), saying which years it takes', () => {
    expect(() => parseCallInstant('1500-01-01T10:00', 'Europe/Rome', 'call.at')).toThrow('call.at "1500-01-01T10:00" is in the year 1500; give a year from 2000 to 2999, e.g. 2026-11-24T10:00');
    expect(() => parseCallInstant('0206-11-24T10:00', 'Europe/Rome')).toThrow('is in the year 206;');
    expect(parseCallInstant('2000-01-03T10:00', 'Europe/Rome').year).toBe(2000);
    expect(parseCallInstant('2999-12-31T10:00', 'Europe/Rome').year).toBe(2999);
    // The year on the flow's wall clock: 23:30 UTC on New Year's Eve is already the next year in Rome.
    expect(parseCallInstant('1999-12-31T23:30:00Z', 'Europe/Rome').toUTC().year).toBe(1999);
    expect(() => parseCallInstant('2999-12-31T23:30:00-05:00', 'Europe/Rome')).toThrow('is in the year 3000;');
  });

  it('refuses an unknown or path-like zone name with the error --at gives', () => {
    for (const zone of ['Mars/Olympus_Mons', '../../etc/passwd']) {
      expect(() => parseCallInstant('2026-11-24T10:00', zone)).toThrow('--at "2026-11-24T10:00" is not an ISO-8601 date-time');
    }
  });
});
