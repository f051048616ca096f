import type { Flow, FlowNode } from '../../src/flow/schema';
import { successors } from '../../src/flow/successors';

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
 * The answers a top menu leads to: menus reached by one of its keys that offer `*` back to it (chat, complaints,
 * ...), whose keys the README's "After an answer" sentence describes.
 */
function answersOf(flow: Flow, menuId: string): string[] {
  const menu = flow.nodes[menuId] as MenuNode;
  return menu.options
    .map((option) => option.next)
    .filter((next) => {
      const node = flow.nodes[next];
      return next !== menuId && node?.type === 'menu' && node.options.some((o) => o.key === '*' && o.next === menuId);
    });
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
  for (const line of lines) {
    const menuId = topMenu(flow, line);
    if (menuId === undefined) continue;
    const label = `${line[0]?.toUpperCase()}${line.slice(1)} menu:`;
    const at = readme.indexOf(label);
    if (at < 0) {
      found.push(`${file}: the summary has no "${label}" sentence for the ${line} line's menu (${menuId}); add one listing its keys as **1** what it does, ...`);
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
    for (const answer of answersOf(flow, menuId)) {
      // One answer on both lines (consumer-written, merchant-written) is one item of the list: named without its line.
      const kind = answer.startsWith(`${line}-`) ? answer.slice(line.length + 1) : answer;
      answers.set(kind, [...(answers.get(kind) ?? []), answer]);
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
