import { promptSaid, shippedFlow } from './shippedFlow';

// More of the shipped flow, read for the tests of the app's workings (the
// hosts, the deploy package, the local server) that check the TwiML itself:
// the <Say> a prompt of the flow becomes, so they quote what the flow says
// instead of today's wording. See shippedFlow.ts for why.

/** XML text as TwiML carries it: "&", "<", ">" escaped (https://www.twilio.com/docs/voice/twiml/say). */
function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The `<Say>` element the app answers with for a text written for `language` in the shipped flow: the language's
 * tag and voice from the flow's "languages", the text escaped as XML.
 */
export function sayElement(text: string, language: string): string {
  const spoken = shippedFlow().languages[language];
  if (!spoken) throw new Error(`the shipped flow has no language "${language}"`);
  return `<Say language="${spoken.tag}" voice="${spoken.voice}">${xmlText(text)}</Say>`;
}

/** The first `<Say>` of `node`'s prompt in the shipped flow, in `language`: for the consumer welcome, the Italian greeting. */
export function firstSayOf(node: string, language: string): string {
  return sayElement(promptSaid(node, language)[0] as string, language);
}
