import type { Flow } from '../flow/schema';
import type { CallInput } from '../engine/step';
import type { Plan } from '../engine/plan';

// Structured log lines, one JSON object each, that Application Insights keeps
// in `traces` (the README has the queries). A call's path cannot reach the
// status callback: Twilio calls it at the number's fixed URL, without our call
// state, and instances share no store. So each webhook answer logs the nodes
// it passed through (`ivr.step`), the status callback logs how the call ended
// and how long it lasted (`ivr.call`), and a query joins them on CallSid.

export const STEP_EVENT = 'ivr.step';
export const CALL_EVENT = 'ivr.call';
export const SMS_EVENT = 'ivr.sms';

/** How a webhook answer left the call: waiting for keys, ringing a transfer, put through, or ended by the menu. */
export type StepEnd = 'gather' | 'dial' | 'transferred' | 'hangup';

export interface StepRecord {
  callSid: string;
  line: string;
  language: string;
  /** What Twilio reported: "call" for the first request, keys, "none" for silence, "dial:<status>". */
  input: string;
  /** Nodes entered while answering this request, in order. */
  nodes: string[];
  end: StepEnd;
  sms?: 'sent' | 'failed';
}

export function stepLine(record: StepRecord): string {
  return JSON.stringify({ event: STEP_EVENT, ...record });
}

export function describeInput(input: CallInput | undefined): string {
  if (input === undefined) return 'call';
  switch (input.kind) {
    case 'keys':
      return input.digits;
    case 'silence':
      return 'none';
    case 'dial-ended':
      return `dial:${input.status}`;
    case 'sms-result':
      return input.sent ? 'sms:sent' : 'sms:failed';
  }
}

/** How the plan leaves the call; a hang-up right after an answered dial means the caller was put through. */
export function stepEnd(plan: Plan, input: CallInput | undefined): StepEnd {
  const last = plan.at(-1);
  if (!last || last.kind === 'hangup') {
    const answered = input?.kind === 'dial-ended' && (input.status === 'completed' || input.status === 'answered');
    return answered && plan.length === 1 ? 'transferred' : 'hangup';
  }
  if (last.kind === 'dial') return 'dial';
  return 'gather';
}

/** The language the call is in after this answer: the state it carries on, else the last sentence said. */
export function languageAfter(plan: Plan, flow: Flow, fallback: string): string {
  for (let i = plan.length - 1; i >= 0; i--) {
    const action = plan[i];
    if (action && 'next' in action) return action.next.language;
    if (action?.kind === 'say') {
      const code = Object.entries(flow.languages).find(([, l]) => l.tag === action.speech.language)?.[0];
      // A sentence fixed to one language ("For English, press 1") says nothing of the caller's.
      if (code !== undefined && i === plan.length - 2) return code;
    }
  }
  return fallback;
}

const FINISHED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** Whether a status callback reports a call that is over (Twilio's final CallStatus values). */
export function isFinished(status: string | undefined): status is string {
  return status !== undefined && FINISHED.has(status);
}

export interface CallRecord {
  callSid: string;
  line: string;
  /** Twilio's final CallStatus: completed, busy, no-answer, failed or canceled. */
  status: string;
  durationSeconds: number | null;
  /** The caller's number; the app's logger masks it unless IVR_LOG_PHONE_NUMBERS=full. */
  from: string;
  to: string;
  /** Twilio's own time of the event, RFC 2822, when it sends one. */
  timestamp?: string;
}

export function callLine(record: CallRecord): string {
  return JSON.stringify({ event: CALL_EVENT, ...record });
}
