import type { Flow } from '../flow/schema';
import { DateTime } from 'luxon';
import { speeches } from '../engine/step';
import { promptTexts, type PromptText } from '../flow/promptTexts';
import type { Renames } from './renamedNodes';
import { successors } from '../flow/successors';
import { menuAfter } from '../flow/menuAfter';

// A node the change adds has no old words to compare its own with, so "Said in
// other words" never shows them, and a change of route names only the node: a
// reviewer would approve a new message without having read it. These are its
// words, as the engine says them (speeches): "{hours}" filled, as in every
// call. "{reopens}" and "{holiday}" are left as written, and the report says
// so: the hours check a call passed fills them from the moment of that call
// ("domani alle 9" one evening, "lunedì 14 dicembre alle 9" on a Saturday),
// and the node is listed once, not once per call; filled from one of them, a
// reviewer would read one evening's words as the node's. A line the change
// adds is not compared at all (no old calls to pair with), so the nodes its
// calls can reach that the old flow lacks are shown the same way.
// A new node's calls are not compared either (no old node to pair them with),
// so where each of its keys leads is shown with its words: an answer copied
// from another whose hear-again key still points at the original shows here.

/** What callers hear at a node only the new flow has, per language, and where its keys lead. */
export interface NewNodeHeard {
  node: string;
  /** Each language's words of the node's prompt (a menu's intro first), in the flow's order of languages. */
  said: { language: string; text: string }[];
  /** A menu's keys in the flow's order, each with the node it leads to (and the language it switches to). */
  keys: NewNodeKey[];
}

export interface NewNodeKey {
  key: string;
  next: string;
  language?: string;
  /**
   * Set when the menu `next` leads to (`next` itself, or the keys after its message: consumer-written, then
   * consumer-written-options) has its own `key` leading to `next` (its "hear again" key) and the same keys as
   * the new node: a copy whose hear-again key still points at the original, so the caller who asks to hear
   * the new answer again hears the old one.
   */
  hearsAgainOriginal?: true;
  /** With `hearsAgainOriginal`, the original's menu when it is not `next` itself (consumer-written-options). */
  originalMenu?: string;
  /** With `hearsAgainOriginal`, the copy's own message when its keys follow one (merchant-call-cost): what the key should lead to. */
  ownMessage?: string;
}

/**
 * The nodes of `after` that `before` lacks and calls now enter (`entered`), each with its words; in the order
 * entered. A renamed node (a new id in `renames`) is not new: its words, if changed, are "said in other words".
 */
export function newNodesHeard(before: Flow, after: Flow, entered: string[], renames: Renames = new Map()): NewNodeHeard[] {
  const renamedTo = new Set(renames.values());
  const added = [...new Set(entered)].filter((id) => !Object.hasOwn(before.nodes, id) && Object.hasOwn(after.nodes, id) && !renamedTo.has(id));
  return added.flatMap((id) => {
    const node = after.nodes[id]!;
    const parts = [...('intro' in node && node.intro ? promptTexts([], node.intro) : []), ...('prompt' in node && node.prompt ? promptTexts([], node.prompt) : [])].map((part) => ({ ...part, text: saidAlike(after, part) }));
    if (parts.length === 0) return [];
    const languages = [...new Set([...Object.keys(after.languages), ...parts.map((p) => p.language)])];
    // A part written in one language only ({ "language": "en", "text": ... }) is said so in every call: shown under its language.
    const said = languages.flatMap((language) => {
      const texts = parts.filter((p) => p.language === language).map((p) => p.text);
      return texts.length > 0 ? [{ language, text: texts.join(' ') }] : [];
    });
    return [{ node: id, said, keys: keysOf(after, id) }];
  });
}

/**
 * A sentence as every call says it, in its language: "{hours}" filled. Without the placeholders of an hours
 * check (its `vars`), `speeches` reads the flow alone; the instant and the numbers it is given are not read.
 */
function saidAlike(flow: Flow, { language, text }: PromptText): string {
  if (!Object.hasOwn(flow.languages, language)) return text;
  const [speech] = speeches({ flow, now: DateTime.fromMillis(0, { zone: flow.hours.timeZone }), destinations: {} }, [{ language, text }], language);
  return speech?.text ?? text;
}

/** Where each key of menu `id` leads, in the flow's order; [] for another kind of node. */
function keysOf(flow: Flow, id: string): NewNodeKey[] {
  const node = flow.nodes[id];
  if (node?.type !== 'menu') return [];
  const keys = node.options.map((option) => option.key).sort().join(' ');
  return node.options.map(({ key, next, language }) => {
    const original = menuAfter(flow, next);
    const target = original === undefined ? undefined : flow.nodes[original];
    const copied = original !== undefined && original !== id && target?.type === 'menu' && target.options.some((option) => option.key === key && option.next === next) && target.options.map((option) => option.key).sort().join(' ') === keys;
    if (!copied) return { key, next, ...(language ? { language } : {}) };
    const ownMessage = original !== next ? messageBefore(flow, id) : undefined;
    return { key, next, ...(language ? { language } : {}), hearsAgainOriginal: true as const, ...(original !== next ? { originalMenu: original } : {}), ...(ownMessage ? { ownMessage } : {}) };
  });
}

/** The message node whose words lead on to menu `id` (merchant-call-cost before merchant-call-cost-options), if one does. */
function messageBefore(flow: Flow, id: string): string | undefined {
  return Object.keys(flow.nodes).find((other) => flow.nodes[other]?.type === 'say' && menuAfter(flow, other) === id);
}

/** The nodes a call on a line only `after` has can reach, from the line's start outwards (a caller's order). */
export function nodesOfNewLines(before: Flow, after: Flow): string[] {
  const queue = Object.entries(after.lines)
    .filter(([name]) => !Object.hasOwn(before.lines, name))
    .map(([, line]) => line.start);
  const reached = new Set<string>();
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (reached.has(id) || !Object.hasOwn(after.nodes, id)) continue;
    reached.add(id);
    queue.push(...successors(after.nodes[id]!));
  }
  return [...reached];
}
