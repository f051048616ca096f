import type { PlainResponse } from '../http/plainHttp';

// One headers object for every answer: nothing downstream changes it.
const TWIML_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'text/xml; charset=utf-8' });

/** A 200 answer carrying a TwiML document. */
export function twimlResponse(xml: string): PlainResponse {
  return { status: 200, headers: TWIML_HEADERS, body: xml };
}
