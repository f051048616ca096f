// Twilio's last word on a call: when it ends, Twilio posts its final status
// to the status callback URL configured on the number (not in any TwiML),
// which is where the app writes the call's record. Twilio ignores the answer,
// so the simulator does too, and a failure here never changes the call.

import { callParameters } from './callParameters';
import type { Outcome } from './outcome';
import type { CallIdentity, Transport } from './types';
import { buildWebhookRequest } from './webhookRequest';

export interface FinalStatusOptions {
  transport: Transport;
  url: string;
  authToken?: string;
  call: Required<CallIdentity>;
  outcome: Outcome;
  seconds: number;
}

export async function postFinalStatus(options: FinalStatusOptions): Promise<void> {
  // A <Reject> first verb leaves the call unanswered: busy, or no-answer for reason "rejected". Every other call was answered.
  const status = options.outcome.kind === 'reject' ? (options.outcome.reason === 'busy' ? 'busy' : 'no-answer') : 'completed';
  const params = {
    ...callParameters(options.call, 'in-progress'),
    CallStatus: status,
    CallDuration: String(status === 'completed' ? Math.ceil(options.seconds) : 0),
    CallbackSource: 'call-progress-events',
    SequenceNumber: '0',
  };
  try {
    await options.transport(buildWebhookRequest(options.url, 'POST', params, options.authToken).request);
  } catch {
    // Twilio notes a failed status callback in its debugger; the call is over either way.
  }
}
