import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha1Base64 } from '../../src/webhook/hmacSha1';

// The webhook's signature check builds HMAC-SHA1 from two plain SHA-1 hashes;
// a wrong byte would turn every real call away with 403, or let a forged one in.

const reference = (key: string, text: string) => createHmac('sha1', key).update(text, 'utf8').digest('base64');

describe('hmacSha1Base64', () => {
  it('equals createHmac for a Twilio-like token and a webhook-sized text', () => {
    const token = '0123456789abcdef0123456789abcdef';
    const text = `https://ivr.example.net/api/voiceAccountSidAC${'a1'.repeat(16)}CallSidCA${'0'.repeat(32)}From+393401234567`;
    expect(hmacSha1Base64(token, text)).toBe(reference(token, text));
    // Twice: the second answer comes from the key's cached blocks.
    expect(hmacSha1Base64(token, text)).toBe(reference(token, text));
  });

  it('equals createHmac for any key (empty, block-sized, longer, non-ASCII) and any text, lone surrogates included', () => {
    const key = fc.oneof(fc.string({ maxLength: 70 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', 'k'.repeat(64), 'k'.repeat(65), 'è'.repeat(32)));
    fc.assert(
      fc.property(key, fc.string({ unit: 'binary', maxLength: 300 }), (k, text) => {
        expect(hmacSha1Base64(k, text)).toBe(reference(k, text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('tells keys apart after many keys have come and gone', () => {
    for (let i = 0; i < 40; i++) expect(hmacSha1Base64(`token-${i}`, 'text')).toBe(reference(`token-${i}`, 'text'));
    expect(hmacSha1Base64('token-3', 'text')).not.toBe(hmacSha1Base64('token-4', 'text'));
  });
});
