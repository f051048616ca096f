// Reading TwiML attributes the way Twilio does: defaults when absent, and
// URLs resolved against the current document's URL like a browser would.

import type { CallContext, VerbStep } from '../callContext';
import { endWith } from '../callContext';
import { TwilioError } from '../twilioErrors';
import type { HttpMethod } from '../types';
import type { TwimlElement } from '../twimlDocument';

export function method(element: TwimlElement, name = 'method'): HttpMethod {
  return element.attributes[name]?.trim().toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/** A non-negative integer attribute, or the fallback when absent or malformed. */
export function integer(element: TwimlElement, name: string, fallback: number): number {
  const raw = element.attributes[name]?.trim();
  if (raw === undefined || !/^\d+$/.test(raw)) return fallback;
  return Number(raw);
}

export function optionalInteger(element: TwimlElement, name: string): number | undefined {
  const value = integer(element, name, -1);
  return value < 0 ? undefined : value;
}

export function bool(element: TwimlElement, name: string, fallback: boolean): boolean {
  const raw = element.attributes[name]?.trim().toLowerCase();
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return fallback;
}

export type Resolved = { ok: true; url: string } | { ok: false; step: VerbStep };

/** Resolves `value` (default: the current document) against the document URL. */
export function resolveUrl(context: CallContext, value: string | undefined): Resolved {
  const target = value?.trim() || context.documentUrl;
  try {
    return { ok: true, url: new URL(target, context.documentUrl).href };
  } catch {
    return {
      ok: false,
      step: endWith({ kind: 'error', code: TwilioError.invalidUrl, message: `Invalid URL format: ${target}`, url: target }),
    };
  }
}
