import { jsonPath, lineAndColumn, type FlowProblem } from './problem';
import { listed } from '../text/listed';

// JSON.parse's refusal of a file, told as an editor who is no programmer can
// act on it: what is wrong, where (line and column), and what to type. V8's
// own words ("Bad control character in string literal", "Expected ',' or '}'
// after property value") name the parser's state, not the slip that caused it,
// so the common slips are recognised here from the text around the place:
// a text whose closing quote is missing, a " inside a text, a } or ] deleted
// (found by the indentation the rest of the file keeps), an empty file, a
// comma missing between two items, and a comma too many (after the last item,
// before the first, or two in a row, also where an empty list's ] was deleted:
// `"sat": [,,`). Anything else keeps V8's words with a general fix.

/**
 * JSON.parse's refusal of `text` as a problem with its line and column and a fix, and `line` set when it has a
 * place (an empty file has none); `closing` says what the file's last closing bracket holds, for text found
 * after it (a flow's, by default).
 */
export function syntaxProblem(text: string, err: Error, closing = "the flow's closing } (a } too many, or something pasted after the flow)"): FlowProblem {
  if (text.trim() === '') {
    return { path: '(file)', message: `is empty${text === '' ? '' : ' (it holds only spaces and blank lines)'}: there is no JSON in it`, fix: 'put its content back (undo in your editor, or "git restore" and the file\'s name)' };
  }
  const position = /position (\d+)/.exec(err.message);
  // V8 gives no position for an "Unexpected token": find it, so every syntax error has its line and column.
  const offset = position ? Number(position[1]) : syntaxErrorOffset(text);
  const at = (i: number) => lineAndColumn(text, i);
  const comma = offset === undefined ? undefined : trailingCommaBefore(text, offset);
  if (comma !== undefined) {
    return notJson(text, comma, `a comma after the last item of ${text[offset!] === ']' ? 'a list' : 'an object'}, which JSON does not allow`, `remove the comma at ${at(comma)}`);
  }
  if (offset !== undefined) {
    // V8's words when a value is followed by something other than a comma or the closing bracket.
    const afterValue = /Expected ',' or '[}\]]' after/.test(err.message);
    const slip =
      curlyQuote(text, offset) ??
      comment(text, offset) ??
      invisibleCharacter(text, offset) ??
      scriptStyle(text, offset) ??
      controlCharacter(text, offset, err) ??
      strayComma(text, offset) ??
      (afterValue ? quoteInsideText(text, offset) : undefined) ??
      unclosedBracket(text, offset) ??
      (afterValue ? missingComma(text, offset) : undefined);
    if (slip) return slip;
  }
  const place = offset === undefined ? undefined : at(offset);
  const reason = err.message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/( in JSON)? at position \d+/, '')
    // V8 quotes a stretch of the text around the fault, over several lines; the line and column say where.
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '');
  const textAfter = /after JSON/.test(reason);
  const fix = textAfter && place ? `delete the text from ${place} on: it follows ${closing}` : 'correct the JSON syntax there (a missing comma or quote, or a trailing comma, is the usual cause)';
  return place ? notJson(text, offset!, reason, fix) : { path: '(file)', message: `is not valid JSON: ${reason}`, fix };
}

/** The offset of the comma before the "]" or "}" at `offset`, with only white space between: a trailing comma. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  if (text[offset] !== ']' && text[offset] !== '}') return undefined;
  const i = skipSpaceBack(text, offset - 1);
  return text[i] === ',' ? i : undefined;
}

/**
 * A comma where no item ends before it: right after the [ or { (`"sat": [,`), or after another comma
 * (`"sat": [],,`). V8 says "Unexpected token ','", "Expected double-quoted property name" or "Expected
 * property name or '}'" (for `{,`), which name no comma to remove. A [ and a comma followed by a name and
 * its colon (`"sat": [,` and `"sun": []` on the next line) is `"sat": [],` with its ] deleted (`"sat": [,,`:
 * and its comma typed twice): removing the comma would not do. Commas typed more than once are read as the whole run (`[1,,]`, `,,,`): removing one
 * of them could leave a trailing comma, or two in a row still.
 */
function strayComma(text: string, offset: number): FlowProblem | undefined {
  if (text[offset] !== ',') return undefined;
  const run = commaRun(text, offset);
  const first = run[0] as number;
  const last = run.at(-1) as number;
  const before = text[skipSpaceBack(text, first - 1)];
  const next = skipSpaceForward(text, last + 1);
  const where = lineAndColumn(text, offset);
  const opened = before === '[' || before === '{';
  if (run.length > 1) {
    const commas = `${run.length === 2 ? 'two' : run.length === 3 ? 'three' : run.length} commas`;
    if (!opened && text[next] !== ']' && text[next] !== '}') {
      // Between two items one comma belongs: the first stays.
      const extra = run.slice(1);
      return notJson(text, offset, `${commas} in a row, which JSON does not allow`, extra.length === 1 ? `remove one of them: the comma at ${lineAndColumn(text, extra[0] as number)}` : `remove all but one: ${commaPlaces(text, extra)}`);
    }
    // A [ followed by a name: `"sat": [],` with its ] deleted and its comma typed again. One comma stays, after the ].
    if (before === '[' && NAME_AND_COLON.test(text.slice(next))) return missingListEnd(text, offset, first, run.length);
    const closer = text[next] === ']' || text[next] === '}' ? text[next] : undefined;
    const container = (before === '[' || closer === ']') && before !== '{' ? 'a list' : 'an object';
    const place = opened && closer ? `in ${container} with no items` : opened ? `before the first item of ${container}` : `after the last item of ${container}`;
    return notJson(text, offset, `${commas} ${place}, which JSON does not allow`, `remove ${commaPlaces(text, run)}`);
  }
  if (!opened) return undefined;
  const container = before === '[' ? 'a list' : 'an object';
  if (before === '[' && NAME_AND_COLON.test(text.slice(next))) return missingListEnd(text, offset, first, 1);
  const empty = text[next] === (before === '[' ? ']' : '}');
  return notJson(text, offset, `${empty ? `a comma in ${container} with no items` : `a comma before the first item of ${container}`}, which JSON does not allow`, `remove the comma at ${where}`);
}

/**
 * `"sat": [,` before `"sun": []`: the ] of the list that the [ before the comma at `first` opened was deleted,
 * and the comma that followed it typed `count` times. The first comma stays, with the ] added before it; the
 * others go first, so that the place named for the ] is still where it was.
 */
function missingListEnd(text: string, offset: number, first: number, count: number): FlowProblem {
  const list = scan(text, first - 1).open.at(-1) as OpenContainer;
  const missing = `a ] is likely missing before the comma, to close the [ of ${list.path} (opened at ${lineAndColumn(text, list.offset)})`;
  const add = `add ] before the comma at ${lineAndColumn(text, first)}`;
  if (count === 1) return notJson(text, offset, missing, add);
  const typed = count === 2 ? 'twice' : count === 3 ? 'three times' : `${count} times`;
  return notJson(text, offset, `${missing}, and the comma is typed ${typed}, which JSON does not allow`, `remove ${commaPlaces(text, commaRun(text, first).slice(1))}, then ${add}`);
}

/** The offsets of the commas, with only white space between them, that the comma at `offset` is one of. */
function commaRun(text: string, offset: number): number[] {
  const run = [offset];
  for (let i = skipSpaceBack(text, offset - 1); text[i] === ','; i = skipSpaceBack(text, i - 1)) run.unshift(i);
  for (let i = skipSpaceForward(text, offset + 1); text[i] === ','; i = skipSpaceForward(text, i + 1)) run.push(i);
  return run;
}

/** "the comma at line 3, column 9", "the commas at line 3, columns 9 and 10", or each place when on several lines. */
function commaPlaces(text: string, offsets: number[]): string {
  const places = offsets.map((i) => lineAndColumn(text, i));
  const lines = new Set(places.map((p) => p.replace(/, column \d+$/, '')));
  if (places.length > 1 && lines.size === 1) return `the commas at ${[...lines][0]}, columns ${listed(places.map((p) => p.replace(/^.*, column /, '')))}`;
  return listed(places.map((p) => `the comma at ${p}`));
}

/**
 * Two items with no comma between them: `"wed": [...]` whose comma was deleted, followed by `"thu": [...]`
 * on the next line, or `{ "it": "…" "en": "…" }` on one. V8 stops at the second item with "Expected ',' or
 * '}' after property value". Recognised only where what follows is the start of a next item: in an object
 * a name in quotes and its colon, in a list the start of a value. A " inside a text also stops JSON.parse
 * there, but the words after it start no item (quoteInsideText tells that slip).
 */
function missingComma(text: string, offset: number): FlowProblem | undefined {
  // Up to the character before: a { or [ at `offset` is the next item's own.
  const container = scan(text, offset - 1).open.at(-1);
  if (!container) return undefined;
  const nextText = /^"((?:[^"\\\n]|\\.)*)"[ \t]*(.?)/.exec(text.slice(offset));
  const startsItem = container.bracket === '{'
    ? nextText?.[2] === ':'
    : nextText ? ',]\r\n'.includes(nextText[2] as string) : /^([{[]|-?\d|(true|false|null)\b)/.test(text.slice(offset, offset + 6));
  if (!startsItem) return undefined;
  const end = skipSpaceBack(text, offset - 1);
  const of = container.path === '(root)' ? 'the file' : `the ${container.bracket === '[' ? 'list' : 'object'} ${container.path}`;
  const message = `a comma is missing between two items of ${of}${container.bracket === '{' ? `, before "${nextText![1]}"` : ''}`;
  const endLine = lineAndColumn(text, end).replace(/, column \d+$/, '');
  const sameLine = text.slice(end, offset).indexOf('\n') < 0;
  const ended = text[end] === '"' ? 'the text that ends' : text[end] === '}' || text[end] === ']' ? `the ${text[end]}` : 'the value that ends';
  return notJson(text, offset, message, sameLine ? `add a comma after ${ended} at ${lineAndColumn(text, end)}` : `add a comma at the end of ${endLine}`);
}

/** The offset of the last character at or before `from` that is not white space (-1 if none). */
function skipSpaceBack(text: string, from: number): number {
  let i = from;
  while (i >= 0 && ' \t\r\n'.includes(text[i] as string)) i--;
  return i;
}

/** The offset of the first character at or after `from` that is not white space (the text's length if none). */
function skipSpaceForward(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  return i;
}

/**
 * A slip at `offset` of `text`, as every message of this file says it: what is wrong there (its line and
 * column), and the fix; its line apart too, for a reader that names the file's place its own way (a scenario file).
 */
function notJson(text: string, offset: number, message: string, fix: string): FlowProblem {
  return { path: '(file)', message: `is not valid JSON at ${lineAndColumn(text, offset)}: ${message}`, fix, line: text.slice(0, offset).split('\n').length };
}

/** A name in quotes and its colon: what starts the next item of an object. */
const NAME_AND_COLON = /^"(?:[^"\\\n]|\\.)*"[ \t]*:/;

/**
 * Where `text`, which JSON.parse refused, stops being JSON: the first error
 * jsonc-parser (VS Code's JSON parser) finds, held to plain JSON (no comments,
 * no trailing commas). Loaded only for a broken file.
 */
function syntaxErrorOffset(text: string): number | undefined {
  const { parse } = require('jsonc-parser') as typeof import('jsonc-parser');
  const errors: import('jsonc-parser').ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset;
}

/** Quotes Word, Outlook and phones put in place of " as one types, which JSON does not take for quotes. */
const CURLY_QUOTE = /[\u201C\u201D\u201E\u201F\u2033\u2018\u2019\u00AB\u00BB]/;
/**
 * A curly quote that ends what JSON read as a text, with only the structure that follows a name or a text after
 * it (its colon, a comma, closing brackets): `key”: ` of `"key”: "5"`. One followed by more words is inside a
 * text that a straight quote closes (`"Scegli “Chatta con noi”, poi premi 1."`), and is no slip.
 */
const CURLY_CLOSING = new RegExp(`${CURLY_QUOTE.source}(?=\\s*[:,}\\]][\\s:,}\\]]*$)`);

/**
 * `“key”: “5”`: a name or a text in curly quotes, as a text copied from Word or Outlook has them, where JSON
 * needs straight ones. V8 says only "Unexpected token" there. Inside a text in straight quotes, curly ones are
 * fine (callers hear the words): only the one JSON stopped at is a slip, or, for `"key”: "5"`, the one that
 * was meant to close the name, which JSON read past to the next straight quote before it stopped.
 */
function curlyQuote(text: string, offset: number): FlowProblem | undefined {
  const at = CURLY_QUOTE.test(text[offset] as string) ? offset : curlyClosingBefore(text, offset);
  if (at === undefined) return undefined;
  const char = text[at] as string;
  return notJson(
    text,
    at,
    `${char} is a curly quote (as Word, Outlook or a phone types it), which JSON does not read as a quote`,
    `type a straight quote " in place of ${char}, and of every curly quote around a name or a text (e.g. "key": "5"; one inside a text may stay); edit the file in a code editor, not in Word or Outlook`,
  );
}

/**
 * The curly quote meant to close the text JSON read just before `offset` (`"key”: "` of `"key”: "5"`), if any:
 * the last thing in that text but its colon, comma or brackets.
 */
function curlyClosingBefore(text: string, offset: number): number | undefined {
  const end = skipSpaceBack(text, offset - 1);
  if (text[end] !== '"') return undefined;
  let start = end - 1;
  while (start >= 0 && !(text[start] === '"' && text[start - 1] !== '\\')) start--;
  const found = CURLY_CLOSING.exec(text.slice(start + 1, end));
  return found ? start + 1 + found.index : undefined;
}

/**
 * A name without quotes or a text in single quotes (`{ key: '5' }`), as JavaScript and YAML allow and JSON
 * does not: V8 says "Expected property name or '}'" or "Unexpected token", which names neither.
 */
function scriptStyle(text: string, offset: number): FlowProblem | undefined {
  const rest = text.slice(offset, offset + 200);
  const bare = /^([A-Za-z_$][\w$-]*)\s*:/.exec(rest);
  const single = /^'((?:[^'\\\n]|\\.)*)'/.exec(rest);
  if (!bare && !single) return undefined;
  const [what, written] = bare ? [`the name ${bare[1]} has no quotes around it`, `"${bare[1]}":`] : [`'${single![1]}' is in single quotes`, `"${single![1]}"`];
  return notJson(text, offset, `${what}, and JSON takes only double quotes, around every name and text`, `write ${written} there, and so every other name or text written this way`);
}

/**
 * A comment (`// why`, `/* closed on 24 Dec *\/`, `# note`), as JSONC, JavaScript and YAML allow and JSON
 * does not. V8 says "Unexpected token '/'" and the brackets around it look unclosed, so without this the slip
 * would be told as a } missing before it, whose fix breaks the file further.
 */
function comment(text: string, offset: number): FlowProblem | undefined {
  const opening = /^(\/\/|\/\*|#)/.exec(text.slice(offset, offset + 2))?.[1];
  if (!opening) return undefined;
  const close = opening === '/*' ? text.indexOf('*/', offset + 2) : -1;
  const until = opening !== '/*' ? 'to the end of that line' : close < 0 ? 'to the end of the file (its */ is missing)' : `through the */ at ${lineAndColumn(text, close)}`;
  return notJson(
    text,
    offset,
    `a comment (${opening === '/*' ? '/* ... */' : `${opening} ...`}), which JSON does not allow`,
    `delete the comment, from ${lineAndColumn(text, offset)} ${until}, and any other comment in the file; a destination or an SMS link can keep a note in its "note"`,
  );
}

/**
 * A character that shows as nothing (a byte order mark, a zero-width or no-break space, pasted from a web page
 * or a chat) between the names and values of the file, where JSON takes only spaces, tabs and line breaks.
 * V8 names what it expected there ("Expected double-quoted property name"), not the character.
 */
function invisibleCharacter(text: string, offset: number): FlowProblem | undefined {
  const char = text[offset] as string;
  const name = INVISIBLE[char];
  if (!name) return undefined;
  const code = char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return notJson(text, offset, `an invisible character (U+${code}, ${name}) outside the texts in quotes, which JSON does not allow`, `delete the character at ${lineAndColumn(text, offset)} (in most editors: put the cursor just after it and press Backspace)`);
}

/** Characters that show as nothing or as a space, by what they are. */
const INVISIBLE: Record<string, string> = {
  '\uFEFF': 'a byte order mark',
  '\u200B': 'a zero-width space',
  '\u200C': 'a zero-width non-joiner',
  '\u200D': 'a zero-width joiner',
  '\u2060': 'a word joiner',
  '\u00A0': 'a no-break space',
  '\u202F': 'a narrow no-break space',
};

/** A line break inside a text (its closing quote is missing), or a tab or other control character typed in one. */
function controlCharacter(text: string, offset: number, err: Error): FlowProblem | undefined {
  if (!/Bad control character/.test(err.message)) return undefined;
  const char = text[offset] as string;
  const where = lineAndColumn(text, offset);
  if (char === '\n' || char === '\r') {
    const start = scan(text, offset).textStart;
    const lineEnd = text.slice(0, offset).replace(/[ \t]+$/, '').length;
    return missingClosingQuote(text, offset, start, lineEnd, 'before the end of the line', 'a text cannot run onto the next line');
  }
  if (char === '\t') return notJson(text, offset, 'a tab inside a text in quotes, which JSON does not allow', `replace the tab at ${where} with a space`);
  const code = char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return notJson(text, offset, `an invisible control character (U+${code}) inside a text in quotes, which JSON does not allow`, `delete the character at ${where}`);
}

/**
 * A text in quotes that starts at `start` (if found) and runs without its closing quote to `end`, the end of
 * its line or the comma before the next name; JSON.parse noticed at `at`. The quote belongs before the
 * run of JSON structure (`,` `}` `]` and spaces) that ends the stretch: "customer service. }]," takes it
 * after "service.", not after "}]" (which would put them in the text). A } that closes a placeholder the
 * text opened ("{hours}") is the text's own.
 */
function missingClosingQuote(text: string, at: number, start: number | undefined, end: number, until: string, why: string): FlowProblem {
  const from = start === undefined ? text.lastIndexOf('\n', end - 1) + 1 : start + 1;
  const body = text.slice(from, end);
  let cut = body.search(/[\s,}\]]*$/);
  const count = (char: string, upTo: number) => body.slice(0, upTo).split(char).length - 1;
  while (body[cut] === '}' && count('{', cut) > count('}', cut)) cut++;
  const structure = body.slice(cut).trim();
  const before = structure === '' ? ', at the end of the text' : structure === ',' ? ', before the comma' : `, before the ${structure} that ends the line`;
  return notJson(text, at, `the text in quotes that starts at ${start === undefined ? 'this line' : lineAndColumn(text, start)} has no closing " ${until}`, `add the closing " at ${lineAndColumn(text, from + cut)}${before} (${why})`);
}

/**
 * `"name": "Klarna "Italia" customer service"`: the second " ends the text, and JSON.parse stops at the
 * word after it. Recognised by a text that ends and is followed, on the same line, by more words and the
 * text's real end: a " that JSON structure follows (`,` and the next name, `}`, `]`, `:`, or the line's
 * end). On a line that holds two texts (`{ "it": "…", "en": "…" }`) that is the first text's own end, not
 * the line's last ". A " found that way followed by `:` is a name's ("en"): the text before lost its
 * closing quote, and its end was taken for the opening quote of that name.
 */
function quoteInsideText(text: string, offset: number): FlowProblem | undefined {
  if (',}]":\r\n'.includes(text[offset] as string)) return undefined;
  let end = offset - 1;
  while (end >= 0 && (text[end] === ' ' || text[end] === '\t')) end--;
  if (text[end] !== '"') return undefined;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  // The first " (not one written \") that JSON structure follows: a comma and the next name (or the line's
  // end), a closing bracket, a colon, or the end of the line.
  const rest = /^((?:[^\\]|\\.)*?)"[ \t]*(,[ \t]*(?="|\r?$)|[}\]:]|\r?$)/.exec(text.slice(offset, lineEnd));
  if (!rest) return undefined;
  const start = scan(text, end).textStart;
  if (start === undefined) return undefined;
  if (rest[2] === ':') {
    let comma = end - 1;
    while (comma > start && (text[comma] === ' ' || text[comma] === '\t')) comma--;
    if (text[comma] !== ',') return undefined;
    const name = text.slice(end, offset + (rest[1] as string).length + 1);
    return missingClosingQuote(text, offset, start, comma + 1, `before the next name, ${name}`, `without it, the " that opens ${name} closes the text`);
  }
  const realEnd = offset + (rest[1] as string).length;
  const meant = text.slice(start + 1, realEnd).replace(/\\?"/g, '\\"');
  return notJson(text, end, `the " there ends the text that starts at ${lineAndColumn(text, start)}, and more of it follows: a " inside a text ends it`, `write each " inside the text as \\" (or use « » instead): "${meant}"`);
}

/**
 * A } or ] deleted: the container it closed swallows what follows, and JSON.parse stops later, often at the
 * end of the file. The file's indentation tells where it was: the first line, as indented as the line that
 * opened the container (or less), that does not close it. Without such a line, a file that ends with
 * containers open is missing their closers at the end.
 */
function unclosedBracket(text: string, offset: number): FlowProblem | undefined {
  const scanned = scan(text, offset);
  const { open } = scanned;
  const atEnd = text.slice(offset).trim() === '';
  // The indentation is a clue only where JSON.parse stops there too (or on the next line), or at the end of the file.
  const lineOf = (i: number) => text.slice(0, i).split('\n').length;
  const left = scanned.left && (atEnd || lineOf(offset) - lineOf(scanned.left.at) <= 1) ? scanned.left : undefined;
  const container = left?.container ?? (atEnd ? open.at(-1) : undefined);
  if (!container) return undefined;
  const closer = container.bracket === '{' ? '}' : ']';
  const what = `the ${container.bracket} of ${container.path === '(root)' ? 'the whole file' : container.path} (opened at ${lineAndColumn(text, container.offset)})`;
  if (!left) {
    const closers = open.map((c) => (c.bracket === '{' ? '}' : ']')).reverse().join('');
    return notJson(text, text.trimEnd().length, `the file ends before ${what} is closed`, `add ${closers} at the end of the file (or the ${closer} where ${container.path === '(root)' ? 'an object or list' : container.path} was meant to end)`);
  }
  const before = skipSpaceBack(text, left.at - 1);
  // The whole line "}," deleted, or the "]," of an empty list (`"sat": [` and `"sun": []` on the next line):
  // the comma after the closer is missing too. A { or [ before is the container's own, now to be closed.
  const needsComma = !',}]'.includes(text[left.at] as string) && (before === container.offset || !',{['.includes(text[before] as string));
  const lineBefore = lineAndColumn(text, before).replace(/, column \d+$/, '');
  return notJson(
    text,
    left.at,
    `a ${closer} is likely missing before it, to close ${what}`,
    text[before] === ',' ? `add ${closer} before the comma at ${lineAndColumn(text, before)}` : `add ${closer}${needsComma ? ',' : ''} at the end of ${lineBefore}${needsComma ? ` (a ${closer} and a comma)` : ''}`,
  );
}

interface OpenContainer {
  bracket: '{' | '[';
  offset: number;
  /** Its JSON path, e.g. nodes.main-menu.options. */
  path: string;
  /** The indentation of the line that opened it. */
  indent: number;
  /** For the file's outermost container: whether a line inside it is indented, so the file's indentation can be trusted. */
  indented: boolean;
}

/**
 * Reads `text` up to `until`: the containers still open there, the start of the text in quotes `until`
 * lies in (if any), and the first line that leaves an open container by its indentation without closing it.
 */
function scan(text: string, until: number): { open: OpenContainer[]; textStart?: number; left?: { container: OpenContainer; at: number } } {
  const open: OpenContainer[] = [];
  const steps: PropertyKey[] = [];
  let left: { container: OpenContainer; at: number } | undefined;
  let lineIndent = 0;
  let atLineStart = true;
  let lastText = '';
  for (let i = 0; i <= until && i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\n') {
      atLineStart = true;
      lineIndent = 0;
      continue;
    }
    if (atLineStart && (char === ' ' || char === '\t')) {
      lineIndent++;
      continue;
    }
    if (atLineStart) {
      atLineStart = false;
      const top = open.at(-1);
      if (top && !left && open.length > 1 && (open[0] as OpenContainer).indented) {
        // Its own closer comes on a line as indented as the line that opened it; anything else there, or less indented, is outside it.
        const closes = char === (top.bracket === '{' ? '}' : ']');
        if (lineIndent < top.indent || (lineIndent === top.indent && !closes)) left = { container: top, at: i };
      }
      if (open.length === 1 && lineIndent > 0) (open[0] as OpenContainer).indented = true;
    }
    switch (char) {
      case '"': {
        const start = i;
        for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
        // `until` lies in this text (or is its closing quote), or the text is never closed.
        if (i >= until || text[i] !== '"') return { open, textStart: start, left };
        lastText = text.slice(start + 1, i);
        break;
      }
      case '{':
      case '[':
        open.push({ bracket: char, offset: i, path: jsonPath(steps), indent: lineIndent, indented: false });
        steps.push(char === '[' ? 0 : '');
        break;
      case '}':
      case ']':
        open.pop();
        steps.pop();
        break;
      case ':':
        if (steps.length > 0) steps[steps.length - 1] = lastText;
        break;
      case ',':
        if (typeof steps.at(-1) === 'number') steps[steps.length - 1] = (steps.at(-1) as number) + 1;
        break;
    }
  }
  return { open, left };
}
