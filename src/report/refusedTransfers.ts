// The transfers the app refused, said for the customer-service lead: each was
// a caller who asked for an operator and was turned away, because the
// operator's number is an app setting left unset (the flow's placeholder is
// the line's own number, so the app would ring itself: ownNumbers.ts). The
// setting is named as the app names it for that dial node and language
// (dialDestinationOf), so the reader knows what to set.

import { dialDestinationOf } from '../config/settings';
import type { Flow } from '../flow/schema';
import { counted } from '../text/counted';
import type { CallTally } from './callTally';

/** "2 transfers were refused: the operator's number is not set (DEST_…); callers heard …", or "" when none was. */
export function refusedTransfers(flow: Flow, tally: Pick<CallTally, 'refused'>): string {
  if (tally.refused.size === 0) return '';
  // Why, then which settings: a placeholder left as it is, or a setting that rings the app itself.
  const byReason = new Map<string, Map<string, number>>();
  const heard = new Set<string>();
  let total = 0;
  for (const [key, n] of tally.refused) {
    const [node, language] = key.split(' ') as [string, string];
    const dialed = dialDestinationOf(flow, node, language);
    // The app refuses a number that rings itself (ownNumbers.ts): a placeholder is the line's own number.
    const reason = dialed?.placeholder ? "the operator's number is not set" : "the operator's number rings this app itself";
    const what = dialed ? dialed.setting : `dial node ${node}`;
    let settings = byReason.get(reason);
    if (!settings) byReason.set(reason, (settings = new Map()));
    settings.set(what, (settings.get(what) ?? 0) + n);
    const dial = flow.nodes[node];
    if (dial?.type === 'dial') heard.add(dial.onFailure);
    total += n;
  }
  const reasons = [...byReason].map(([reason, settings]) => {
    const named = [...settings].sort((a, b) => a[0].localeCompare(b[0]));
    return `${reason} (${named.map(([what, n]) => (named.length > 1 || byReason.size > 1 ? `${what}: ${n}` : what)).join(', ')})`;
  });
  const after = heard.size > 0 ? ` (${[...heard].sort().join(', ')})` : '';
  return `${counted(total, 'transfer was', 'transfers were')} refused: ${reasons.join('; ')}; ${total === 1 ? 'the caller' : 'callers'} heard that no operator could answer${after}`;
}
