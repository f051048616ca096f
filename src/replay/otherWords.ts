// Which replayed calls would hear other words. A call that goes the same way
// on the flow replayed against (its path, outcome, language and inputs as
// recorded) may still hear a reworded prompt: that is no change of where
// calls go, so replay does not count it as going differently, but it is what
// a menu editor asks replay about. Such a call is played once more, the same
// way (keys, transfers, SMS, instant and pace), on the base flow, the one the
// calls went through, and what it heard at each node is compared. Only calls
// that enter a node whose words may differ are played again (spokenNodes),
// so a change of one prompt costs a replay of the calls that pass it.

import type { Settings } from '../config/settings';
import type { Flow } from '../flow/schema';
import { wordsReplayer, type Playing } from './replayRecord';
import type { NodeWords } from './wordsAtNodes';
import { languageCodeOf } from '../webhook/callRecords';

/** The flow the recorded calls went through, and how to name it. */
export interface WordsBase {
  flow: Flow;
  label: string;
}

/** A node whose words changed, in one language, and the calls that would hear them there. */
interface OtherWordsAt {
  node: string;
  /** The flow's code of the language the changed words are in ("it", "en"). */
  language: string;
  calls: number;
  callSids: string[];
}

export interface OtherWords {
  comparedWith: string;
  /** The calls that go the same way and would hear other words than on the base flow. */
  calls: number;
  /** Where, most calls first (a call counts once at each node and language it hears other words at). */
  at: OtherWordsAt[];
  /** Calls that go the same way on the flow replayed against but differently on the base: their words are not compared. */
  notCompared: number;
  /** The first few of those. */
  notComparedCallSids: string[];
}

/** Flow fields besides the nodes that change what callers hear at any node: the hours (and holidays, closures) said, the languages, the apology. */
const SPOKEN_EVERYWHERE = ['hours', 'languages', 'defaultLanguage', 'errorPrompt'] as const;
/** Node fields no caller hears. */
const UNHEARD = new Set(['description', 'note', 'source']);

/** The nodes whose words may differ between the flows, or 'every' when something every node may say differs. */
function spokenNodes(base: Flow, flow: Flow): Set<string> | 'every' {
  if (SPOKEN_EVERYWHERE.some((field) => heardJson(base[field]) !== heardJson(flow[field]))) return 'every';
  return new Set(Object.keys(flow.nodes).filter((id) => heardJson(base.nodes[id]) !== heardJson(flow.nodes[id])));
}

function heardJson(value: unknown): string | undefined {
  return JSON.stringify(value, (key, v) => (UNHEARD.has(key) ? undefined : v));
}

const NAMED_NOT_COMPARED = 5;

/** Counts, call by call, the calls that would hear other words than on `base`. */
export function otherWordsCounter(base: WordsBase, flow: Flow, settings: Settings): { add(callSid: string, heard: NodeWords[], playing: Playing): Promise<void>; summary(): OtherWords } {
  const spoken = spokenNodes(base.flow, flow);
  const heardOnBase = wordsReplayer(base.flow, settings);
  const at = new Map<string, OtherWordsAt>();
  const summary: OtherWords = { comparedWith: base.label, calls: 0, at: [], notCompared: 0, notComparedCallSids: [] };
  const languageOf = (tag: string) => languageCodeOf(flow, tag) ?? languageCodeOf(base.flow, tag) ?? tag;
  return {
    async add(callSid, heard, playing) {
      if (spoken !== 'every' && !heard.some((visit) => spoken.has(visit.node))) return;
      const before = await heardOnBase(playing);
      if (before.map((v) => v.node).join(' ') !== heard.map((v) => v.node).join(' ')) {
        summary.notCompared++;
        if (summary.notComparedCallSids.length < NAMED_NOT_COMPARED) summary.notComparedCallSids.push(callSid);
        return;
      }
      const places = new Set<string>();
      heard.forEach((visit, i) => {
        for (const tag of changedTags(before[i]?.said ?? [], visit.said)) places.add(JSON.stringify([visit.node, languageOf(tag)]));
      });
      if (places.size === 0) return;
      summary.calls++;
      for (const place of places) {
        const [node, language] = JSON.parse(place) as [string, string];
        const known = at.get(place);
        if (known) {
          known.calls++;
          known.callSids.push(callSid);
        } else at.set(place, { node, language, calls: 1, callSids: [callSid] });
      }
    },
    summary() {
      return { ...summary, at: [...at.values()].sort((a, b) => b.calls - a.calls) };
    },
  };
}

/** The tags of the sentences said otherwise, sentence by sentence (the new one's tag; the old one's where it is no longer said). */
function changedTags(before: NodeWords['said'], after: NodeWords['said']): Set<string> {
  const tags = new Set<string>();
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i]?.text !== after[i]?.text) tags.add((after[i] ?? before[i])?.tag as string);
  }
  return tags;
}
