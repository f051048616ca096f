// Verbs that move or end the call without asking the caller anything:
// <Redirect>, <Hangup>, <Reject>. (<Enqueue> and <Leave>: enqueue.ts.)

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
