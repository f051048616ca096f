import { DateTime } from 'luxon';
import { createApp } from '../../app/createApp';
import { defaultLineNumber, lineOfKnownNumber, placeholderOf, readSettings } from '../../config/settings';
import { twilioView } from '../../app/twilioView';
import { clockOfCall } from '../../app/clockOfCall';
import { parseCallInstant } from '../../schedule/callInstant';
import { loadFlowFile } from '../../flow/load';
import { pastFlowFile } from '../pastFlowFile';
import { projectRoot } from '../../config/projectRoot';
import { DEFAULT_CALLER, notCallerNumber, notE164, typedPhoneNumber } from '../../config/phoneNumber';
import { applyLocalSettings } from '../../server/localSettings';
import { DIAL_STATUSES, dialScript, httpTransport, parseQueueEnding, queueScript, simulateCall, twimlFileTransport, VirtualClock, type CallerAction, type CallerPrompt, type CallerScript, type DialStatus, type SimulateCallOptions, type TranscriptEvent, type Transport } from '../../simulator';
import { parseCallerAction } from '../callerInput';
import { callJson, describeOutcome, keysNotTakenNotes, statusCallbackNote, transcriptPrinter } from '../renderTranscript';
import { parseCommandLine, readOption, requireExisting, requireOneOf, UsageError, type CommandSpec } from '../commandLine';
import { adviceForFailedCall, callFailed } from '../callVerdict';
import { STATUS_CALLBACK_PATH } from '../../webhook/statusCallback';
import { isCallLine } from '../../webhook/callRecords';
import { describeSms, SIMULATED_ACCOUNT_SID, simulateSms, SMS_CHOICES, type SimulatedMessage, type SimulatedSmsResult } from '../../twilio/simulatedSms';
import { hearingLocalSms, smsFromLocalHost } from '../../server/localSmsReader';
import { enteredNode, nodeMarkers, type EnteredNode, type HeldNote } from '../../devphone/nodeMarkers';

const USAGE = `Usage: ivr call [options]

Simulates one phone call, playing Twilio's part, and prints what the caller hears.
By default it runs the webhook code in-process (no server, no network).

  --to E164            number dialled (default: the flow's default line, the
                       consumer line +390237921240, also with --url; with
                       --twiml none)
  --from E164          caller's number (default: +393401234567, an Italian mobile),
                       or anonymous for a caller who withholds the number
  --at ISO-8601        instant of the call (default: now); without an offset it is
                       read in the flow's time zone, e.g. 2026-11-24T10:00
  --press KEYS         answers the next input prompt, in order (repeatable):
                       keys such as 1 or 12#, "-" for silence, "say:words" for
                       speech, "hangup"; after the last one the caller is silent.
                       A prompt takes only the keys it waits for (numDigits,
                       finishOnKey), as Twilio does: --press 1 --press 2, not
                       --press 12, at two one-key menus.
                       Keys or speech ending in @SECONDS come that many seconds
                       into a <Gather>'s prompt: 1@3 presses 1 three seconds in,
                       interrupting the prompt there (barge-in)
  --hangup-at SECONDS  the caller hangs up this many seconds into the call
                       (virtual time), wherever the call is then: during a
                       prompt, a <Dial>, a <Record>, a queue
  --dial-status STATUS
                       how each <Dial> ends: completed (default), busy,
                       no-answer, failed, canceled; a list such as
                       busy,completed gives one per dial in order, the last
                       one repeating
  --queue RESULT[:WAIT[:TALK]]
                       how each <Enqueue> ends, after WAIT seconds of wait
                       music: bridged (an agent takes the call and talks TALK
                       seconds), hangup (the caller gives up), redirected,
                       redirected-from-bridged, queue-full, error, system-error
                       (Twilio's QueueResult values). Default bridged:30:60; a
                       list such as queue-full,bridged:10 gives one per queue
  --callee-press KEYS  what the called party does on their own leg of a <Dial>,
                       where a noun's url runs TwiML before the two are joined
                       (whisper, call screening): answers that leg's input
                       prompts in order (repeatable), in --press's forms;
                       "hangup" (or silence into a <Hangup>) declines the call
  --sms RESULT         what Twilio's Messages API does with the chat-link SMS in
                       an in-process call: sent (default), failed (refused,
                       Twilio error 21610), or off (no sender, so no offer).
                       The API is simulated: nothing is ever sent. With --url
                       the server sends its own: a local host (npm start)
                       without real SMS set up texts a simulated API too (its
                       IVR_LOCAL_SMS setting: simulated, failed, off), and its
                       messages are printed after the call
  --interactive        ask for each input on the terminal, like holding a phone
                       (not with --press)
  --url URL            call this webhook over HTTP instead (local server, deployed
                       app, any TwiML app); only its origin is ever contacted,
                       and the local flow file is read only for --to's default
                       (a flow that does not load: no To, and our server
                       answers on its default line)
  --twiml FILE         run one TwiML document from disk
  --param NAME=VALUE   adds or replaces a parameter on every webhook request
                       (repeatable), e.g. --param FromCity=MILANO; Twilio's
                       FromCountry/ToCountry (and Caller*/Called*) come from
                       the numbers, FromCity, FromState, FromZip and their
                       twins are empty unless given here
  --fallback-url URL   the number's fallback URL (absolute, or a path on the
                       call's origin): when a request fails or its TwiML cannot
                       run (11200, 11205, 12100, ...), it is requested with
                       ErrorCode and ErrorUrl, as Twilio does; only the call's
                       own origin can be reached
  --auth-token TOKEN   sign requests with X-Twilio-Signature (default:
                       TWILIO_AUTH_TOKEN when set)
  --max-requests N     loop guard: the most requests with no key or speech from
                       the caller between them (default 50)
  --json               print one JSON object: outcome, transcript, events,
                       and in-process the call's record (record.path: the
                       nodes entered, as a scenario's expect.path)
  -h, --help           print this and do nothing else

Exit codes:
  0  the call ended as a phone call does: connected (to a number, or to an agent
     from a queue), rejected, or hung up by the IVR or the caller
  1  the call failed: a Twilio error (e.g. 11200 a 4xx/5xx answer such as 403
     for a wrong auth token, 11205 nothing listening, 12100 not XML, 12300 a
     wrong Content-Type), a verb the simulator does not emulate, the loop
     guard, or a URL it may not follow; or the flow or settings do not load.
     The reason and what to do are printed on standard error.
  2  wrong usage: an unknown option, a bad value, a --twiml file that is not
     there; nothing was called
`;

const CALL_COMMAND = {
  name: 'call',
  usage: USAGE,
  options: {
    to: { type: 'string' },
    from: { type: 'string', default: DEFAULT_CALLER },
    at: { type: 'string' },
    press: { type: 'string', multiple: true, default: [] },
    'dial-status': { type: 'string', default: 'completed' },
    'callee-press': { type: 'string', multiple: true, default: [] },
    'hangup-at': { type: 'string' },
    queue: { type: 'string' },
    sms: { type: 'string' },
    interactive: { type: 'boolean', default: false },
    url: { type: 'string' },
    twiml: { type: 'string' },
    'auth-token': { type: 'string' },
    'fallback-url': { type: 'string' },
    param: { type: 'string', multiple: true, default: [] },
    'max-requests': { type: 'string', default: '50' },
    json: { type: 'boolean', default: false },
  },
  insteadOf: { line: toForLine },
} satisfies CommandSpec;

/**
 * What to give for `--line NAME`, which diagram, explore and provision take: a call reaches a line as a
 * caller's does, by its number, so --to and that line's number in the flow.
 */
function toForLine(name: string | undefined): string {
  applyLocalSettings(projectRoot());
  let lines: Array<[string, string]>;
  try {
    lines = Object.entries(loadFlowFile(readSettings().flowFile).lines).map(([line, { number }]) => [line, number]);
  } catch {
    return "a call reaches a line by its number: give the line's number with --to";
  }
  const named = lines.find(([line]) => line === name);
  if (named) return `a call reaches a line by its number: use --to ${named[1]} (the ${named[0]} line's number)`;
  return `a call reaches a line by its number: use --to and a line's number, ${lines.map(([line, number]) => `--to ${number} (${line})`).join(' or ')}`;
}

export async function callCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, CALL_COMMAND);
  if (typeof args === 'number') return args;
  const { values } = args;
  applyLocalSettings(projectRoot());
  const dialStatuses = values['dial-status'].split(',').map((s) => s.trim()) as DialStatus[];
  requireOneOf('--dial-status', dialStatuses, DIAL_STATUSES, 'how a <Dial> ends (give one, or a comma-separated list)');
  const queueEndings = values.queue === undefined ? undefined : values.queue.split(',').map((text) => readOption(() => parseQueueEnding(text)));
  const maxRequests = Number(values['max-requests']);
  if (!Number.isInteger(maxRequests) || maxRequests < 1) throw new UsageError('--max-requests takes a whole number above 0');
  const hangupAt = values['hangup-at'] === undefined ? undefined : Number(values['hangup-at']);
  if (hangupAt !== undefined && !(Number.isFinite(hangupAt) && hangupAt >= 0)) throw new UsageError('--hangup-at takes the seconds into the call, e.g. --hangup-at 12');
  if (values.url && values.twiml) throw new UsageError('give --url or --twiml, not both');
  // --interactive asks the terminal for every input, so scripted --press values would be dropped unheard.
  if (values.interactive && values.press.length > 0) throw new UsageError('give --press or --interactive, not both: --press scripts the inputs, --interactive asks for each on the terminal');
  const presses = values.press.map((value) => parseCallerAction(value));
  const calleePresses = values['callee-press'].map(parseCalleeAction);
  const smsResult = values.sms ?? 'sent';
  requireOneOf('--sms', smsResult, SMS_CHOICES, 'what the simulated Messages API can do');
  if (values.sms !== undefined && (values.url || values.twiml)) {
    throw new UsageError('--sms applies to an in-process call only (no --url or --twiml): a server sends its own messages; a local host (npm start) chooses with IVR_LOCAL_SMS=simulated, failed or off');
  }
  const messages: SimulatedMessage[] = [];
  let accountSid: string | undefined;
  const params = Object.fromEntries(values.param.map(parseParam));
  // Twilio sends numbers in E.164; "0237921250" would reach no line (the default one answers) and, as --from, get no SMS offer, silently.
  const phoneOption = (option: string, number: string, check: typeof notE164): string => {
    const read = typedPhoneNumber(option, number, check);
    if ('problem' in read) throw new UsageError(read.problem);
    return read.number;
  };
  // A withheld caller is played with --from anonymous, as Twilio sends one.
  const from = phoneOption('--from', values.from, notCallerNumber);

  let transport: Transport;
  let localSms: ReturnType<typeof hearingLocalSms> | undefined;
  let url: string;
  let authToken = values['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN;
  // Only an in-process call reads the flow: over HTTP the server has its own, and a TwiML file needs none.
  let to = values.to === undefined ? undefined : phoneOption('--to', values.to, notE164);
  // In-process, the flow is known: a transfer to a destination it still marks placeholder gets a note.
  let placeholderNote: (() => string | undefined) | undefined;
  // What the app logged, in-process: its errors (a refused transfer, a failed SMS), on stderr as they come and in
  // --json, and the call's ivr.call record, in --json (over --url the host logs it on its own output).
  let appLog: AppLog | undefined;
  // The call's time, which an in-process app reads: --at, then as many seconds on as the call has lasted.
  const clock = new VirtualClock();
  // In-process, Twilio's Timestamps (the record's `timestamp`) count from --at too, not from the machine's clock.
  let startedAt: Date | undefined;
  // The nodes the in-process app entered answering a request, each with why it went there when the caller's keys do
  // not say (the hours check, an SMS offer not made, a menu's last try): that reason is printed where the node's
  // words begin, as the dev phone shows it, since nothing the caller hears says it.
  let entered: EnteredNode[] = [];
  if (values.twiml) {
    requireExisting([values.twiml]);
    url = 'https://twiml.invalid/voice';
    transport = twimlFileTransport(values.twiml, url);
  } else if (values.url) {
    url = values.url;
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError(`--url "${url}" is not an http(s) URL; e.g. http://127.0.0.1:7071/api/voice`);
    localSms = hearingLocalSms(httpTransport(url));
    transport = localSms.transport;
    if (values.at) console.error('note: --at cannot change the clock of a server reached over HTTP; it uses its own.');
    // Twilio always sends To: without --to, the default line of this project's flow (the local host serves it too).
    to ??= defaultLineOrNone();
    // The account a local host's simulated Messages API serves: only a call on it gets the chat-link SMS. A real app's account differs, so it sends none.
    accountSid = SIMULATED_ACCOUNT_SID;
  } else {
    let settings = readSettings();
    // Played in-process, never deployed: a past flow (the one `ivr diff` prints commands to play its old side
    // on) is played despite what only a deployed app refuses, said as a warning; the engine still refuses a
    // transfer to the app's own line, as the app would.
    const flow = pastFlowFile('call', settings.flowFile);
    const at = values.at;
    const instant = at ? readOption(() => parseCallInstant(at, flow.hours.timeZone)) : DateTime.now();
    startedAt = instant.toJSDate();
    to ??= defaultLineNumber(flow);
    // As the dev phone says: a one-off call may try a number the app does not know (tests refuse one, see notALineNumber).
    if (lineOfKnownNumber(flow, settings, to) === undefined) console.error(`note: ${to} is not a number of the flow's lines: the app answers it as the ${flow.defaultLine} line, as it answers any number it does not know.`);
    // The chat-link SMS goes to a simulated Messages API, never to Twilio; `--sms off` is the app without a sender.
    const sms = smsResult === 'off'
      ? undefined
      : simulateSms(settings, smsResult as SimulatedSmsResult, to, (message) => {
          messages.push(message);
          if (!values.json) console.log(describeSms(message));
        });
    if (sms) ({ settings, accountSid } = sms);
    else settings = { ...settings, sms: undefined };
    // The node the call is in and its language, for the note on a transfer to a placeholder.
    let node: string | undefined;
    let language = flow.defaultLanguage;
    const ivr = createApp({
      settings,
      flow,
      clock: clockOfCall(instant, clock),
      logger: (appLog = new AppLog()),
      sendSms: sms?.sendSms,
      trace: (_callSid, event) => {
        if (event.kind !== 'enter') return;
        node = event.node;
        // Only a transcript shows them (not --json): enteredNode says each reason, which formats the hours check's time.
        if (!values.json) entered.push(enteredNode(event));
      },
    });
    ({ voiceUrl: url, authToken } = twilioView(settings));
    appLog.calling = true;
    transport = (request) => {
      language = new URL(request.url).searchParams.get('lang') ?? language;
      return ivr.handle(request);
    };
    placeholderNote = () => {
      const placeholder = placeholderOf(flow, settings, node, language);
      return placeholder && `note: ${placeholder.destination} is still a placeholder number in the flow; set ${placeholder.setting} to the real one before callers are transferred there`;
    };
  }

  const fallbackUrl = values['fallback-url'] === undefined ? undefined : checkedFallbackUrl(values['fallback-url'], url, values.twiml !== undefined);
  // Our app's status callback sits next to its voice webhook (`ivr provision` sets it so on the number);
  // a TwiML file or another app's URL gets none.
  const statusCallback = !values.twiml && new URL(url).pathname.replace(/\/+$/, '') === '/api/voice' ? new URL(STATUS_CALLBACK_PATH, url).href : undefined;
  // readline is loaded only for --interactive: a scripted call is a cold start someone waits for.
  const rl = values.interactive ? (require('node:readline/promises') as typeof import('node:readline/promises')).createInterface({ input: process.stdin, terminal: false }) : undefined;
  // The iterator buffers lines, so keys typed (or piped) ahead of a prompt are not lost.
  const lines = rl?.[Symbol.asyncIterator]();
  const caller: CallerScript = lines ? (prompt) => askCaller(lines, prompt) : presses;
  // A prompt the caller cuts short is printed once its cut is known (transcriptPrinter); the app's errors go to stderr.
  const printer = values.json ? undefined : transcriptPrinter((line) => console.log(line), (line) => console.error(line));
  // Placed as the dev phone places its node markers; of a node, only why the app went there is printed.
  const markers =
    printer &&
    nodeMarkers((event) => {
      // The only notes given to it are the app's errors: what else comes back is the simulator's events and the nodes.
      if (event.type === 'app-error') printer.note(event.message);
      else if (event.type !== 'node') printer.event(event as TranscriptEvent);
      else if (event.why !== undefined) printer.why(event.why);
    });
  // The app logs an error (a refused transfer) while it answers a request, before the simulator tells the answer's
  // words: held with the answer, it is printed after the words of the node it was logged at, as the dev phone shows
  // it, so a terminal showing stdout and stderr together reads in call order. With --json it goes to stderr at once.
  let heldErrors: (HeldNote & { note: { message: string } })[] = [];
  if (appLog && markers) appLog.tellError = (message) => heldErrors.push({ note: { type: 'app-error', at: 0, message }, after: entered.length });
  const options: SimulateCallOptions = {
    url,
    transport,
    // Twilio always sends To; an empty one is no number, so our app answers on its default line.
    call: { to: to ?? '', from, ...(accountSid ? { accountSid } : {}) },
    caller,
    dial: dialScript(dialStatuses),
    ...(queueEndings ? { queue: queueScript(queueEndings) } : {}),
    ...(calleePresses.length > 0 ? { calledParty: calleePresses } : {}),
    authToken,
    clock,
    ...(statusCallback ? { statusCallback } : {}),
    ...(fallbackUrl ? { fallbackUrl } : {}),
    ...(values.param.length > 0 ? { params } : {}),
    ...(hangupAt !== undefined ? { hangupAt } : {}),
    ...(startedAt ? { startedAt } : {}),
    maxRequests,
    ...(markers
      ? {
          onEvent: (event: TranscriptEvent) => {
            // The simulator tells a request once the app has answered it: the nodes entered are all in.
            if (event.type === 'request' || event.type === 'end') {
              markers.entered(entered, heldErrors);
              heldErrors = [];
            }
            if (event.type === 'request') entered = [];
            markers.push(event);
          },
        }
      : {}),
  };
  let result;
  try {
    result = await simulateCall(options);
  } finally {
    printer?.flush();
    // Logged after the call's last answer (at its status callback, say): after all of it.
    for (const { note } of heldErrors) console.error(note.message);
    rl?.close();
  }
  if (localSms) {
    // Our local host files the messages its app sent under the call: shown after the call, as the host saw them.
    const hostMessages = (await smsFromLocalHost(transport, url, localSms.smsPath(), result.callSid)) ?? [];
    messages.push(...hostMessages);
    if (!values.json) for (const message of hostMessages) console.log(describeSms(message));
  }
  if (values.json) console.log(JSON.stringify(callJson(result, messages, appLog?.errors, appLog?.record), null, 2));
  else console.log(`\nOutcome: ${describeOutcome(result.outcome)}  (${result.requests} request${result.requests === 1 ? '' : 's'}, ${result.virtualSeconds}s of call time)`);
  for (const lost of keysNotTakenNotes(result, values.interactive)) console.error(lost);
  const note = result.outcome.kind === 'dial' ? placeholderNote?.() : undefined;
  if (note) console.error(note);
  const unrecorded = statusCallbackNote(result);
  if (unrecorded) console.error(unrecorded);
  if (!callFailed(result.outcome)) return 0;
  console.error(`ivr call: the call failed: ${adviceForFailedCall(result)}`);
  return 1;
}

/** One --callee-press: the forms of --press, and an error that names the option given. */
function parseCalleeAction(value: string): CallerAction {
  return parseCallerAction(value, '--callee-press');
}

/** One --param: NAME=VALUE, the value may be empty or hold "=". */
function parseParam(value: string): [string, string] {
  const eq = value.indexOf('=');
  const name = eq === -1 ? '' : value.slice(0, eq).trim();
  if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(name)) throw new UsageError(`--param "${value}": give NAME=VALUE, e.g. --param FromCity=MILANO`);
  return [name, value.slice(eq + 1)];
}

/** The fallback resolved against the call's URL; the simulator reaches one origin only, so it must be there. */
function checkedFallbackUrl(value: string, callUrl: string, fromFile: boolean): string {
  if (fromFile) throw new UsageError('--fallback-url needs a webhook to fall back from: use it with --url, or with the in-process app');
  if (!URL.canParse(value, callUrl)) throw new UsageError(`--fallback-url "${value}" is not a URL; e.g. /api/voice or ${new URL('/fallback', callUrl).href}`);
  const resolved = new URL(value, callUrl);
  if (resolved.origin !== new URL(callUrl).origin) {
    throw new UsageError(`--fallback-url "${value}" is on ${resolved.origin}, but a simulated call only reaches ${new URL(callUrl).origin}: give a path there`);
  }
  return resolved.href;
}

async function askCaller(lines: AsyncIterator<string>, prompt: CallerPrompt): Promise<CallerAction> {
  const heard = prompt.verb === 'Gather' ? prompt.says.map((s) => s.text).join(' ') : '';
  const offered = [...heard.matchAll(/\b(?:press|premi)\s+(\d|star|asterisco|hash|cancelletto)\b/gi)].map((m) => keyName(m[1] as string));
  const hint = offered.length > 0 ? `keys offered: ${[...new Set(offered)].join(' ')}; ` : '';
  for (;;) {
    // At a <Record>: a message, then the key that ends it (or a hang-up).
    const message = prompt.verb === 'Record' ? '"say:words+#" a message ended by a key, ' : '';
    process.stderr.write(`Your move (${hint}${message}"-" silence, "hangup"): `);
    const line = await lines.next();
    if (line.done) return { hangup: true }; // end of input: the caller puts the phone down
    try {
      const action = parseCallerAction(line.value);
      // Asked once the prompt has played, so there is no moment in it left to choose.
      if ('after' in action && action.after !== undefined) throw new UsageError('"@SECONDS" (pressing during the prompt) works with --press; here the prompt has already played');
      return action;
    } catch (err) {
      // The caller typed a key, not an option: the message names the key alone.
      console.error((err as Error).message.replace(/^--press /, ''));
    }
  }
}

function keyName(word: string): string {
  const lower = word.toLowerCase();
  if (lower === 'star' || lower === 'asterisco') return '*';
  if (lower === 'hash' || lower === 'cancelletto') return '#';
  return lower;
}

/**
 * The in-process app's log: its errors always show, and its warnings once the call has begun (one the status callback
 * got, say); its start-up warnings (placeholder numbers) matter to operators, not to someone trying a call.
 */
class AppLog {
  readonly errors: string[] = [];
  record: object | undefined;
  calling = false;
  info = (message: string): void => {
    if (isCallLine(message)) this.record = JSON.parse(message) as object;
  };
  warn = (message: string): void => {
    if (this.calling) console.error(message);
  };
  /** Where an error is told: on stderr at once, unless the transcript tells it in its place in the call. */
  tellError = (message: string): void => console.error(message);
  error = (message: string): void => {
    this.errors.push(message);
    this.tellError(message);
  };
}

/** The default line's number of the flow this project's settings name, or undefined when that flow does not load (the server may have another). */
function defaultLineOrNone(): string | undefined {
  try {
    return defaultLineNumber(loadFlowFile(readSettings().flowFile));
  } catch {
    return undefined;
  }
}
