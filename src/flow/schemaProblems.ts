import type { z as Zod } from 'zod';
import { closestNames, useClosest } from './closestName';
import { jsonPath, type FlowProblem } from './problem';
import { E164_PATTERN, e164Of } from '../config/phoneNumber';
import { writtenDate } from '../schedule/writtenDate';
import { CLOCK_TIME_PATTERN, ISO_DATE_PATTERN, NODE_ID_PATTERN, zod } from './schema';
import { listed } from '../text/listed';

// A zod issue as a flow author reads it: what belongs at that place in plain
// words ("an object with "date" and "name"", "a whole number from 1 to 9"),
// an example where the schema gives one, and what was found there instead.
// The words are made from the schema itself, found by following the issue's
// path through the schema and the file's data side by side, so they cannot
// drift from what the schema accepts.

type Schema = Zod.core.$ZodType;
type Issue = Zod.core.$ZodIssue;

/**
 * The problem to report for one zod issue; `root` is the schema (the flow's,
 * or a scenario's), `data` the file's content, and `reference` where the
 * reader finds what the schema accepts, named when the issue says no more.
 */
export function schemaProblem(issue: Issue, root: Schema, data: unknown, reference = 'flows/flow.schema.json'): FlowProblem {
  // A value that nearly fits one form of a union ({"it": ..., "IT": ...}) is told what is wrong with it in that form.
  const near = issue.code === 'invalid_union' ? nearlyFits(issue) : undefined;
  if (near) return schemaProblem({ ...near, path: [...issue.path, ...near.path] } as Issue, root, data, reference);
  const path = jsonPath(issue.path);
  // A check the schema's shape cannot say (a key no phone has, a number without its country code) gives its own fix.
  const ownFix = issue.code === 'custom' ? (issue.params as { fix?: unknown } | undefined)?.fix : undefined;
  if (typeof ownFix === 'string') return { path, message: `${issue.message} (found ${describeValue(issue.input)})`, fix: ownFix };
  const at = schemaAt(root, data, issue.path);
  const found = describeValue(issue.input);
  const words = at ? expected(at) : undefined;
  // A reference to a node: the example is one of the flow's own nodes, never the schema's "main-menu".
  // Only ids the schema takes: a node whose own id is invalid ("consumer_lost_card") is no name to offer.
  const nodeIds = at && isNodeId(at) ? Object.keys((valueAt(data, ['nodes']) as Record<string, unknown> | undefined) ?? {}).filter((id) => NODE_ID_PATTERN.test(id)) : [];
  const example = nodeIds.length > 0 ? JSON.stringify(nodeIds.find((id) => id === 'goodbye') ?? nodeIds[0]) : at ? exampleOf(at) : undefined;
  const write = (what: string) => `write ${what}${example === undefined || what.includes('e.g.') ? '' : `, e.g. ${example}`}`;
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = ((issue as { options?: unknown[] }).options ?? []).map((o) => JSON.stringify(o));
        const input = issue.input as Record<string, unknown> | undefined;
        const given = input && typeof input === 'object' ? input[issue.discriminator] : undefined;
        // {"tipe": "menu"}: the name is misspelt, not missing.
        const typo = given === undefined && input && typeof input === 'object' ? Object.keys(input).find((key) => closestNames(key, [issue.discriminator as string]).length === 1) : undefined;
        if (typo) return { path, message: `is missing (there is "${typo}" instead)`, fix: `rename "${typo}" to "${issue.discriminator}"` };
        return { path, message: `must be one of ${options.join(', ')} (found ${describeValue(given)})`, fix: oneOf(given, (issue as { options?: unknown[] }).options ?? []) };
      }
      const what = words ?? `a ${'expected' in issue ? String(issue.expected) : 'value'}`;
      if (issue.input === undefined) {
        const name = issue.path.at(-1);
        // {"nxt": ...}: the name is there, misspelt; adding it again beside the typo would be the wrong fix.
        const typo = typeof name === 'string' ? misspeltAs(name, root, data, issue.path.slice(0, -1)) : undefined;
        if (typo) return { path, message: `is missing: it must be ${what} (there is "${typo}" instead)`, fix: `rename "${typo}" to "${String(name)}"` };
        const fix = `add ${typeof name === 'string' ? `"${name}": ` : ''}${example ?? what}`;
        return { path, message: `is missing: it must be ${what}`, fix: nodeIds.length > 0 ? `${fix}, or another of this flow's nodes: ${someOf(nodeIds)}` : fix };
      }
      // {"close": 16}: an hour, meant as "16:00".
      const time = at && hasPattern(at, CLOCK_TIME_PATTERN) ? clockTimeMeant(issue.input) : undefined;
      if (time) return { path, message: `must be ${what}, written in quotes (found ${found})`, fix: `write ${JSON.stringify(time)}, in quotes` };
      const unquote = typeof issue.input === 'string' && 'expected' in issue && issue.expected === 'number' ? ', without quotes' : '';
      // {"key": 6}: the right value (a phone key, a time), written as a number where it must be a text in quotes.
      const quoted = typeof issue.input === 'number' && at && hasPattern(at) && accepts(at, String(issue.input)) ? JSON.stringify(String(issue.input)) : undefined;
      if (quoted) return { path, message: `must be ${what}, written in quotes (found ${found}, a number)`, fix: `write ${quoted}, in quotes` };
      // An object no form fits because of a misspelt name ({"prss": "1"}): the name is the fix, not the list of forms.
      const misspelt = issue.code === 'invalid_union' && at ? misspeltNames(issue.input, formNames(at)) : undefined;
      const typo = issue.code === 'invalid_union' ? closestValue(issue.input, at) : undefined;
      return { path, message: `must be ${what} (found ${found})`, fix: misspelt ?? (typo ? `${typo}, or ${write(what)}` : `${write(what)}${unquote}`) };
    }
    case 'unrecognized_keys': {
      const object = valueAt(data, issue.path);
      const allowed = at ? objectKeys(at, object) : [];
      const names = issue.keys.map((k) => `"${k}"`).join(', ');
      const allowedHere = allowed.length > 0 ? `: the names allowed here are ${listed(allowed.map((k) => `"${k}"`))}` : '';
      if (isClosure(issue.path) && issue.keys.some((key) => TIME_OF_DAY_NAMES.includes(key) || closureTimeOfDay(valueAt(object, [key])))) {
        return {
          path,
          message: `has ${names}, which ${issue.keys.length === 1 ? 'does' : 'do'} not belong here: a closure closes the lines for whole days, with no time of day`,
          fix: `remove ${names}; to close for part of a day (an early close on 24 December), see "Closing early on one day" in docs/holidays.md`,
        };
      }
      // A name the object already has is no name to rename another to: "date" is given twice, then.
      const free = allowed.filter((name) => !hasName(object, name));
      // {"date": "2026-12-07", "to": "08"}: the last day by its day of the month; "until" takes the whole date.
      const until = isClosure(issue.path) && issue.keys.length === 1 && meantName(issue.keys[0] as string, free) === 'until' ? lastDayMeant(object, issue.keys[0] as string) : undefined;
      if (until) return { path, message: `has ${names}, which does not belong here`, fix: `rename ${names} to "until", with the whole date: "until": ${JSON.stringify(until)}` };
      const renamed = renames(issue.keys, free);
      const given = issue.keys.map((key) => meantName(key, allowed));
      if (!renamed && given.every((name) => name !== undefined && hasName(object, name))) {
        const each = issue.keys.map((key, i) => `"${key}" ("${given[i]}" is there already)`);
        return { path, message: `has ${names}, which ${issue.keys.length === 1 ? 'does' : 'do'} not belong here`, fix: `remove ${listed(each)}${allowedHere}` };
      }
      // {"closures": [...]} beside "hours" instead of in it: the name is right, its place is not.
      const moved = renamed || !at ? undefined : moves(issue.keys, at);
      return {
        path,
        message: `has ${names}, which ${issue.keys.length === 1 ? 'does' : 'do'} not belong here`,
        fix: renamed ? `${renamed}${allowedHere}` : (moved ?? `remove or correct ${names}${allowedHere}`),
      };
    }
    case 'invalid_key': {
      const keyWords = at ? expected(at) : 'a name';
      // A name under "languages" is itself being declared: another declared code is no name for it.
      const declaring = issue.path[0] === 'languages' && issue.path.length <= 2;
      const languages = /language code/.test(keyWords) && !declaring ? Object.keys(valueAt(data, ['languages']) ?? {}).filter((code) => code !== issue.input) : [];
      const likely = typeof issue.input === 'string' ? closestNames(issue.input, languages) : [];
      // "consumer_lost_card" as a node's, line's or destination's name: the same name with dashes.
      const dashed = at && typeof issue.input === 'string' && isNodeId(at) ? asId(issue.input) : undefined;
      // "en-GB" or "EN" declared as a language: the code it starts with, when no other language has it yet.
      const code = declaring && typeof issue.input === 'string' ? /^([A-Za-z]{2})(?:[-_][A-Za-z]{2,})?$/.exec(issue.input)?.[1]?.toLowerCase() : undefined;
      const fix = likely.length === 1
        ? `rename it to "${likely[0]}", a language of the flow`
        : code && !Object.hasOwn((valueAt(data, ['languages']) as object | undefined) ?? {}, code)
          ? `rename it to "${code}" (and change every place that refers to it)`
          : dashed
          ? `rename it to "${dashed}" (and change every place that refers to it)`
          : `rename it: ${keyWords} (and change every place that refers to it)`;
      return { path, message: `the name ${found} is not ${keyWords}`, fix };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return { path, message: `must be one of ${values} (found ${found})`, fix: oneOf(issue.input, issue.values) };
    }
    case 'invalid_format': {
      // "Consumer-App-Info" for "consumer-app-info": the node meant, whatever the case of its letters.
      const meant = nodeIds.length > 0 && typeof issue.input === 'string' ? nodeMeant(issue.input, nodeIds, data) : undefined;
      const number = at && hasPattern(at, E164_PATTERN) && typeof issue.input === 'string' ? e164Of(issue.input, holidayCountry(data)) : undefined;
      if (number) return { path, message: `must be ${issue.message} (found ${found})`, fix: `write ${JSON.stringify(number)} (the same number, with its country code and no spaces)` };
      // "close": "16" or "16.30": the hour meant, written as the schema takes it.
      const time = at && hasPattern(at, CLOCK_TIME_PATTERN) ? clockTimeMeant(issue.input) : undefined;
      if (time) return { path, message: `must be ${issue.message} (found ${found})`, fix: `write ${JSON.stringify(time)}` };
      const date = at && hasPattern(at, ISO_DATE_PATTERN) ? dateMeant(issue.input) : undefined;
      if (date) return { path, message: `must be ${issue.message} (found ${found})`, fix: date };
      return { path, message: `must be ${issue.message} (found ${found})`, fix: meant ?? (nodeIds.length > 0 ? `name one of this flow's nodes: ${someOf(nodeIds)}` : write(issue.message)) };
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'array' && small && limit === 1) {
        const element = at && defOf(unwrapped(at)).element;
        const first = element ? exampleOf(element) : undefined;
        return { path, message: `must not be empty (found ${found})`, fix: `add at least one${element ? `: ${expected(element)}` : ''}${first === undefined ? '' : `, e.g. ${first}`}` };
      }
      if (issue.origin === 'string' && small && limit === 1) return { path, message: 'must not be empty', fix: emptyTextFix(root, data, issue.path) };
      const bound = `${small ? 'at least' : 'at most'} ${limit}${issue.origin === 'array' ? ` item${limit === 1 ? '' : 's'}` : issue.origin === 'string' ? ' characters' : ''}`;
      return { path, message: `must be ${bound} (found ${found})`, fix: write(words ?? bound) };
    }
    default:
      return { path, message: `${issue.message} (found ${found})`, fix: `see ${reference} for what belongs here` };
  }
}

interface Def {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  keyType?: Schema;
  valueType?: Schema;
  element?: Schema;
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  checks?: { _zod: { def: { check: string; format?: string; minimum?: number; error?: (issue: unknown) => unknown } } }[];
}

const defOf = (schema: Schema) => schema._zod.def as unknown as Def;

/** The schema without optional() or default() around it. */
function unwrapped(schema: Schema): Schema {
  let s = schema;
  for (let def = defOf(s); def.innerType && (def.type === 'optional' || def.type === 'default'); def = defOf(s)) s = def.innerType;
  return s;
}

/** The schema that checks the value at `path`; for an invalid name, the schema of the name. */
function schemaAt(root: Schema, data: unknown, path: readonly PropertyKey[]): Schema | undefined {
  let schema: Schema | undefined = root;
  let value = data;
  for (const [i, step] of path.entries()) {
    if (!schema) return undefined;
    schema = childOf(schema, value, step, i === path.length - 1);
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[step] : undefined;
  }
  return schema;
}

function childOf(schema: Schema, value: unknown, step: PropertyKey, last: boolean): Schema | undefined {
  const s = unwrapped(schema);
  const def = defOf(s);
  switch (def.type) {
    case 'object':
      return Object.hasOwn(def.shape ?? {}, step) ? def.shape?.[step as string] : undefined;
    case 'record':
      // A name the record refuses: the issue is about the name, not its value.
      return last && !accepts(def.keyType as Schema, step) ? def.keyType : def.valueType;
    case 'array':
      return def.element;
    case 'union': {
      const options = def.options ?? [];
      if (def.discriminator) {
        const option = taggedOption(def, value);
        return option ? childOf(option, value, step, last) : undefined;
      }
      for (const option of options) {
        const child = defOf(unwrapped(option)).type === 'object' ? childOf(option, value, step, last) : undefined;
        if (child) return child;
      }
      for (const option of options) {
        const child = childOf(option, value, step, last);
        if (child) return child;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function accepts(schema: Schema, value: PropertyKey): boolean {
  return (schema as unknown as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success;
}

/**
 * The names an object schema accepts (for a node, those of its type; for another choice of objects, those
 * of the form that takes the most of the value's names, as { press, aftr } is the press step's form).
 */
function objectKeys(schema: Schema, value: unknown): string[] {
  const def = defOf(unwrapped(schema));
  const option = def.type === 'union' ? (taggedOption(def, value) ?? closestForm(def, value)) : undefined;
  return Object.keys((option ? defOf(unwrapped(option)) : def).shape ?? {});
}

/** The object form of an untagged union that takes the most of `value`'s names (none when no form takes one). */
function closestForm(def: Def, value: unknown): Schema | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const names = Object.keys(value);
  let best: Schema | undefined;
  let most = 0;
  for (const option of def.options ?? []) {
    const shape = defOf(unwrapped(option)).shape;
    const taken = shape ? names.filter((name) => Object.hasOwn(shape, name)).length : 0;
    if (taken > most) [best, most] = [option, taken];
  }
  return best;
}

/** `use "busy" (the closest name)` for a text no form of a union takes, when it is a typo of a value one of its forms lists. */
function closestValue(given: unknown, schema: Schema | undefined): string | undefined {
  if (typeof given !== 'string' || !schema) return undefined;
  const values = (defOf(unwrapped(schema)).options ?? []).flatMap((option) => {
    const def = defOf(unwrapped(option));
    return def.type === 'enum' ? Object.values(def.entries ?? {}) : def.type === 'literal' ? (def.values ?? []) : [];
  });
  return useClosest(given, values.filter((v): v is string => typeof v === 'string'));
}

/** Every name some object form of a union accepts. */
function formNames(schema: Schema): string[] {
  const def = defOf(unwrapped(schema));
  return [...new Set((def.options ?? []).flatMap((option) => Object.keys(defOf(unwrapped(option)).shape ?? {})))];
}

/** `rename ...` for the names of an object `value` that none of the `known` names takes, when each is a typo of one of them. */
function misspeltNames(value: unknown, known: readonly string[]): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return renames(Object.keys(value).filter((name) => !known.includes(name)), known.filter((name) => !hasName(value, name)));
}

/** Whether the object `value` has `name` of its own. */
function hasName(value: unknown, name: string): boolean {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, name);
}

/**
 * "16:00" for 16, "16", "16.30" or "9:00" (a time written as people write it), "16:30" for 16.30 written as a
 * number (JSON reads it 16.3); undefined when it is no time of day ("26", a day of the month).
 */
function clockTimeMeant(value: unknown): string | undefined {
  const written = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : Number(value.toFixed(2)) === value ? value.toFixed(2) : undefined) : value;
  const match = typeof written === 'string' ? /^(\d{1,2})(?:[:.,h](\d{2}))?h?$/.exec(written.trim()) : null;
  if (!match) return undefined;
  const time = `${(match[1] as string).padStart(2, '0')}:${match[2] ?? '00'}`;
  return CLOCK_TIME_PATTERN.test(time) ? time : undefined;
}

/** The fix for a date written as people write it ("07/12/2027"): the same date as "YYYY-MM-DD" (writtenDate). Undefined for anything else. */
function dateMeant(value: unknown): string | undefined {
  const date = typeof value === 'string' ? writtenDate(value) : undefined;
  return date && `write ${JSON.stringify(date.iso)} (${date.said})`;
}

/** A closure under hours.closures, which closes whole days: a time of day written in one is a closure for part of a day. */
const isClosure = (path: readonly PropertyKey[]) => path.length === 3 && path[0] === 'hours' && path[1] === 'closures';
/**
 * Names only a time of day goes by; any other name (from, to: "date" and "until" by another name) counts when its
 * value is a time ("to": "17:00"), not a day ("to": "26", meant as "until").
 */
const TIME_OF_DAY_NAMES: readonly string[] = ['open', 'close', 'opens', 'closes', 'time', 'hours'];

/**
 * Whether a value in a closure is a time of day: written with its minutes or an "h" ("13:00", "9.30", "13h").
 * A bare 1 to 31 ("08", 26) is a day of the month: told it was a time, an author would remove it and lose days.
 */
function closureTimeOfDay(value: unknown): boolean {
  return clockTimeMeant(value) !== undefined && dayOfMonth(value) === undefined;
}

/** 8 for "08", "8" or 8: a day of the month written alone; undefined for anything else. */
function dayOfMonth(value: unknown): number | undefined {
  const written = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const day = /^\d{1,2}$/.test(written) ? Number(written) : 0;
  return day >= 1 && day <= 31 ? day : undefined;
}

/**
 * The last day of `closure` when `name` gives it as a day of the month: "2026-12-08" for "08" after "date":
 * "2026-12-07"; a day before the date's own is in the next month ("02" after "2026-12-30": "2027-01-02").
 * Undefined without a date to go by, or when that month has no such day.
 */
function lastDayMeant(closure: unknown, name: string): string | undefined {
  const day = dayOfMonth(valueAt(closure, [name]));
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(valueAt(closure, ['date'])));
  if (day === undefined || !date) return undefined;
  const month = Number(date[2]) - 1 + (day < Number(date[3]) ? 1 : 0);
  const last = new Date(Date.UTC(Number(date[1]), month, day));
  // Date.UTC carries 31 February into March: no such day.
  return last.getUTCDate() === day ? last.toISOString().slice(0, 10) : undefined;
}

/** The name in the object at `path` that does not belong there and is a typo of the missing `name`, if any. */
function misspeltAs(name: string, root: Schema, data: unknown, path: readonly PropertyKey[]): string | undefined {
  const parent = valueAt(data, path);
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  const schema = schemaAt(root, data, path);
  const allowed = schema ? objectKeys(schema, parent) : [];
  return Object.keys(parent).find((key) => !allowed.includes(key) && meantName(key, allowed) === name);
}

/** The option of a tagged union (a node type) that `value` names; undefined for other unions. */
function taggedOption(def: Def, value: unknown): Schema | undefined {
  if (!def.discriminator) return undefined;
  const tag = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[def.discriminator] : undefined;
  return (def.options ?? []).find((o) => defOf(unwrapped(defOf(unwrapped(o)).shape?.[def.discriminator as string] as Schema)).values?.includes(tag));
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const step of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[step] : undefined;
  return value;
}

/** What the schema accepts, in plain words. */
function expected(schema: Schema, nested = false): string {
  const own = zod().globalRegistry.get(schema as never)?.title;
  if (typeof own === 'string') return own;
  const s = unwrapped(schema);
  const inner = zod().globalRegistry.get(s as never)?.title;
  if (typeof inner === 'string') return inner;
  const def = defOf(s);
  switch (def.type) {
    case 'object': {
      const keys = Object.entries(def.shape ?? {});
      const required = keys.filter(([, v]) => v._zod.optin === undefined).map(([k]) => `"${k}"`);
      const optional = keys.filter(([, v]) => v._zod.optin !== undefined).map(([k]) => `"${k}"`);
      const type = def.shape?.type && defOf(def.shape.type).type === 'literal' ? ` whose "type" is ${JSON.stringify(defOf(def.shape.type).values?.[0])}` : '';
      return `an object${type}${required.length > 0 ? ` with ${listed(required)}` : ''}${optional.length > 0 ? `${required.length > 0 ? ' and' : ' with'} optionally ${listed(optional, 'or')}` : ''}`;
    }
    case 'record':
      return nested ? 'an object of named entries' : `an object of named entries (each name ${expected(def.keyType as Schema, true)}), each ${expected(def.valueType as Schema, true)}`;
    case 'array':
      return nested ? 'a list [ ]' : `a list [ ] of: ${expected(def.element as Schema, true)}`;
    case 'union':
      return `either ${(def.options ?? []).map((o) => expected(o, true)).join(' or ')}`;
    case 'string': {
      const pattern = def.checks?.find((c) => c._zod.def.format === 'regex');
      const words = pattern?._zod.def.error?.({});
      return typeof words === 'string' ? words : 'a text in quotes';
    }
    case 'number': {
      const n = s as unknown as { isInt: boolean; minValue: number | null; maxValue: number | null };
      const range = Number.isSafeInteger(n.minValue) && Number.isSafeInteger(n.maxValue) && Math.abs(n.maxValue as number) < 2 ** 31 ? ` from ${n.minValue} to ${n.maxValue}` : '';
      return `${n.isInt ? 'a whole number' : 'a number'}${range}`;
    }
    case 'boolean':
      return 'true or false';
    case 'literal':
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
    case 'enum':
      return `one of ${Object.values(def.entries ?? {}).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return 'the value described in flows/flow.schema.json';
  }
}

/** The schema's first example as JSON (for a choice, one of each kind), if it gives one. */
function exampleOf(schema: Schema): string | undefined {
  const registry = zod().globalRegistry;
  const examples = (registry.get(schema as never)?.examples ?? registry.get(unwrapped(schema) as never)?.examples) as unknown[] | undefined;
  if (examples && examples.length > 0) return JSON.stringify(examples[0]);
  const def = defOf(unwrapped(schema));
  if (def.type === 'array') {
    const element = exampleOf(def.element as Schema);
    return element === undefined ? undefined : `[${element}]`;
  }
  if (def.type !== 'union' || def.discriminator) return undefined;
  const each = (def.options ?? []).map(exampleOf).filter((e) => e !== undefined);
  return each.length > 0 ? each.join(' or ') : undefined;
}


function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.parse reads 1e309 as Infinity, which JSON.stringify would write as null: not what the file says.
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large to read';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** "use one of" the values, the one a typo was meant to be first. */
function oneOf(given: unknown, values: readonly unknown[]): string {
  const all = values.map((v) => JSON.stringify(v)).join(', ');
  const use = typeof given === 'string' ? useClosest(given, values.filter((v): v is string => typeof v === 'string')) : undefined;
  return use ? `${use}; one of: ${all}` : `use one of: ${all}`;
}

/** `rename "promt" to "prompt"` for names that do not belong, where each is a typo of one allowed name. */
function renames(keys: readonly string[], allowed: readonly string[]): string | undefined {
  if (keys.length === 0) return undefined;
  const pairs = keys.map((key) => [key, meantName(key, allowed)] as const);
  if (pairs.some(([, meant]) => meant === undefined)) return undefined;
  return `rename ${pairs.map(([key, meant]) => `"${key}" to "${meant}"`).join(', ')}, or remove ${keys.length === 1 ? 'it' : 'them'}`;
}

/**
 * Names people write for one the schema has: an opening range's "open" and "close" written as from and to
 * (or start and end), or a closure's "date" and "until". The first of them allowed where the name is found is
 * the one meant. (No quote right after "from" in these comments: validationFingerprint.ts reads it as an import.)
 */
const SAME_MEANING: Record<string, readonly string[]> = {
  from: ['open', 'date'],
  to: ['close', 'until'],
  start: ['open', 'date'],
  end: ['close', 'until'],
  until: ['close'],
};

/** The allowed name `key` was meant to be: the one it is a typo of, or one of the same meaning; undefined when none or several. */
function meantName(key: string, allowed: readonly string[]): string | undefined {
  const likely = closestNames(key, allowed);
  if (likely.length === 1) return likely[0];
  return Object.hasOwn(SAME_MEANING, key) ? SAME_MEANING[key]?.find((name) => allowed.includes(name)) : undefined;
}

/**
 * `move "closures" into "hours"` for names that belong in an object one or two levels further in,
 * each in exactly one; undefined when any does not.
 */
function moves(keys: readonly string[], schema: Schema): string | undefined {
  const places = keys.map((key) => {
    const found = placesOf(key, schema);
    return found.length === 1 ? `move "${key}" into ${found[0]}` : undefined;
  });
  return places.every((p) => p !== undefined) ? places.join(', ') : undefined;
}

/** Where, among the objects (not lists or named entries) inside `schema` up to two levels in, `key` belongs. */
function placesOf(key: string, schema: Schema, depth = 0): string[] {
  const fields = Object.entries(defOf(unwrapped(schema)).shape ?? {});
  return fields.flatMap(([name, field]) => {
    const shape = defOf(unwrapped(field)).shape;
    if (!shape) return [];
    if (Object.hasOwn(shape, key)) return [`"${name}"`];
    return depth === 0 ? placesOf(key, field, depth + 1).map((place) => `${place} in "${name}"`) : [];
  });
}

/**
 * An empty text: a sentence needs its text in every language of the flow (removing it is refused with
 * "has no "en" text"), so the fix is to write it; only an entry of a list of names (a holiday's spoken
 * name) may go instead.
 */
function emptyTextFix(root: Schema, data: unknown, path: readonly PropertyKey[]): string {
  const name = path.at(-1);
  const languages = valueAt(data, ['languages']);
  if (typeof name === 'string' && languages !== null && typeof languages === 'object' && Object.hasOwn(languages, name)) {
    return `write the text in "${name}": every language of the flow needs its own`;
  }
  const parent = path.length > 0 ? schemaAt(root, data, path.slice(0, -1)) : undefined;
  return parent && defOf(unwrapped(parent)).type === 'record' ? 'write the text, or remove the entry' : 'write the text';
}

/** The one issue of the only union form that fails on a single point, where every other form fails on several. */
function nearlyFits(issue: Issue): Issue | undefined {
  const forms = (issue as { errors?: Issue[][] }).errors ?? [];
  const single = forms.filter((issues) => issues.length === 1);
  return single.length === 1 && forms.every((issues) => issues.length >= 1) ? single[0]?.[0] : undefined;
}

/**
 * A node id: a string checked against the node-id pattern (NodeId in schema.ts, wherever it is used; line
 * and destination names, checked against the same pattern, pass too).
 */
function isNodeId(schema: Schema): boolean {
  return hasPattern(schema, NODE_ID_PATTERN);
}

/** Whether the schema is a string checked against `pattern` (against any, without one). */
function hasPattern(schema: Schema, pattern?: RegExp): boolean {
  const def = defOf(unwrapped(schema));
  return def.type === 'string' && (def.checks ?? []).some((c) => {
    const own = (c._zod.def as { pattern?: RegExp }).pattern;
    return own !== undefined && (pattern === undefined || String(own) === String(pattern));
  });
}

/** "Consumer_Lost card" as an id: "consumer-lost-card" (accents dropped, anything else a dash); undefined when nothing of it is left. */
function asId(name: string): string | undefined {
  const id = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  return NODE_ID_PATTERN.test(id) ? id : undefined;
}

/**
 * The fix for a reference to a node that is no node id: the node meant ("Consumer-App-Info" for
 * "consumer-app-info"), or, where the node itself has the same invalid id, the valid id for both.
 */
function nodeMeant(reference: string, nodeIds: readonly string[], data: unknown): string | undefined {
  const id = asId(reference);
  if (id && nodeIds.includes(id)) return `use "${id}" (the closest name)`;
  const nodes = valueAt(data, ['nodes']);
  if (id && nodes !== null && typeof nodes === 'object' && Object.hasOwn(nodes, reference)) {
    return `write "${id}", and rename the node "${reference}" to "${id}" too`;
  }
  return useClosest(reference, nodeIds);
}

/** The flow's holiday country, whose numbers a number written without its country code is read as (Italy when it names none). */
function holidayCountry(data: unknown): string | undefined {
  const country = valueAt(data, ['hours', 'holidays', 'country']);
  return typeof country === 'string' ? country : undefined;
}

/** The first names of a list, enough to show what there is. */
function someOf(names: string[], most = 12): string {
  return names.length <= most ? names.join(', ') : `${names.slice(0, most).join(', ')} and ${names.length - most} more`;
}
