// Calls one of whose requests failed (the app answered with an error, or too
// late) and Twilio's fallback URL answered instead: the record's `fallback:`
// inputs (docs/call-records.md). What the caller pressed then (or how a
// transfer ended) was lost. That is the app or Twilio failing, not the caller
// pressing nothing or a wrong key: said apart, alike on the terminal and the
// page, with the nodes it happened at and what the engine did at each kind of
// node (a menu, the SMS offer, a transfer), and where the map shows it.

import type { Flow } from '../flow/schema';
import { counted, grouped } from '../text/counted';
import { FALLBACK_NOT_PLACED, type CallTally, type ShowValue } from './callTally';
import { languageName } from './languageName';
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
  const kinds = new Set([...at.keys()].map((node) => flow.nodes[node]?.type ?? FALLBACK_NOT_PLACED));
  return [
    `${counted(calls, 'call')} had a request fail, and Twilio's fallback answered it (at ${nodes}): the app or Twilio failed there, not the caller. What the caller pressed then (or how a transfer ended) was lost, and is not counted as a key pressed or as no key`,
    ...atEachKind(flow, kinds),
  ].join('. ');
}

/**
 * What the app did after the fallback at each kind of node it answered at, as the webhook does (resumeCall, or
 * restartCall after a transfer), and where the map shows it: a sentence for each kind among `kinds`.
 */
function atEachKind(flow: Flow, kinds: ReadonlySet<string>): string[] {
  const said: string[] = [];
  // The map draws an arrow back into any menu a fallback said again, the welcome's included (trafficMap).
  if (kinds.has('menu')) said.push(`At a menu the caller heard it again, their tries as they were: on the map, "${FALLBACK_WAY}" on the menu's arrow back to itself`);
  if (kinds.has('sms-offer')) said.push("At an SMS offer the offer was taken as declined (no SMS sent, the record's sms \"declined\") and the call went on: on the map, among the calls offered it");
  // The fallback's request names the transfer, which is not resumed: the call starts over in the caller's language (restartCall).
  if (kinds.has('dial')) said.push(`After a transfer the call began again at its line's start, in the caller's language (before 7 December 2026, in ${languageName(flow, flow.defaultLanguage)} whatever language they had chosen): no arrow of the map shows it`);
  if (kinds.has(FALLBACK_NOT_PLACED)) said.push('Where the record does not say the node, no arrow of the map shows it');
  return said;
}
