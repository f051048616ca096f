import type { SmsOfferNode } from '../flow/schema';
import type { CallState } from './callState';
import { callerKind } from './callerKind';

/** What the engine needs to know to offer an SMS; the webhook passes it in, so the engine reads no settings. */
export interface SmsContext {
  /** The caller's number as Twilio gives it (`From`). */
  caller?: string;
  /** True when the app can send a message (a sender is configured); without it no offer is made. */
  smsAvailable?: boolean;
}

/** Whether this caller is offered the message at this node: a mobile caller, a sender, and no message yet in this call. */
export function canOfferSms(ctx: SmsContext, node: SmsOfferNode, state: CallState): boolean {
  return noSmsOfferBecause(ctx, node, state) === undefined;
}

/** Why this caller is not offered the message at this node, in plain words for a transcript; undefined when they are. */
export function noSmsOfferBecause(ctx: SmsContext, node: SmsOfferNode, state: CallState): string | undefined {
  if (ctx.smsAvailable !== true) return 'the app has no SMS sender set up';
  if (state.smsSent === true) return 'SMS already sent or tried on this call';
  const kind = callerKind(ctx.caller, node.mobilePrefixes);
  if (kind === 'withheld') return "the caller's number is withheld";
  // "not a mobile number" was said of a UK mobile too: what the app knows is the prefixes the flow sends SMS to.
  return kind === 'mobile' ? undefined : `the number does not start with ${node.mobilePrefixes.join(' or ')} (mobilePrefixes in the flow)`;
}

/** The message in the caller's language, each "{name}" replaced by that link's URL. */
export function smsBody(node: SmsOfferNode, language: string): string {
  const text = node.message[language];
  if (text === undefined) throw new Error(`the SMS message has no "${language}" text`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(node.links, name) ? (node.links[name] as { url: string }).url : whole));
}
