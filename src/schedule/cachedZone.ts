import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FixedOffsetZone, IANAZone, Zone } from 'luxon';
import { projectCacheDir } from '../config/projectCache';
import { writeWhole } from '../config/writeWhole';

// The flow's wall clock (is the line open? what does --at 10:00 mean?) needs
// the offset of its IANA time zone. luxon's IANAZone asks Intl.DateTimeFormat,
// and the first Intl.DateTimeFormat of a process costs ~12 ms whatever its
// locale or zone: V8 then builds the list of locales it has date formats for
// (Intl.DateTimeFormat.supportedLocalesOf alone costs the same; the zone data
// itself is cheap). A cold `ivr call` or a cold function instance pays that
// once per start, for an answer that only changes when node's tz data does.
//
// So the offsets are kept in a table per zone, year by year, on disk next to
// the checked flows (node_modules/.cache/klarna-italia-ivr/), in a file named
// after the zone AND node's ICU and tz data versions: a table is only ever read
// by a node with the very data that made it, so it answers what IANAZone would.
// A year the table lacks is made from IANAZone (daily samples, each change
// bisected to the millisecond) and written back. Where there is nowhere to
// write (no node_modules, a read-only package as Azure runs) this is plain
// IANAZone, as before. A damaged or foreign file reads as no table.
//
// Sampling daily assumes a zone never changes its offset and back again
// within one day; no zone in the tz database has done so (test/schedule/
// cachedZone.test.ts compares the table with IANAZone for zones with unusual
// histories).

const FORMAT = 'ivr-zone-offsets/1';
const DAY_MS = 86_400_000;
/** Years a table may hold: the tz database's modern range; other instants ask IANAZone. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

/** A year's offsets: [offset at its first instant (minutes), then per change: instant (ms), new offset]. */
type YearOffsets = number[];

interface TableFile {
  format: string;
  zone: string;
  versions: string;
  years: Record<string, YearOffsets>;
}

/**
 * The luxon zone for an IANA name: offsets from the on-disk table, so the
 * process need not start Intl. `dir` is where tables live; undefined means the
 * project's cache, null none (then IANAZone itself).
 */
export function cachedZone(name: string, dir: string | null = projectCacheDir()): Zone {
  // Only names that look like IANA names become file names; anything else is IANAZone's to judge.
  if (dir === null || !/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return IANAZone.create(name);
  const key = `${dir}\0${name}`;
  let zone = zones.get(key);
  if (!zone) zones.set(key, (zone = new TableZone(name, dir)));
  return zone;
}

const zones = new Map<string, Zone>();

/** node's time zone data as the file name and contents carry it. */
function dataVersions(): string {
  return `icu${process.versions.icu ?? '-'}-tz${process.versions.tz ?? '-'}`;
}

class TableZone extends Zone {
  private readonly file: string;
  private table: Map<number, YearOffsets> | undefined;
  /** False once a write failed or there was nowhere to write: then IANAZone answers. */
  private writable = true;

  constructor(
    private readonly zoneName: string,
    private readonly dir: string,
  ) {
    super();
    this.file = path.join(dir, `zone-${zoneName.replaceAll('/', '~')}-${dataVersions()}.json`);
  }

  override get type(): string {
    // luxon treats an "iana" zone by its name (equality, Intl formatting): this is the same zone.
    return 'iana';
  }

  override get name(): string {
    return this.zoneName;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    // A year in the table proves the zone exists; otherwise IANAZone decides (it starts Intl).
    return this.years().size > 0 || IANAZone.create(this.zoneName).isValid;
  }

  override offsetName(ts: number, options: { format?: 'short' | 'long'; locale?: string }): string | null {
    return IANAZone.create(this.zoneName).offsetName(ts, options as Parameters<IANAZone['offsetName']>[1]);
  }

  override formatOffset(ts: number, format: 'narrow' | 'short' | 'techie'): string {
    return FixedOffsetZone.instance(this.offset(ts)).formatOffset(ts, format);
  }

  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.zoneName;
  }

  override offset(ts: number): number {
    const year = Number.isFinite(ts) ? new Date(ts).getUTCFullYear() : NaN;
    if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) return IANAZone.create(this.zoneName).offset(ts);
    const offsets = this.years().get(year) ?? this.addYear(year);
    if (!offsets) return IANAZone.create(this.zoneName).offset(ts);
    let offset = offsets[0] as number;
    for (let i = 1; i < offsets.length && (offsets[i] as number) <= ts; i += 2) offset = offsets[i + 1] as number;
    return offset;
  }

  private years(): Map<number, YearOffsets> {
    this.table ??= readTable(this.file, this.zoneName);
    return this.table;
  }

  /** Makes `year` from IANAZone and writes the table back; undefined where it cannot be kept. */
  private addYear(year: number): YearOffsets | undefined {
    if (!this.writable || !canWrite(this.dir)) {
      this.writable = false;
      return undefined;
    }
    const iana = IANAZone.create(this.zoneName);
    if (!iana.isValid) return undefined;
    const offsets = yearOffsets(iana, year);
    this.years().set(year, offsets);
    this.writable = writeTable(this.file, this.zoneName, this.years());
    return offsets;
  }
}

/** The offsets of `zone` through UTC year `year`: daily samples, each change bisected to the millisecond. */
export function yearOffsets(zone: Zone, year: number): YearOffsets {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const offsets: YearOffsets = [zone.offset(start)];
  let before = start;
  let offsetBefore = offsets[0] as number;
  for (let sample = Math.min(start + DAY_MS, end); before < end; sample = Math.min(sample + DAY_MS, end)) {
    const offsetAt = zone.offset(sample);
    // One change or more since the last sample: find each, earliest first.
    while (offsetAt !== offsetBefore) {
      let low = before; // offset here: offsetBefore
      let high = sample; // offset here differs
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (zone.offset(middle) === offsetBefore) low = middle;
        else high = middle;
      }
      offsetBefore = zone.offset(high);
      if (high < end) offsets.push(high, offsetBefore);
      before = high;
    }
    before = sample;
  }
  return offsets;
}

function readTable(file: string, zone: string): Map<number, YearOffsets> {
  const years = new Map<number, YearOffsets>();
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<TableFile>;
    if (stored.format !== FORMAT || stored.zone !== zone || stored.versions !== dataVersions() || typeof stored.years !== 'object' || stored.years === null) return years;
    for (const [key, offsets] of Object.entries(stored.years)) {
      const year = Number(key);
      if (!isYearOffsets(year, offsets)) return new Map();
      years.set(year, offsets);
    }
  } catch {
    // none yet, unreadable or not JSON: made again as needed
  }
  return years;
}

/** Whether `offsets` is a well-formed year: finite offsets, changes in order inside the year. */
function isYearOffsets(year: number, offsets: unknown): offsets is YearOffsets {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) return false;
  if (!Array.isArray(offsets) || offsets.length % 2 !== 1 || !offsets.every((n) => typeof n === 'number' && Number.isFinite(n))) return false;
  let previous = Date.UTC(year, 0, 1);
  for (let i = 1; i < offsets.length; i += 2) {
    const at = offsets[i] as number;
    if (at <= previous || at >= Date.UTC(year + 1, 0, 1)) return false;
    previous = at;
  }
  return true;
}

function canWrite(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes the table whole (writeWhole); false when it could not. */
function writeTable(file: string, zone: string, years: Map<number, YearOffsets>): boolean {
  try {
    const content: TableFile = { format: FORMAT, zone, versions: dataVersions(), years: Object.fromEntries([...years].sort(([a], [b]) => a - b)) };
    writeWhole(file, JSON.stringify(content));
    return true;
  } catch {
    return false;
  }
}
