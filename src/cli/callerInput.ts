import type { CallerAction } from '../simulator';
import { UsageError } from './commandLine';

/**
 * One `--press` value as the caller's action: keys ("1", "12#"), "-" for
 * silence, "say:some words" for speech, "hangup" to put the phone down.
 */
export function parseCallerAction(value: string): CallerAction {
  const trimmed = value.trim();
  if (trimmed === '-' || trimmed === '') return { silence: true };
  if (trimmed === 'hangup') return { hangup: true };
  if (trimmed.startsWith('say:')) return { speech: trimmed.slice(4).trim() };
  if (!/^[0-9*#wW]+$/.test(trimmed)) {
    throw new UsageError(`--press "${value}": give phone keys (0-9, *, #), "-" for silence, "say:words" for speech or "hangup"`);
  }
  return { digits: trimmed };
}
