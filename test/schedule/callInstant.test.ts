import { describe, expect, it } from 'vitest';
import { parseCallInstant } from '../../src/schedule/callInstant';

// `ivr call --at` (and a scenario's call.at) as people write it: wall-clock
// time in the flow's zone, with luxon's IANAZone answering the offsets.

describe('parseCallInstant', () => {
  it('reads --at on the flow\'s wall clock, on both sides of a daylight-saving change', () => {
    expect(parseCallInstant('2026-03-29T01:59', 'Europe/Rome').toISO()).toBe('2026-03-29T01:59:00.000+01:00');
    expect(parseCallInstant('2026-03-29T03:00', 'Europe/Rome').toISO()).toBe('2026-03-29T03:00:00.000+02:00');
    expect(parseCallInstant('2026-10-25T03:00', 'Europe/Rome').toUTC().toISO()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('keeps an explicit offset as written', () => {
    expect(parseCallInstant('2026-11-24T09:00:00Z', 'Europe/Rome').toUTC().toISO()).toBe('2026-11-24T09:00:00.000Z');
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
