import { smsBody } from '../engine/smsOffer';
import { smsLength } from '../twilio/smsLength';
import { jsonPath, type FlowProblem } from './problem';
import type { Flow } from './schema';
import { listed } from '../text/listed';

// What `ivr lint` warns about in an sms-offer's message without refusing the flow: filled with its links as the
// app sends it, a message longer than one SMS reaches the caller's phone as several, each billed. The app sends
// it all the same, and phones join the parts, but an editor who lengthened a sentence or a link, or typed one
// character GSM-7 lacks (a curly quote, an "ó", which make Twilio send the whole message in UCS-2, 70 characters
// a message), most likely did not mean that. Counted as Twilio counts it (src/twilio/smsLength.ts).

/** A warning at each language's message of each sms-offer node that, its links filled in, takes more than one SMS. */
export function smsLengthWarnings(flow: Flow): FlowProblem[] {
  return Object.entries(flow.nodes).flatMap(([id, node]) => {
    if (node.type !== 'sms-offer') return [];
    return Object.keys(node.message).flatMap((code) => {
      const body = smsBody(node, code);
      const sms = smsLength(body);
      if (sms.messages === 1) return [];
      const several = `the caller's phone gets it as ${sms.messages} text messages, each billed`;
      const path = jsonPath(['nodes', id, 'message', code]);
      if (sms.encoding === 'GSM-7') {
        return [
          {
            path,
            message: `with its links filled in, the message is ${sms.length} characters, over the 160 of one SMS: ${several}`,
            fix: `shorten it by ${sms.length - sms.limit} character${sms.length - sms.limit === 1 ? '' : 's'} or more, to 160 at most (the links' URLs count too: a shorter one under "links" helps)`,
          },
        ];
      }
      const named = quotedList(sms.notGsm7);
      // Written in GSM-7 (each of those characters as its stand-in, or as one of its own), the message would be this long.
      const inGsm7 = smsLength([...body].map((c) => (sms.notGsm7.includes(c) ? (GSM7_STAND_INS[c] ?? '?') : c)).join('')).length;
      const write = howToWrite(sms.notGsm7);
      return [
        {
          path,
          message: `with its links filled in, the message is ${sms.length} characters, over the 70 of one SMS: ${named} ${sms.notGsm7.length === 1 ? 'is' : 'are'} not in the GSM-7 alphabet, so Twilio sends the message in UCS-2, 70 characters a message, not 160; ${several}`,
          fix:
            inGsm7 <= 160
              ? `${write}, so one SMS carries 160 characters and the message (${inGsm7}) fits; or shorten it to 70 at most`
              : `${write}, and shorten it to 160 at most (it would be ${inGsm7}); or shorten it to 70 at most`,
        },
      ];
    });
  });
}

/**
 * What to type for a character GSM-7 lacks, where Italian has a usual one: GSM-7 has the small accented vowels
 * (à è é ì ò ù) and É, but no other capital with an accent, and Italian writes one without it as the letter and
 * an apostrophe ("E'"); a small á í ó ú takes Italian's usual grave accent; quotes and dashes go straight.
 */
const GSM7_STAND_INS: Readonly<Record<string, string>> = {
  'È': "E'", 'À': "A'", 'Ì': "I'", 'Ò': "O'", 'Ù': "U'",
  'á': 'à', 'í': 'ì', 'ó': 'ò', 'ú': 'ù',
  '’': "'", '‘': "'", '“': '"', '”': '"', '«': '"', '»': '"',
  '–': '-', '—': '-', '…': '...', '\u00a0': ' ',
};

/** `write "È" as "E'" and "’" as "'"`: each character's stand-in, then those with none, to write in GSM-7 as the editor sees fit. */
function howToWrite(characters: readonly string[]): string {
  const standIns = characters.filter((c) => GSM7_STAND_INS[c] !== undefined).map((c) => `${JSON.stringify(c)} as ${JSON.stringify(GSM7_STAND_INS[c])}`);
  const others = characters.filter((c) => GSM7_STAND_INS[c] === undefined);
  const rest = others.length > 0 ? [`${quotedList(others)} with characters of the GSM-7 alphabet`] : [];
  return `write ${listed([...standIns, ...rest])}`;
}

/** "ó", "’" and "“": each character quoted, as the warning names them. */
function quotedList(characters: readonly string[]): string {
  return listed(characters.map((c) => JSON.stringify(c)));
}
