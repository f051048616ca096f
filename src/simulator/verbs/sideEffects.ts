// Verbs whose effect happens beside the call, not in it: the simulator records
// them and carries on, exactly as the call flow would.

import type { CallContext } from '../callContext';
import type { TwimlElement } from '../twimlDocument';

/** <Sms> (deprecated voice verb) and <Message>: recorded, never sent or followed. */
export function sms(element: TwimlElement, context: CallContext): undefined {
  const to = element.attributes.to?.trim();
  const from = element.attributes.from?.trim();
  const body = element.children.find((child) => child.name === 'Body')?.text ?? element.text;
  context.emit({ type: 'sms', verb: element.name === 'Message' ? 'Message' : 'Sms', body, ...(to ? { to } : {}), ...(from ? { from } : {}) });
  return undefined;
}

/** <Start>/<Stop> fork streams, transcriptions or recordings and continue at once. */
export function background(element: TwimlElement, context: CallContext): undefined {
  context.emit({
    type: 'background',
    verb: element.name === 'Stop' ? 'Stop' : 'Start',
    nouns: element.children.map((child) => child.name),
  });
  return undefined;
}
