// Turns a path the explorer found into a concrete call, and that call into an
// `ivr call` command line anyone can paste to hear it for themselves.

import type { DialStatus } from '../simulator';
import type { Choice, Instant, PathExample } from './types';

export interface ExampleOptions {
  /** The flow file, when it is not ours: the command sets IVR_FLOW_FILE. */
  flowFile?: string;
  /** Hang up after the last key, so the replay stops where the defect shows. */
  hangUpAfter?: boolean;
  /** App settings the call needs that a shell pasted into may lack (e.g. an operator's DEST_* number): set in front of the command. */
  settings?: Record<string, string>;
}

export function pathExample(instant: Instant, line: string, to: string, path: Choice[], options: ExampleOptions = {}): PathExample {
  const press = path.flatMap((c) => ('press' in c ? [c.press] : []));
  const dialStatuses = path.flatMap((c) => ('dial' in c ? [c.dial] : []));
  const choices = path.map((c) => ('dial' in c ? `dial ${c.dial}` : c.press === '-' ? 'silence' : c.press));
  return { instant, line, to, choices, press, dialStatuses, reproduce: callCommandLine(instant, to, press, dialStatuses, options) };
}

export function callCommandLine(instant: Instant, to: string, press: string[], dialStatuses: DialStatus[], options: ExampleOptions): string {
  const words = ['npx', 'ivr', 'call', '--to', to, '--at', instant.at];
  for (const key of options.hangUpAfter ? [...press, 'hangup'] : press) words.push('--press', key);
  // `ivr call --dial-status` takes one status per dial in order, the last repeating.
  const distinct = [...new Set(dialStatuses)];
  if (distinct.length > 1) words.push('--dial-status', dialStatuses.join(','));
  else if (distinct.length === 1 && distinct[0] !== 'completed') words.push('--dial-status', distinct[0] as DialStatus);
  const env = options.flowFile ? [`IVR_FLOW_FILE=${shellWord(options.flowFile)}`] : [];
  for (const [setting, value] of Object.entries(options.settings ?? {})) env.push(`${setting}=${shellWord(value)}`);
  return [...env, ...words.map(shellWord)].join(' ');
}

/** Quotes a word for a POSIX shell when it holds anything the shell would interpret (*, #, spaces...). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_+=:./,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
