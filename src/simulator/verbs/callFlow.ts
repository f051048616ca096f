// Verbs that move or end the call without asking the caller anything:
// <Redirect>, <Hangup>, <Reject>, <Enqueue>, <Leave>.

import type { CallContext, VerbStep } from '../callContext';
import { endWith, schemaError } from '../callContext';
import type { TwimlElement } from '../twimlDocument';
import { method, resolveUrl } from './attributes';

export function redirect(element: TwimlElement, context: CallContext): VerbStep | undefined {
  if (!element.text) return schemaError('<Redirect> needs a URL');
  const target = resolveUrl(context, element.text);
  if (!target.ok) return target.step;
  const how = method(element);
  context.emit({ type: 'redirect', url: target.url, method: how });
  return { kind: 'fetch', url: target.url, method: how, params: {} };
}

export function hangup(_element: TwimlElement, context: CallContext): VerbStep {
  context.emit({ type: 'hangup', by: 'app' });
  return endWith({ kind: 'hangup', endOfDocument: false });
}

export function reject(element: TwimlElement, context: CallContext): VerbStep {
  const reason = element.attributes.reason?.trim() === 'busy' ? 'busy' : 'rejected';
  context.emit({ type: 'reject', reason });
  return endWith({ kind: 'reject', reason });
}

/** The caller now waits in the queue; who answers is beyond the simulator. */
export function enqueue(element: TwimlElement, context: CallContext): VerbStep {
  const queue = element.text;
  if (!queue && !element.attributes.workflowSid) return schemaError('<Enqueue> needs a queue name');
  const waitUrl = element.attributes.waitUrl?.trim();
  context.emit({ type: 'enqueue', queue, ...(waitUrl ? { waitUrl } : {}) });
  return endWith({ kind: 'enqueue', queue });
}

/** Only meaningful in a queue's wait music; outside a queue the call simply carries on. */
export function leave(_element: TwimlElement, context: CallContext): undefined {
  context.emit({ type: 'leave' });
  return undefined;
}
