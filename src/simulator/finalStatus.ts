// Twilio's last word on a call: when it ends, Twilio posts its final status
// to the status callback URL configured on the number (not in any TwiML),
// which is where the app writes the call's record. Twilio ignores the answer,
// so a failure here never changes the call; the simulator says what became of
// it, as a call whose status callback failed has no record.

import { sendCallback, type CallbackNote, type CallbackSender } from './callbacks';
import { callParameters } from './callParameters';
import type { Outcome } from './outcome';
import type { CallIdentity } from './types';

export interface FinalStatusOptions {
  sender: CallbackSender;
  url: string;
  call: Required<CallIdentity>;
  outcome: Outcome;
  seconds: number;
  /** The wall-clock instant the call began: its Timestamp is this plus the call's duration. */
  startedAt: Date;
  /** Sent with every request of the call (the geographic parameters, simulateCall's params), as Twilio does here too. */
  params: Record<string, string>;
}

/** An instant as Twilio writes a callback's Timestamp: RFC 2822, UTC. */
export function twilioTimestamp(at: Date): string {
  return at.toUTCString().replace('GMT', '+0000');
}

export async function postFinalStatus(options: FinalStatusOptions): Promise<CallbackNote> {
  // A <Reject> first verb leaves the call unanswered: busy, or no-answer for reason "rejected". Every other call was answered.
  const status = options.outcome.kind === 'reject' ? (options.outcome.reason === 'busy' ? 'busy' : 'no-answer') : 'completed';
  const duration = status === 'completed' ? Math.ceil(options.seconds) : 0;
  const params = {
    ...callParameters(options.call, 'in-progress'),
    ...options.params,
    CallStatus: status,
    CallDuration: String(duration),
    CallbackSource: 'call-progress-events',
    // When the call ended, as Twilio sends it: the app dates a call its journal lost from it, less CallDuration.
    Timestamp: twilioTimestamp(new Date(options.startedAt.getTime() + duration * 1000)),
    SequenceNumber: '0',
  };
  return sendCallback(options.sender, { name: 'statusCallback', url: options.url, method: 'POST', params }, options.url);
}
