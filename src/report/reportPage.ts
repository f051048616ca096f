// `ivr report`'s page: one HTML file with everything inline (CSS, SVG), so it
// opens from disk with no network and prints (the maps in parts a page wide,
// at a size their words can be read at). Charts are tables
// and SVG written here rather than a charting library: the few shapes needed
// (a week of hours, bars per day, the menu map we already draw) come out as
// static markup that prints, reads aloud as a table, and needs no script.

import { DateTime } from 'luxon';
import type { Flow } from '../flow/schema';
import { rangesOn, WEEKDAYS, type Weekday } from '../schedule/weekdays';
import { medianOf, notInFlow, type CallTally } from './callTally';
import { trafficMap } from './trafficMap';
import { recordsCover, reportPeriod } from './reportPeriod';
import { closedDaysIn, type ClosedDay } from './closedDays';
import { languageName } from './languageName';
import { placeOf } from '../records/recordPlace';
import { UNREADABLE_FIX } from '../records/recordProblems';
import { counted, grouped } from '../text/counted';
import { closedUnknown } from './closedUnknown';
import { unreadTimeNote } from './unreadTimeNote';
import { partialNote } from './partialNote';
import { fallbackNote } from './fallbackNote';
import { undatedLeftOut } from './undatedLeftOut';
import { outcomeShort, outcomeWords } from './outcomeWords';
import { NO_LANGUAGE, PATH_MARK, type ShowValue } from './callTally';
import { ENDED_BEFORE_ANSWERING, NOT_OFFERED, PERHAPS_UNHEARD } from './smsOffers';
import { refusedTransfers } from './refusedTransfers';
import { mapTable } from './mapTable';
import { keysTable } from './keysTable';
import { wrongKeysFix, wrongKeysNote, wrongKeysOnThisHost } from './wrongKeys';
import { scrollBox } from './pageMarkup';
import { markupText as esc } from '../text/markupText';

export interface ReportPageOptions {
  flow: Flow;
  tally: CallTally;
  /** Where the records came from, as given. */
  source: string;
  /** The flow file, as given (or the default's): the page names it, as its maps and hours are that file's. */
  flowFile?: string;
  /** The flow file git tracks, for the fix when callers' keys lead elsewhere (trackedFlowFile): undefined leaves git out. */
  flowInGit?: string | undefined;
  /** The days asked for (--from, --to): a day in them with no call is shown as 0, not left out. */
  from?: string;
  to?: string;
  /** What the page says of records left out as repeats of a call already counted (repeatsNote), if any. */
  repeated?: string;
  /** What the page says when the records are the latest calls only (the dev phone's host dropped older ones), if so. */
  latestOnly?: string;
  /** The holidays and closures of the period (closedDaysIn), when the caller has them already: worked out here otherwise. */
  closedDays?: ClosedDay[];
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** How thick the ring round an hour with calls while closed is, in CSS px: red, then white within it. */
const RING = 5;
const SHADES = ['#ffffff', '#dbeafe', '#93c5fd', '#3b82f6', '#1e3a8a'];

export function reportPage({ flow, tally, source, flowFile, flowInGit, from, to, repeated, latestOnly, closedDays }: ReportPageOptions): string {
  const title = `Calls to ${flow.name}`;
  const { first, last, words: period } = reportPeriod({ from, to }, tally);
  // Once for the page: the hours chart lists them, the days name them.
  const closed = closedDays ?? (first && last ? closedDaysIn(flow, first, last) : []);
  const body =
    tally.calls === 0
      ? `<p class="empty">No calls ${tally.outside || tally.undatedLeftOut ? 'in the days asked for' : 'in these records'}. Make a few calls (the dev phone, or <code>npx ivr call --url http://127.0.0.1:7071/api/voice</code>) and run the report again.</p>`
      : [totals(flow, tally), maps(flow, tally), keysTable(flow, tally, isolated), hours(flow, tally, closed, first, last), days(flow, tally, closed, first, last), transfers(flow, tally), paths(tally)].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p>${esc(period)} · ${counted(tally.calls, 'call')} from <code>${esc(source)}</code>${outside(tally)}${unreadable(tally)}${repeated ? `<br>${esc(repeated)}` : ''}</p>
${latestOnly ? `<p class="warn" data-latest-only>${esc(latestOnly)}</p>` : ''}
<p data-flow>Menu maps and opening hours from the flow “${esc(flow.name)}”${flowFile ? ` in <code>${esc(flowFile)}</code>` : ''}.</p>
${wrongKeys(flow, tally, flowFile, flowInGit)}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** Callers' keys that lead elsewhere in this flow: the maps' keys are not what these callers pressed, said first. */
function wrongKeys(flow: Flow, t: CallTally, flowFile: string | undefined, flowInGit: string | undefined): string {
  const note = wrongKeysNote(flow, t, isolated);
  if (!note) return '';
  return `<p class="warn" data-wrong-keys="${t.callsGoneElsewhere}"><strong>${esc(note)}.</strong> ${esc(flowFile ? wrongKeysFix(flowFile, flowInGit, flow, t) : wrongKeysOnThisHost(flow, t))}.</p>`;
}

function totals(flow: Flow, t: CallTally): string {
  const pct = (n: number) => (t.calls ? ` <small>(${Math.round((n / t.calls) * 100)}%)</small>` : '');
  const cards = [
    ['Calls', grouped(t.calls)],
    ['Put through', `${grouped(t.transferred)}${pct(t.transferred)}`],
    ['Ended in the menu', `${grouped(t.endedInMenu)}${pct(t.endedInMenu)}`],
    ['After hours', `${grouped(t.afterHours)}${pct(t.afterHours)}`],
    ['On a holiday', `${grouped(t.holiday)}${pct(t.holiday)}`],
    ['SMS sent', grouped(t.sms.sent)],
    ['SMS failed', grouped(t.sms.failed)],
    ['SMS declined', grouped(t.sms.declined)],
    ['SMS offers unanswered', grouped(t.sms.unanswered)],
  ];
  return `<section aria-labelledby="totals"><h2 id="totals">Totals</h2>
<dl class="cards">${cards.map(([k, v]) => `<div><dt>${k}</dt><dd data-total="${esc(String(k))}">${v}</dd></div>`).join('')}</dl>
${refusedNote(flow, t)}${closedUnknownNote(t)}
<div class="side-by-side">${countTable('By line', 'line', t.byLine, t.calls)}${countTable('By language', 'language', t.byLanguage, t.calls, (k) => languageLabel(flow, k))}${countTable('By outcome', 'outcome', t.byOutcome, t.calls, outcomeLabel)}${durations(t)}</div>
${menuEndedAfterTransferNote(t)}
${notInFlow(t, isolated) ? `<p class="warn" data-not-in-flow>Not in this flow: ${esc(notInFlow(t, isolated))}.</p>` : ''}
${t.noPath ? `<p>${counted(t.noPath, 'call')} had no path in the record (the journal did not hold it): counted above, not on the map.</p>` : ''}
</section>`;
}

/** The widest map that fits the page (1280 px less its padding): a wider one scrolls on every screen. */
const PAGE_WIDTH = 1232;

function maps(flow: Flow, t: CallTally): string {
  const lines = Object.keys(flow.lines).filter((line) => t.byLine.has(line));
  return `<section aria-labelledby="map"><h2 id="map">Where callers go</h2>
<p>Each box says how many calls passed through it and ended there, and how many of those hung up before pressing a key, while it spoke or waited (red). Edges are thicker the more calls took them; dashed edges were never taken. An edge counts the calls that took it, whatever they pressed (the menu's key for it, or failed tries that ran out): the keys themselves are counted in “Keys pressed at each menu” below.${offersNote(flow)}</p>
${fallbacks(flow, t)}
${lines.map((line, i) => lineMap(flow, t, line, `map-${i + 1}`)).join('\n')}
</section>`;
}

function lineMap(flow: Flow, t: CallTally, line: string, id: string): string {
  // The map's boxes and arrows with their calls again as a table, which the map names as its description.
  const words = `${id}-words`;
  const map = trafficMap(flow, t, line, id, words);
  const parts = printedParts(map, id, line);
  const { start } = map;
  // The box opens on the start of the line (the map is laid out around it, often far to the right): an empty
  // mark over the line's box is where the scroll starts, with no script (see .map-start).
  // It runs from the map's top, so the box opens at the top, not just above the line's box.
  const mark = `<span class="map-start" style="left:${Math.round(start.x - start.width / 2)}px;top:0;width:${Math.round(start.width)}px;height:${Math.round(start.y + start.height / 2)}px"></span>`;
  const hint = map.width > PAGE_WIDTH ? `<span class="hint screen-only">: wider than the page, so it opens on the start of the line; scroll it sideways to see the rest</span>` : '';
  return `<figure><figcaption>${esc(line)} line${hint}<span class="print-only">${parts.count > 1 ? `, printed in ${parts.count} parts (${counted(parts.rows, 'row')} of ${parts.columns}) at a size its words can be read at` : ''}</span></figcaption>
<div class="map" tabindex="0" role="region" aria-label="map of the ${esc(line)} line, scrollable">${map.svg}${mark}</div>
${mapTable(map, line, words)}
<div class="print-only">${parts.html}</div></figure>`;
}

/** A printed page's width and height (A4 less margins) and the scale the map prints at: 12 px labels at 80%, 7 pt. */
const PRINTED = { width: 700, height: 900, scale: 0.8, overlap: 40 };

/**
 * The map on paper, in parts a page wide at a scale its words can be read at, in rows: a map shrunk to
 * the page's width has labels too small to read. Each part draws the map again (<use>) through its own window.
 */
function printedParts(map: { width: number; height: number }, id: string, line: string): { count: number; rows: number; columns: number; html: string } {
  // As few parts as fit the page, of equal size, each overlapping the next so a box cut at one's edge is whole in the other.
  const span = (size: number, page: number) => {
    const most = page / PRINTED.scale;
    const count = size <= most ? 1 : Math.ceil((size - PRINTED.overlap) / (most - PRINTED.overlap));
    const window = (size + (count - 1) * PRINTED.overlap) / count;
    return Array.from({ length: count }, (_, i) => ({ from: Math.round(i * (window - PRINTED.overlap)), size: window }));
  };
  const columns = span(map.width, PRINTED.width);
  const rows = span(map.height, PRINTED.height);
  const count = columns.length * rows.length;
  const html = rows
    .flatMap((row, r) =>
      columns.map((column, c) => {
        const title = `${line} line, part ${r * columns.length + c + 1} of ${count}: row ${r + 1} of ${rows.length}, column ${c + 1} of ${columns.length}`;
        return `<figure class="map-part"><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="${column.from} ${row.from} ${Math.round(column.size)} ${Math.round(row.size)}" width="${Math.round(column.size * PRINTED.scale)}" height="${Math.round(row.size * PRINTED.scale)}"><use href="#${id}"/></svg></figure>`;
      }),
    )
    .join('');
  return { count, rows: rows.length, columns: columns.length, html };
}

function hours(flow: Flow, t: CallTally, closed: ClosedDay[], first: string | undefined, last: string | undefined): string {
  const max = Math.max(1, ...t.hourOfWeek);
  const rows = DAY_NAMES.map((name, day) => {
    const cells = Array.from({ length: 24 }, (_, hour) => {
      const calls = t.hourOfWeek[day * 24 + hour] ?? 0;
      const whileClosed = t.closedHourOfWeek[day * 24 + hour] ?? 0;
      const open = openMinutes(flow.hours.weekly[WEEKDAYS[day] as Weekday], hour);
      const openFor = open.reduce((sum, [from, to]) => sum + to - from, 0);
      const shade = calls === 0 ? 0 : 1 + Math.min(3, Math.floor((calls / max) * 3.999));
      // The hour as the flow has it: closed, open, or open for part of it (08:30 opening), said with the calls that came while closed.
      const said = [
        counted(calls, 'call'),
        openFor === 0 ? 'line closed' : openFor < 60 ? `line open ${open.map(([from, to]) => `${clock(hour, from)}-${clock(hour, to)}`).join(', ')}` : '',
        openFor > 0 && whileClosed > 0 ? `${grouped(whileClosed)} while closed` : '',
      ].filter(Boolean);
      const classes = [openFor === 0 ? 'shut' : openFor < 60 ? 'open part' : 'open', whileClosed > 0 ? 'wanted' : ''].filter(Boolean).join(' ');
      // The green bar runs under the open minutes of the hour only.
      const green = openFor === 60 ? '#15803d, #15803d' : `to right, ${open.map(([from, to]) => `transparent ${pct(from)}, #15803d ${pct(from)} ${pct(to)}, transparent ${pct(to)}`).join(', ')}`;
      // In a cell outlined as wanted, just above the outline (RING px thick, see .week td.wanted), not under it.
      const bar = openFor > 0 ? `linear-gradient(${green}) left 0 bottom ${whileClosed > 0 ? RING : 0}px / 100% 4px no-repeat, ` : '';
      const hidden = openFor > 0 && whileClosed > 0 ? `<span class="visually-hidden"> (${grouped(whileClosed)} while closed)</span>` : '';
      return `<td class="${classes}" style="background:${bar}${SHADES[shade]};color:${shade === 4 ? '#fff' : '#17120f'}" title="${name} ${pad(hour)}:00-${pad(hour + 1)}:00: ${said.join(', ')}">${calls ? grouped(calls) : ''}${hidden}</td>`;
    });
    return `<tr><th scope="row">${name}</th>${cells.join('')}</tr>`;
  });
  const closedCalls = t.closedHourOfWeek.reduce((sum, calls) => sum + calls, 0);
  const unread = unreadTimeNote(t, isolated);
  return `<section aria-labelledby="hours"><h2 id="hours">When callers call, against the opening hours</h2>
<p><strong data-closed-hours="${closedCalls}">${grouped(closedCalls)}</strong> ${closedCalls === 1 ? 'call' : 'calls'} came while the line was closed (${esc(flow.hours.timeZone)}, at the minute each call began): outside the weekly opening hours, or on a holiday or closure; ${counted(t.afterHours + t.holiday, 'was told', 'were told')} the line was closed (after hours ${grouped(t.afterHours)}, holiday ${grouped(t.holiday)}). Each row adds up that weekday of every week in the period. The weekly opening hours have a green bar under them, an hour the line opens or closes in under its open part only. A holiday or closure (listed under the chart) closes the line all day, bar or not. Hours with calls that came while the line was closed are outlined in red.${t.undated ? ` ${counted(t.undated, 'record has no time and is', 'records have no time and are')} not shown here${unread ? `: ${esc(unread)}` : ''}.` : ''}</p>
${scrollBox(
  'calls per hour of the week',
  `<table class="week"><caption>Calls per hour of the week</caption>
<thead><tr><th scope="col">Day</th>${Array.from({ length: 24 }, (_, h) => `<th scope="col">${pad(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`,
)}
${closedDaysTable(flow, t, closed, first, last)}
</section>`;
}

/**
 * The holidays and closures of the period, with their calls: the chart adds every week up on one, where
 * a holiday's hours would pass for its weekday's open ones. Its calls are outlined there as calls while closed.
 */
function closedDaysTable(flow: Flow, t: CallTally, closed: ClosedDay[], first: string | undefined, last: string | undefined): string {
  if (!first || !last) return '';
  if (closed.length === 0) return '<p data-closed-days="0">No holiday or closure in the period: every day kept the weekly opening hours.</p>';
  const calls = closed.reduce((sum, { date }) => sum + (t.byDay.get(date) ?? 0), 0);
  // What each language's callers heard after "closed for": Italian callers heard Italian names, not the English ones.
  const languages = Object.keys(flow.languages);
  const rows = closed.map(({ date, heard }) => `<tr><th scope="row">${DateTime.fromISO(date).toFormat('ccc d LLL yyyy')}</th>${heard.map(([language, name]) => `<td${langOf(flow, language)}>${esc(name)}</td>`).join('')}<td data-closed-day="${date}">${grouped(t.byDay.get(date) ?? 0)}</td></tr>`);
  return `<p data-closed-days="${closed.length}">Holidays and closures in the period, the line closed all day: ${counted(closed.length, 'day')}, with <strong data-closed-day-calls="${calls}">${grouped(calls)}</strong> ${calls === 1 ? 'call' : 'calls'}. The chart counts their calls in their weekday's hours, as calls while closed.</p>
${scrollBox(
  'holidays and closures in the period',
  `<table><caption>Holidays and closures in the period</caption><thead><tr><th scope="col">Day</th>${languages.map((language) => `<th scope="col">${esc(languageName(flow, language))} callers were told: closed for</th>`).join('')}<th scope="col">Calls</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`,
)}`;
}

/** The minutes of `hour` (0 to 60) the day's opening ranges cover, earliest first. */
function openMinutes(ranges: readonly { open: string; close: string }[], hour: number): [number, number][] {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) - hour * 60;
  return ranges
    .map((r): [number, number] => [Math.max(0, minutes(r.open)), Math.min(60, minutes(r.close))])
    .filter(([from, to]) => from < to)
    .sort((a, b) => a[0] - b[0]);
}

function clock(hour: number, minute: number): string {
  return `${pad(hour + Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

function pct(minute: number): string {
  return `${Math.round((minute / 60) * 1000) / 10}%`;
}

function days(flow: Flow, t: CallTally, closedDays: ClosedDay[], first: string | undefined, last: string | undefined): string {
  if (!first || !last) return '';
  // Every day of the period, a day with no call (an outage, a number that stopped ringing) as 0.
  const entries: [DateTime, number][] = [];
  for (let day = DateTime.fromISO(first); (day.toISODate() as string) <= last; day = day.plus({ days: 1 })) entries.push([day, t.byDay.get(day.toISODate() as string) ?? 0]);
  // A loop, not Math.max(...): a period of many years has more days than a call may spread as arguments.
  const max = entries.reduce((most, [, n]) => Math.max(most, n), 1);
  // A holiday's few calls, or a Sunday's none, are no outage: the row says the line was closed that day, and why.
  const closed = new Map(closedDays.map((closedDay) => [closedDay.date, closedDay]));
  const dayName = (day: DateTime) => {
    const closedDay = closed.get(day.toISODate() as string);
    const why = closedDay !== undefined ? `closed: <span${langOf(flow, closedDay.language)}>${esc(closedDay.name)}</span>` : rangesOn(flow.hours, day).length === 0 ? `closed on ${day.toFormat('cccc')}s` : '';
    return `${day.toFormat('ccc d LLL yyyy')}${why ? ` <small>${why}</small>` : ''}`;
  };
  return `<section aria-labelledby="days"><h2 id="days">Calls per day</h2>
<table class="bars"><caption>Calls per day</caption><thead><tr><th scope="col">Day</th><th scope="col">Calls</th></tr></thead><tbody>
${entries.map(([day, n]) => `<tr><th scope="row">${dayName(day)}</th><td data-day="${day.toISODate()}">${n > 0 ? `<span class="bar" style="width:${Math.max(1, Math.round((n / max) * 85))}%"></span> ` : ''}${grouped(n)}</td></tr>`).join('\n')}
</tbody></table></section>`;
}

function transfers(flow: Flow, t: CallTally): string {
  if (t.transfers.size === 0) return '';
  const statuses = [...new Set([...t.transfers.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => (a === 'answered' ? -1 : b === 'answered' ? 1 : a.localeCompare(b)));
  const rows = [...t.transfers].map(([node, byStatus]) => {
    const dial = flow.nodes[node];
    const destination = dial?.type === 'dial' ? (typeof dial.destination === 'string' ? dial.destination : Object.entries(dial.destination).map(([l, d]) => `${d} (${l})`).join(', ')) : '';
    const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
    return `<tr><th scope="row"><bdi>${esc(node)}</bdi></th><td>${esc(destination)}</td><td>${grouped(total)}</td>${statuses.map((s) => `<td>${grouped(byStatus.get(s) ?? 0)}</td>`).join('')}</tr>`;
  });
  return `<section aria-labelledby="transfers"><h2 id="transfers">Transfers and how they ended</h2>
${scrollBox(
  'transfers by destination',
  `<table><caption>Transfers by destination</caption><thead><tr><th scope="col">Transfer</th><th scope="col">Destination</th><th scope="col">Tried</th>${statuses.map((s) => `<th scope="col"><bdi>${esc(s)}</bdi></th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`,
)}
${refusedNote(flow, t)}</section>`;
}

/** Callers who asked for an operator and were turned away (refusedTransfers): said by the totals and the transfers. */
function refusedNote(flow: Flow, t: CallTally): string {
  const refused = refusedTransfers(flow, t, isolated);
  return refused ? `<p class="warn" data-refused>${esc(refused)}.</p>` : '';
}

/** After hours and on a holiday cannot count a call whose path the flow cannot follow: said beside them, not only far below. */
function closedUnknownNote(t: CallTally): string {
  const note = closedUnknown(t);
  return note ? `<p class="warn" data-closed-unknown="${t.closedUnknown}">${esc(note)} (see “Not in this flow” below).</p>` : '';
}

/** The paths the page lists, the most common first. */
const PATHS_LISTED = 15;

function paths(t: CallTally): string {
  const top = [...t.paths].sort((a, b) => b[1].calls - a[1].calls).slice(0, PATHS_LISTED);
  if (top.length === 0) return '';
  // Every call not in the table: those on the paths past the first 15, and those the tally kept no path of.
  const unlisted = t.calls - t.noPath - top.reduce((sum, [, p]) => sum + p.calls, 0);
  const partial = partialNote(t);
  return `<section aria-labelledby="paths"><h2 id="paths">The most common paths</h2>
<table><caption>Paths through the menu, most common first</caption><thead><tr><th scope="col">Calls</th><th scope="col">Path</th><th scope="col">Ended as</th></tr></thead><tbody>
${top.map(([path, p]) => `<tr><td>${grouped(p.calls)}</td><td>${nodesOf(path)}</td><td>${[...p.outcomes].map(([o, n]) => `<span title="${esc(o)}">${esc(outcomeShort(o))}</span> ${grouped(n)}`).join(', ')}</td></tr>`).join('\n')}
</tbody></table>${unlisted > 0 ? `<p data-paths-unlisted="${unlisted}">${counted(unlisted, 'call on a rarer path is', 'calls on rarer paths are')} not listed.</p>` : ''}${partial ? `<p data-partial-paths="${t.partialPaths}">${esc(partial)}.</p>` : ''}</section>`;
}

/** How long calls lasted, by outcome: the median of Twilio's CallDuration, so one call left ringing for an hour does not skew it. */
function durations(t: CallTally): string {
  const rows = [...t.durations].map(([outcome, counts]) => ({ outcome, ...medianOf(counts) })).sort((a, b) => b.count - a.count);
  if (rows.length === 0) return '';
  const length = (seconds: number) => `${Math.floor(Math.round(seconds) / 60)}:${pad(Math.round(seconds) % 60)}`;
  return `<table><caption>How long calls lasted</caption><thead><tr><th scope="col">outcome</th><th scope="col">calls</th><th scope="col">median (min:s)</th></tr></thead><tbody>${rows
    .map((r) => `<tr><th scope="row">${outcomeLabel(r.outcome)}</th><td>${grouped(r.count)}</td><td data-median="${esc(r.outcome)}">${length(r.median)}</td></tr>`)
    .join('')}</tbody></table>`;
}

/** A table of counts; `label` gives a row's name as markup (escaped), its key by default. */
function countTable(caption: string, what: string, counts: Map<string, number>, total: number, label: (key: string) => string = esc): string {
  const rows = [...counts].sort((a, b) => b[1] - a[1]);
  return `<table><caption>${caption}</caption><thead><tr><th scope="col">${what}</th><th scope="col">calls</th><th scope="col">share</th></tr></thead><tbody>${rows
    .map(([k, n]) => `<tr><th scope="row">${label(k)}</th><td data-count="${esc(what)}:${esc(k)}">${grouped(n)}</td><td>${Math.round((n / Math.max(1, total)) * 100)}%</td></tr>`)
    .join('')}</tbody></table>`;
}

/** An outcome in plain words, with the record's word for it small beside them: the word is what a query groups by. */
function outcomeLabel(outcome: string): string {
  const words = outcomeWords(outcome);
  return words === outcome ? `<code>${esc(outcome)}</code>` : `${esc(words)} <small><code>${esc(outcome)}</code></small>`;
}

/** A language by its name, its code small beside it; a call with none in its record never reached the menu, or has no path. */
function languageLabel(flow: Flow, language: string): string {
  if (language === NO_LANGUAGE) return 'no language: no path (busy, not answered, failed, hung up before the menu answered, or not known)';
  const name = languageName(flow, language);
  return name === language ? `<code>${esc(language)}</code>` : `${esc(name)} <small><code>${esc(language)}</code></small>`;
}

/** Calls the menu ended after a transfer no operator answered: "the menu ended the call" alone hides that they asked for one. */
function menuEndedAfterTransferNote(t: CallTally): string {
  if (t.menuEndedAfterTransfer === 0) return '';
  const ended = t.byOutcome.get('menu-hung-up') ?? 0;
  return `<p data-menu-ended-after-transfer="${t.menuEndedAfterTransfer}">Of the ${counted(ended, 'call')} the menu ended, ${grouped(t.menuEndedAfterTransfer)} asked for an operator and ${t.menuEndedAfterTransfer === 1 ? 'was' : 'were'} not put through: the transfer was not answered or not made (see “Transfers and how they ended”).</p>`;
}

/**
 * The records of calls outside --from/--to, and those with no time that cannot be placed in them, said on the
 * page as on the terminal: its reader gets only the page.
 */
function outside(t: CallTally): string {
  const cover = recordsCover(t);
  const out = t.outside === 0 ? '' : `<br><span data-outside="${t.outside}">${counted(t.outside, 'record of a call outside the days asked for is', 'records of calls outside the days asked for are')} left out${cover ? `; ${esc(cover)}` : ''}</span>`;
  return out + (t.undatedLeftOut === 0 ? '' : `<br><span data-undated-left-out="${t.undatedLeftOut}">${esc(undatedLeftOut(t, isolated))}</span>`);
}

/** Calls whose request failed and Twilio's fallback answered (fallbackNote): said where the map is, whose arrows name it. */
function fallbacks(flow: Flow, t: CallTally): string {
  const note = fallbackNote(flow, t, isolated);
  return note ? `<p class="warn" data-fallbacks="${t.fallbacks.calls}">${esc(note)}.</p>` : '';
}

function unreadable(t: CallTally): string {
  if (t.unreadableCount === 0) return '';
  const named = t.unreadable.map((u) => `${placeOf(u.place)}: ${u.reason}`).join('; ');
  return `<br><span class="warn">${counted(t.unreadableCount, 'record could not be read and is', 'records could not be read and are')} left out (${esc(named)}${t.unreadableCount > t.unreadable.length ? '; …' : ''}). ${esc(UNREADABLE_FIX)}</span>`;
}

/**
 * The lang attribute of words callers heard in the flow's `language` (its tag, " lang=\"it-IT\""): the page is in
 * English, and a screen reader says words it is not told are Italian as English ones (WCAG 3.1.2).
 */
function langOf(flow: Flow, language: string): string {
  const tag = flow.languages[language]?.tag;
  return tag ? ` lang="${esc(tag)}"` : '';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A value the records supplied, in a sentence of the page: between Unicode's first-strong isolate and its
 * pop (U+2068, U+2069), the plain-text form of <bdi>. A hand-edited record's bidi override (U+202E), or a
 * right-to-left name, then cannot reorder the words and counts around it.
 */
const isolated: ShowValue = (value) => `\u2068${value}\u2069`;

/**
 * A path as the tally names it ("a > b > c", pathName), each node isolated (<bdi>) so none reorders the others, and
 * an SMS offer passed without an offer marked after it, small: "chat-link-sms (not offered)".
 */
function nodesOf(path: string): string {
  return path
    .split(' > ')
    .map((named) => {
      const [node, mark] = named.split(PATH_MARK);
      return `<bdi>${esc(node ?? '')}</bdi>${mark === undefined ? '' : ` <small>(${esc(mark)})</small>`}`;
    })
    .join(' &gt; ');
}

/** How the maps count an SMS offer, said where they are explained, for a flow that has one: its calls in are not all offers. */
function offersNote(flow: Flow): string {
  const offers = Object.entries(flow.nodes).filter(([, node]) => node.type === 'sms-offer');
  if (offers.length === 0) return '';
  return ` The SMS offer (${offers.map(([id]) => `<bdi>${esc(id)}</bdi>`).join(', ')}) is made to mobile callers only: its box counts the calls offered the SMS, and apart the calls that passed it without an offer (“${NOT_OFFERED}”: a landline, or no SMS sender set; in records written before early December 2026, a declined offer too), as its arrow out does; the paths mark it so too. Calls offered it that “${ENDED_BEFORE_ANSWERING} ${PERHAPS_UNHEARD}” are said apart, not as hang-ups at the offer: it is sent with the message before it, and Twilio does not say how much of either a caller heard.`;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #17120f; background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 1280px; line-height: 1.45; }
h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #ffb3c7; }
code { background: #f4f1ee; padding: 0 .25em; border-radius: 3px; }
/* Records may hold any text, say a node id of 5,000 characters: it wraps anywhere rather than stretch the page. */
body { overflow-wrap: anywhere; }
/* But a table that scrolls in a box of its own (scrollBox: the hour chart, the transfers, the holidays) keeps its
   words whole, "Destination" and a phone number unbroken: on a narrow screen the box scrolls. A record's value in
   it (<bdi>) may still be of any length: it wraps anywhere, but no narrower than a status ("no-answer") or a node's
   name between its hyphens, which would otherwise be squeezed a letter a line to fit the table to the box. */
.scroll table { overflow-wrap: normal; }
.scroll bdi { overflow-wrap: anywhere; display: inline-block; min-width: 10ch; }
/* Neither a language code or file name (code), nor the records that could not be read (their reason may quote
   the record), can carry a bidi override into the words after them: each is isolated, as record values are (bdi). */
code, span.warn { unicode-bidi: isolate; }
.warn { color: #9a3412; }
.empty { font-size: 1.1rem; padding: 2rem; background: #f4f1ee; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0; }
.cards div { border: 1px solid #d6d0cb; border-radius: 6px; padding: .5rem .9rem; min-width: 8rem; }
.cards dt { font-size: .85rem; color: #4a4440; }
.cards dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
.side-by-side { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; margin-top: 1rem; }
table { border-collapse: collapse; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #d6d0cb; padding: .2rem .45rem; text-align: left; }
/* A column's header is our own words, never a record's: wrapped anywhere (body), the tables side by side squeezed
   it a letter or two a line ("call s"). */
thead th { background: #f4f1ee; overflow-wrap: normal; }
/* A box a table scrolls in (scrollBox). Positioned, so a cell's visually hidden words (absolute) are placed, and
   clipped, in the box: placed by the page instead, the hour chart's would stick out past a phone's edge. */
.scroll { overflow-x: auto; position: relative; }
.week td { width: 2.2em; height: 1.8em; text-align: center; font-variant-numeric: tabular-nums; }
/* An hour with calls while closed: a red ring inside the cell with a white one within it, so it stands out on the
   darkest shade as on white (the red alone, on dark blue, was all but invisible: 1.7:1), at any zoom. Drawn as the
   cell's own inset shadows, which nothing around the cell paints over; the green bar sits just above it. */
.week td.wanted { box-shadow: inset 0 0 0 3px #b91c1c, inset 0 0 0 ${RING}px #fff; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.bars td { min-width: min(20rem, 45vw); }
.bar { display: inline-block; height: .8em; background: #1d4ed8; vertical-align: middle; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
table.keys { margin: .5rem 0; }
figure { margin: 1rem 0; }
figcaption { font-weight: 600; }
figcaption .hint { font-weight: normal; }
/* A map scrolls in its own box, both ways, no taller than the window: its scrollbars stay in sight. */
.map { overflow: auto; max-height: 85vh; border: 1px solid #d6d0cb; border-radius: 6px; position: relative; }
.map svg { display: block; }
/* The box opens with the line's start in the middle of it: scroll-initial-target where the browser has it
   (Chromium), else a snap that lasts a tenth of a second on load and leaves the box free to scroll. */
.map-start { position: absolute; scroll-snap-align: start center; scroll-initial-target: nearest; }
.map { animation: open-on-start .1s; }
@keyframes open-on-start { from { scroll-snap-type: x mandatory; } }
.print-only { display: none; }
.map-table { margin: .5rem 0 1.5rem; }
.map-table table { margin: .5rem 0; }
.map-part { margin: 0 0 .5rem; break-inside: avoid; }
.map-part figcaption { font-weight: normal; font-size: .8rem; }
.map-part svg { display: block; max-width: 100%; height: auto; border: 1px solid #d6d0cb; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  /* On paper the map is printed whole, in parts: the folded table of it would print as its summary line alone. */
  .map, .map-table, .screen-only { display: none; }
  .print-only { display: block; }
  figcaption .print-only { display: inline; }
  .week { font-size: .65rem; }
  .week th, .week td { padding: .1rem .15rem; }
  .week td { width: auto; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .bar { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  section { break-inside: avoid-page; }
}
`;
