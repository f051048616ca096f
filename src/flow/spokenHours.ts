import type { Flow, Prompt } from './schema';
import { jsonPath, type FlowProblem } from './problem';
import { weeklyHoursSaid } from '../schedule/weeklyHoursSaid';
import { WEEKDAYS, type Weekday } from '../schedule/weekdays';

// Opening hours said in a prompt ("dal lunedì al venerdì, dalle 9 alle 17",
// "Monday to Friday, from 9 am to 5 pm") against the flow's "hours": when the
// hours change and the closed message does not, callers are told the wrong
// times. Words cannot be read for certain (a sentence may speak of the chat's
// hours), so `ivr lint` warns and does not fail. Only Italian and English
// times are read, and the days said last before them in the same sentence (or
// else right after them): a span ("dal lunedì al giovedì", "Monday to
// Thursday") or single days ("il venerdì", "on Saturdays", "il sabato e la
// domenica", "nel fine settimana", "at weekends"); without days, any day
// keeping those hours will do. "Giorni feriali" ("i feriali", "ogni giorno
// feriale") are Monday to Saturday, as Italians count them (working days
// against Sundays and holidays), but "feriale" on another noun names no days
// ("periodo feriale" is the holiday season, from "ferie"); "weekdays", Monday
// to Friday; the weekend, Saturday and Sunday. Days said excluded ("sabato
// escluso", "esclusi sabato e domenica", "tranne la domenica", "escluso il
// fine settimana", "except Sundays") are taken out of the days said with
// them (said right after the times, out of the days said before them), or
// out of the whole week when those are the only days said; said before any
// days of their sentence ("tranne la domenica, siamo aperti tutti
// i giorni"), out of the days said after them, but for a day named again on
// its own ("…, e la domenica dalle 10 alle 12").

// Italian weekdays ending in -ì are the same in the plural ("i venerdì").
const DAY_WORDS: Record<string, Weekday> = {
  lunedì: 'mon', lunedi: 'mon', monday: 'mon', mondays: 'mon',
  martedì: 'tue', martedi: 'tue', tuesday: 'tue', tuesdays: 'tue',
  mercoledì: 'wed', mercoledi: 'wed', wednesday: 'wed', wednesdays: 'wed',
  giovedì: 'thu', giovedi: 'thu', thursday: 'thu', thursdays: 'thu',
  venerdì: 'fri', venerdi: 'fri', friday: 'fri', fridays: 'fri',
  sabato: 'sat', sabati: 'sat', saturday: 'sat', saturdays: 'sat',
  domenica: 'sun', domeniche: 'sun', sunday: 'sun', sundays: 'sun',
};
const DAY = `(${Object.keys(DAY_WORDS).join('|')})`;
const DAY_WORD = `(?:${Object.keys(DAY_WORDS).join('|')})`;
const DAY_SPAN = new RegExp(`(?:\\bdal\\s+${DAY}\\s+al(?:la)?\\s+${DAY}|\\b${DAY}\\s+(?:to|through|until)\\s+${DAY})(?![\\p{L}])`, 'giu');
// One day, with the article or preposition before it: "il venerdì", "di sabato", "le domeniche", "on Fridays".
const ONE_DAY = new RegExp(`(?<![\\p{L}])(?:(?:il|la|i|le|di|ogni|on|every)\\s+)?${DAY}(?![\\p{L}])`, 'giu');
// What may stand between days said together: "il sabato e la domenica", "Saturdays and Sundays".
const DAYS_JOINED = /^\s*(?:,|,?\s*(?:e|ed|o|and|or|&))?\s*$/iu;
const CLOCK = '(\\d{1,2})(?:[:.](\\d{2}))?';
const MERIDIEM = '(?:\\s*(am|pm|a\\.m\\.|p\\.m\\.))?';
const HALF = '\\s*(am|pm|a\\.m\\.|p\\.m\\.)';
// "dalle 9 alle 17", "dalle ore 9 alle ore 17"; "from 9 am to 5 pm", "between 9 and 5"; "9 am to 5 pm", "9am-5pm" (am or pm on both, without "from").
// Numbers followed by a unit are not times of day: "between 3 and 5 working days", "from 2 to 3 times", "dalle 2 alle 3 settimane".
const NOT_A_UNIT = '(?!\\s*(?:(?:working|business|lavorativi)\\s+)?(?:days?|weeks?|months?|hours?|minutes?|times?|euros?|giorni|settimane|mesi|ore|minuti|volte|euro)(?![\\p{L}]))';
const TIME_SPAN = new RegExp(
  [
    `\\bdall[e']\\s*(?:ore\\s+)?${CLOCK}\\s+all[e']\\s*(?:ore\\s+)?${CLOCK}\\b${NOT_A_UNIT}`,
    `\\b(?:from|between)\\s+${CLOCK}${MERIDIEM}\\s+(?:to|until|till|and)\\s+${CLOCK}${MERIDIEM}(?![\\p{L}\\d])${NOT_A_UNIT}`,
    `\\b${CLOCK}${HALF}\\s*(?:to|until|till|-|\u2013)\\s*${CLOCK}${HALF}(?![\\p{L}\\d])`,
  ].join('|'),
  'giu',
);
// Every day of the week: "tutti i giorni", "ogni giorno", "every day", "daily" (but "tutti i giorni feriali" is not).
const EVERY_DAY = /(?<![\p{L}])(?:tutti\s+i\s+giorni|ogni\s+giorno|every\s+day|daily)(?![\p{L}])(?!\s+ferial[ei](?![\p{L}]))/giu;
// Days named by what they are: "nei giorni feriali", "ogni giorno feriale", "i feriali" (Monday to Saturday in Italy;
// not "feriale" on another noun: "il periodo feriale" is the holiday season), "on weekdays" (Monday to Friday).
const NAMED_DAYS: { words: RegExp; days: Weekday[] }[] = [
  { words: /(?<![\p{L}])(?:(?:(?:nei|i|ogni|tutti\s+i)\s+)?giorn[oi]\s+ferial[ei]|(?:nei|i)\s+feriali)(?![\p{L}])/giu, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
  { words: /(?<![\p{L}])(?:(?:on|every)\s+)?weekdays?(?![\p{L}])/giu, days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
];
// Saturday and Sunday: "il fine settimana", "nei fine settimana", "at weekends", "on the weekend". Read as single
// days are ("il sabato e la domenica"): a comma after them ends what they say.
const WEEKEND_WORDS = '(?:fine\\s+settimana|week-?ends?)';
const WEEKEND = new RegExp(`(?<![\\p{L}])(?:(?:il|i|nel|nei|durante\\s+il|at|on|over|during|every)\\s+)?(?:the\\s+)?${WEEKEND_WORDS}(?![\\p{L}])`, 'giu');
// Days said excluded: "sabato escluso", "il sabato e la domenica esclusi", "esclusi sabato, domenica e festivi",
// "tranne la domenica", "except on Sundays". Holidays may be in the list; they are no day of the week.
const EXCLUDED_ITEM = `(?:(?:(?:il|la|i|le|di|on)\\s+)?${DAY_WORD}|(?:(?:il|i|nel|nei|at|on)\\s+)?(?:the\\s+)?${WEEKEND_WORDS}|(?:i\\s+)?(?:giorni\\s+)?festivi|(?:public\\s+)?holidays)`;
const EXCLUDED_LIST = (comma: boolean) => `${EXCLUDED_ITEM}(?:(?:${comma ? '\\s*,\\s*|' : ''}\\s+(?:e|ed|o|and|or)\\s+)${EXCLUDED_ITEM})*`;
const EXCLUDED = new RegExp(
  // A list before "esclusi" takes no comma: in "il venerdì, sabato escluso" Friday is said, not excluded.
  `(?<![\\p{L}])(?:(?:esclus[oaie]|tranne|eccetto|except|excluding)\\s+${EXCLUDED_LIST(true)}|${EXCLUDED_LIST(false)}\\s+(?:esclus[oaie]|excluded))(?![\\p{L}])`,
  'giu',
);

/** What "{hours}" would say in `language`, for the fix: ', "dal lunedì al venerdì, dalle 9 alle 17"'. */
function keptHours(flow: Flow, language: string): string {
  const said = weeklyHoursSaid(flow.hours.weekly, language, flow.languages[language]?.tag);
  return said ? `, "${said}"` : '';
}

export function spokenHoursWarnings(flow: Flow): FlowProblem[] {
  const warnings: FlowProblem[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const [part, prompt] of Object.entries(node) as [string, unknown][]) {
      if (!Array.isArray(prompt)) continue;
      (prompt as Prompt).forEach((segment, i) => {
        if (typeof segment !== 'object' || segment === null) return;
        for (const [code, text] of Object.entries(segment)) {
          if (code === 'language' || typeof text !== 'string') continue;
          const path = jsonPath(['nodes', id, part, i, code]);
          for (const said of spokenHours(text)) {
            const wrong = disagreement(flow, said);
            if (wrong) {
              warnings.push({
                path,
                message: `says "${said.words}" (${said.days ? `${dayRange(said.days)} ` : ''}${said.open}-${said.close}), but ${wrong}`,
                fix: `write "{hours}" in place of "${said.words}": it says the hours "hours.weekly" keeps${keptHours(flow, code)}; or correct "hours.weekly"`,
              });
            }
          }
        }
      });
    }
  }
  return warnings;
}

interface SaidHours {
  words: string;
  open: string;
  close: string;
  days?: Weekday[];
}

function spokenHours(text: string): SaidHours[] {
  const found: SaidHours[] = [];
  const said = daysSaid(text);
  const spans = [...text.matchAll(TIME_SPAN)].map((match) => ({ match, start: match.index as number, end: (match.index as number) + match[0].length }));
  // The days said last before the times, in the same sentence; single days only with nothing but words
  // between ("il venerdì dalle 9", "il venerdì è attivo dalle 9"), as a comma there starts another
  // thought ("chiuso il sabato e la domenica, ed è attivo dalle 9 alle 17").
  const before = (start: number) => said.filter((d) => d.end <= start && !(d.span ? /[.!?]/ : /[.!?,;:]/).test(text.slice(d.end, start))).at(-1);
  // Days already given to the times before them ("dalle 9 alle 17, dal lunedì al giovedì, e dalle 9 alle 16 il venerdì").
  const given = new Set<DaysPart>();
  spans.forEach(({ match, start, end }, i) => {
    const g = match.slice(1);
    const [open, close] = g[0] !== undefined ? [clock(g[0], g[1]), clock(g[2] as string, g[3])] : g[4] !== undefined ? englishSpan(g.slice(4, 10)) : englishSpan(g.slice(10, 16));
    let parts = before(start)?.parts.filter((part) => !given.has(part)) ?? [];
    // An exclusion said right after the times takes its days out of those said before them
    // ("tutti i giorni dalle 9 alle 17, tranne la domenica", "every day from 9 to 5 except on Sundays").
    const excludedAfter = said.find((d) => d.start >= end && /^\s*,?\s*$/.test(text.slice(end, d.start)) && d.parts.every((part) => part.excluded));
    if (parts.length > 0 && excludedAfter) {
      parts = [...parts, ...excludedAfter.parts];
      for (const part of excludedAfter.parts) given.add(part);
    }
    if (parts.length === 0) {
      // Else the days said right after the times, a comma at most between ("dalle 9 alle 17, dal lunedì al venerdì").
      // Days said just before the next times, no comma between, are theirs ("dalle 9 alle 17, il venerdì dalle 9
      // alle 16"), but for those before a comma among them ("dalle 9 alle 17 dal lunedì al giovedì, il venerdì
      // dalle 9 alle 16"); with a comma between, they are these times' ("…, dal lunedì al giovedì, e dalle 9 alle 16").
      const after = said.find((d) => d.start >= end && /^\s*,?\s*$/.test(text.slice(end, d.start)));
      const next = spans[i + 1];
      const nextOwns = after !== undefined && next !== undefined && before(next.start) === after && !/[,;:]/.test(text.slice(after.end, next.start));
      const comma = nextOwns ? after.joins.findIndex((join) => join.includes(',')) : -1;
      parts = !after ? [] : !nextOwns ? after.parts : after.parts.slice(0, comma + 1);
      for (const part of parts) given.add(part);
    }
    if (open === undefined || close === undefined) return;
    const days = parts.length > 0 ? daysOf(parts) : undefined;
    const edges = [start, end, ...parts.flatMap((part) => [part.start, part.end])];
    found.push({ words: text.slice(Math.min(...edges), Math.max(...edges)), open, close, ...(days ? { days } : {}) });
  });
  return found;
}

/** A span, a single day or every day, as said. */
interface DaysPart {
  start: number;
  end: number;
  /** Less those an exclusion said before it took out (excludedAhead). */
  days: Weekday[];
  /** Said as a span ("dal lunedì al giovedì"), or with one. */
  span: boolean;
  /** Said excluded ("sabato escluso"): taken out of the days said with it. */
  excluded?: true;
}

/** The days a group of parts says: those said, or the whole week when only exclusions are, less the excluded. */
function daysOf(parts: DaysPart[]): Weekday[] {
  const said = parts.filter((part) => !part.excluded);
  const out = (day: Weekday) => parts.some((part) => part.excluded && part.days.includes(day));
  return WEEKDAYS.filter((day) => (said.length === 0 || said.some((part) => part.days.includes(day))) && !out(day));
}

/** Days said together ("il sabato e la domenica"): their parts, and what joins each to the next (", ", " e "). */
interface DaysSaid extends DaysPart {
  parts: DaysPart[];
  joins: string[];
}

/** Spans and single days in the text, in order; days said together ("il sabato e la domenica") make one. */
function daysSaid(text: string): DaysSaid[] {
  const at = (m: RegExpMatchArray) => ({ start: m.index as number, end: (m.index as number) + m[0].length });
  const spans: DaysPart[] = [
    ...[...text.matchAll(DAY_SPAN)].flatMap((m) => {
      const days = daysBetween(m);
      return days ? [{ ...at(m), days, span: true }] : [];
    }),
    ...[...text.matchAll(EVERY_DAY)].map((m) => ({ ...at(m), days: [...WEEKDAYS], span: true })),
    ...NAMED_DAYS.flatMap(({ words, days }) => [...text.matchAll(words)].map((m) => ({ ...at(m), days, span: true }))),
  ];
  // Read where no span is: "sabato" in "dal lunedì al sabato, sabato escluso" is the span's, not the exclusion's.
  const outsideSpans = spans.reduce((rest, span) => rest.slice(0, span.start) + ' '.repeat(span.end - span.start) + rest.slice(span.end), text);
  const excluded: DaysPart[] = [...outsideSpans.matchAll(EXCLUDED)].flatMap((m) => {
    const weekend = new RegExp(WEEKEND_WORDS, 'iu').test(m[0]);
    const days = WEEKDAYS.filter(
      (day) => (weekend && (day === 'sat' || day === 'sun')) || [...m[0].matchAll(ONE_DAY)].some((one) => DAY_WORDS[(one[1] as string).toLowerCase()] === day),
    );
    return days.length > 0 ? [{ ...at(m), days, span: true, excluded: true }] : [];
  });
  const overlaps = (one: DaysPart) => [...spans, ...excluded].some((other) => other.start < one.end && one.start < other.end);
  const single = [
    ...[...text.matchAll(ONE_DAY)].map((m) => ({ ...at(m), days: [DAY_WORDS[(m[1] as string).toLowerCase()] as Weekday], span: false })),
    ...[...text.matchAll(WEEKEND)].map((m) => ({ ...at(m), days: ['sat', 'sun'] as Weekday[], span: false })),
  ].filter((one) => !overlaps(one));
  const together: DaysSaid[] = [];
  const inOrder: DaysPart[] = [...spans, ...excluded, ...single].sort((a, b) => a.start - b.start);
  for (const next of inOrder) {
    const last = together.at(-1);
    const join = last ? text.slice(last.end, next.start) : '';
    // Days said after an exclusion start anew: "tutti i giorni tranne il sabato, e il sabato dalle 9 alle 13"
    // (an exclusion said before any days reaches them all the same: excludedAhead).
    if (last && DAYS_JOINED.test(join) && !(last.parts.at(-1)?.excluded && !next.excluded)) {
      together[together.length - 1] = {
        start: last.start,
        end: next.end,
        days: daysOf([...last.parts, next]),
        span: last.span || next.span,
        parts: [...last.parts, next],
        joins: [...last.joins, join],
      };
    } else {
      together.push({ ...next, parts: [next], joins: [] });
    }
  }
  return excludedAhead(text, together);
}

/**
 * Days said excluded before any days of their sentence ("tranne la domenica, siamo aperti tutti i giorni",
 * "except on Sundays, we are open every day") are taken out of the days said after them in the sentence,
 * words and commas between; a day named on its own is said again ("…, e la domenica dalle 10 alle 12").
 */
function excludedAhead(text: string, together: DaysSaid[]): DaysSaid[] {
  let ahead: Weekday[] = [];
  let daysBefore = false;
  return together.map((group, i) => {
    const previous = together[i - 1];
    if (previous && /[.!?]/.test(text.slice(previous.end, group.start))) [ahead, daysBefore] = [[], false];
    if (group.parts.every((part) => part.excluded)) {
      if (!daysBefore) ahead = [...ahead, ...group.parts.flatMap((part) => part.days)];
      return group;
    }
    daysBefore = true;
    if (ahead.length === 0) return group;
    const parts = group.parts.map((part) => (part.excluded || part.days.length === 1 ? part : { ...part, days: part.days.filter((day) => !ahead.includes(day)) }));
    return { ...group, parts, days: daysOf(parts) };
  });
}

function daysBetween(span: RegExpMatchArray): Weekday[] | undefined {
  const [from, to] = span.slice(1).filter((w) => w !== undefined).map((w) => DAY_WORDS[(w as string).toLowerCase()]);
  if (from === undefined || to === undefined) return undefined;
  const start = WEEKDAYS.indexOf(from);
  const end = WEEKDAYS.indexOf(to);
  return end >= start ? WEEKDAYS.slice(start, end + 1) : undefined;
}

/**
 * "from 9 am to 5 pm", and as people say it: "from 9 to 5" (office hours,
 * 09:00-17:00), "from 1 to 5 pm" (13:00-17:00), "from 9 to 5 pm" (09:00-17:00).
 * A time without am or pm takes the other's when that keeps the opening first,
 * else the other half of the day; with neither, a closing time not after the
 * opening is in the afternoon.
 */
function englishSpan([openH, openM, openHalf, closeH, closeM, closeHalf]: Array<string | undefined>): [string | undefined, string | undefined] {
  const at = (h: string | undefined, m: string | undefined, half: string | undefined) => clock(h as string, m, half);
  const other = (half: string) => (/^p/i.test(half) ? 'am' : 'pm');
  if (openHalf === undefined && closeHalf !== undefined) {
    const close = at(closeH, closeM, closeHalf);
    const same = at(openH, openM, closeHalf);
    return [same !== undefined && close !== undefined && same < close ? same : at(openH, openM, other(closeHalf)), close];
  }
  if (closeHalf === undefined && openHalf !== undefined) {
    const open = at(openH, openM, openHalf);
    const same = at(closeH, closeM, openHalf);
    return [open, same !== undefined && open !== undefined && same > open ? same : at(closeH, closeM, other(openHalf))];
  }
  const [open, close] = [at(openH, openM, openHalf), at(closeH, closeM, closeHalf)];
  if (openHalf === undefined && open !== undefined && close !== undefined && close <= open && Number(closeH) < 12) return [open, at(closeH, closeM, 'pm')];
  return [open, close];
}

/** "17" -> "17:00", "5" pm -> "17:00"; undefined for a time no clock shows. */
function clock(hours: string, minutes: string | undefined, meridiem?: string): string | undefined {
  let h = Number(hours);
  const m = Number(minutes ?? '0');
  const half = meridiem?.toLowerCase().replace(/\./g, '');
  if (half && (h < 1 || h > 12)) return undefined;
  if (half === 'pm' && h < 12) h += 12;
  if (half === 'am' && h === 12) h = 0;
  if (h > 24 || m > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Why the weekly hours do not agree with what is said, or undefined when they do. */
function disagreement(flow: Flow, said: SaidHours): string | undefined {
  const keeps = (day: Weekday) => {
    const ranges = flow.hours.weekly[day];
    return ranges.length === 1 && ranges[0]?.open === said.open && ranges[0]?.close === said.close;
  };
  if (said.days) {
    const differ = said.days.filter((day) => !keeps(day));
    if (differ.length === 0) return undefined;
    // Days alike told together: "hours.weekly has 09:00-18:00 on mon, tue, wed, thu, fri".
    const byHours = new Map<string, Weekday[]>();
    for (const day of differ) {
      const hours = flow.hours.weekly[day].map((r) => `${r.open}-${r.close}`).join(' and ') || 'closed all day';
      byHours.set(hours, [...(byHours.get(hours) ?? []), day]);
    }
    return `"hours.weekly" has ${[...byHours].map(([hours, days]) => `${hours} on ${days.join(', ')}`).join('; ')}`;
  }
  return WEEKDAYS.some(keeps) ? undefined : 'no day of "hours.weekly" keeps those hours';
}

/** "mon-thu", "fri", "mon-thu, sat": days in runs of consecutive ones. */
function dayRange(days: Weekday[]): string {
  const runs: Weekday[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && WEEKDAYS.indexOf(run.at(-1) as Weekday) + 1 === WEEKDAYS.indexOf(day)) run.push(day);
    else runs.push([day]);
  }
  return runs.map((run) => (run.length === 1 ? (run[0] as string) : `${run[0]}-${run.at(-1)}`)).join(', ');
}
