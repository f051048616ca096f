import type { Transport } from '../simulator';
import { LOCAL_SMS_HEADER } from './localSms';
import type { SimulatedMessage } from '../twilio/simulatedSms';
import { meansThisMachine } from './thisMachineOnly';

// After `ivr call --url` against our own local host (npm start), the text
// messages the host's app sent during the call: the host files them under
// the call's SID and names the place in a header of its webhook answers
// (src/server/localSms.ts). Only a loopback host that said so is asked, once
// the call is over; any other app is never asked anything more.

/** Wraps the call's transport to hear whether the app is a local host that files its messages, and where. */
export function hearingLocalSms(transport: Transport): { transport: Transport; smsPath(): string | undefined } {
  let path: string | undefined;
  return {
    transport: async (request) => {
      const answer = await transport(request);
      path ??= answer.headers[LOCAL_SMS_HEADER];
      return answer;
    },
    smsPath: () => path,
  };
}

/** The call's messages, or undefined when the app is not a local host that files them (or cannot be asked now). */
export async function smsFromLocalHost(transport: Transport, callUrl: string, smsPath: string | undefined, callSid: string): Promise<SimulatedMessage[] | undefined> {
  const url = new URL(callUrl);
  if (smsPath === undefined || !smsPath.startsWith('/') || !meansThisMachine(url.hostname)) return undefined;
  try {
    const answer = await transport({ method: 'GET', url: `${url.origin}${smsPath}?callSid=${encodeURIComponent(callSid)}`, headers: {}, body: '' });
    if (answer.status !== 200) return undefined;
    const messages = (JSON.parse(answer.body) as { messages?: unknown }).messages;
    return Array.isArray(messages) ? (messages as SimulatedMessage[]) : undefined;
  } catch {
    return undefined; // the host went away after the call: nothing to add to what the call showed
  }
}
