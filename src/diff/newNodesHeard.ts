import type { Flow } from '../flow/schema';
import { promptTexts } from '../flow/promptTexts';
import type { Renames } from './renamedNodes';

// A node the change adds has no old words to compare its own with, so "Said in
// other words" never shows them, and a change of route names only the node: a
// reviewer would approve a new message without having read it. These are its
// words, as the flow writes them ({hours} and the like left as written).

/** What callers hear at a node only the new flow has, per language. */
export interface NewNodeHeard {
  node: string;
  /** Each language's words of the node's prompt (a menu's intro first), in the flow's order of languages. */
  said: { language: string; text: string }[];
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
    const parts = [...('intro' in node && node.intro ? promptTexts([], node.intro) : []), ...('prompt' in node && node.prompt ? promptTexts([], node.prompt) : [])];
    if (parts.length === 0) return [];
    const languages = [...new Set([...Object.keys(after.languages), ...parts.map((p) => p.language)])];
    // A part written in one language only ({ "language": "en", "text": ... }) is said so in every call: shown under its language.
    const said = languages.flatMap((language) => {
      const texts = parts.filter((p) => p.language === language).map((p) => p.text);
      return texts.length > 0 ? [{ language, text: texts.join(' ') }] : [];
    });
    return [{ node: id, said }];
  });
}

