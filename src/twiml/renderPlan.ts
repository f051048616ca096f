import type { Plan } from '../engine/plan';
import type { CallState } from '../engine/callState';
import { buildTwiml } from './buildTwiml';

// A menu answers the same few documents over and over: building one with the
// twilio helper costs ~25-40 µs, most of a webhook's budget. So each distinct
// answer is built once, by the helper, and served from memory afterwards.
// The key is the whole plan as data (JSON), so whatever the engine puts in an
// action — prompts, language, tries, holiday name, destination — a different
// plan can never get another plan's document, however actions evolve.

/** Enough for every answer of a large flow; past it the table starts afresh, so memory stays bounded. */
export const MAX_CACHED_DOCUMENTS = 4096;

type UrlFor = (state: CallState) => string;

const documentsByUrlFor = new WeakMap<UrlFor, Map<string, string>>();

/**
 * Turns the engine's plan into TwiML; `urlFor` makes the action URL that
 * carries a call state and must depend on the state alone. Byte for byte
 * what `buildTwiml` (the twilio helper) builds, which test/twiml pins for
 * every node of every flow.
 */
export function renderPlan(plan: Plan, urlFor: UrlFor): string {
  let documents = documentsByUrlFor.get(urlFor);
  if (!documents) {
    documents = new Map();
    documentsByUrlFor.set(urlFor, documents);
  }
  const key = JSON.stringify(plan);
  let xml = documents.get(key);
  if (xml === undefined) {
    xml = buildTwiml(plan, urlFor);
    if (documents.size >= MAX_CACHED_DOCUMENTS) documents.clear();
    documents.set(key, xml);
  }
  return xml;
}
