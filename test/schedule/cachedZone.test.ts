import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cachedZone } from '../../src/schedule/cachedZone';
import { parseCallInstant } from '../../src/schedule/callInstant';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ivr-zone-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// Zones whose histories strain a table: half-hour DST (Lord Howe), a skipped
// day (Apia, 2011), DST suspended for Ramadan (Casablanca), negative DST
// (Dublin), odd offsets (Kathmandu, Chatham), abolished DST (Sao Paulo), and
// local mean time with seconds before 1900s standard time (Rome).
const ZONES = ['Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'Africa/Casablanca', 'Europe/Dublin', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'Antarctica/Troll'];
const FROM = Date.UTC(1900, 0, 1);
const TO = Date.UTC(2100, 0, 1);

describe('offsets of an IANA zone from the cached table', () => {
  it.each(ZONES)('%s: the same offset as luxon\'s IANAZone at any instant 1900-2100', (name) => {
    const zone = cachedZone(name, freshDir());
    const iana = IANAZone.create(name);
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), (ts) => zone.offset(ts) === iana.offset(ts)),
      { numRuns: 150 },
    );
  });

  it.each(ZONES)('%s: the same offsets as IANAZone on both sides of every change, 2010-2030', (name) => {
    const dir = freshDir();
    const zone = cachedZone(name, dir);
    const iana = IANAZone.create(name);
    for (let year = 2010; year <= 2030; year++) zone.offset(Date.UTC(year, 5, 1));
    const [file] = readdirSync(dir);
    const years = (JSON.parse(readFileSync(path.join(dir, file as string), 'utf8')) as { years: Record<string, number[]> }).years;
    expect(Object.keys(years)).toHaveLength(21);
    for (const offsets of Object.values(years)) {
      for (let i = 1; i < offsets.length; i += 2) {
        const at = offsets[i] as number;
        expect([zone.offset(at - 1), zone.offset(at)]).toEqual([iana.offset(at - 1), iana.offset(at)]);
        expect(zone.offset(at - 1)).not.toBe(zone.offset(at));
      }
    }
  });

  it('reads a table another process wrote without starting Intl', () => {
    const first = freshDir();
    cachedZone('Europe/Rome', first).offset(Date.UTC(2026, 6, 1));
    const second = freshDir();
    for (const file of readdirSync(first)) copyFileSync(path.join(first, file), path.join(second, file));
    IANAZone.resetCache();
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      const zone = cachedZone('Europe/Rome', second);
      expect(zone.offset(Date.UTC(2026, 6, 1))).toBe(120);
      expect(zone.offset(Date.UTC(2026, 11, 1))).toBe(60);
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });

  it.each([
    ['not JSON', () => 'not json'],
    ['another node\'s tz data', (text: string) => text.replace(/"versions":"[^"]*"/, '"versions":"icu1-tz1999a"')],
    ['changes out of order', (text: string) => text.replace(/\[0,(\d+),0,(\d+),0\]/, '[0,$2,0,$1,0]')],
    ['another zone', (text: string) => text.replace('"zone":"Europe/Rome"', '"zone":"Europe/Paris"')],
  ])('ignores a table file with %s and answers from IANAZone', (_what, damage) => {
    const dir = freshDir();
    cachedZone('Europe/Rome', dir).offset(Date.UTC(2026, 6, 1));
    const file = path.join(dir, readdirSync(dir)[0] as string);
    // A table that would answer a wrong offset (0) if it were believed.
    const wrong = readFileSync(file, 'utf8').replace('[60,', '[0,').replace(',120,', ',0,').replace(/,60\]/, ',0]');
    writeFileSync(file, damage(wrong));
    const again = cachedZone('Europe/Rome', `${dir}${path.sep}`); // another key: as a new process would
    expect(again.offset(Date.UTC(2026, 6, 1))).toBe(120);
    expect(again.offset(Date.UTC(2026, 0, 15))).toBe(60);
  });

  it('is plain IANAZone where there is no cache folder', () => {
    expect(cachedZone('Europe/Rome', null)).toBe(IANAZone.create('Europe/Rome'));
  });

  it('treats an unknown or path-like zone name as IANAZone does: invalid, and writes nothing', () => {
    const dir = freshDir();
    for (const name of ['Mars/Olympus_Mons', '../../etc/passwd']) {
      expect(cachedZone(name, dir).isValid).toBe(false);
      expect(DateTime.fromMillis(0, { zone: cachedZone(name, dir) }).isValid).toBe(false);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(() => parseCallInstant('2026-11-24T10:00', 'Mars/Olympus_Mons')).toThrow('--at "2026-11-24T10:00" is not an ISO-8601 date-time');
  });

  it('reads --at on the flow\'s wall clock, on both sides of a daylight-saving change', () => {
    expect(parseCallInstant('2026-03-29T01:59', 'Europe/Rome').toISO()).toBe('2026-03-29T01:59:00.000+01:00');
    expect(parseCallInstant('2026-03-29T03:00', 'Europe/Rome').toISO()).toBe('2026-03-29T03:00:00.000+02:00');
    expect(parseCallInstant('2026-10-25T03:00', 'Europe/Rome').toUTC().toISO()).toBe('2026-10-25T02:00:00.000Z');
  });
});
