import path from 'node:path';
import type { Flow } from '../flow/schema';
import { lineWhoseOwnNumberIs } from '../flow/lineWhoseOwnNumberIs';
import { projectRoot } from './projectRoot';
import { e164Of, inANumberingPlan, isE164, IN_NO_NUMBERING_PLAN } from './phoneNumber';
import { jsonPath } from '../flow/problem';
import { smsConfigFrom, type SmsConfig } from '../twilio/smsSettings';
import { callJournalSettingFrom, type CallJournalSetting } from '../journal/journalSetting';
import { SettingsError } from './settingsError';

export { SettingsError };

/**
 * App settings, read once at start-up from the environment (Azure app
 * settings and local.settings.json both arrive as environment variables).
 * Secrets live only here, never in the repository.
 */
export interface Settings {
  flowFile: string;
  /** Twilio auth token used to check X-Twilio-Signature; undefined runs the webhook open. */
  authToken: string | undefined;
  /** False only when TWILIO_SIGNATURE_VALIDATION=off was set on purpose. */
  validateSignatures: boolean;
  /** The public https origin Twilio calls (e.g. behind Azure's front end), used to rebuild the signed URL. */
  publicBaseUrl: string | undefined;
  /** Extra dialed numbers mapped to lines, e.g. a Twilio test number -> consumer (a Map: no number finds an inherited name). */
  lineNumbers: ReadonlyMap<string, string>;
  /** The chat-link SMS (IVR_SMS_FROM, IVR_SMS_TIMEOUT_MS, Twilio REST credentials); undefined turns the offer off. */
  sms: SmsConfig | undefined;
  /** Where the hosts keep each call's answers until its status callback (IVR_CALL_JOURNAL, AzureWebJobsStorage). */
  callJournal: CallJournalSetting;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The settings the app reads, besides the flow's own (each destination's `setting`, DEST_…): what a test's settings
 * may name, so that one a letter off is told as a typo rather than left unread. local.settings.example.json
 * holds the same (test/config/settings.test.ts checks it), with each one's value as a deployment starts with.
 */
export const APP_SETTINGS: readonly string[] = [
  'AzureWebJobsStorage', 'IVR_CALL_JOURNAL', 'TWILIO_AUTH_TOKEN', 'TWILIO_AUTH_TOKEN_SECONDARY', 'TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY',
  'TWILIO_API_SECRET', 'IVR_SMS_FROM', 'IVR_SMS_TIMEOUT_MS', 'TWILIO_SIGNATURE_VALIDATION', 'PUBLIC_BASE_URL', 'IVR_LINE_NUMBERS',
  'IVR_FLOW_FILE', 'IVR_LOG_PHONE_NUMBERS',
];

/** The names of the settings the app reads with `flow`: its own (APP_SETTINGS) and the flow's destinations'. */
export function settingNames(flow: Flow): string[] {
  return [...APP_SETTINGS, ...Object.values(flow.destinations).map((destination) => destination.setting)];
}

export const DEFAULT_FLOW_FILE = path.join(projectRoot(), 'flows', 'klarna-italia.json');

/** The flow the app loads: IVR_FLOW_FILE (a relative path read from the folder it runs in), else ours. */
export function flowFileSetting(env: Readonly<Record<string, string | undefined>>): string {
  return path.resolve(env.IVR_FLOW_FILE?.trim() || DEFAULT_FLOW_FILE);
}

export function readSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const validation = (env.TWILIO_SIGNATURE_VALIDATION ?? 'on').toLowerCase();
  if (validation !== 'on' && validation !== 'off') {
    throw new SettingsError(`TWILIO_SIGNATURE_VALIDATION is "${env.TWILIO_SIGNATURE_VALIDATION}"`, 'set it to "on" (the default) or "off"');
  }
  const publicBaseUrl = originSetting(env.PUBLIC_BASE_URL?.trim() || undefined);
  const authToken = env.TWILIO_AUTH_TOKEN?.trim() || undefined;
  // Both throw SettingsErrors (the REST credentials the SMS needs too), their problem and fix apart.
  const sms = smsConfigFrom(env, validation === 'on' && authToken !== undefined);
  const callJournal = callJournalSettingFrom(env);
  // Read here, with the others, so that ivr lint refuses a wrong one as start-up does (the logger reads it again).
  phoneNumberLoggingSetting(env);
  return {
    flowFile: flowFileSetting(env),
    authToken,
    validateSignatures: validation === 'on',
    publicBaseUrl,
    lineNumbers: parseLineNumbers(env.IVR_LINE_NUMBERS ?? ''),
    sms,
    callJournal,
    env,
  };
}

/**
 * IVR_LOG_PHONE_NUMBERS: "masked" (the default) or "full". In any letter case, spaces around it ignored:
 * "Full" or "full " as the portal may keep it means full beyond doubt, and stopping the app for it would
 * cost calls for nothing; any other word is refused.
 */
export function phoneNumberLoggingSetting(env: Readonly<Record<string, string | undefined>>): 'masked' | 'full' {
  const value = (env.IVR_LOG_PHONE_NUMBERS?.trim() || 'masked').toLowerCase();
  if (value !== 'masked' && value !== 'full') {
    throw new SettingsError(`IVR_LOG_PHONE_NUMBERS is "${env.IVR_LOG_PHONE_NUMBERS}"`, 'set it to "masked" (the default) or "full"');
  }
  return value;
}

/**
 * PUBLIC_BASE_URL as the signed URLs begin: an http(s) origin, without a trailing slash; undefined when unset.
 * Read with the platform's URL parser, so anything past the origin is refused at start-up with its name: a
 * path, query, fragment or user name would be put before each request's path, and every request would get 403.
 * The origin must be written as the parser writes it (lower-case scheme and host, "//", no default port).
 */
function originSetting(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const fix = 'give only the origin Twilio calls, e.g. https://my-ivr.azurewebsites.net';
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new SettingsError(`PUBLIC_BASE_URL is "${value}", not an http or https URL`, fix);
  }
  // The raw text too: the parser drops an empty query ("?") or fragment ("#"), and an empty user name ("@").
  const extra = [
    url.username || url.password || value.includes('@') ? 'a user name or password' : undefined,
    url.pathname !== '/' ? `a path (${url.pathname})` : undefined,
    url.search || value.includes('?') ? 'a query' : undefined,
    url.hash || value.includes('#') ? 'a fragment' : undefined,
  ].filter(Boolean);
  if (extra.length > 0) throw new SettingsError(`PUBLIC_BASE_URL is "${value}", which has ${extra.join(' and ')} after the origin`, fix);
  // The parser also reads "https:/host", "https:host", "HTTPS://host" and "https://host\" (a trailing backslash) as the
  // origin, but the setting is put before each request's path as written, so the URL would not be the one Twilio signed.
  const written = value.replace(/\/$/, '');
  if (written !== url.origin) {
    throw new SettingsError(`PUBLIC_BASE_URL is "${value}", which is not how its origin is written, so no request's signature would match and each would get 403`, `write it as ${url.origin}`);
  }
  return written;
}

/**
 * IVR_LINE_NUMBERS="+15005550006=consumer,+15005550007=merchant": entries apart by commas, semicolons or
 * spaces, with spaces allowed around "=" too ("+15005550006 = consumer"). A wrong entry is shown as written.
 */
export function parseLineNumbers(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const { written, entry } of lineNumberEntries(text)) {
    const match = /^(\+[1-9][0-9]{6,14})=([a-z][a-z0-9-]*)$/.exec(entry);
    if (match) {
      const number = match[1] as string;
      const line = match[2] as string;
      // The last entry used to win, unsaid: which menu the number reached hung on the order the entries were written in.
      const earlier = map.get(number);
      if (earlier !== undefined && earlier !== line) {
        throw new SettingsError(`IVR_LINE_NUMBERS maps ${number} twice, to line "${earlier}" and to line "${line}"`, `keep only the entry with the line its callers should reach: ${number}=${earlier} or ${number}=${line}`);
      }
      map.set(number, line);
      continue;
    }
    const shown = `IVR_LINE_NUMBERS has "${written.trim()}"`;
    // Capitals named only when they are all that is wrong: one "=", and a name that is right in lower case.
    const parts = entry.split('=');
    const [number = '', line = ''] = parts;
    if (parts.length === 2 && line !== line.toLowerCase() && /^\+[1-9][0-9]{6,14}$/.test(number) && /^[A-Za-z][A-Za-z0-9-]*$/.test(line)) {
      throw new SettingsError(`${shown}: line names are lower-case`, `write ${number}=${line.toLowerCase()}`);
    }
    // A number written the Italian way or with spaces ("02 3792 1250=merchant") given back in E.164, as DEST_* settings are.
    const [writtenNumber = '', writtenLine = '', ...more] = written.split('=').map((side) => side.trim());
    const e164 = more.length === 0 && /^[a-z][a-z0-9-]*$/.test(writtenLine) ? e164Of(writtenNumber) : undefined;
    if (e164) throw new SettingsError(`${shown}: the number is not in E.164`, `write ${e164}=${writtenLine} (the same number, with its country code and no spaces)`);
    throw new SettingsError(shown, 'write each entry as +E164NUMBER=line, e.g. +15005550006=consumer');
  }
  return map;
}

/**
 * The entries of an IVR_LINE_NUMBERS value, each with the part between commas or semicolons it was written
 * in (for an error to show). Spaces around "=" are joined first, so that the spaces left apart entries, as
 * they always have. `ivr provision --line` reads the setting so too, to replace a number's entry.
 */
export function lineNumberEntries(text: string): { written: string; entry: string }[] {
  return text.split(/[,;]/).flatMap((written) => written.replace(/\s*=\s*/g, '=').split(/\s+/).filter(Boolean).map((entry) => ({ written, entry })));
}

/**
 * Why IVR_LINE_NUMBERS may not send `number` to `line`, or undefined: it is another line's own number in the
 * flow, so its callers would hear that other line's menu, with nothing said. Mapping a line's number to its own
 * line changes nothing, and is let be. `flowFile` names the flow in the words, when known.
 */
export function ownNumberOfAnotherLine(flow: Flow, number: string, line: string, flowFile?: string): string | undefined {
  const own = lineWhoseOwnNumberIs(flow, number);
  if (own === undefined || own === line) return undefined;
  return `${number} is the ${own} line's own number in ${flowFile ?? 'the flow'} (${jsonPath(['lines', own, 'number'])}), so its callers would hear the ${line} menu`;
}

/** The advice for an entry ownNumberOfAnotherLine refuses: IVR_LINE_NUMBERS only adds numbers. */
export const ONLY_OTHER_NUMBERS = 'IVR_LINE_NUMBERS may only add other numbers';

/** Throws SettingsError for an IVR_LINE_NUMBERS entry the flow cannot take: a line it lacks, or another line's own number. */
export function checkLineNumbers(lineNumbers: ReadonlyMap<string, string>, flow: Flow, flowFile?: string): void {
  for (const [number, line] of lineNumbers) {
    // hasOwn, not `in`: "constructor" or "__proto__" must not be found on Object.prototype.
    if (!Object.hasOwn(flow.lines, line)) {
      // Either side can be the slip: the setting misspelt, or the line renamed in the flow.
      throw new SettingsError(`IVR_LINE_NUMBERS maps ${number} to line "${line}", which the flow does not have`, `add line "${line}" to the flow's "lines", or map ${number} to one of: ${Object.keys(flow.lines).join(', ')}`);
    }
    const another = ownNumberOfAnotherLine(flow, number, line, flowFile);
    if (another) throw new SettingsError(`IVR_LINE_NUMBERS maps ${number} to line "${line}", but ${another}`, `${ONLY_OTHER_NUMBERS}: remove the entry ${number}=${line}`);
  }
}

/**
 * Checks the settings against the flow (read from `flowFile`, which the errors name) and resolves destination
 * numbers; throws SettingsError on a mismatch. `ringing` are the destinations whose setting rings this app, also
 * among `placeholders`: the app starts, but refuses every transfer there (`ivr lint` fails on them).
 */
export function resolveAgainstFlow(settings: Settings, flow: Flow, flowFile?: string): { destinations: Record<string, string>; placeholders: string[]; ringing: string[] } {
  checkLineNumbers(settings.lineNumbers, flow, flowFile);
  const destinations: Record<string, string> = {};
  const placeholders: string[] = [];
  const ringing: string[] = [];
  for (const [name, destination] of Object.entries(flow.destinations)) {
    const override = settings.env[destination.setting]?.trim();
    if (override && !isE164(override)) {
      // Written the Italian way ("02 9999 0000"): the same number given back, as the flow file's check does.
      const number = e164Of(override, flow.hours.holidays.country);
      throw number
        ? new SettingsError(`${destination.setting} is "${override}", not in E.164`, `set it to ${number} (the same number, with its country code and no spaces)`)
        : new SettingsError(`${destination.setting} is "${override}"`, 'give an E.164 number such as +390212345678');
    }
    destinations[name] = override || destination.number;
    if (!override && destination.placeholder) placeholders.push(`${name} (${destination.setting})`);
    // Set, but to a number that rings this app: as much a placeholder as the flow's own, which is the line's number.
    const rings = override ? ringsThisAppAs(override, settings, flow) : undefined;
    if (rings) {
      const said = `${name} (${destination.setting} is ${rings}, so the app refuses to transfer there)`;
      placeholders.push(said);
      ringing.push(said);
    }
  }
  return { destinations, placeholders, ringing };
}

/**
 * Each number the app would dial that is in no country's numbering plan, said with the setting (or the
 * flow's path, unless a placeholder) it comes from: a warning, since libphonenumber's metadata may lag a
 * new range. Apart from resolveAgainstFlow because it loads libphonenumber (about 30 ms), which a host
 * must not put on a cold start's first call; run it on settings resolveAgainstFlow has accepted.
 */
export function unplannedDestinations(settings: Settings, flow: Flow): string[] {
  const unplanned: string[] = [];
  for (const [name, destination] of Object.entries(flow.destinations)) {
    const override = settings.env[destination.setting]?.trim();
    const dialled = override || (destination.placeholder ? undefined : destination.number);
    if (dialled && !inANumberingPlan(dialled)) {
      const where = override ? destination.setting : `the flow's ${jsonPath(['destinations', name, 'number'])}`;
      unplanned.push(`${where} is ${dialled}, ${IN_NO_NUMBERING_PLAN}`);
    }
  }
  return unplanned;
}

/**
 * What `number` is, when it is one that rings this app (ownNumbers.ts refuses to <Dial> those): one
 * IVR_LINE_NUMBERS maps, refused on every call, or a line's own, refused on calls to the lines (a call to a
 * Twilio test number may still be put through to a real line). Named, not shown: the setting says which.
 */
function ringsThisAppAs(number: string, settings: Settings, flow: Flow): string | undefined {
  const mapped = settings.lineNumbers.get(number);
  if (mapped !== undefined) return `a number IVR_LINE_NUMBERS maps to line "${mapped}"`;
  const line = lineWhoseOwnNumberIs(flow, number);
  return line === undefined ? undefined : `the number of line "${line}"`;
}

/**
 * A transfer from `node` in `language` to a destination the flow still marks
 * "placeholder" (and no setting overrides) reaches nobody real: the page says
 * so, naming the destination and the setting that fixes it. The simulator,
 * which knows only TwiML, cannot tell; the dev phone and `ivr call` know the flow.
 */
export function placeholderOf(flow: Flow, settings: Settings, node: string | undefined, language: string): { placeholder: true; destination: string; setting: string } | undefined {
  const dialed = dialDestinationOf(flow, node, language);
  if (!dialed?.placeholder || settings.env[dialed.setting]?.trim()) return undefined;
  return { placeholder: true, destination: dialed.name, setting: dialed.setting };
}

/** The destination a dial node calls in `language`: its name, the app setting that overrides its number, and whether the flow's number is a placeholder. */
export function dialDestinationOf(flow: Flow, node: string | undefined, language: string): { name: string; setting: string; placeholder: boolean } | undefined {
  const dial = node === undefined ? undefined : flow.nodes[node];
  if (dial?.type !== 'dial') return undefined;
  const name = typeof dial.destination === 'string' ? dial.destination : dial.destination[language];
  const destination = name === undefined ? undefined : flow.destinations[name];
  if (!destination) return undefined;
  return { name: name!, setting: destination.setting, placeholder: destination.placeholder === true };
}

/** The line a call reaches: a configured test number first, then the flow's own numbers, then the default line. */
export function lineForNumber(flow: Flow, settings: Settings, dialed: string | null): string {
  return lineOfKnownNumber(flow, settings, dialed) ?? flow.defaultLine;
}

/** The line of a number the app knows, `dialed`: one IVR_LINE_NUMBERS maps, then a line's own in the flow; undefined for any other number. */
export function lineOfKnownNumber(flow: Flow, settings: Settings, dialed: string | null): string | undefined {
  const number = (dialed ?? '').trim();
  const mapped = settings.lineNumbers.get(number);
  return mapped || lineWhoseOwnNumberIs(flow, number);
}

/**
 * Why a test may not call `dialed` (given as `what`), or undefined when it is a line's number. The app
 * answers any number it does not know as its default line, so a mistyped number in a test would still
 * pass a test of that line, or of another line that says the same; a test names a line, so it is refused.
 * `settingsIn` is where the test sets app settings (callIvr's `env`, a scenario's `settings`).
 */
export function notALineNumber(flow: Flow, settings: Settings, dialed: string, what: string, settingsIn: string): string | undefined {
  if (lineOfKnownNumber(flow, settings, dialed) !== undefined) return undefined;
  const lines = Object.entries(flow.lines).map(([name, line]) => `${name} ${line.number}`);
  const mapped = [...settings.lineNumbers].map(([number, line]) => `${number}=${line}`);
  return `${what} "${dialed}" is the number of no line of the flow (its lines: ${lines.join(', ')}${mapped.length > 0 ? `; IVR_LINE_NUMBERS maps ${mapped.join(', ')}` : ''}), so the app would answer it as its default line, ${flow.defaultLine}; call a line's number, or map this one to a line (a Twilio test number, say) with ${settingsIn}: { IVR_LINE_NUMBERS: "${dialed}=${flow.defaultLine}" }`;
}

/** The number of the line a call reaches when nobody says which. */
export function defaultLineNumber(flow: Flow): string {
  return flow.lines[flow.defaultLine]?.number ?? '';
}
