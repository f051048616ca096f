// Calls one of whose requests failed (the app answered with an error, or too
// late) and Twilio's fallback URL answered instead: the record's `fallback:`
// inputs (docs/call-records.md). The key the caller pressed then was lost, and
// they heard the prompt again (after a transfer, the welcome). That is the app
// or Twilio failing, not the caller pressing nothing or a wrong key: said
// apart, alike on the terminal and the page, with the nodes it happened at,
// and the map's arrows name it (FALLBACK_WAY) instead of the flow's repeat.

import type { Flow } from '../flow/schema';
import { counted, grouped } from '../text/counted';
import { FALLBACK_NOT_PLACED, type CallTally, type ShowValue } from './callTally';
import { FALLBACK_WAY } from './trafficMap';

/** The nodes named, most calls first: a forged file's every node would make the line as long as the file. */
const NODES_NAMED = 5;

/** "2 calls had a request fail, and Twilio's fallback answered it (at consumer-menu 2): …", or "" when none did. */
export function fallbackNote(flow: Flow, t: Pick<CallTally, 'fallbacks'>, show: ShowValue): string {
  const { calls, at } = t.fallbacks;
  if (calls === 0) return '';
  const nodes =
    [...at]
      .sort((a, b) => b[1] - a[1])
      .slice(0, NODES_NAMED)
      .map(([node, n]) => `${node === FALLBACK_NOT_PLACED ? 'a node the record does not say' : show(node)} ${grouped(n)}`)
      .join(', ') + (at.size > NODES_NAMED ? ', …' : '');
  // The map draws it on a menu's arrow back to itself only: after a transfer or an offer, the call went on as the flow does.
  const atMenu = [...at.keys()].some((node) => flow.nodes[node]?.type === 'menu');
  return (
    `${counted(calls, 'call')} had a request fail, and Twilio's fallback answered it (at ${nodes}): the app or Twilio failed there, not the caller. ` +
    `What the caller pressed then (or how a transfer ended) was lost, and the caller heard the prompt again (after a transfer, the welcome); it is not counted as a key pressed or as no key${atMenu ? `: on the map, "${FALLBACK_WAY}"` : ''}`
  );
}
