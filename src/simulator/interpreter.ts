// Runs one TwiML document top to bottom, as Twilio does, until a verb moves
// the call elsewhere (a fetch) or ends it. Running out of verbs hangs up.

import type { CallContext, VerbHandler, VerbStep } from './callContext';
import { endWith, schemaError } from './callContext';
import type { TwimlElement } from './twimlDocument';
import { pause, play, say } from './verbs/audio';
import { hangup, redirect, reject } from './verbs/callFlow';
import { enqueue, leave } from './verbs/enqueue';
import { dial } from './verbs/dial';
import { gather } from './verbs/gather';
import { record } from './verbs/record';
import { background, sms } from './verbs/sideEffects';

const VERBS: Record<string, VerbHandler> = {
  Say: say,
  Play: play,
  Pause: pause,
  Gather: gather,
  Record: record,
  Dial: dial,
  Redirect: redirect,
  Hangup: hangup,
  Reject: reject,
  Enqueue: enqueue,
  Leave: leave,
  Sms: sms,
  Message: sms,
  Start: background,
  Stop: background,
};

/** Real Twilio voice verbs the simulator does not emulate: the call ends there, named. */
const UNSUPPORTED_VERBS = new Set(['Pay', 'Connect', 'Refer', 'Echo']);

export async function runDocument(verbs: TwimlElement[], context: CallContext): Promise<VerbStep> {
  for (const verb of verbs) {
    // The caller already hung up (during the verb that requested this document): nothing more is heard.
    if (context.clock.callerGone) return endWith({ kind: 'caller-hangup' });
    const step = await runVerb(verb, context);
    if (step) return step;
  }
  context.emit({ type: 'hangup', by: 'end-of-document' });
  return endWith({ kind: 'hangup', endOfDocument: true });
}

/** One verb, as Twilio runs it: its handler, or the end of the call at a verb that is not one or not emulated. */
export async function runVerb(verb: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  const handler = VERBS[verb.name];
  if (handler) return handler(verb, context);
  if (!UNSUPPORTED_VERBS.has(verb.name)) return schemaError(`<${verb.name}> is not a TwiML voice verb`);
  context.emit({ type: 'unsupported', verb: verb.name });
  return endWith({ kind: 'unsupported', verb: verb.name });
}
