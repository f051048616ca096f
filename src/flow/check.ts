import { NOT_XML } from '../twiml/buildTwiml';
import { closestNames, useClosest } from './closestName';
import { isHolidayCountry, tableHolidayLanguages, tableHolidayNames } from '../schedule/holidayCalendar';
import { lastClosedDay } from '../schedule/closures';
import { DateTime, IANAZone } from 'luxon';
import type { Flow, FlowNode, Prompt } from './schema';
import { jsonPath, type FlowProblem } from './problem';
import { checkPaths } from './checkPaths';
import { checkMenuKeys } from './checkMenuKeys';
import { checkPlaceholders, PLACEHOLDERS, placeholderMeant, strayBrace } from './checkPlaceholders';
import { checkVoices } from './checkVoices';
import { checkDayOffNames } from './checkDayOffNames';
import { SAY_URL_ENCODED_LIMIT, sayLimit } from './sayLimit';
import { reachableFrom } from './successors';
import { lineWhoseOwnNumberIs } from './lineWhoseOwnNumberIs';
import { likelyRename, renameOverTypo } from './likelyRename';
import { noSuchDay } from '../schedule/writtenDate';
import { listed } from '../text/listed';
import { smsBody } from '../engine/smsOffer';

/**
 * A name the file gives, quoted in a message, cut short past 200 characters: a destination named by 100,000
 * pasted letters was printed twice in full (200 kB). The line and the JSON path still say where it is.
 */
function clipQuotes(text: string): string {
  return text.replace(/"([^"]{201,})"/g, (_, quoted: string) => `"${quoted.slice(0, 200)}..." (${quoted.length.toLocaleString('en-US')} characters)`);
}

/** The longest message body Twilio's Messages API takes (https://www.twilio.com/docs/api/errors/21617). */
const SMS_BODY_LIMIT = 1_600;

// Checks that a schema cannot express: references between parts of the flow,
// languages that must all be present, sentences that are blank or too long for
// one <Say>, keys offered twice, opening hours
// that overlap, dates that do not exist, nodes no call reaches, keys a menu
// offers without saying so or says without offering (checkMenuKeys),
// placeholders ("{hours}", "{holiday}", "{reopens}") where nothing fills them
// (checkPlaceholders), <Say> voices Twilio does not have for their language
// (checkVoices), a holiday's or closure's name that repeats the words said
// before "{holiday}" (checkDayOffNames), a destination whose number is a
// line's own (a transfer there rings the menu again), and (in
// checkPaths) menus and loops a call can never leave.
// Names are looked up with Object.hasOwn: a node called "constructor" must not
// be found on Object.prototype.

export function checkFlow(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const report = (path: PropertyKey[], message: string, fix: string) =>
    problems.push({ path: jsonPath(path), message: clipQuotes(message), fix: clipQuotes(fix) });
  const languages = Object.keys(flow.languages);
  const nodeIds = Object.keys(flow.nodes);
  // A reference to a node that does not exist, and the one node it is a typo of: the fix offered for it.
  const misspelt = new Map<string, string>();
  // Each reference to a node that does not exist, by the id it names: a rename done halfway changes their fix.
  const missing = new Map<string, FlowProblem[]>();

  const needNode = (path: PropertyKey[], id: string) => {
    if (!Object.hasOwn(flow.nodes, id)) {
      report(path, `refers to node "${id}", which does not exist`, orAdd(id, nodeIds, `add a node "${id}" under "nodes"`, 'nodes'));
      missing.set(id, [...(missing.get(id) ?? []), problems.at(-1) as FlowProblem]);
      const likely = closestNames(id, nodeIds);
      if (likely.length === 1) misspelt.set(id, likely[0] as string);
    }
  };
  const needLanguage = (path: PropertyKey[], code: string) => {
    if (!Object.hasOwn(flow.languages, code)) {
      report(path, `uses language "${code}", which is not declared`, orAdd(code, languages, `add "${code}" under "languages"`));
    }
  };
  // `unfilled` names a place whose sentences the engine says as written, placeholders and all.
  const checkPrompt = (path: PropertyKey[], prompt: Prompt, unfilled?: string, hoursFilled?: boolean) => prompt.forEach((segment, i) => checkSentence([...path, i], segment, unfilled, hoursFilled));
  // One sentence: in a fixed language, or one text per language (a prompt's item, a closure's name).
  const checkSentence = (path: PropertyKey[], segment: Prompt[number], unfilled?: string, hoursFilled?: boolean) => {
    if ('text' in segment && typeof segment.text === 'string') {
      needLanguage([...path, 'language'], String(segment.language));
      checkSaid([...path, 'text'], String(segment.language), segment.text);
      return;
    }
    for (const [code, text] of Object.entries(segment as Record<string, string>)) checkSaid([...path, code], code, text);
    for (const code of languages) {
      if (!Object.hasOwn(segment, code)) {
        report(path, `has no "${code}" text`, `add the sentence in "${code}" (every language of the flow is needed)`);
      }
    }
    for (const code of Object.keys(segment)) if (!languages.includes(code)) needLanguage([...path, code], code);
    for (const [code, text] of Object.entries(segment as Record<string, string>)) checkPlaceholderNames([...path, code], text, unfilled, hoursFilled);
  };
  // A sentence Twilio would say as silence, or refuse as too long for one <Say>.
  const SHORTEN_SAY = 'shorten it, or split it into several sentences of the prompt (each is said by its own <Say>)';
  const checkSaid = (path: PropertyKey[], code: string, text: string) => {
    if (text.trim() === '') {
      report(path, 'is blank: the caller would hear silence', 'write the sentence, or remove it');
      return;
    }
    const unsayable = NOT_XML.exec(text);
    if (unsayable) {
      const at = unsayable.index + (unsayable[0].length > 1 && !/[\uDC00-\uDFFF]/.test(unsayable[0][0] as string) ? 1 : 0);
      const code = (text.codePointAt(at) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      report(path, `holds U+${code} at character ${at + 1}, which TwiML (XML) cannot carry: every call that says it would get the apology`, 'remove the character (a control character, U+FFFE/U+FFFF or half a surrogate pair)');
      return;
    }
    const voice = Object.hasOwn(flow.languages, code) ? flow.languages[code]?.voice : undefined;
    if (voice === undefined) return;
    const limit = sayLimit(voice);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limit.bytes) {
      report(
        path,
        `is ${bytes.toLocaleString('en')} bytes long, more than Twilio's <Say> takes with ${limit.voices} such as "${voice}": ${limit.bytes.toLocaleString('en')} (Twilio warning 13521)`,
        SHORTEN_SAY,
      );
      return;
    }
    const encoded = encodeURIComponent(text).length;
    if (encoded > SAY_URL_ENCODED_LIMIT) {
      report(
        path,
        `is ${encoded.toLocaleString('en')} characters long once URL-encoded (a space is 3, an accented letter 6), more than Twilio's <Say> takes: ${SAY_URL_ENCODED_LIMIT.toLocaleString('en')} (Twilio warning 13521)`,
        SHORTEN_SAY,
      );
    }
  };
  // Only the engine's placeholders are filled; any other would be read out as written.
  const knownPlaceholders = listed(Object.entries(PLACEHOLDERS).map(([name, { what }]) => `"{${name}}" (${what})`));
  // `unfilled`: a place where the engine fills no placeholder, or (with `hoursFilled`) only "{hours}", which is the same in every call.
  const checkPlaceholderNames = (path: PropertyKey[], text: string, unfilled?: string, hoursFilled = false) => {
    const stray = strayBrace(text, knownPlaceholders);
    if (stray) report(path, stray.message, stray.fix);
    for (const [, name] of text.matchAll(/\{(\w*)\}/g)) {
      const known = Object.hasOwn(PLACEHOLDERS, name as string) ? PLACEHOLDERS[name as string] : undefined;
      if (!known) {
        const meant = placeholderMeant(name as string);
        const fix = meant ? `did you mean "{${meant}}" (${PLACEHOLDERS[meant]?.what})? correct the name, or write the words out` : `write the words out; the placeholders are ${knownPlaceholders}`;
        report(path, `uses "{${name}}", which nothing fills in: the caller would hear it as written`, fix);
      } else if (unfilled && !(hoursFilled && known.filledOn === 'always')) {
        report(path, `uses "{${name}}", which is not filled in ${unfilled}: the caller would hear "{${name}}" as written`, hoursFilled ? 'write the words out; only "{hours}" is filled here' : 'write the words out; placeholders are filled in prompts only');
      }
    }
  };

  needLanguage(['defaultLanguage'], flow.defaultLanguage);
  if (!Object.hasOwn(flow.lines, flow.defaultLine)) {
    report(['defaultLine'], `names line "${flow.defaultLine}", which does not exist`, orAdd(flow.defaultLine, Object.keys(flow.lines)));
  }
  const lineByNumber = new Map<string, string>();
  for (const [name, line] of Object.entries(flow.lines)) {
    needNode(['lines', name, 'start'], line.start);
    const other = lineByNumber.get(line.number);
    if (other !== undefined) report(['lines', name, 'number'], `${line.number} is already the number of line "${other}"`, 'give each line its own number: a call can reach only one of them');
    else lineByNumber.set(line.number, name);
  }
  for (const [name, destination] of Object.entries(flow.destinations)) {
    // A placeholder holds the line's number on purpose, until its setting gives the real one (start-up names it).
    const line = destination.placeholder ? undefined : lineWhoseOwnNumberIs(flow, destination.number);
    if (line !== undefined) {
      problems.push({
        path: jsonPath(['destinations', name, 'number']),
        message: `${destination.number} is the number of line "${line}": a transfer there would ring this menu again, not an operator, so the app refuses every transfer there (the caller hears the transfer's failure path) unless the app setting ${destination.setting} gives the operators' number`,
        fix: `put the operator queue's number here, or mark it "placeholder": true if the setting ${destination.setting} gives it`,
        deployedOnly: true,
      });
    }
  }
  checkPrompt(['errorPrompt'], flow.errorPrompt, 'the apology said when the app fails', true);

  if (!IANAZone.isValidZone(flow.hours.timeZone)) {
    report(['hours', 'timeZone'], `"${flow.hours.timeZone}" is not a known time zone`, 'use an IANA time zone name such as "Europe/Rome"');
  }
  for (const [day, ranges] of Object.entries(flow.hours.weekly)) {
    ranges.forEach((range, i) => {
      if (range.open >= range.close) {
        report(['hours', 'weekly', day, i], `opens at ${range.open} but closes at ${range.close}`, 'make "close" later than "open" on the same day');
        return;
      }
      const overlapped = ranges.findIndex((other, j) => j < i && other.open < other.close && range.open < other.close && other.open < range.close);
      if (overlapped >= 0) {
        const other = ranges[overlapped] as (typeof ranges)[number];
        report(['hours', 'weekly', day, i], `${range.open}-${range.close} overlaps ${day}[${overlapped}] (${other.open}-${other.close})`, 'merge the two ranges into one, or make one end before the other starts');
      }
    });
  }
  if (!isHolidayCountry(flow.hours.holidays.country)) {
    report(['hours', 'holidays', 'country'], `"${flow.hours.holidays.country}" is not a country the holiday calendar (date-holidays) knows`, 'use the ISO 3166 code of a country it covers, such as "IT"');
  }
  for (const [code, names] of Object.entries(flow.hours.holidays.spokenNames ?? {})) {
    needLanguage(['hours', 'holidays', 'spokenNames', code], code);
    // Said in place of "{holiday}": checked as every sentence is.
    for (const [name, spoken] of Object.entries(names)) {
      checkSaid(['hours', 'holidays', 'spokenNames', code, name], code, spoken);
      checkPlaceholderNames(['hours', 'holidays', 'spokenNames', code, name], spoken, "a holiday's spoken name");
    }
    const known = tableHolidayNames(flow.hours.holidays.country, code);
    if (!known) continue;
    for (const name of Object.keys(names)) {
      if (!known.includes(name)) {
        report(
          ['hours', 'holidays', 'spokenNames', code, name],
          `no holiday of ${flow.hours.holidays.country} is called "${name}" in "${code}", so this name is never said`,
          useClosest(name, known) ?? sameHolidayIn(flow.hours.holidays.country, name, code, known) ?? `use a name from flows/holidays/${flow.hours.holidays.country}.json, without notes in brackets`,
        );
      }
    }
  }
  const closures: Array<{ index: number; first: string; last: string }> = [];
  flow.hours.closures.forEach((closure, i) => {
    checkSentence(['hours', 'closures', i, 'name'], closure.name, "a closure's name");
    const real = (field: 'date' | 'until') => {
      const date = closure[field];
      if (date === undefined || DateTime.fromISO(date).isValid) return true;
      const [year, month, day] = date.split('-').map(Number) as [number, number, number];
      const why = noSuchDay(year, month, day);
      report(['hours', 'closures', i, field], `"${date}" is not a date in the calendar${why ? `: ${why}` : ''}`, 'give a real date as YYYY-MM-DD');
      return false;
    };
    if (!real('date') || !real('until')) return;
    const last = lastClosedDay(closure);
    if (last < closure.date) {
      report(['hours', 'closures', i, 'until'], `the closure ends on ${last}, before it starts on ${closure.date}`, '"date" is the first closed day and "until" the last: check the year of both, and swap them if they are the wrong way round');
      return;
    }
    const other = closures.find((c) => c.first <= last && closure.date <= c.last);
    if (other) {
      const [from, to] = [closure.date > other.first ? closure.date : other.first, last < other.last ? last : other.last];
      const days = from === to ? `${from} is` : `${from} to ${to} are`;
      const range = (first: string, end: string) => (first === end ? first : `${first} to ${end}`);
      const single = other.first === other.last && closure.date === last;
      report(
        ['hours', 'closures', i],
        single ? `${days} already closed by closures[${other.index}]` : `${days} already closed by closures[${other.index}] (${range(other.first, other.last)}); this one closes ${range(closure.date, last)}`,
        single ? 'list each closed day once' : 'list each closed day in one closure only: join the two, or shorten one (a year typed wrong in "until" makes a closure overlap the ones after it)',
      );
    }
    closures.push({ index: i, first: closure.date, last });
  });

  for (const [id, node] of Object.entries(flow.nodes)) checkNode(['nodes', id], node);

  function checkNode(path: PropertyKey[], node: FlowNode) {
    switch (node.type) {
      case 'say':
        checkPrompt([...path, 'prompt'], node.prompt);
        needNode([...path, 'next'], node.next);
        return;
      case 'hangup':
        if (node.prompt) checkPrompt([...path, 'prompt'], node.prompt);
        return;
      case 'sms-offer': {
        for (const part of ['offer', 'sent', 'failed'] as const) checkPrompt([...path, part], node[part]);
        for (const code of languages) {
          if (!Object.hasOwn(node.message, code)) report([...path, 'message'], `has no "${code}" text`, `add the message in "${code}" (every language of the flow is needed)`);
        }
        for (const code of Object.keys(node.message)) if (!languages.includes(code)) needLanguage([...path, 'message', code], code);
        needNode([...path, 'next'], node.next);
        for (const [code, text] of Object.entries(node.message)) {
          for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
            if (!Object.hasOwn(node.links, name as string)) {
              const links = Object.keys(node.links).join(', ') || '(none yet)';
              // A prompt's placeholder is not filled in a text message: it is no link either.
              if (Object.hasOwn(PLACEHOLDERS, name as string)) report([...path, 'message', code], `uses "{${name}}", which is filled in spoken prompts only: the message would carry "{${name}}" as written`, `write the words out; in a message, "{NAME}" names one of its links: ${links}`);
              else report([...path, 'message', code], `uses link "{${name}}", which is not under "links"`, `add "${name}": { "url": "https://..." } under "links", or use one of: ${links}`);
            }
          }
          // Longer than one SMS is a warning (smsLengthWarnings.ts); longer than Twilio sends at all is refused.
          const length = [...smsBody(node, code)].length;
          if (length > SMS_BODY_LIMIT) {
            report(
              [...path, 'message', code],
              `with its links filled in, the message is ${length.toLocaleString('en-US')} characters, more than the ${SMS_BODY_LIMIT.toLocaleString('en-US')} Twilio sends (error 21617): every caller who asks for it would hear the "failed" words`,
              `shorten it to ${SMS_BODY_LIMIT.toLocaleString('en-US')} characters at most, and to 160 for one SMS`,
            );
          }
        }
        return;
      }
      case 'hours':
        for (const edge of ['open', 'closed', 'holiday'] as const) needNode([...path, edge], node[edge]);
        return;
      case 'dial': {
        if (node.prompt) checkPrompt([...path, 'prompt'], node.prompt);
        needNode([...path, 'onFailure'], node.onFailure);
        const byLanguage = typeof node.destination === 'string' ? null : node.destination;
        const names = byLanguage ? Object.entries(byLanguage) : [['', node.destination as string] as const];
        for (const [code, name] of names) {
          const where = code ? [...path, 'destination', code] : [...path, 'destination'];
          if (code) needLanguage(where, code);
          if (!Object.hasOwn(flow.destinations, name)) {
            report(where, `names destination "${name}", which does not exist`, orAdd(name, Object.keys(flow.destinations), `add "${name}" under "destinations"`));
          }
        }
        if (byLanguage) {
          for (const code of languages) {
            if (!Object.hasOwn(byLanguage, code)) report([...path, 'destination'], `has no destination for "${code}"`, `add a "${code}" destination, or give one destination name for all languages`);
          }
        }
        return;
      }
      case 'menu': {
        if (node.intro) checkPrompt([...path, 'intro'], node.intro);
        checkPrompt([...path, 'prompt'], node.prompt);
        const seen = new Map<string, number>();
        node.options.forEach((option, i) => {
          needNode([...path, 'options', i, 'next'], option.next);
          if (option.language) needLanguage([...path, 'options', i, 'language'], option.language);
          const first = seen.get(option.key);
          if (first !== undefined) {
            // Where the key already leads and which keys are free: an editor adding an option picks another key at once.
            report(
              [...path, 'options', i, 'key'],
              `key "${option.key}" is already offered by options[${first}], which leads to "${node.options[first]?.next}"`,
              `give each option of a menu its own key; ${freeKeysSaid(node.options.map((o) => o.key))}`,
            );
          } else seen.set(option.key, i);
        });
        if ((node.otherwise === undefined) === (node.retry === undefined)) {
          report(path, 'a menu needs exactly one of "otherwise" and "retry"', 'add "retry" (say so and repeat the menu) or "otherwise" (go on without retrying), not both');
        }
        if (node.otherwise) needNode([...path, 'otherwise'], node.otherwise);
        if (node.retry) {
          checkPrompt([...path, 'retry', 'noInput'], node.retry.noInput);
          checkPrompt([...path, 'retry', 'invalid'], node.retry.invalid);
          needNode([...path, 'retry', 'exhausted'], node.retry.exhausted);
        }
        return;
      }
    }
  }

  // One id no node has and one node nothing points at: a rename done halfway, said once at the renamed node
  // (unless the id reads better as a typo of a node, which its fix names); each reference's fix points there.
  const renamed = likelyRename(flow, new Set(missing.keys()));
  const typoOf = renamed && misspelt.get(renamed.from);
  const rename = renamed && (typoOf === undefined || renameOverTypo(flow, renamed, typoOf)) ? renamed : undefined;
  if (rename) {
    const references = missing.get(rename.from) ?? [];
    // The two ids a few letters apart: a slip in one of them, the node's or the references', not a rename meant.
    const respelt = typoOf === rename.to;
    for (const problem of references) problem.fix = respelt ? `see nodes.${rename.to} below, a few letters off: one of the two ids is misspelt` : `add a node "${rename.from}" under "nodes", or see nodes.${rename.to} below`;
    const those = references.length === 1 ? 'that reference' : 'these references';
    report(
      ['nodes', rename.to],
      `no call can reach node "${rename.to}", and no node is called "${rename.from}", which ${references.length === 1 ? 'one place refers' : `${references.length} places refer`} to${respelt ? ': one of the two ids is misspelt' : ''}`,
      respelt
        ? `if "${rename.to}" is right, point ${those} at it; if "${rename.from}" is, rename node "${rename.to}" to "${rename.from}"`
        : `did you rename "${rename.from}" to "${rename.to}"? rename it back, or point ${those} at "${rename.to}"`,
    );
  }
  // A node reached once a misspelt reference to it is corrected as its problem says (or a renamed one, once
  // its references follow) is no problem of its own: "delete it" would have the editor delete the node the
  // reference was meant for.
  const meant = (ref: string) => (rename && ref === rename.from ? rename.to : (misspelt.get(ref) ?? ref));
  for (const id of unreachableNodes(flow, meant)) {
    report(['nodes', id], `no call can reach node "${id}"`, 'point a line, an option or another node at it, or delete it');
  }
  problems.push(...checkMenuKeys(flow));
  problems.push(...checkPlaceholders(flow));
  problems.push(...checkDayOffNames(flow));
  problems.push(...checkVoices(flow));
  problems.push(...checkPaths(flow));
  return problems;
}

/** More names than this are counted, not listed, in a fix. */
const NAMES_LISTED = 10;

/**
 * The fix for a spokenNames key that is the holiday's name in another language ("Republic Day" under "de",
 * copied over from the English one): the key is the name callers of `code` would hear, which the table gives.
 */
function sameHolidayIn(country: string, name: string, code: string, known: readonly string[]): string | undefined {
  for (const other of tableHolidayLanguages(country)) {
    const at = tableHolidayNames(country, other)?.indexOf(name) ?? -1;
    if (other !== code && at >= 0) return `use "${known[at]}", the name "${code}" callers hear for the holiday called "${name}" in "${other}" (the keys are the names in their own language)`;
  }
  return undefined;
}

function unreachableNodes(flow: Flow, meant: (id: string) => string): string[] {
  const reached = reachableFrom(flow.nodes, Object.values(flow.lines).map((line) => line.start), meant);
  return Object.keys(flow.nodes).filter((id) => !reached.has(id));
}

/**
 * The fix for a name that does not exist: the likely ones first, when any is close, then the other ways out.
 * Every name is listed only when they are few: a flow's 40 node ids, under each of 14 references, buried the fix.
 */
function orAdd(name: string, names: readonly string[], add?: string, under?: string): string {
  const use = useClosest(name, names);
  const listed = names.length <= NAMES_LISTED || under === undefined;
  // None to use (an empty "destinations" or "nodes"): only adding it will do.
  if (names.length === 0) return add ?? `add "${name}"`;
  if (!use) {
    const others = listed ? `use one of: ${names.join(', ')}` : `use one of the ${names.length} names under "${under}"`;
    return add ? `${add} or ${others}` : others;
  }
  return `${use}${add ? `, or ${add}` : ''}${names.length > 1 && listed ? `; all of them: ${names.join(', ')}` : ''}`;
}

/** The keys of a phone's keypad, in the order an editor reads them on it. */
const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];

/** "keys not yet offered here: 6, 7, 8, 0, #", for a menu offering `offered`. */
function freeKeysSaid(offered: string[]): string {
  const free = KEYPAD.filter((key) => !offered.includes(key));
  return free.length === 0 ? 'every key of the keypad is offered here already' : `keys not yet offered here: ${free.join(', ')}`;
}
