// How long a <Say> takes in simulated time: its words at 150 a minute, words
// being what whitespace separates, whichever whitespace a prompt holds (an
// Italian prompt pasted from a document often carries no-break spaces).
import { describe, expect, it } from 'vitest';
import { speakingSeconds } from '../../src/simulator/virtualClock';

const EVERY_SPACE = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((c) => /\s/.test(c));

describe('speakingSeconds', () => {
  it('counts a word between any two of JavaScript\'s whitespace characters', () => {
    const text = EVERY_SPACE.map((space, i) => `w${i}${space}`).join('');
    expect(speakingSeconds(text)).toBe(Math.ceil(EVERY_SPACE.length / 2.5));
  });

  it('agrees with splitting on whitespace for prompts of the flow and odd spacing', () => {
    for (const text of ['', '   ', 'Benvenuto', ' Per parlare con un operatore,\u00a0premi 2. ', 'a\u3000b\u2028c\ufeffd', 'uno  due\t\ttre\n\nquattro cinque sei sette']) {
      const words = text.split(/\s+/).filter(Boolean).length;
      expect(speakingSeconds(text), JSON.stringify(text)).toBe(words === 0 ? 0 : Math.ceil(words / 2.5));
    }
  });
});
