import { describe, expect, it } from 'vitest';
import { weeklyHoursSaid } from '../../src/schedule/weeklyHoursSaid';
import { callIvr } from '../../src/testing';
import { fixedFlow } from '../support/fixedMenu';

// What "{hours}" says: the flow's own weekly hours, in words. The calls and
// "our hours" are those of a fixed copy of the menu (weekdays 09:00-17:00,
// test/support/fixedMenu.ts): how hours are said does not change when an
// editor moves the shipped menu's hours or rewords its closed messages.

const flow = fixedFlow();
const open = (from: string, to: string) => [{ open: from, close: to }];
const closedAllWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('the weekly hours as said', () => {
  it('says our hours as the closed messages said them before', () => {
    expect(weeklyHoursSaid(flow.hours.weekly, 'it')).toBe('dal lunedì al venerdì, dalle 9 alle 17');
    expect(weeklyHoursSaid(flow.hours.weekly, 'en')).toBe('Monday to Friday, from 9 am to 5 pm');
  });

  it('says each run of days with the same hours, split days and single days', () => {
    const weekly = { ...closedAllWeek, mon: open('09:00', '18:00'), tue: open('09:00', '18:00'), wed: open('09:00', '18:00'), thu: open('09:00', '18:00'), fri: open('09:00', '17:00'), sat: [{ open: '14:00', close: '18:00' }, { open: '09:30', close: '12:30' }] };
    expect(weeklyHoursSaid(weekly, 'it')).toBe('dal lunedì al giovedì, dalle 9 alle 18, il venerdì, dalle 9 alle 17, e il sabato, dalle 9:30 alle 12:30 e dalle 14 alle 18');
    expect(weeklyHoursSaid(weekly, 'en')).toBe('Monday to Thursday, from 9 am to 6 pm, on Fridays, from 9 am to 5 pm, and on Saturdays, from 9:30 am to 12:30 pm and from 2 pm to 6 pm');
  });

  it('names every weekday, and says the minutes of a time before ten past with their zero ("9:05")', () => {
    const weekly = { ...closedAllWeek, tue: open('09:05', '13:00'), wed: open('09:05', '13:00'), thu: open('14:00', '18:00') };
    expect(weeklyHoursSaid(weekly, 'it')).toBe('dal martedì al mercoledì, dalle 9:05 alle 13, e il giovedì, dalle 14 alle 18');
    expect(weeklyHoursSaid(weekly, 'en')).toBe('Tuesday to Wednesday, from 9:05 am to 1 pm, and on Thursdays, from 2 pm to 6 pm');
    expect(weeklyHoursSaid({ ...closedAllWeek, tue: open('09:00', '12:00'), wed: open('09:00', '12:00') }, 'en')).toBe('Tuesday to Wednesday, from 9 am to midday');
  });

  it('does not join days with the same hours across a closed day, and says Sunday with its article', () => {
    const weekly = { ...closedAllWeek, mon: open('09:00', '13:00'), wed: open('09:00', '13:00'), sat: open('10:00', '12:00'), sun: open('10:00', '12:00') };
    expect(weeklyHoursSaid(weekly, 'it')).toBe("il lunedì, dalle 9 alle 13, il mercoledì, dalle 9 alle 13, e dal sabato alla domenica, dalle 10 a mezzogiorno");
    expect(weeklyHoursSaid({ ...closedAllWeek, sun: open('00:00', '12:00') }, 'it')).toBe('la domenica, da mezzanotte a mezzogiorno');
    expect(weeklyHoursSaid({ ...closedAllWeek, sun: open('00:00', '12:00') }, 'en')).toBe('on Sundays, from midnight to midday');
    // 24:00 closes at midnight, not at noon.
    expect(weeklyHoursSaid({ ...closedAllWeek, fri: open('09:00', '24:00') }, 'en')).toBe('on Fridays, from 9 am to midnight');
    expect(weeklyHoursSaid({ ...closedAllWeek, fri: open('09:00', '24:00') }, 'it')).toBe('il venerdì, dalle 9 a mezzanotte');
  });

  it('says a whole week as every day and a whole day as 24 hours, not "from midnight to midnight"', () => {
    const always = open('00:00', '24:00');
    const weekdays = { ...closedAllWeek, mon: always, tue: always, wed: always, thu: always, fri: always };
    expect(weeklyHoursSaid(weekdays, 'it')).toBe('dal lunedì al venerdì, 24 ore su 24');
    expect(weeklyHoursSaid(weekdays, 'en')).toBe('Monday to Friday, 24 hours a day');
    const week = { mon: open('08:00', '20:00'), tue: open('08:00', '20:00'), wed: open('08:00', '20:00'), thu: open('08:00', '20:00'), fri: open('08:00', '20:00'), sat: open('08:00', '20:00'), sun: open('08:00', '20:00') };
    expect(weeklyHoursSaid(week, 'it')).toBe('tutti i giorni, dalle 8 alle 20');
    expect(weeklyHoursSaid({ ...week, sun: open('09:00', '13:00') }, 'it')).toBe('dal lunedì al sabato, dalle 8 alle 20, e la domenica, dalle 9 alle 13');
    expect(weeklyHoursSaid({ ...weekdays, sat: always, sun: always }, 'en')).toBe('every day, 24 hours a day');
  });

  it("in another language, the days' names for its tag and the times as the flow writes them; none for lines that never open", () => {
    expect(weeklyHoursSaid(flow.hours.weekly, 'fr', 'fr-FR')).toBe('lundi–vendredi 09:00–17:00');
    // A day alone is named once; days apart by "; ", a split day's ranges by ", ".
    const split = { ...closedAllWeek, mon: open('09:00', '17:00'), tue: open('09:00', '17:00'), sat: [{ open: '09:00', close: '12:00' }, { open: '14:00', close: '18:00' }] };
    expect(weeklyHoursSaid(split, 'fr', 'fr-FR')).toBe('lundi–mardi 09:00–17:00; samedi 09:00–12:00, 14:00–18:00');
    expect(weeklyHoursSaid(closedAllWeek, 'it')).toBeUndefined();
  });
});

describe('"{hours}" in the closed messages', () => {
  it('a sentence in a fixed language says the hours and the reopening in its own language, whatever the call is in', async () => {
    const mixed = structuredClone(flow);
    (mixed.nodes.closed as { prompt: unknown[] }).prompt.push({ language: 'en', text: 'English speakers: we open again {reopens}; hours {hours}.' });
    const call = await callIvr({ at: '2026-12-04T18:00', press: ['-'], flow: mixed });
    expect(call.said).toContainEqual({ text: 'English speakers: we open again on Monday 7 December at 9 am; hours Monday to Friday, from 9 am to 5 pm.', language: 'en-GB' });
  });

  it('a Saturday added to the hours is said, and no sentence of ours says the weekend is closed', async () => {
    const saturday = structuredClone(flow);
    saturday.hours.weekly.sat = open('09:00', '13:00');
    const call = await callIvr({ at: '2026-11-27T18:00', press: ['-'], flow: saturday });
    expect(call.heard).toContain('È attivo dal lunedì al venerdì, dalle 9 alle 17, e il sabato, dalle 9 alle 13, e non è disponibile nei giorni festivi. Riapriamo domani alle 9.');
    expect(call.heard).not.toMatch(/fine settimana/);
  });

  it('follows a change of "hours.weekly" with no other edit: a caller after hours hears the new hours', async () => {
    const later = structuredClone(flow);
    later.hours.weekly = { ...later.hours.weekly, mon: open('09:00', '18:00'), tue: open('09:00', '18:00'), wed: open('09:00', '18:00'), thu: open('09:00', '18:00') };
    const call = await callIvr({ at: '2026-11-24T18:30', press: ['-'], flow: later });
    expect(call.heard).toContain('È attivo dal lunedì al giovedì, dalle 9 alle 18, e il venerdì, dalle 9 alle 17, e non è disponibile nei giorni festivi.');
    const english = await callIvr({ to: '+390237921250', at: '2026-11-28T11:00', press: ['1'], flow: later });
    expect(english.heard).toContain('It is open Monday to Thursday, from 9 am to 6 pm, and on Fridays, from 9 am to 5 pm, Italian time');
  });
});
