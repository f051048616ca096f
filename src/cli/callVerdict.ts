import type { CallResult, Outcome } from '../simulator';
import { TwilioError } from '../simulator/twilioErrors';

// Whether a simulated call ended as a phone call does, and if not, what the
// person who ran `ivr call` should do about it. Scripts and CI read the exit
// code; people read the advice.

/** Outcomes a real call can end with: the caller was connected (dialled, or bridged to an agent from a queue), rejected or hung up. */
const NORMAL_ENDINGS = new Set<Outcome['kind']>(['dial', 'hangup', 'caller-hangup', 'reject', 'enqueue']);

/** A Twilio error, a verb the simulator does not emulate, the loop guard, or a URL it may not follow. */
export function callFailed(outcome: Outcome): boolean {
  return !NORMAL_ENDINGS.has(outcome.kind);
}

/** One or two sentences on why the call failed and what to change; undefined for a call that did not fail. */
export function adviceForFailedCall(result: CallResult): string | undefined {
  const { outcome } = result;
  switch (outcome.kind) {
    case 'error':
      return adviceForTwilioError(outcome, lastStatus(result));
    case 'unsupported':
      return `the simulator does not emulate <${outcome.verb}>, so it stopped the call there; on Twilio the call would go on.`;
    case 'loop':
      if (outcome.callerDriven) return `it made ${outcome.maxRequests} webhook requests, the most one simulated call makes: the caller script kept answering a menu that never ends the call.`;
      return `it made ${outcome.maxRequests} webhook requests in a row with no caller input between them: most likely a <Redirect> or an action that leads back forever. If the call really is that long, raise --max-requests.`;
    case 'not-followed':
      return 'the simulator could not follow the call to its end.';
    default:
      return undefined;
  }
}

function adviceForTwilioError(outcome: Extract<Outcome, { kind: 'error' }>, status: number | undefined): string {
  const where = outcome.url ? withoutQuery(outcome.url) : 'the webhook';
  const caller = 'a caller would hear "an application error has occurred"';
  if (outcome.code === TwilioError.httpRetrievalFailure && (status === 401 || status === 403)) {
    return `${where} refused the request (HTTP ${status}): it checks the X-Twilio-Signature of each request. Set TWILIO_AUTH_TOKEN in the environment (or local.settings.json) to the Twilio auth token the server uses, rather than --auth-token, which leaves it in the shell's history; if that is the one given, the server checks signatures against another URL (see its PUBLIC_BASE_URL).`;
  }
  if (outcome.code === TwilioError.httpRetrievalFailure && status === 404) {
    return `nothing at ${where} (HTTP 404): check the URL; this project's server answers calls at /api/voice (npm start: http://127.0.0.1:7071/api/voice).`;
  }
  if (outcome.code === TwilioError.httpRetrievalFailure && status !== undefined && status >= 500) {
    return `${where} failed (HTTP ${status}): its log says why; ${caller}.`;
  }
  if (outcome.code === TwilioError.httpConnectionFailure && outcome.message.endsWith('timed out')) {
    return `${where} did not answer within Twilio's 15 s: ${caller}. Is the server stuck, or starting?`;
  }
  if (outcome.code === TwilioError.httpConnectionFailure) {
    return `nothing answered at ${where}: is the server running? \`npm start\` runs this project's on http://127.0.0.1:7071; otherwise check --url.`;
  }
  return `Twilio would log error ${outcome.code} (https://www.twilio.com/docs/api/errors/${outcome.code}) and ${caller}.`;
}

/** The HTTP status of the last webhook answer, when one came. */
function lastStatus(result: CallResult): number | undefined {
  const requests = result.transcript.filter((event) => event.type === 'request');
  const last = requests.at(-1);
  return last?.type === 'request' ? last.status : undefined;
}

function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}
