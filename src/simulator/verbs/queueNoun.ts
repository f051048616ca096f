// <Dial><Queue>: the caller (an agent, typically) takes the first call waiting
// in a queue (https://www.twilio.com/docs/voice/twiml/queue). The waiting
// caller is not simulated, so what is known of them is what a single
// simulated queue holds: they joined as the agent dialled (queue time 0).

import type { CallContext } from '../callContext';
import { newSid } from '../sids';
import type { TwimlElement } from '../twimlDocument';
import { method } from './attributes';

/**
 * The queue's parameters for the <Dial> action when the dial was bridged:
 * QueueSid, DequeueResult, DequeuedCallSid, DequeuedCallQueueTime and
 * DequeuedCallDuration. Before the two are joined, the noun's `url` is
 * requested for the dequeued caller with QueueSid, CallSid (theirs),
 * QueueTime and DequeingCallSid (ours); its TwiML would play on their leg,
 * which the simulator does not run, so it goes as a side request.
 */
export async function dequeueParameters(dialElement: TwimlElement, durationSeconds: number, context: CallContext): Promise<Record<string, string>> {
  const noun = dialElement.children.find((child) => child.name === 'Queue');
  const queueSid = newSid('QU');
  const dequeuedCallSid = newSid('CA');
  const url = noun?.attributes.url?.trim();
  if (noun && url) {
    await context.callback({
      name: 'Queue url',
      url,
      method: method(noun),
      params: { QueueSid: queueSid, CallSid: dequeuedCallSid, QueueTime: '0', DequeingCallSid: context.callSid },
    });
  }
  return {
    QueueSid: queueSid,
    DequeueResult: 'bridged',
    DequeuedCallSid: dequeuedCallSid,
    DequeuedCallQueueTime: '0',
    DequeuedCallDuration: String(durationSeconds),
  };
}
