import { inANumberingPlan, isE164 } from '../config/phoneNumber';
import { callerKind } from './callerKind';

// The caller ID a transfer shows the party it rings (step.ts's <Dial>), and
// whether a caller's own number can be shown as one.

/**
 * The caller ID to show the party a call is transferred to. Undefined keeps Twilio's default, the caller's
 * own number, so the operator sees who is calling: when it is a number that can be shown (E.164, in a
 * country's numbering plan, not withheld). Otherwise Twilio would pass on what it has, and the <Dial> may
 * fail, which the caller hears as no operator being free (https://www.twilio.com/docs/api/errors/13214): a
 * withheld caller ID ("anonymous", a keypad spelling) or one in no numbering plan (+10000000000) may be
 * refused by the destination's carrier, and a call from a Voice SDK client ("client:alice") has no number at
 * all: Twilio requires a callerId for it, a number the account owns. So does a SIP caller ("sip:…") for a
 * phone network. The transfer then shows a number the app owns: the one the caller dialled when it is a
 * valid number, else `lineNumber`, the number of the caller's line in the flow (a client's call through a
 * TwiML App dials no number).
 */
export function transferCallerId(caller: string | undefined, dialled: string | undefined, lineNumber: string | undefined): string | undefined {
  if (isShowableCallerId((caller ?? '').trim())) return undefined;
  return dialled !== undefined && isE164(dialled) && inANumberingPlan(dialled) ? dialled : lineNumber;
}

/** Whether a caller ID is a number a carrier takes as one: E.164, in a country's numbering plan, not a withheld caller's keypad spelling. */
export function isShowableCallerId(caller: string): boolean {
  return isE164(caller) && callerKind(caller, []) !== 'withheld' && inANumberingPlan(caller);
}
