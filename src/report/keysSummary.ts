// The keys callers pressed, in the terminal's summary of `ivr report`, beside
// where they hung up most: the keys pressed most, each at its menu with its
// calls, and the calls a menu sent on after the last failed try it allows. The
// page's "Keys pressed at each menu" says every key; these are its figures
// most asked for (how many pressed 2 for an operator, how many got there lost).

import type { Flow } from '../flow/schema';
import type { ShowValue } from './callTally';
import { ANOTHER_KEY, type KeyCounts } from './keyCounts';
import { counted } from '../text/counted';

/** The keys named: as many as the menus a hurried reader weighs. */
const KEYS_NAMED = 3;

/** The summary's lines of keys, none when no call pressed a key the records pair with a menu. */
export function keysSummary(flow: Flow, counts: KeyCounts, show: ShowValue): string[] {
  // Of every line, as the hang-ups: a menu of two lines counts the calls of both.
  const pressed = new Map<string, { menu: string; key: string; calls: number }>();
  const exhausted = new Map<string, number>();
  for (const menus of counts.byLine.values()) {
    for (const [menu, keys] of menus) {
      // Silence is no key pressed: the welcome's Italian callers would top the list with it.
      for (const [key, calls] of keys.callsByKey) {
        if (key === 'none' || key === ANOTHER_KEY) continue;
        const id = JSON.stringify([menu, key]);
        const known = pressed.get(id);
        if (known) known.calls += calls;
        else pressed.set(id, { menu, key, calls });
      }
      if (keys.exhausted > 0) exhausted.set(menu, (exhausted.get(menu) ?? 0) + keys.exhausted);
    }
  }
  const lines: string[] = [];
  const most = [...pressed.values()].sort((a, b) => b.calls - a.calls).slice(0, KEYS_NAMED);
  const named = most.length > 0 ? most.map(({ menu, key, calls }) => `${show(key)} at ${show(menu)} (${counted(calls, 'call')})`).join(', ') : 'none the records pair with a menu';
  const unpaired = counts.unpaired > 0 ? `; the keys of ${counted(counts.unpaired, 'call')} are counted only as far as ${counts.unpaired === 1 ? 'its record pairs' : 'their records pair'} them with the menus` : '';
  if (most.length > 0 || unpaired) lines.push(`Keys pressed most: ${named}${unpaired}`);
  if (exhausted.size > 0) {
    const sent = [...exhausted].sort((a, b) => b[1] - a[1]).map(([menu, calls]) => {
      const node = flow.nodes[menu];
      const to = node?.type === 'menu' && node.retry ? `, to ${show(node.retry.exhausted)} after ${counted(node.retry.maxAttempts, 'failed try', 'failed tries')}` : '';
      return `${counted(calls, 'call')} at ${show(menu)}${to}`;
    });
    lines.push(`Sent on after a menu's last failed try (no key, or a key it has no option for): ${sent.join('; ')}`);
  }
  return lines;
}
