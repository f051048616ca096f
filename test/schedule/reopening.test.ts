import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { nextOpening, spokenReopening } from '../../src/schedule/reopening';
import { fixedFlow } from '../support/fixedMenu';

// What "{reopens}" says: the next opening after a closed moment, skipping
// weekends, Italian public holidays and the flow's closure dates. On the fixed
// copy of the menu (weekdays 09:00-17:00), which editors leave alone.

const hours = fixedFlow().hours;
const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' });
const opensAfter = (iso: string, h = hours) => nextOpening(h, rome(iso), 'it')?.toISO({ suppressMilliseconds: true, suppressSeconds: true });

describe('the next opening', () => {
  it.each([
    ['2026-11-24T08:00', '2026-11-24T09:00+01:00', 'before opening: the same morning'],
    ['2026-11-24T17:00', '2026-11-25T09:00+01:00', 'at closing time: the next morning'],
    ['2026-11-27T18:00', '2026-11-30T09:00+01:00', 'Friday evening: Monday'],
    ['2026-11-28T12:00', '2026-11-30T09:00+01:00', 'Saturday'],
    ['2026-12-08T10:00', '2026-12-09T09:00+01:00', 'a holiday on a Tuesday: Wednesday'],
    ['2026-12-24T17:30', '2026-12-28T09:00+01:00', 'Christmas Eve evening: past Christmas, St Stephen and the Sunday'],
    ['2027-03-26T18:00', '2027-03-30T09:00+02:00', 'before Easter: past Easter Monday, in summer time'],
  ])('%s opens %s (%s)', (at, opens) => {
    expect(opensAfter(at)).toBe(opens);
  });

  it('skips a closure date of the flow, and takes the earliest range of a day with two', () => {
    const closed = { ...hours, closures: [{ date: '2026-11-30', name: { it: 'inventario', en: 'stocktaking' } }] };
    expect(opensAfter('2026-11-27T18:00', closed)).toBe('2026-12-01T09:00+01:00');
    const split = { ...hours, weekly: { ...hours.weekly, mon: [{ open: '14:00', close: '18:00' }, { open: '09:00', close: '12:30' }] } };
    expect(opensAfter('2026-11-27T18:00', split)).toBe('2026-11-30T09:00+01:00');
    expect(opensAfter('2026-11-30T13:00', split)).toBe('2026-11-30T14:00+01:00');
  });

  it('is none for lines that never open', () => {
    const never = { ...hours, weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(nextOpening(never, rome('2026-11-24T18:00'), 'it')).toBeUndefined();
    expect(spokenReopening(never, rome('2026-11-24T18:00'), 'it', 'it-IT')).toBeUndefined();
  });

  it('looks a year and a day ahead: a closure of a whole year still has its reopening told', () => {
    // From Tuesday 24 November 2026, 366 days on is Thursday 25 November 2027.
    const year = (until: string) => ({ ...hours, closures: [{ date: '2026-11-24', until, name: { it: 'lavori', en: 'works' } }] });
    expect(opensAfter('2026-11-24T18:00', year('2027-11-24'))).toBe('2027-11-25T09:00+01:00');
    expect(opensAfter('2026-11-24T18:00', year('2027-11-25'))).toBeUndefined();
  });
});

describe('the next opening as said', () => {
  it.each([
    ['2026-11-24T08:00', 'oggi alle 9', 'today at 9 am'],
    ['2026-11-24T18:00', 'domani alle 9', 'tomorrow at 9 am'],
    ['2026-11-27T18:00', 'lunedì 30 novembre alle 9', 'on Monday 30 November at 9 am'],
    ['2026-12-24T17:30', 'lunedì 28 dicembre alle 9, dopo Natale', 'on Monday 28 December at 9 am, after Christmas Day'],
  ])('%s: "%s", "%s"', (at, italian, english) => {
    expect(spokenReopening(hours, rome(at), 'it', 'it-IT')).toBe(italian);
    expect(spokenReopening(hours, rome(at), 'en', 'en-GB')).toBe(english);
  });

  it('says the minutes when there are any, and the afternoon in English', () => {
    const later = { ...hours, weekly: { ...hours.weekly, wed: [{ open: '14:30', close: '18:00' }] } };
    expect(spokenReopening(later, rome('2026-11-24T18:00'), 'it', 'it-IT')).toBe('domani alle 14:30');
    expect(spokenReopening(later, rome('2026-11-24T18:00'), 'en', 'en-GB')).toBe('tomorrow at 2:30 pm');
  });

  it.each([
    ['00:00', 'stanotte a mezzanotte', 'at midnight tonight'],
    ['01:00', "domani all'una", 'tomorrow at 1 am'],
    ['01:30', "domani all'1:30", 'tomorrow at 1:30 am'],
    ['12:00', 'domani a mezzogiorno', 'tomorrow at midday'],
    ['12:30', 'domani alle 12:30', 'tomorrow at 12:30 pm'],
    ['13:00', 'domani alle 13', 'tomorrow at 1 pm'],
    ['00:30', 'domani alle 0:30', 'tomorrow at 12:30 am'],
    ['09:05', 'domani alle 9:05', 'tomorrow at 9:05 am'],
  ])('opening at %s: "%s", "%s"', (open, italian, english) => {
    const odd = { ...hours, weekly: { ...hours.weekly, wed: [{ open, close: '23:59' }] } };
    expect(spokenReopening(odd, rome('2026-11-24T18:00'), 'it', 'it-IT')).toBe(italian);
    expect(spokenReopening(odd, rome('2026-11-24T18:00'), 'en', 'en-GB')).toBe(english);
  });

  it('names the night of a midnight opening days ahead, which "lunedì a mezzanotte" would leave in doubt', () => {
    // Open round the clock on weekdays: on Saturday the line opens at the midnight that begins Monday 30 November.
    const always = [{ open: '00:00', close: '24:00' }];
    const roundTheClock = { ...hours, weekly: { mon: always, tue: always, wed: always, thu: always, fri: always, sat: [], sun: [] } };
    expect(spokenReopening(roundTheClock, rome('2026-11-28T12:00'), 'it', 'it-IT')).toBe('a mezzanotte tra domenica 29 novembre e lunedì 30 novembre');
    expect(spokenReopening(roundTheClock, rome('2026-11-28T12:00'), 'en', 'en-GB')).toBe('at midnight between Sunday 29 November and Monday 30 November');
    // On Sunday evening it is tonight; at 00:30 on Sunday, "tonight" would be the night the caller is in.
    expect(spokenReopening(roundTheClock, rome('2026-11-29T20:00'), 'it', 'it-IT')).toBe('stanotte a mezzanotte');
    // "Tonight" from midday on: at 11:59 the night is still named.
    expect(spokenReopening(roundTheClock, rome('2026-11-29T12:00'), 'it', 'it-IT')).toBe('stanotte a mezzanotte');
    expect(spokenReopening(roundTheClock, rome('2026-11-29T11:59'), 'it', 'it-IT')).toBe('a mezzanotte tra domenica 29 novembre e lunedì 30 novembre');
    expect(spokenReopening(roundTheClock, rome('2026-11-29T00:30'), 'it', 'it-IT')).toBe('a mezzanotte tra domenica 29 novembre e lunedì 30 novembre');
    expect(spokenReopening(roundTheClock, rome('2026-11-29T00:30'), 'en', 'en-GB')).toBe('at midnight between Sunday 29 November and Monday 30 November');
  });

  it('an opening time the clocks skip is said as the moment they jump to, when the line does open', () => {
    // Sunday 29 March 2026, Europe/Rome: 02:00 becomes 03:00, so a line opening at 02:30 opens at 03:00.
    const night = { ...hours, weekly: { ...hours.weekly, sun: [{ open: '02:30', close: '06:00' }] } };
    expect(opensAfter('2026-03-28T18:00', night)).toBe('2026-03-29T03:00+02:00');
    expect(spokenReopening(night, rome('2026-03-28T18:00'), 'it', 'it-IT')).toBe('domani alle 3');
    expect(spokenReopening(night, rome('2026-03-28T18:00'), 'en', 'en-GB')).toBe('tomorrow at 3 am');
    // Two weeks later (after Easter) the clocks do not change: 02:30 it is.
    expect(opensAfter('2026-04-11T18:00', night)).toBe('2026-04-12T02:30+02:00');
  });

  it('says the first of a month as an ordinal in Italian', () => {
    // Friday 29 January 2027: the line opens again on Monday 1 February.
    expect(spokenReopening(hours, rome('2027-01-29T18:00'), 'it', 'it-IT')).toBe('lunedì primo febbraio alle 9');
    expect(spokenReopening(hours, rome('2027-01-29T18:00'), 'en', 'en-GB')).toBe('on Monday 1 February at 9 am');
  });

  it("orders the date as the language's tag does", () => {
    expect(spokenReopening(hours, rome('2026-11-27T18:00'), 'en', 'en-US')).toBe('on Monday, November 30 at 9 am');
  });

  it('in a language it has no words for, says the date and time as Intl writes them for its tag', () => {
    expect(spokenReopening(hours, rome('2026-11-27T18:00'), 'de', 'de-DE')).toBe('Montag, 30. November um 9:00');
  });
});

describe('why the next opening is later than the weekly hours give', () => {
  // docs/flow-file.md's closures: the summer break of Monday 9 to Friday 13 August 2027, and a bridge day before
  // the Immacolata (Tuesday 8 December 2026), named as the flow names them for "chiuso per" / "closed for".
  const withClosures = {
    ...hours,
    closures: [
      { date: '2027-08-09', until: '2027-08-13', name: { it: 'ferie estive', en: 'the summer break' } },
      { date: '2026-12-07', name: { it: "il ponte dell'Immacolata", en: 'the bridge day' } },
    ],
  };
  const said = (at: string, language: 'it' | 'en', todayNamed = false) => spokenReopening(withClosures, rome(at), language, language === 'it' ? 'it-IT' : 'en-GB', todayNamed);

  it.each([
    ['2027-08-06T18:00', 'the Friday before the summer break', 'lunedì 16 agosto alle 9, dopo la chiusura per ferie estive', 'on Monday 16 August at 9 am, after the closure for the summer break'],
    ['2027-03-26T18:00', 'the Friday before Easter', 'martedì 30 marzo alle 9, dopo Pasquetta', 'on Tuesday 30 March at 9 am, after Easter Monday'],
    ['2026-06-01T18:00', 'the evening before Republic Day, a Tuesday', 'mercoledì 3 giugno alle 9, dopo la Festa della Repubblica', 'on Wednesday 3 June at 9 am, after Republic Day'],
    ['2026-08-14T08:00', 'the morning before Ferragosto, a Saturday: no weekday skipped', 'oggi alle 9', 'today at 9 am'],
  ])('%s (%s): "%s", "%s"', (at, _label, italian, english) => {
    expect(said(at, 'it')).toBe(italian);
    expect(said(at, 'en')).toBe(english);
  });

  it.each([
    ['2026-11-24T18:30', 'a weekday evening', 'domani alle 9'],
    ['2026-11-27T18:00', 'a Friday evening', 'lunedì 30 novembre alle 9'],
    ['2026-11-28T12:00', 'a Saturday', 'lunedì 30 novembre alle 9'],
    ['2027-08-13T18:00', 'the last evening of the summer break: Monday is the usual next opening', 'lunedì 16 agosto alle 9'],
    ['2027-03-29T18:00', 'the evening of Easter Monday: Tuesday is the usual next opening', 'domani alle 9'],
  ])('%s (%s): no reason, "%s"', (at, _label, italian) => {
    expect(said(at, 'it')).toBe(italian);
  });

  it('of several days off, names each in order, and a closure of many days once', () => {
    // Thursday 25 and Friday 26 December 2025: Christmas Day and St Stephen's Day. Told only the second, a caller wonders about the first.
    expect(said('2025-12-24T18:00', 'it')).toBe('lunedì 29 dicembre alle 9, dopo Natale e Santo Stefano');
    expect(said('2025-12-24T18:00', 'en')).toBe("on Monday 29 December at 9 am, after Christmas Day and St Stephen's Day");
    // The bridge day closure on Monday 7 December 2026, then the Immacolata on Tuesday.
    expect(said('2026-12-04T18:00', 'it')).toBe("mercoledì 9 dicembre alle 9, dopo la chiusura per il ponte dell'Immacolata e l'Immacolata");
    expect(said('2026-12-04T18:00', 'en')).toBe('on Wednesday 9 December at 9 am, after the closure for the bridge day and the Feast of the Immaculate Conception');
  });

  it('on the day off itself, names it only when the message does not already say it ("{holiday}")', () => {
    // Wednesday 11 August 2027, in the summer break: its name is in "Oggi ... è chiuso per ferie estive.".
    expect(said('2027-08-11T10:00', 'it', true)).toBe('lunedì 16 agosto alle 9');
    expect(said('2027-08-11T10:00', 'it', false)).toBe('lunedì 16 agosto alle 9, dopo la chiusura per ferie estive');
    // Easter Monday 2027 at 10:00, when the weekly hours would have the line open.
    expect(said('2027-03-29T10:00', 'en', true)).toBe('tomorrow at 9 am');
    expect(said('2027-03-29T10:00', 'en', false)).toBe('tomorrow at 9 am, after Easter Monday');
    // Christmas Day 2025, a Thursday: St Stephen's Day the next day is another day off, and is said.
    expect(said('2025-12-25T10:00', 'it', true)).toBe('lunedì 29 dicembre alle 9, dopo Santo Stefano');
    // The evening of Easter Sunday 2027: Easter is named, Easter Monday tomorrow is why Tuesday.
    expect(said('2027-03-28T20:00', 'it', true)).toBe('martedì 30 marzo alle 9, dopo Pasquetta');
  });

  it("on a day off, names it only while the weekly hours would still have the line open that day", () => {
    // Tuesday 8 December 2026, the Immacolata: at 16:59 the weekly hours would open the line, at 17:00 no longer.
    expect(said('2026-12-08T16:59', 'it')).toBe("domani alle 9, dopo l'Immacolata");
    expect(said('2026-12-08T17:00', 'it')).toBe('domani alle 9');
    // With a lunch break, between its two ranges: the afternoon is still to come, so the day off is why.
    const split = [{ open: '09:00', close: '12:30' }, { open: '14:00', close: '18:00' }];
    const lunch = { ...withClosures, weekly: { ...withClosures.weekly, tue: split } };
    expect(spokenReopening(lunch, rome('2026-12-08T13:00'), 'it', 'it-IT')).toBe("domani alle 9, dopo l'Immacolata");
  });

  it('in a language it has no words for, says no reason rather than a sentence in two languages', () => {
    expect(spokenReopening(withClosures, rome('2027-08-06T18:00'), 'de', 'de-DE')).toBe('Montag, 16. August um 9:00');
  });
});
