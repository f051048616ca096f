import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { lineStatus } from '../../src/schedule/lineStatus';
import { hoursChecked } from '../../src/schedule/hoursChecked';

// What a transcript says of an hours check (ivr call, the dev phone): the time on the flow's clock it was made at,
// and the hours that decided it. On hours of their own, with a lunch break, so each way of being closed is met.
const split = [
  { open: '14:00', close: '18:00' },
  { open: '09:00', close: '12:30' },
];
const hours = {
  timeZone: 'Europe/Rome',
  weekly: { mon: split, tue: split, wed: split, thu: split, fri: split, sat: [], sun: [] },
  holidays: { country: 'IT', types: ['public' as const], spokenNames: { it: { 'Immacolata Concezione': "l'Immacolata" } } },
  closures: [{ date: '2026-12-28', name: { it: 'chiusura (inventario)', en: 'stocktaking' } }],
};
const checkedAt = (iso: string, language = 'it') => {
  const now = DateTime.fromISO(iso, { zone: 'UTC' });
  return hoursChecked(hours, now, lineStatus(hours, now, language), language);
};

describe('an hours check in words', () => {
  it.each([
    ['2026-11-24T09:15:30+01:00', 'hours checked at 09:15:30: open until 12:30'],
    ['2026-11-24T09:00:00+01:00', 'hours checked at 09:00:00: open until 12:30'],
    ['2026-11-24T08:59:59+01:00', 'hours checked at 08:59:59: closed, before the 09:00 opening'],
    ['2026-11-24T12:30:00+01:00', 'hours checked at 12:30:00: closed, between the 12:30 close and the 14:00 opening'],
    ['2026-11-24T18:00:08+01:00', 'hours checked at 18:00:08: closed, after the 18:00 close'],
    ['2026-11-28T11:00:00+01:00', 'hours checked at 11:00:00: closed, no opening hours on Saturday'],
  ])('%s: %s', (iso, words) => {
    expect(checkedAt(iso)).toBe(words);
  });

  it("tells the time on the flow's clock, whatever zone the instant is given in", () => {
    expect(checkedAt('2026-11-24T16:00:08Z')).toBe('hours checked at 17:00:08: open until 18:00');
  });

  it('names a holiday as the calendar does, not as the flow has callers hear it', () => {
    expect(checkedAt('2026-12-08T10:00:00+01:00')).toBe('hours checked at 10:00:00: holiday: Immacolata Concezione');
  });

  it("names a closure of the flow's by its name, without notes in brackets", () => {
    expect(checkedAt('2026-12-28T10:00:00+01:00')).toBe('hours checked at 10:00:00: closure: chiusura');
    expect(checkedAt('2026-12-28T10:00:00+01:00', 'en')).toBe('hours checked at 10:00:00: closure: stocktaking');
  });
});
