// The sentence of a menu's prompt that tells the caller to press a key ("Per
// sapere come usare la chat, premi 1."): beside a change of where that key
// goes, it shows a reviewer what the caller was promised, so a swap of two
// keys' targets whose words stay the same reads as the clash it is.

import { offeredKeys } from '../flow/announcedKeys';
import { sentencesOf } from './wordsPart';

/** The first sentence of `says` (a menu's prompt) that asks for `key`, or undefined when none does. */
export function keyAnnouncement(says: readonly string[], key: string, language: string | undefined): string | undefined {
  return sentencesOf(says, language).find((sentence) => offeredKeys([sentence]).includes(key));
}
