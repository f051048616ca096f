// The report page's keys pressed at each menu and SMS offer (keyCounts): a
// table for each, line by line, of every key callers pressed there with its
// calls, how many times it was pressed, and where this flow sends it. A failed
// try on the last try the menu allows has a row of its own, and the calls it
// sent on are said under the table: so the callers who pressed 2 for an
// operator read apart from those the menu sent there after three failed tries,
// silence apart from wrong keys, and a wrong key that asked the menu again is
// not lost on the map's arrow back to the menu.

import type { Flow } from '../flow/schema';
import type { CallTally, ShowValue } from './callTally';
import { ANOTHER_KEY, type KeyPressed, type MenuKeys } from './keyCounts';
import { flowSendsWords, keyWords, sendsTo } from './keysPressed';
import { counted, grouped } from '../text/counted';
import { markupText as esc } from '../text/markupText';

/** The page's section of keys pressed ("" when no call pressed any the records pair), record values shown by `show`. */
export function keysTable(flow: Flow, t: Pick<CallTally, 'keys' | 'fallbacks'>, show: ShowValue): string {
  const lines = Object.keys(flow.lines).filter((line) => (t.keys.byLine.get(line)?.size ?? 0) > 0);
  if (lines.length === 0 && t.keys.unpaired === 0) return '';
  const { unpaired } = t.keys;
  return `<section aria-labelledby="keys"><h2 id="keys">Keys pressed at each menu</h2>
<p>Each key callers pressed at a menu or an SMS offer (<em>no key</em>: they pressed none before it stopped waiting), how many calls pressed it there, how many times in all, and where this flow sends it. A key a menu has no option for, or no key, is a failed try: the menu asks again, and on the last failed try it allows the call goes on to another node, said on a row of its own and under the table: those callers did not choose where they went.</p>
${unpaired > 0 ? `<p data-keys-unpaired="${unpaired}">${counted(unpaired, 'call has', 'calls have')} keys counted only as far as the record pairs its answers with the menus: past a gap in the path (…), a node this flow lacks, an SMS offer the record does not place, or in a call that started over, it does not say which menu a key answered.</p>` : ''}
${t.fallbacks.calls > 0 ? `<p>Twilio's fallback after a failed request (${counted(t.fallbacks.calls, 'call')}, see “Where callers go”) is no key of the caller's: not counted here.</p>` : ''}
${lines.map((line) => lineKeys(flow, line, t.keys.byLine.get(line) as Map<string, MenuKeys>, show)).join('\n')}
</section>`;
}

/** A line's tables, its menus and offers in the flow's order. */
function lineKeys(flow: Flow, line: string, menus: Map<string, MenuKeys>, show: ShowValue): string {
  const tables = Object.keys(flow.nodes)
    .filter((menu) => menus.has(menu))
    .map((menu) => menuTable(flow, line, menu, menus.get(menu) as MenuKeys, show));
  return `<h3>${esc(line)} line</h3>\n${tables.join('\n')}`;
}

function menuTable(flow: Flow, line: string, menu: string, keys: MenuKeys, show: ShowValue): string {
  const node = flow.nodes[menu];
  const at = node?.type === 'sms-offer' ? `the SMS offer ${menu}` : menu;
  // The most pressed first; the keys not listed one by one last.
  const rows = [...keys.rows.values()].sort((a, b) => Number(a.key === ANOTHER_KEY) - Number(b.key === ANOTHER_KEY) || b.calls - a.calls || b.times - a.times);
  const exhausted =
    node?.type === 'menu' && node.retry && keys.exhausted > 0
      ? `<p data-exhausted="${esc(menu)}">${counted(keys.exhausted, 'call was', 'calls were')} sent on to ${esc(node.retry.exhausted)} after the ${grouped(node.retry.maxAttempts)} failed ${node.retry.maxAttempts === 1 ? 'try' : 'tries'} ${esc(menu)} allows (no key, or a key it has no option for), not by pressing a key for it.</p>`
      : '';
  return `<table class="keys" data-keys-at="${esc(menu)}"><caption>Keys pressed at ${esc(at)}, ${esc(line)} line</caption><thead><tr><th scope="col">Key</th><th scope="col">Calls</th><th scope="col">Times pressed</th><th scope="col">Where this flow sends it</th></tr></thead><tbody>${rows
    .map((row) => `<tr><th scope="row">${esc(keyWords(row.key))}${row.lastTry ? ', on the last try' : ''}</th><td>${grouped(row.calls)}</td><td>${grouped(row.times)}</td><td>${esc(whereSent(flow, menu, row, show))}</td></tr>`)
    .join('')}</tbody></table>${exhausted}`;
}

/** Where this flow sends the row's key, and where its calls went when that is elsewhere (the flow changed since them). */
function whereSent(flow: Flow, menu: string, { key, lastTry, to }: KeyPressed, show: ShowValue): string {
  if (key === ANOTHER_KEY) return 'keys not listed one by one: longer than 8 keys, not keys of a phone, or more kinds than the table lists';
  const node = flow.nodes[menu];
  // The try that sends the key where the row says: the last the menu allows, or the first.
  const expected = node?.type === 'sms-offer' ? node.next : sendsTo(flow, menu, key, lastTry && node?.type === 'menu' ? (node.retry?.maxAttempts ?? 1) - 1 : 0);
  const words = flowSendsWords(flow, menu, key, lastTry, show);
  return expected !== undefined && to !== undefined && to !== expected ? `${words}; these calls went to ${show(to)}` : words;
}
