import { createApp, type App } from '../app/createApp';
import { twilioView } from '../app/twilioView';
import { clockOfCall } from '../app/clockOfCall';
import { defaultLineNumber, notALineNumber, readSettings } from '../config/settings';
import { DEFAULT_CALLER, notCallerNumber, notE164 } from '../config/phoneNumber';
import { loadFlowFile } from '../flow/load';
import type { Flow } from '../flow/schema';
import { parseCallInstant } from '../schedule/callInstant';
import { DIAL_STATUSES, dialScript, simulateCall, VirtualClock, type CallResult, type DialStatus, type Outcome, type TranscriptEvent } from '../simulator';
import { parseCallerAction } from '../cli/callerInput';
import { simulateSms, SMS_CHOICES, type SimulatedMessage, type SmsChoice } from '../twilio/simulatedSms';
import { requireOneOf } from '../cli/commandLine';
import { isCallLine, type CallRecord as LoggedCall } from '../webhook/callRecords';
import { STATUS_CALLBACK_PATH } from '../webhook/statusCallback';
import { checkCallIvrOptions } from './callIvrOptions';
import { withSettingHint } from './settingHint';
import { refusalReader } from '../scenarios/refusedTransfer';
import { misspeltSettings } from '../scenarios/settingProblem';
import { typoOf } from '../flow/closestName';
import { failureNote, noteIfTestFails } from './failureNote';
import { saidOfCall } from '../simulator/promptsAsHeard';
import { saidOf, type TranscriptLine } from '../cli/renderTranscript';

export interface CallIvrOptions {
  /** Number dialled, in E.164: a line's number (or one IVR_LINE_NUMBERS in `env` maps to a line); default the flow's default line. */
  to?: string;
  /** The caller's number, in E.164 (default +393401234567, an Italian mobile), or a withheld one such as "anonymous". */
  from?: string;
  /** The instant of the call, ISO-8601, a date and a time of day; without an offset it is read in the flow's time zone (Europe/Rome). Required: tests never use today. */
  at: string;
  /** Each entry answers the next input prompt: keys, "-" for silence, "say:words", "hangup". */
  press?: string[];
  /** How every <Dial> ends (default completed), or one status per dial in order, the last repeating. */
  dialStatus?: DialStatus | DialStatus[];
  /** The second of the call at which the caller hangs up, wherever the call is then (a prompt, a transfer ringing), as `ivr call --hangup-at`. */
  hangupAt?: number;
  /** App settings, as environment variables (default: none, so nothing leaks in from the shell); one undefined is unset, as in process.env. */
  env?: Record<string, string | undefined>;
  /** A parsed flow, e.g. `loadFlowFile('flows/klarna-italia.json')` (exported beside callIvr); default IVR_FLOW_FILE in `env`, or the app's flow. */
  flow?: Flow;
  /**
   * What the simulated Messages API does with the chat-link SMS, as `ivr call --sms`: "sent" or "failed"
   * (refused) give the app a sender, so it makes the offer; "off", none. Default: "sent" with IVR_SMS_FROM
   * in env, else "off". Nothing is ever sent over the network.
   */
  sms?: SmsChoice;
}

/** A finished simulated call, with the questions tests ask of it. */
export interface CallRecord extends Omit<CallResult, 'transcript'> {
  /**
   * Everything the caller heard, in order, as { text, language }: a prompt cut short (a key pressed during it,
   * `'3@2'`, or `hangupAt`) only up to and with the sentence the cut came in.
   */
  said: { text: string; language: string }[];
  /** All the caller heard (`said`), joined with spaces: handy for `toContain`. */
  heard: string;
  /**
   * What the IVR said, as `ivr call --json`'s `transcript`: `{ say, language }` for what was heard, the sentence
   * a cut came in with `cutOff` (whose key or hang-up), and what the cut left unsaid as `{ notSaid, language }`.
   */
  transcript: TranscriptLine[];
  /** The number the call was connected to, if a <Dial> was answered. */
  connectedTo: string | undefined;
  /** Every number dialled, with how the dial ended. */
  dials: { to: string; status: DialStatus }[];
  outcome: Outcome;
  /** Every event of the call, as the simulator gave them (`ivr call --json`'s `events`): a <Say> whole, and a cut as its own event. */
  events: TranscriptEvent[];
  /**
   * What the app logged as errors during the call (a healthy call logs none); a refused transfer's
   * says to set the operators' number in `env`, where a test's settings come from (or, when `env` set it
   * to a number that rings the app, to set it to the operators' real one).
   */
  errors: string[];
  /**
   * The text messages sent: those the simulated Messages API accepted, in order. A scenario's `expect.sms`
   * lists the same, so an assertion moved between a scenario and a unit test means the same thing.
   */
  sms: SimulatedMessage[];
  /** The messages the app asked for and the simulated API refused (`sms: 'failed'`), in order, with Twilio's error. */
  smsRefused: SimulatedMessage[];
  /** The nodes of the flow the call entered, in order, across the whole call (the record's `path`). */
  path: string[];
  /** The language the call was in at its end, e.g. "en" after 1 at the welcome (the record's `language`). */
  language: string | null;
  /**
   * The `ivr.call` record the app logged when Twilio's status callback said the call was over, as
   * docs/call-records.md describes it: its `outcome` ("transferred", "menu-hung-up", …), `inputs`, `sms`.
   */
  record: LoggedCall;
}

/**
 * Runs one call through the real webhook code in-process, with the simulator
 * playing Twilio: the building block for unit tests of menu branches.
 *
 *   // English (1), then an operator (2): put through to the number the test gives the operators.
 *   const call = await callIvr({ at: '2026-11-24T10:00', press: ['1', '2'], env: { DEST_CONSUMER_OPERATOR_EN: '+390200000002' } });
 *   expect(call.connectedTo).toBe('+390200000002');
 */
export async function callIvr(given: CallIvrOptions): Promise<CallRecord> {
  // vitest does not type-check: a misspelt option ("dialstatus") would be dropped and the test check another
  // branch, and a value of the wrong kind would fail deep inside with a JavaScript message.
  const options = checkCallIvrOptions(given);
  let settings = readSettings(options.env ?? {});
  const flow = options.flow ?? loadFlowFile(settings.flowFile);
  // A name a few letters off a setting the app reads leaves that setting unset, and the test checks another
  // branch: told as a scenario's settings are (settingProblem.ts). Only a typo, not half of a name as there: a
  // test may pass `{ ...process.env }`, whose names the app does not read are many, and vitest's own BASE_URL
  // is half of PUBLIC_BASE_URL (a shell's API_KEY of TWILIO_API_KEY, an Azure AzureWebJobsStorage__accountName
  // holds AzureWebJobsStorage).
  const misspelt = misspeltSettings(Object.keys(options.env ?? {}), flow, typoOf)[0];
  if (misspelt) throw new Error(`callIvr: env.${misspelt.name} ${misspelt.message}; ${misspelt.fix}`);
  const instant = parseCallInstant(options.at, flow.hours.timeZone, 'callIvr: at');
  const errors: string[] = [];
  // The call's ivr.call line, written when the status callback says the call is over.
  let logged: LoggedCall | undefined;
  let outcome: Outcome | undefined;
  // Asked for now, while the test that makes the call is the one running; said only if it fails.
  const noted = noteIfTestFails(() => (errors.length > 0 && outcome ? failureNote(callShown(options), errors, logged?.path ?? [], outcome) : undefined));
  const refusals = refusalReader(flow, (message, refused) => void errors.push(withSettingHint(message, refused, options.env ?? {})));
  const logger = {
    info: (message: string) => {
      if (isCallLine(message)) logged = JSON.parse(message) as LoggedCall;
    },
    warn: () => {},
    error: refusals.error,
  };
  const to = options.to ?? defaultLineNumber(flow);
  const from = options.from ?? DEFAULT_CALLER;
  const wrongNumber = notE164('callIvr: to', to) ?? notCallerNumber('callIvr: from', from) ?? notALineNumber(flow, settings, to, 'callIvr: to', 'env');
  if (wrongNumber) throw new Error(wrongNumber);
  // The caller's and Twilio's part, read as ivr call reads --press, --dial-status and --sms: a typo is refused, not run.
  const caller = (options.press ?? []).map((value) => parseCallerAction(value, 'callIvr: press'));
  const dialStatus = options.dialStatus ?? 'completed';
  requireOneOf('callIvr: dialStatus', dialStatus, DIAL_STATUSES, 'how a <Dial> ends');
  requireOneOf('callIvr: sms', options.sms, SMS_CHOICES, 'what the simulated Messages API can do');
  const smsResult = options.sms ?? (settings.sms ? 'sent' : 'off');
  const sms = smsResult !== 'off' ? simulateSms(settings, smsResult, to) : undefined;
  settings = sms ? sms.settings : { ...settings, sms: undefined };
  const clock = new VirtualClock();
  const ivr: App = createApp({ settings, flow, clock: clockOfCall(instant, clock), logger, sendSms: sms?.sendSms, trace: (_callSid, event) => refusals.trace(event) });
  const { voiceUrl, authToken } = twilioView(settings);
  const result = await simulateCall({
    url: voiceUrl,
    transport: ivr.handle,
    call: { to, from, ...(sms ? { accountSid: sms.accountSid } : {}) },
    caller,
    dial: dialScript(dialStatus),
    authToken,
    clock,
    // As `ivr provision` sets up a number: the app records the call when it ends.
    statusCallback: new URL(STATUS_CALLBACK_PATH, voiceUrl).href,
    // Twilio's Timestamps (the record's `timestamp`) from the call's instant, not from the machine's clock.
    startedAt: instant.toJSDate(),
    ...(options.hangupAt !== undefined ? { hangupAt: options.hangupAt } : {}),
  });
  outcome = result.outcome;
  await noted;
  if (!logged) throw new Error(`callIvr: the app logged no ivr.call record for the call${errors.length > 0 ? `; it logged: ${errors.join('; ')}` : ''}`);
  const said = saidOfCall(result.transcript);
  return {
    ...result,
    said,
    heard: said.map((s) => s.text).join(' '),
    transcript: saidOf(result.transcript),
    connectedTo: result.outcome.kind === 'dial' ? result.outcome.to : undefined,
    dials: result.transcript.flatMap((e) => (e.type === 'dial' ? [{ to: e.to, status: e.status }] : [])),
    events: result.transcript,
    errors,
    sms: (sms?.messages ?? []).filter((m) => m.status === 'sent'),
    smsRefused: (sms?.messages ?? []).filter((m) => m.status !== 'sent'),
    path: logged.path ?? [],
    language: logged.language,
    record: logged,
  };
}

/** The call as the test wrote it, to tell which of its calls a note is about: `callIvr({ at: '2026-11-24T10:00', press: ['-', '2'] })`. */
export function callShown(options: CallIvrOptions): string {
  const shown = Object.entries({ to: options.to, at: options.at, press: options.press, dialStatus: options.dialStatus })
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}: ${JSON.stringify(value).replaceAll('"', "'").replaceAll("','", "', '")}`);
  return `callIvr({ ${shown.join(', ')} })`;
}
