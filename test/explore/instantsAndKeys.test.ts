import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { instantAt, representativeInstants } from '../../src/explore';
import { instantTime } from '../../src/explore/instants';
import { offeredKeys } from '../../src/flow/announcedKeys';
import { loadFlowFile } from '../../src/flow/load';
import type { Hours } from '../../src/flow/schema';
import { lineStatus } from '../../src/schedule/lineStatus';
import { DateTime } from 'luxon';

// How explore picks its instants, on hours of its own (Monday to Friday 9-17, as our flow had them when
// these were written): a change of the flow's hours is not a change of how instants are picked.
const nineToFive = [{ open: '09:00', close: '17:00' }];
const hours: Hours = {
  ...loadFlowFile(DEFAULT_FLOW_FILE).hours,
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  closures: [],
};
const statusAt = (at: string) => lineStatus(hours, DateTime.fromISO(at, { zone: hours.timeZone }), 'en').kind;

describe('the instants explore calls at', () => {
  it('default to the week of 7 December 2026: open, closed, the weekend and the Immaculate Conception', () => {
    const instants = representativeInstants(hours);
    expect(instants).toEqual([
      { label: 'open', at: '2026-12-07T13:00' },
      { label: 'closed', at: '2026-12-07T20:30' },
      { label: 'weekend', at: '2026-12-12T12:00' },
      { label: 'holiday (Immaculate Conception)', at: '2026-12-08T13:00' },
    ]);
    expect(instants.map((i) => statusAt(i.at))).toEqual(['open', 'closed', 'closed', 'holiday']);
  });

  it('follow the flow\'s hours and the week asked for: a Saturday morning shift, and the next holiday after', () => {
    const saturdayMornings: Hours = { ...hours, weekly: { ...hours.weekly, sat: [{ open: '09:00', close: '12:00' }] } };
    expect(representativeInstants(saturdayMornings, '2027-03-03')).toEqual([
      { label: 'open', at: '2027-03-01T13:00' },
      { label: 'closed', at: '2027-03-01T20:30' },
      { label: 'weekend', at: '2027-03-07T12:00' },
      { label: 'holiday (Easter Monday)', at: '2027-03-29T13:00' },
    ]);
  });

  it('refuse a week in a year no call can have, as --at does', () => {
    expect(() => representativeInstants(hours, '1500-01-05')).toThrow('--week "1500-01-05" is in the year 1500; give a year from 2000 to 2999, e.g. 2026-12-07');
  });

  // `ivr explore --at` and `ivr diff --at` call at the instant the text names as `ivr call --at` reads it: a time the
  // zone has twice is the second, whatever the day they run (luxon alone guesses with the offset of that day). Date
  // is faked to December, summer time on Lord Howe Island, whose clocks go back half an hour on 4 April 2027.
  it('call at an --at the zone has twice as --at reads it, the second, on any day they run', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-08T10:00:00Z'));
      expect(instantTime(instantAt('2027-04-04T01:45', 'Australia/Lord_Howe'), 'Australia/Lord_Howe').toISO()).toBe('2027-04-04T01:45:00.000+10:30');
    } finally {
      vi.useRealTimers();
    }
  });

  it('use a closure date of the flow as its holiday, by its English name', () => {
    const withClosure: Hours = { ...hours, closures: [{ date: '2026-12-07', name: { it: 'Inventario', en: 'Stocktaking' } }] };
    const instants = representativeInstants(withClosure);
    // Monday is closed for stocktaking and Tuesday is a public holiday: Wednesday is the first open day.
    expect(instants[0]).toEqual({ label: 'open', at: '2026-12-09T13:00' });
    expect(instants.at(-1)).toEqual({ label: 'holiday (Stocktaking)', at: '2026-12-07T13:00' });
  });
});

describe('the keys a prompt offers', () => {
  it('reads Italian and English, digits and the star and hash keys', () => {
    expect(offeredKeys(['Per parlare con un operatore, premi 2. Per riascoltare il menu, premi asterisco.'])).toEqual(['2', '*']);
    expect(offeredKeys(['For English, press 1.', 'To hear this menu again, press star, or press the hash key to finish.'])).toEqual(['1', '*', '#']);
    expect(offeredKeys(['Premi il tasto 9 oppure premi cancelletto.'])).toEqual(['9', '#']);
    // Digits as words are said alike by the voice: "press one" announces 1.
    expect(offeredKeys(['For English, press one.', 'Per un operatore, premi due; per riascoltare, premi il tasto zero.'])).toEqual(['1', '2', '0']);
  });

  it('ignores numbers that are not keys to press', () => {
    expect(offeredKeys(['Siamo aperti dalle 9 alle 17, dal lunedì al venerdì. Entro 14 giorni.'])).toEqual([]);
    // After the star or hash key, "one of" and "uno dei" are words, not a list of keys.
    expect(offeredKeys(['Press star, one of our agents will answer.'])).toEqual(['*']);
    expect(offeredKeys(['Premi asterisco, uno dei nostri operatori risponderà.'])).toEqual(['*']);
    // A list of keys in words stays one: "press one or two".
    expect(offeredKeys(['Press one or two.'])).toEqual(['1', '2']);
  });
});
