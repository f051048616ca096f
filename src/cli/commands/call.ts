import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { createApp } from '../../app/createApp';
import { defaultLineNumber, readSettings } from '../../config/settings';
import { twilioView } from '../../app/twilioView';
import { parseCallInstant } from '../../schedule/callInstant';
import { loadFlowFile } from '../../flow/load';
import { projectRoot } from '../../config/projectRoot';
import { applyLocalSettings } from '../../server/localSettings';
import { dialScript, httpTransport, simulateCall, twimlFileTransport, type CallerAction, type CallerPrompt, type CallerScript, type DialStatus, type SimulateCallOptions, type Transport } from '../../simulator';
import { parseCallerAction } from '../callerInput';
import { callJson, describeEvent, describeOutcome } from '../renderTranscript';
import { STATUS_CALLBACK_PATH } from '../../webhook/statusCallback';

const HELP = `Usage: ivr call [options]

Simulates one phone call, playing Twilio's part, and prints what the caller hears.
By default it runs the webhook code in-process (no server, no network).

  --to E164            number dialled (default: the consumer line, +390237921240)
  --from E164          caller's number (default: +393401234567, an Italian mobile)
  --at ISO-8601        instant of the call (default: now); without an offset it is
                       read in the flow's time zone, e.g. 2026-11-24T10:00
  --press KEYS         answers the next input prompt, in order (repeatable):
                       keys such as 1 or 12#, "-" for silence, "say:words" for
                       speech, "hangup"; after the last one the caller is silent
  --dial-status S      how each <Dial> ends: completed (default), busy,
                       no-answer, failed; a list such as busy,completed gives
                       one per dial in order, the last one repeating
  --interactive        ask for each input on the terminal, like holding a phone
  --url URL            call this webhook over HTTP instead (local server, deployed
                       app, any TwiML app); only its origin is ever contacted
  --twiml FILE         run one TwiML document from disk
  --auth-token TOKEN   sign requests with X-Twilio-Signature (default:
                       TWILIO_AUTH_TOKEN when set)
  --max-requests N     loop guard (default 50)
  --json               print one JSON object: outcome, transcript, events
`;

export async function callCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      to: { type: 'string' },
      from: { type: 'string', default: '+393401234567' },
      at: { type: 'string' },
      press: { type: 'string', multiple: true, default: [] },
      'dial-status': { type: 'string', default: 'completed' },
      interactive: { type: 'boolean', default: false },
      url: { type: 'string' },
      twiml: { type: 'string' },
      'auth-token': { type: 'string' },
      'max-requests': { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  applyLocalSettings(projectRoot());
  const dialStatuses = (values['dial-status'] as string).split(',').map((s) => s.trim()) as DialStatus[];
  for (const status of dialStatuses) {
    if (!['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status)) {
      throw new Error(`--dial-status "${status}": use completed, busy, no-answer or failed (or a comma-separated list)`);
    }
  }
  const maxRequests = Number(values['max-requests']);
  if (!Number.isInteger(maxRequests) || maxRequests < 1) throw new Error('--max-requests takes a whole number above 0');
  const presses = (values.press as string[]).map(parseCallerAction);

  let transport: Transport;
  let url: string;
  let authToken = values['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN;
  // Without --to, the call reaches the flow's default line (for a server over HTTP too).
  let defaultTo: string | undefined;
  if (values.twiml) {
    url = 'https://twiml.invalid/voice';
    transport = twimlFileTransport(values.twiml, url);
  } else if (values.url) {
    url = values.url;
    transport = httpTransport(url);
    if (values.at) console.error('note: --at cannot change the clock of a server reached over HTTP; it uses its own.');
  } else {
    const settings = readSettings();
    const flow = loadFlowFile(settings.flowFile);
    const instant = values.at ? parseCallInstant(values.at, flow.hours.timeZone) : DateTime.now();
    const ivr = createApp({ settings, flow, clock: () => instant, logger: quietLogger });
    defaultTo = defaultLineNumber(flow);
    ({ voiceUrl: url, authToken } = twilioView(settings));
    transport = ivr.handle;
  }

  // Our app's status callback sits next to its voice webhook (`ivr provision` sets it so on the number);
  // a TwiML file or another app's URL gets none.
  const statusCallback = !values.twiml && new URL(url).pathname.replace(/\/+$/, '') === '/api/voice' ? new URL(STATUS_CALLBACK_PATH, url).href : undefined;
  // readline is loaded only for --interactive: a scripted call is a cold start someone waits for.
  const rl = values.interactive ? (require('node:readline/promises') as typeof import('node:readline/promises')).createInterface({ input: process.stdin, terminal: false }) : undefined;
  // The iterator buffers lines, so keys typed (or piped) ahead of a prompt are not lost.
  const lines = rl?.[Symbol.asyncIterator]();
  const caller: CallerScript = lines ? (prompt) => askCaller(lines, prompt) : presses;
  const options: SimulateCallOptions = {
    url,
    transport,
    call: { to: values.to ?? defaultTo ?? defaultLineNumber(loadFlowFile(readSettings().flowFile)), from: values.from as string },
    caller,
    dial: dialScript(dialStatuses),
    authToken,
    ...(statusCallback ? { statusCallback } : {}),
    maxRequests,
    onEvent: values.json
      ? undefined
      : (event) => {
          const line = describeEvent(event);
          if (line !== undefined) console.log(line);
        },
  };
  try {
    const result = await simulateCall(options);
    if (values.json) console.log(JSON.stringify(callJson(result), null, 2));
    else console.log(`\nOutcome: ${describeOutcome(result.outcome)}  (${result.requests} requests, ${result.virtualSeconds}s of call time)`);
  } finally {
    rl?.close();
  }
  return 0;
}

async function askCaller(lines: AsyncIterator<string>, prompt: CallerPrompt): Promise<CallerAction> {
  const heard = prompt.verb === 'Gather' ? prompt.says.map((s) => s.text).join(' ') : '';
  const offered = [...heard.matchAll(/\b(?:press|premi)\s+(\d|star|asterisco|hash|cancelletto)\b/gi)].map((m) => keyName(m[1] as string));
  const hint = offered.length > 0 ? ` keys offered: ${[...new Set(offered)].join(' ')};` : '';
  for (;;) {
    process.stderr.write(`Your move (${hint} "-" silence, "hangup"): `);
    const line = await lines.next();
    if (line.done) return { hangup: true }; // end of input: the caller puts the phone down
    try {
      return parseCallerAction(line.value);
    } catch (err) {
      console.error((err as Error).message);
    }
  }
}

function keyName(word: string): string {
  const lower = word.toLowerCase();
  if (lower === 'star' || lower === 'asterisco') return '*';
  if (lower === 'hash' || lower === 'cancelletto') return '#';
  return lower;
}

// Placeholder warnings matter to operators, not to someone trying a call; errors always show.
const quietLogger = { info: () => {}, warn: () => {}, error: (m: string) => console.error(m) };
