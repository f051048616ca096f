import type { Flow, FlowNode } from '../../src/flow/schema';
import { successors } from '../../src/flow/successors';
import { menuAfter } from '../../src/flow/menuAfter';

// The README's summary says, in prose no command checks, which keys each line's
// menu offers and which answers callers can hear again. These read that prose
// and say where it and the flow disagree, in words that say what to edit.

type MenuNode = Extract<FlowNode, { type: 'menu' }>;

/**
 * A line's top menu: where its first opening-hours check sends a caller when the line is open (past the welcome
 * and the choice of language), e.g. "consumer-menu".
 */
export function topMenu(flow: Flow, line: string): string | undefined {
  const start = flow.lines[line]?.start;
  const seen = new Set<string>();
  const queue = start === undefined ? [] : [start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = flow.nodes[id];
    if (node?.type === 'hours') return flow.nodes[node.open]?.type === 'menu' ? node.open : undefined;
    if (node) queue.push(...successors(node));
  }
  return undefined;
}

/**
 * The answers a line's top menu leads to, in the README's sense: its summary says "after an answer (chat,
 * complaints, …) the caller can hear it again (**1**), reach an operator, or go back to the menu (**\***)",
 * and a failed try there is one "after an answer". So an answer is a menu reached by keys from the top menu
 * that tells something and offers no further choice of what to hear: each of its keys hears it again (leads
 * to itself), goes back up (to a menu on the way to it), or leaves the menus (an operator's hours check). A
 * key is followed through messages (say nodes) and hours checks (open, as the README tells the menu) to the
 * menu it reaches: an answer may be a message whose keys come after it (consumer-complaints, then
 * consumer-complaints-options), and is named by where the key leads. A menu reached on the way that offers
 * more menus (a submenu: the consumer menu's "payments", whose keys lead to payment dates and refunds) is no
 * answer, whatever its `*` does: it is walked through, and the answers below it, two or more keys from the
 * top, count. The other lines' menus (`topMenus`: the other line's menu on 9, after a message) lead out: the
 * other line's answers are its own.
 */
function answersOf(flow: Flow, topMenuId: string, topMenus: string[]): string[] {
  const answers: string[] = [];
  const walk = (menuId: string, above: string[], entry: string) => {
    const menu = flow.nodes[menuId] as MenuNode;
    const further = menu.options
      .map((option) => ({ entry: option.next, menu: menuAfter(flow, option.next) }))
      .filter((next): next is { entry: string; menu: string } => next.menu !== undefined && next.menu !== menuId && !above.includes(next.menu) && !topMenus.includes(next.menu));
    if (menuId !== topMenuId && further.length === 0) {
      if (!answers.includes(entry)) answers.push(entry);
      return;
    }
    const walked = new Set<string>();
    for (const next of further) {
      if (walked.has(next.menu)) continue;
      walked.add(next.menu);
      walk(next.menu, [...above, menuId], next.entry);
    }
  };
  walk(topMenuId, [], topMenuId);
  return answers;
}

/** "**1** chat, **\*** repeat" -> ["1", "*"] */
function keysIn(text: string): string[] {
  return [...text.matchAll(/\*\*(\\\*|[0-9#])\*\*/g)].map((m) => (m[1] as string).replace('\\', ''));
}

/** 1-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * Every disagreement between the README's menu summary and the flow, one message each, naming the README's line,
 * the key or answer and what to edit; [] when they agree. `file` is the README's name for messages.
 */
export function menuSummaryDifferences(readme: string, flow: Flow, file = 'README.md'): string[] {
  const found: string[] = [];
  const lines = Object.keys(flow.lines);
  const answers = new Map<string, string[]>();
  const topMenus = lines.flatMap((line) => topMenu(flow, line) ?? []);
  for (const line of lines) {
    const menuId = topMenu(flow, line);
    if (menuId === undefined) continue;
    // The line's answers are the flow's, whatever the README says of its menu: counted even for a line it omits.
    for (const answer of answersOf(flow, menuId, topMenus)) {
      // One answer on both lines (consumer-written, merchant-written) is one item of the list: named without its line.
      const kind = answer.startsWith(`${line}-`) ? answer.slice(line.length + 1) : answer;
      answers.set(kind, [...(answers.get(kind) ?? []), answer]);
    }
    const label = `${line[0]?.toUpperCase()}${line.slice(1)} menu:`;
    const at = readme.indexOf(label);
    if (at < 0) {
      // Its place: with the other lines' menus, before "After an answer", which follows them.
      const answerAt = readme.indexOf('After an answer');
      const place = answerAt < 0 ? `${file}:` : `${file}:${lineAt(readme, answerAt)}: before "After an answer",`;
      found.push(`${place} the summary has no "${label}" sentence for the ${line} line's menu (${menuId}); add one listing its keys as **1** what it does, ...`);
      continue;
    }
    // The sentence runs to the next line's menu or to "After an answer", whichever comes first.
    const ends = [...lines.map((other) => readme.indexOf(`${other[0]?.toUpperCase()}${other.slice(1)} menu:`, at + label.length)), readme.indexOf('After an answer', at)].filter((i) => i > at);
    const said = readme.slice(at, Math.min(...ends, at + 1000));
    const where = `${file}:${lineAt(readme, at)}`;
    const menu = flow.nodes[menuId] as MenuNode;
    const offered = menu.options.map((o) => o.key);
    const written = keysIn(said);
    for (const option of menu.options.filter((o) => !written.includes(o.key))) {
      found.push(`${where}: "${label}" does not list key ${option.key}, which ${menuId} offers (to "${option.next}"); add **${option.key}** and what it does there`);
    }
    for (const key of written.filter((k) => !offered.includes(k))) {
      found.push(`${where}: "${label}" lists key ${key}, which ${menuId} no longer offers; remove **${key}** from it`);
    }
  }
  const at = readme.indexOf('After an answer (');
  if (at >= 0) {
    const items = readme.slice(at + 'After an answer ('.length, readme.indexOf(')', at)).split(',').map((item) => item.replace(/\s+/g, ' ').trim());
    if (items.length !== answers.size) {
      const named = [...answers].map(([kind, nodes]) => `${kind} (${nodes.join(', ')})`).join(', ');
      found.push(
        `${file}:${lineAt(readme, at)}: "After an answer (${items.join(', ')})" names ${items.length} answers; the menus lead to ${answers.size}, which callers can hear again or leave with *: ${named}; name each of them in that list`,
      );
    }
  }
  return found;
}
