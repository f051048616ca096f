// The parameters Twilio sends with every voice webhook request for an inbound
// call. CallStatus is "ringing" on the first request, "in-progress" after.

import type { CallIdentity } from './types';

export function callParameters(call: Required<CallIdentity>, callStatus: 'ringing' | 'in-progress'): Record<string, string> {
  return {
    AccountSid: call.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.callSid,
    CallStatus: callStatus,
    Called: call.to,
    Caller: call.from,
    Direction: 'inbound',
    From: call.from,
    To: call.to,
  };
}
