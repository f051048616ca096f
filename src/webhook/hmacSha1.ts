import { createHmac, hash } from 'node:crypto';

// HMAC-SHA1 (RFC 2104) from two one-shot crypto.hash calls, with the key's
// padded blocks worked out once per key. The result is createHmac's, byte for
// byte (test/webhook/hmacSha1.test.ts); the cost is not: every createHmac
// looks SHA-1 up again in OpenSSL's provider tables, and on the live host that
// made the signature check a sixth of a webhook's CPU.

const BLOCK_BYTES = 64;
const DIGEST_BYTES = 20;

interface PaddedKey {
  /** key XOR ipad, as text that encodes to exactly those bytes. */
  inner: string;
  /** key XOR opad, then room for the inner digest. */
  outer: Buffer;
}

// Twilio's auth tokens are one or two per app; the simulator and tests may
// bring more, so the table is emptied rather than left to grow.
const MAX_KEYS = 16;
const paddedKeys = new Map<string, PaddedKey | null>();

/** base64(HMAC-SHA1(key, text)), the key and text taken as UTF-8. */
export function hmacSha1Base64(key: string, text: string): string {
  const padded = paddedKeyOf(key);
  if (!padded) return createHmac('sha1', key).update(text, 'utf8').digest('base64');
  // crypto.hash is synchronous, so the key's one outer buffer is never shared by two calls.
  hash('sha1', padded.inner + text, 'buffer').copy(padded.outer, BLOCK_BYTES);
  return hash('sha1', padded.outer, 'base64');
}

function paddedKeyOf(key: string): PaddedKey | null {
  let padded = paddedKeys.get(key);
  if (padded === undefined) {
    if (paddedKeys.size >= MAX_KEYS) paddedKeys.clear();
    padded = pad(key);
    paddedKeys.set(key, padded);
  }
  return padded;
}

/**
 * The padded blocks, or null where createHmac must do it: a key longer than a
 * block (HMAC hashes it first), or one with non-ASCII characters, whose inner
 * block would not encode to itself as UTF-8 text.
 */
function pad(key: string): PaddedKey | null {
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length > BLOCK_BYTES || bytes.length !== key.length) return null;
  const inner = Buffer.alloc(BLOCK_BYTES, 0x36);
  const outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES, 0x5c);
  for (let i = 0; i < bytes.length; i++) {
    inner[i]! ^= bytes[i]!;
    outer[i]! ^= bytes[i]!;
  }
  return { inner: inner.toString('latin1'), outer };
}
