import { z } from 'zod';

// The `ivr.call` record, one per call, as the status callback logs it: one
// source for its type (the webhook imports the type only, so no call loads
// zod), for the check `ivr replay` and `ivr report` make of each record they
// read, and for its documentation (docs/call-records.md names every field;
// a test holds the two together).

export const CALL_OUTCOMES = [
  'transferred',
  'menu-hung-up',
  'caller-hung-up-in-menu',
  'caller-hung-up-during-transfer',
  'app-error',
  'unknown',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] as const;

export const callRecordSchema = z.object({
  event: z.literal('ivr.call'),
  callSid: z.string().describe("Twilio's CallSid"),
  line: z.string().describe('The line called: a key of the flow\'s "lines"'),
  status: z.string().describe("Twilio's final CallStatus: completed, busy, no-answer, failed or canceled"),
  outcome: z.enum(CALL_OUTCOMES).describe('How the call ended, in one word'),
  language: z.string().nullable().describe('The language the call was last in; null without a path'),
  path: z.array(z.string()).nullable().describe('Node ids entered, in order, across all answers ("…" where answers were left out); null when the journal had nothing'),
  inputs: z.array(z.string()).nullable().describe('What the caller did at each prompt, in order: keys, "none" for silence, "dial:<status>" for how a transfer ended ("dial:refused": not made, the number rings the app itself), "fallback:<ErrorCode>" where a request failed and the fallback URL answered it; one over 64 characters keeps its first 64, then "…(cut from N characters)"'),
  pathMissing: z
    .enum(['partial', 'not-recorded', 'journal-unavailable'])
    .optional()
    .describe('Why path is null (not-recorded, journal-unavailable), or partial: the journal missed the first answers and path and inputs begin with "…"'),
  sms: z
    .enum(['sent', 'failed', 'declined', 'unanswered'])
    .optional()
    .describe('The chat-link SMS, when it was offered: sent or failed (the caller took the offer), declined (the caller answered the offer with another key, or silence until it timed out; nothing was sent), or unanswered (the call ended before the caller answered the offer, perhaps before hearing it; nothing was sent)'),
  startedOver: z
    .array(z.string())
    .optional()
    .describe('The call started over: for each time, the node its request asked for, which the flow did not have (a deploy changed it during the call) or could not resume there; the call went on at its line\'s start in the caller\'s language, as path and inputs show'),
  durationSeconds: z.number().int().nonnegative().nullable().describe("Twilio's CallDuration"),
  startedAt: z.iso.datetime({ offset: true }).optional().describe("When the call began, ISO 8601 with the flow's offset: the first answer's instant, else Twilio's Timestamp less the duration"),
  from: z.string().describe("The caller's number, masked unless IVR_LOG_PHONE_NUMBERS=full"),
  to: z.string().describe('The number called, masked likewise; empty when the status callback carried no E.164 To or Called'),
  timestamp: z.string().optional().describe("Twilio's own time of the status callback, RFC 2822, when it sends one"),
});

export type CallRecord = z.infer<typeof callRecordSchema>;
/**
 * How a call ended, in one word for a query to group by: Twilio's final status
 * when it is not "completed" (busy, no-answer, failed, canceled: the menu never
 * spoke with the caller); otherwise how the menu left the call (transferred,
 * menu-hung-up, caller-hung-up-in-menu, caller-hung-up-during-transfer,
 * app-error, or unknown when the journal had nothing: see `pathMissing`).
 */
export type CallOutcome = CallRecord['outcome'];
