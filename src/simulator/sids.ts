// Twilio sids: a two-letter type prefix and 32 lowercase hex digits (34 chars).

import { randomUUID } from 'node:crypto';

export type SidPrefix = 'CA' | 'AC' | 'RE' | 'TR' | 'QU';

/**
 * A random version-4 UUID without its dashes: 32 hex digits, 122 of their
 * bits random. randomUUID draws from a buffer of entropy node refills in
 * bulk, where randomBytes(16) asked the system for each sid: a simulated call
 * makes several, and explore and replay make thousands of calls.
 */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomUUID().replaceAll('-', '');
}
