import type { Plan, Speech } from '../engine/plan';
import type { CallState } from '../engine/callState';

// The plan as TwiML, written out directly for the five verbs the engine
// answers with. twilio's VoiceResponse (xmlbuilder underneath) costs ~10 ms to
// load, paid by every cold start before the first answer; this writes the same
// bytes: test/twiml compares it with the helper for every answer of every flow
// and for any text at all, including the characters XML cannot carry.
//
// What it copies from xmlbuilder, as twilio configures it:
// - text: & < > and carriage return escaped, and text XML 1.0 cannot hold
//   (control characters, U+FFFE/U+FFFF, a lone surrogate) refused with the
//   same error; an empty text writes an empty element, <Say/>.
// - attribute values: & < " tab, newline and carriage return escaped, nothing
//   refused (twilio's attValue skips the check); null and undefined leave the
//   attribute out.

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export function buildTwiml(plan: Plan, urlFor: (state: CallState) => string): string {
  let verbs = '';
  for (const action of plan) {
    switch (action.kind) {
      case 'say':
        verbs += say(action.speech);
        break;
      case 'gather':
        // finishOnKey="": Twilio's default finish key, "#", would end the Gather
        // with nothing collected, so a caller pressing it would be answered as
        // if silent ("no choice"); with no finish key "#" is a key like any
        // other and a menu answers it as the wrong key it is.
        verbs += element(
          'Gather',
          `${attribute('input', 'dtmf')}${attribute('numDigits', 1)}${attribute('finishOnKey', '')}${attribute('timeout', action.timeoutSeconds)}${attribute('action', urlFor(action.next))}${attribute('method', 'POST')}`,
          action.prompts.map(say).join(''),
        );
        break;
      case 'redirect':
        verbs += element('Redirect', attribute('method', 'POST'), text(urlFor(action.next)));
        break;
      case 'dial':
        verbs += element(
          'Dial',
          `${attribute('action', urlFor(action.next))}${attribute('method', 'POST')}${attribute('timeout', action.timeoutSeconds)}${action.callerId ? attribute('callerId', action.callerId) : ''}`,
          text(action.number),
        );
        break;
      case 'hangup':
        verbs += element('Hangup', '', '');
        break;
    }
  }
  return `${DECLARATION}${element('Response', '', verbs)}`;
}

function say(speech: Speech): string {
  return element('Say', `${attribute('language', speech.language)}${attribute('voice', speech.voice)}`, text(speech.text));
}

function element(name: string, attributes: string, content: string): string {
  return content === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${content}</${name}>`;
}

const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
// xmlbuilder's test for characters outside XML 1.0, word for word.
/** Text XML 1.0 cannot carry: control characters, U+FFFE/U+FFFF, a lone surrogate. The flow checks refuse it too. */
export const NOT_XML = /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

function attribute(name: string, value: string | number | undefined): string {
  if (value == null) return '';
  return ` ${name}="${`${value}`.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] as string)}"`;
}

function text(value: string): string {
  const escaped = `${value}`.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] as string);
  const wrong = NOT_XML.exec(escaped);
  if (wrong) throw new Error(`Invalid character in string: ${escaped} at index ${wrong.index}`);
  return escaped;
}
