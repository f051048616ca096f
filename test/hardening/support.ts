// Shared by the hardening tests: a fixed clock, a logger that remembers, the
// parameters Twilio really sends, and the one judge of "is this answer TwiML
// that keeps the caller on a sensible path".

import { DOMParser, type Element } from '@xmldom/xmldom';
import { DateTime } from 'luxon';
import { decodeCallState } from '../../src/engine/callState';
import { loadFlowFile } from '../../src/flow/load';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import type { Flow } from '../../src/flow/schema';
import { openInstant } from '../support/shippedFlow';

export const TOKEN = '0123456789abcdef0123456789abcdef';
export const klarnaFlow: Flow = loadFlowFile(DEFAULT_FLOW_FILE);
/** The routes that answer TwiML; the status callback answers 204 and no body. */
export const ROUTE_PATHS = ['/api/voice', '/api/voice/continue'];
export const STATUS_PATH = '/api/voice/status';
export const SMS_STATUS_PATH = '/api/sms/status';

/** An instant chosen by the test (never today), in Rome unless the ISO text gives an offset. */
export const at = (iso: string) => {
  const instant = DateTime.fromISO(iso, { zone: 'Europe/Rome', setZone: true });
  return () => instant;
};
/** While the shipped menu's line is open, whatever its hours: a Tuesday of an ordinary week, in the middle of its opening. */
export const WEEKDAY_OPEN = openInstant('tue');

export function recordingLogger() {
  const lines: { level: 'info' | 'warn' | 'error'; message: string }[] = [];
  return {
    lines,
    info: (message: string) => void lines.push({ level: 'info', message }),
    warn: (message: string) => void lines.push({ level: 'warn', message }),
    error: (message: string) => void lines.push({ level: 'error', message }),
  };
}

export const CALL_SID = 'CA5f0c2e8d4b1a9e7f6c3d2b1a0e9f8d7c';

/** The parameters of a real incoming call to the consumer line, as Twilio posts them (values Twilio uses: "+", spaces, empty fields, accents). */
export function twilioCallParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: 'AC3e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b',
    ApiVersion: '2010-04-01',
    CallSid: CALL_SID,
    CallStatus: 'ringing',
    Called: '+390237921240',
    CalledCity: '',
    CalledCountry: 'IT',
    CalledState: '',
    CalledZip: '',
    Caller: '+393401234567',
    CallerCity: 'MILANO',
    CallerCountry: 'IT',
    CallerName: 'Nicolò D’Amico',
    CallerState: 'Lombardia',
    CallerZip: '20121',
    Direction: 'inbound',
    From: '+393401234567',
    FromCity: 'MILANO',
    FromCountry: 'IT',
    FromState: 'Lombardia',
    FromZip: '20121',
    StirVerstat: 'TN-Validation-Passed-A',
    To: '+390237921240',
    ToCity: '',
    ToCountry: 'IT',
    ToState: '',
    ToZip: '',
    ...overrides,
  };
}

export function formPost(url: string, params: Record<string, string>, signature?: string, contentType = 'application/x-www-form-urlencoded'): Request {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (signature !== undefined) headers['x-twilio-signature'] = signature;
  return new Request(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

export function getRequest(url: string, signature?: string): Request {
  return new Request(url, { method: 'GET', headers: signature === undefined ? {} : { 'x-twilio-signature': signature } });
}

// What our TwiML may contain: the verbs the renderer uses and, inside them, the nouns.
const VERBS = new Set(['Say', 'Gather', 'Redirect', 'Dial', 'Hangup']);
const NESTED: Record<string, Set<string>> = { Gather: new Set(['Say']), Dial: new Set(['Number']) };
const ENDINGS = new Set(['Redirect', 'Hangup', 'Dial']);

export interface TwimlSummary {
  verbs: string[];
  said: string[];
  /** Action and redirect URLs, resolved against the request URL as Twilio resolves them. */
  next: URL[];
  dialled: string[];
}

/**
 * Throws unless `body` is well-formed TwiML rooted at <Response>, uses only
 * known verbs, ends by asking, redirecting, dialling or hanging up (never dead
 * air), sends every action back to one of our routes with a state this flow
 * knows, dials only the flow's destinations, and shows the caller nothing of
 * an internal error.
 */
export function checkTwiml(body: string, requestUrl: string, flow: Flow, destinations: readonly string[], callOver = false): TwimlSummary {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`not well-formed XML (${level}): ${message}`);
    },
  }).parseFromString(body, 'text/xml');
  const root = doc.documentElement;
  if (!root || root.tagName !== 'Response') throw new Error(`root is <${root?.tagName}>, not <Response>`);
  const summary: TwimlSummary = { verbs: [], said: [], next: [], dialled: [] };
  const base = new URL(requestUrl);

  const follow = (raw: string | null, where: string) => {
    if (!raw) return problems.push(`${where} has no URL`);
    const url = new URL(raw, base);
    if (url.origin !== base.origin || !ROUTE_PATHS.includes(url.pathname)) problems.push(`${where} leaves our routes: ${url}`);
    else if (url.pathname.endsWith('/continue') && !decodeCallState(url.searchParams, flow)) problems.push(`${where} carries a state the flow does not know: ${url.search}`);
    summary.next.push(url);
  };
  const method = (el: Element, where: string) => {
    const m = el.getAttribute('method');
    if (m !== null && m !== 'POST') problems.push(`${where} uses method ${m}`);
  };

  for (const el of elements(root)) {
    summary.verbs.push(el.tagName);
    if (!VERBS.has(el.tagName)) problems.push(`unknown verb <${el.tagName}>`);
    for (const child of elements(el)) {
      if (!NESTED[el.tagName]?.has(child.tagName)) problems.push(`<${child.tagName}> inside <${el.tagName}>`);
      if (child.tagName === 'Say') summary.said.push(child.textContent ?? '');
    }
    switch (el.tagName) {
      case 'Say':
        summary.said.push(el.textContent ?? '');
        break;
      case 'Gather':
        follow(el.getAttribute('action'), '<Gather action>');
        method(el, '<Gather>');
        break;
      case 'Redirect':
        follow(el.textContent?.trim() ?? null, '<Redirect>');
        method(el, '<Redirect>');
        break;
      case 'Dial': {
        follow(el.getAttribute('action'), '<Dial action>');
        method(el, '<Dial>');
        const number = (el.textContent ?? '').trim();
        summary.dialled.push(number);
        if (!destinations.includes(number)) problems.push(`<Dial> to ${number}, which is not a destination of the flow`);
        break;
      }
    }
  }
  const last = summary.verbs.at(-1);
  // A request made after the caller hung up (a final CallStatus) has no caller to leave in silence: Twilio runs
  // nothing answered to it (https://www.twilio.com/docs/voice/twiml#callstatus-values), and an empty <Response/> is the answer.
  const emptyForNobody = callOver && !last;
  if (!emptyForNobody && (!last || !ENDINGS.has(last))) problems.push(`ends with ${last ? `<${last}>` : 'nothing'}: the caller would be left in silence`);
  for (const text of summary.said) {
    if (text.trim() === '') problems.push('an empty <Say>');
    if (soundsLikeInternals(text)) problems.push(`the caller would hear internals: ${text.slice(0, 80)}`);
  }
  if (problems.length > 0) throw new Error(`TwiML problems:\n  ${problems.join('\n  ')}\n${body}`);
  return summary;
}

/**
 * Whether a text said to the caller gives away the app's insides: a placeholder left unfilled ("{hours}"), an error's
 * name, a stack frame ("at /x.js:1:2", "at new Foo (/x.js:1:2)", "at async fn (file:///x.js:1:2)"), a package or
 * machine path. A time ("at 8:30") is not a frame: a frame's location starts with a path, "file:" or "node:".
 */
export function soundsLikeInternals(text: string): boolean {
  return /\{\w+\}|Error|\bat (?:[^()\n]+ \()?(?:\/|file:|node:)\S*:\d+|node_modules|\/work\//.test(text);
}

function elements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) out.push(node as Element);
  return out;
}
