// How calls end, over every walk: each distinct ending (the nodes the last
// answer went through, and what became of the call) with how many paths end so.

import type { PathCount } from './simplePaths';
import { transferTarget } from './transferSettings';
import type { Ending, EndingSummary } from './types';

/** Every way calls end over all walks, with the number of paths that end so, most first. `unsetOf`: the unset operators' settings of a transfer it ended at (unsetSettingsOfEnding). */
export function endingSummaries(counts: PathCount[], unsetOf: (ending: Ending) => string[]): EndingSummary[] {
  const merged = new Map<string, EndingSummary>();
  for (const count of counts) {
    for (const [key, { paths, ending }] of count.byEnding) {
      const known = merged.get(key);
      if (known) known.paths += paths;
      else merged.set(key, { ...endingFields(ending, unsetOf(ending)), paths });
    }
  }
  return [...merged.values()].sort((a, b) => b.paths - a.paths);
}

export function endingKey(ending: Ending): string {
  const outcome = ending.outcome;
  return [ending.route.join(' '), outcome.kind, outcome.kind === 'dial' ? outcome.to : '', outcome.kind === 'hangup' ? String(ending.spokeAtEnd) : ''].join('|');
}

/**
 * What an ending is, in words and as data. `unsetSettings`: the operators' settings, unset here, of the
 * transfer it ended at: the number connected was then the flow's placeholder (the line's own), which the
 * app refuses to ring and the printed commands replace with an example number, so the setting is named instead.
 */
export function endingFields(ending: Ending, unsetSettings: string[] = []): Omit<EndingSummary, 'paths'> {
  const outcome = ending.outcome;
  const at = ending.route.length > 0 ? `${ending.route.join(' > ')}: ` : '';
  const placeholder = outcome.kind === 'dial' && unsetSettings.length > 0;
  let description: string;
  if (outcome.kind === 'dial') description = `${at}connected to ${transferTarget(outcome.to, unsetSettings)}`;
  else if (outcome.kind === 'hangup') description = ending.spokeAtEnd ? `${at}hangs up after "${tail(ending.lastSaid ?? '')}"` : `${at}hangs up without a word`;
  else if (outcome.kind === 'error') description = `${at}Twilio error ${outcome.code}`;
  else description = `${at}${outcome.kind}`;
  return {
    ...(ending.node ? { node: ending.node } : {}),
    route: ending.route,
    outcome: outcome.kind,
    ...(placeholder ? { unsetSettings } : outcome.kind === 'dial' ? { connectedTo: outcome.to } : {}),
    description,
  };
}

/** The end of a long sentence: what the caller hears last. */
function tail(text: string, max = 48): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1).replace(/^\S*\s/, '')}`;
}
