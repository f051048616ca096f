import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { loadFlowFile } from '../../src/flow/load';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { lineStatus } from '../../src/schedule/lineStatus';

const flowHours = loadFlowFile(DEFAULT_FLOW_FILE).hours;
// The rules under test, on hours of their own: a change of our flow's hours is not a change of how hours are judged.
const nineToFive = [{ open: '09:00', close: '17:00' }];
// The calendar's own names: the flow's spoken names for some holidays are tested on their own below.
const hours = {
  timeZone: 'Europe/Rome',
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: { country: 'IT', types: ['public' as const] },
  closures: [],
};
const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' });
const statusAt = (iso: string, language = 'it') => lineStatus(hours, rome(iso), language);

describe('opening hours, Monday to Friday 09:00-17:00 Europe/Rome', () => {
  it.each([
    ['2026-11-23T08:59', 'closed'], // Monday, the minute before opening
    ['2026-11-23T09:00', 'open'],
    ['2026-11-23T16:59', 'open'],
    ['2026-11-23T17:00', 'closed'], // 17:00 itself is closed
    ['2026-11-27T12:00', 'open'], // Friday
    ['2026-11-28T12:00', 'closed'], // Saturday
    ['2026-11-29T12:00', 'closed'], // Sunday
    ['2026-11-24T00:00', 'closed'], // midnight
    ['2026-11-23T23:59', 'closed'],
  ])('%s is %s', (iso, kind) => {
    expect(statusAt(iso).kind).toBe(kind);
  });

  it('judges the instant on the Rome wall clock, whatever zone it is given in', () => {
    // 08:30 UTC in winter is 09:30 in Rome; 16:30 UTC is 17:30.
    expect(lineStatus(hours, DateTime.fromISO('2026-11-23T08:30:00Z'), 'it').kind).toBe('open');
    expect(lineStatus(hours, DateTime.fromISO('2026-11-23T16:30:00Z'), 'it').kind).toBe('closed');
    // In summer Rome is UTC+2: 07:30 UTC is 09:30 open, 15:30 UTC is 17:30 closed.
    expect(lineStatus(hours, DateTime.fromISO('2027-06-15T07:30:00Z'), 'it').kind).toBe('open');
    expect(lineStatus(hours, DateTime.fromISO('2027-06-15T15:30:00Z'), 'it').kind).toBe('closed');
  });

  it('opens at 09:00 local on the days after daylight-saving changes, in both directions', () => {
    // Clocks go forward on Sunday 2026-03-29 and back on Sunday 2026-10-25.
    expect(lineStatus(hours, DateTime.fromISO('2026-03-30T06:59:00Z'), 'it').kind).toBe('closed'); // 08:59 CEST
    expect(lineStatus(hours, DateTime.fromISO('2026-03-30T07:00:00Z'), 'it').kind).toBe('open'); // 09:00 CEST
    expect(lineStatus(hours, DateTime.fromISO('2026-10-26T07:59:00Z'), 'it').kind).toBe('closed'); // 08:59 CET
    expect(lineStatus(hours, DateTime.fromISO('2026-10-26T08:00:00Z'), 'it').kind).toBe('open'); // 09:00 CET
    expect(lineStatus(hours, DateTime.fromISO('2026-10-26T15:59:00Z'), 'it').kind).toBe('open'); // 16:59 CET
    expect(lineStatus(hours, DateTime.fromISO('2026-10-26T16:00:00Z'), 'it').kind).toBe('closed'); // 17:00 CET
  });
});

describe('Italian public holidays', () => {
  it.each([
    ['2026-01-01T10:00', 'Capodanno'],
    ['2026-01-06T10:00', 'Epifania'],
    ['2026-04-06T10:00', "Lunedì dell’Angelo"], // Easter Monday 2026
    ['2027-03-29T10:00', "Lunedì dell’Angelo"], // Easter Monday 2027
    ['2028-04-17T10:00', "Lunedì dell’Angelo"], // Easter Monday 2028
    ['2030-04-22T10:00', "Lunedì dell’Angelo"], // Easter Monday 2030
    ['2026-04-25T10:00', 'Liberazione dal nazifascismo'], // the table's "(1945)" is not said
    ['2026-05-01T10:00', 'Festa del lavoro'],
    ['2026-06-02T10:00', 'Festa della Repubblica'],
    ['2026-08-14T10:00', undefined], // the day before Ferragosto is a working day
    ['2026-10-04T10:00', "Festa nazionale di San Francesco d'Assisi"], // national holiday again from 2026
    ['2027-10-04T10:00', "Festa nazionale di San Francesco d'Assisi"],
    ['2026-12-08T10:00', 'Immacolata Concezione'],
    ['2026-12-25T10:00', 'Natale di Gesù'],
    ['2026-12-26T10:00', 'Santo Stefano'],
  ])('%s: %s', (iso, name) => {
    const status = statusAt(iso);
    if (name === undefined) expect(status.kind).not.toBe('holiday');
    else expect(status).toEqual({ kind: 'holiday', name });
  });

  it('was not closed on 4 October before the holiday was restored', () => {
    expect(statusAt('2024-10-04T10:00').kind).toBe('open'); // a Friday
  });

  it('names the holiday in the caller language', () => {
    expect(statusAt('2027-03-29T10:00', 'en')).toEqual({ kind: 'holiday', name: 'Easter Monday' });
  });

  it('names a holiday that falls on a weekend rather than just saying closed', () => {
    expect(statusAt('2027-12-26T10:00')).toEqual({ kind: 'holiday', name: 'Santo Stefano' }); // a Sunday
  });

  it('closes on extra closure dates listed in the flow', () => {
    const withClosure = { ...hours, closures: [{ date: '2026-12-24', name: { it: 'Vigilia di Natale', en: 'Christmas Eve' } }] };
    expect(lineStatus(withClosure, rome('2026-12-24T10:00'), 'en')).toEqual({ kind: 'holiday', name: 'Christmas Eve' });
    expect(lineStatus(withClosure, rome('2026-12-23T10:00'), 'en').kind).toBe('open');
  });
});

describe("the flow's spoken names for holidays", () => {
  it.each([
    ['2026-12-25T10:00', 'it', 'Natale'],
    ['2026-04-06T10:00', 'it', 'Pasquetta'],
    ['2026-04-25T10:00', 'it', 'la Festa della Liberazione'],
    ['2026-12-26T10:00', 'en', "Saint Stephen's Day"],
    ['2026-04-05T10:00', 'it', 'Pasqua'],
    ['2026-12-26T10:00', 'it', 'Santo Stefano'], // no spoken name: the calendar's
    ['2026-12-25T10:00', 'en', 'Christmas Day'],
  ])('%s in %s: %s', (iso, language, name) => {
    expect(lineStatus(flowHours, rome(iso), language)).toEqual({ kind: 'holiday', name });
  });
});

describe('a closure date', () => {
  it('is said by its name, without notes in brackets, as calendar names are', () => {
    const closed = { ...hours, holidays: { ...hours.holidays, spokenNames: flowHours.holidays.spokenNames }, closures: [{ date: '2026-12-28', name: { it: 'chiusura (inventario)', en: 'stocktaking (yearly)' } }] };
    expect(lineStatus(closed, rome('2026-12-28T10:00'), 'it')).toEqual({ kind: 'holiday', name: 'chiusura' });
    expect(lineStatus(closed, rome('2026-12-28T10:00'), 'en')).toEqual({ kind: 'holiday', name: 'stocktaking' });
  });
});
