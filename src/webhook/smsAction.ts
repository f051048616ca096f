import type { Flow } from '../flow/schema';
import type { StepContext } from '../engine/step';
import { continueCall } from '../engine/step';
import type { Action, Plan } from '../engine/plan';
import type { SmsOutcome, SmsSender } from '../twilio/smsSender';
import { SMS_EVENT } from './callRecords';
import type { Logger } from '../app/logger';
import type { CallJournal } from '../journal/callJournal';

// The engine asks for an SMS as data (a `send-sms` action at the end of its
// plan); this is where it is sent, and its result goes back to the engine as
// input, so the caller hears "sent" or "not sent" in the same answer.

type SendSms = Extract<Action, { kind: 'send-sms' }>;

export interface SmsPerformer {
  sendSms: SmsSender;
  /** The account the credentials belong to: only calls Twilio reports on it get a message. */
  accountSid: string;
  logger: Logger;
  /** Where the call's one message is claimed before it is sent (claimSms): one SMS per call, whatever Twilio sends again. */
  journal: Pick<CallJournal, 'claimSms'>;
}

/**
 * Performs a trailing `send-sms` action and continues the call with its result.
 * Returns the plan to render (never holding `send-sms`) and what became of the message.
 */
export async function performSms(plan: Plan, ctx: StepContext, call: SmsCall, performer: SmsPerformer | undefined): Promise<{ plan: Plan; sms?: 'sent' | 'failed' }> {
  const action = plan.at(-1);
  if (action?.kind !== 'send-sms') return { plan };
  const sent = await send(action, call, performer);
  const rest = continueCall(ctx, action.next, { kind: 'sms-result', sent });
  // The state now says a message was sent, so the engine cannot ask again; if it did, that is a bug, not a second SMS.
  if (rest.some((a) => a.kind === 'send-sms')) throw new Error(`the engine asked for a second SMS in call ${call.callSid}`);
  return { plan: [...plan.slice(0, -1), ...rest], sms: sent ? 'sent' : 'failed' };
}

/** Whether this plan ends in the SMS offer's prompt: the engine makes the offer only to a mobile caller with a sender configured. */
export function offersSms(plan: Plan, flow: Flow): boolean {
  // A plan waits for keys at most once, at its end.
  const gather = plan.find((action) => action.kind === 'gather');
  return gather?.kind === 'gather' && flow.nodes[gather.next.node]?.type === 'sms-offer';
}

/** The call a message is sent in, and where Twilio is to report its delivery (worked out only when a message is sent). */
export interface SmsCall {
  callSid: string;
  accountSid: string | undefined;
  statusCallback?: () => string | undefined;
}

/** Sends the message, if this request is the call's first to (the journal's claim); whether the call's message was sent. */
async function send(action: SendSms, call: SmsCall, performer: SmsPerformer | undefined): Promise<boolean> {
  const base = { event: SMS_EVENT, callSid: call.callSid, to: action.to };
  if (!performer) return false;
  // A call Twilio did not place on this account (the simulator invents one per
  // call) must never text a real phone: `ivr call` can show the offer safely.
  if (call.accountSid !== performer.accountSid) {
    performer.logger.warn(
      JSON.stringify({ ...base, result: 'not-sent', reason: 'other-account', detail: `the call's AccountSid is not the sender's account (TWILIO_ACCOUNT_SID; on a local host with a simulated Messages API, the simulator's), so no message was sent` }),
    );
    return false;
  }
  // The call state says no message was sent yet, but a request Twilio sends again (its read timeout passed while
  // the first was still sending; or its retry after an error) carries the same state. The journal, shared by
  // every instance, keeps the call's one claim: a later request sends nothing and tells the caller what the
  // first one's message came to. What the claim covers and does not is said in each journal's claimSms.
  const claim = await performer.journal.claimSms(call.callSid);
  if (!claim.first) {
    const sent = await claim.sent;
    performer.logger.info(JSON.stringify({ ...base, result: 'not-sent', reason: 'sent-before', detail: `this call's message was ${sent ? 'sent' : 'not sent (its send failed, or was still under way)'} by an earlier request (Twilio sent the request again?), so no second one was sent` }));
    return sent;
  }
  let outcome: SmsOutcome | undefined;
  try {
    const statusCallback = call.statusCallback?.();
    outcome = await performer.sendSms(action.to, action.body, { callSid: call.callSid, ...(statusCallback ? { statusCallback } : {}) });
  } finally {
    claim.settle(outcome?.sent === true);
  }
  if (outcome.sent) {
    performer.logger.info(JSON.stringify({ ...base, result: 'sent', sid: outcome.sid, status: outcome.status, ms: outcome.elapsedMs }));
  } else {
    const { kind, status, code, detail } = outcome.failure;
    performer.logger.warn(JSON.stringify({ ...base, result: 'failed', reason: kind, status, code, detail, ms: outcome.elapsedMs }));
  }
  return outcome.sent;
}
