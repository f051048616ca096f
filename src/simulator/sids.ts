// Twilio sids: a two-letter type prefix and 32 lowercase hex digits (34 chars).

import { randomBytes } from 'node:crypto';

export type SidPrefix = 'CA' | 'AC' | 'RE' | 'QU';

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}
