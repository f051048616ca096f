// The transfers the app refused, said for the customer-service lead: each was
// a caller who asked for an operator and was turned away, because the
// operator's number would ring the app itself (ownNumbers.ts): an app setting
// left unset (the flow's placeholder is the line's own number), or set to one
// of the app's own numbers. The record says only that it was refused, so a
// placeholder is said as either. The setting is named as the app names it for
// that dial node and language (dialDestinationOf), so the reader knows what
// to set. A refusal the flow cannot explain (no destination for the call's
// language, or a node the flow no longer has) is counted and said so.

import { dialDestinationOf } from '../config/settings';
import type { Flow } from '../flow/schema';
import { counted, grouped } from '../text/counted';
import type { CallTally, RefusedAt, ShowValue } from './callTally';
import { languageName } from './languageName';

/** "2 transfers were refused: the operator's number is not set, or rings this app (DEST_…); callers heard …", or "" when none was. */
export function refusedTransfers(flow: Flow, tally: Pick<CallTally, 'refused'>, show: ShowValue): string {
  if (tally.refused.size === 0) return '';
  // Why, then which settings (or nodes) with their refusals.
  const byReason = new Map<string, Map<string, number>>();
  const heard = new Set<string>();
  let total = 0;
  for (const refused of tally.refused.values()) {
    const { reason, what } = whyRefused(flow, refused, show);
    let named = byReason.get(reason);
    if (!named) byReason.set(reason, (named = new Map()));
    named.set(what, (named.get(what) ?? 0) + refused.calls);
    const dial = refused.node === undefined ? undefined : flow.nodes[refused.node];
    if (dial?.type === 'dial') heard.add(dial.onFailure);
    total += refused.calls;
  }
  const reasons = [...byReason].map(([reason, named]) => {
    const sorted = [...named].sort((a, b) => a[0].localeCompare(b[0]));
    return `${reason} (${sorted.map(([what, n]) => (sorted.length > 1 || byReason.size > 1 ? `${what}: ${grouped(n)}` : what)).join(', ')})`;
  });
  const after = heard.size > 0 ? ` (${[...heard].sort().join(', ')})` : '';
  return `${counted(total, 'transfer was', 'transfers were')} refused: ${reasons.join('; ')}; ${total === 1 ? 'the caller' : 'callers'} heard that no operator could answer${after}`;
}

/** What can be said of one place of refusals from the flow alone, and what it names: the setting, else the node. */
function whyRefused(flow: Flow, { node, gone, language }: RefusedAt, show: ShowValue): { reason: string; what: string } {
  if (node === undefined) return { reason: 'the flow no longer has the node', what: gone ? show(gone) : 'not named in the record' };
  const dialed = dialDestinationOf(flow, node, language);
  if (!dialed) return { reason: `no destination for ${language ? `${show(languageName(flow, language))} callers` : 'callers with no language recorded'} in this flow`, what: node };
  // A placeholder is the line's own number: refused while the setting is unset, or set to a number of the app.
  // A number given in the flow was refused as the app's own, the flow's or the setting's.
  return { reason: dialed.placeholder ? "the operator's number is not set, or rings this app" : "the operator's number rings this app itself", what: dialed.setting };
}
