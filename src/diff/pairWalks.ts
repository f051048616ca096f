// Pairs the calls of two flows by what the caller does. Both walks of one line
// at one instant are followed together from the start: the same key (or
// silence, or the same end of a transfer) in the situation each flow is in.
// While both flows do the same thing the pair goes on; where they part, the
// difference is recorded and that branch stops, since everything after it
// differs too. So each change is named once, where callers first notice it,
// and the work is linear in the two walks (each pair of situations once).

import type { Settings } from '../config/settings';
import { alignLists } from './alignLists';
import { unsetSettingOfTransfer, unsetSettingsOfEnding } from '../explore/transferSettings';
import { choiceName } from '../explore/walkLine';
import { START, type Choice, type Ending, type LineWalk, type Step } from '../explore/types';
import type { Flow } from '../flow/schema';
import type { Renames } from './renamedNodes';
import { wordsPart, type WordsPart } from './wordsPart';
import { keyAnnouncement } from './keyAnnouncement';
import { routeText, type RouteParts } from './routeText';

type ChangeKind = 'route' | 'wording';

/** Where two flows first part on one path, as the caller meets it. */
export interface PathChange {
  kind: ChangeKind;
  /** The flow node (of the old flow) where the caller made the choice that now leads elsewhere; "(call start)" for the call's first answer. */
  at: string;
  /** The choices from the start of the call, the last one being where the flows part. */
  path: Choice[];
  /** Where each of those choices was made: the old flow's node, as `at` is for the last. */
  madeAt: string[];
  before: string;
  after: string;
  /** A change of route: `before` and `after` in parts, the call's language apart from the nodes (routeText.ts). */
  routes?: { before: RouteParts; after: RouteParts };
  /** The call's language where the choice was made: a change alike in each language is one entry. */
  language?: string;
  /** The nodes the new flow enters on this choice: where the changed edge leads. */
  enteredAfter: string[];
  /** A change of route: the first sentence each side says differently on this choice; absent when both say the same words. */
  words?: WordsPart;
  /** A key whose route changed: the sentence of the menu's prompt (the new flow's) that asks for it, if one does. */
  announced?: string;
}

/** One flow's walk of a line, with the flow it walked: a transfer is named by the flow's operators' settings when they are unset. */
export interface WalkedFlow {
  walk: LineWalk;
  flow: Flow;
}

/**
 * `oldSide` and `newSide`: the old and the new flow's walks of one line; `settings`: the app settings both
 * flows were walked with (the DEST_* set here, or not); `renames`: the nodes the change renamed (old id ->
 * new id), whose new ids the old walk's routes are compared under: an id is not something callers hear.
 */
export function pairWalks(oldSide: WalkedFlow, newSide: WalkedFlow, settings: Settings, renames: Renames = new Map()): PathChange[] {
  const renamed = (id: string) => renames.get(id) ?? id;
  const oldSteps = stepsBySource(oldSide.walk);
  const newSteps = stepsBySource(newSide.walk);
  const changes: PathChange[] = [];
  const seen = new Set<string>();
  const queue: { from: [string, string]; path: Choice[]; madeAt: string[] }[] = [{ from: [START, START], path: [], madeAt: [] }];
  while (queue.length > 0) {
    const { from, path, madeAt } = queue.shift() as (typeof queue)[number];
    const [oldFrom, newFrom] = from;
    const olds = oldSteps.get(oldFrom) ?? new Map<string, Step>();
    const news = newSteps.get(newFrom) ?? new Map<string, Step>();
    const at = oldFrom === START ? '(call start)' : (oldSide.walk.situations.get(oldFrom)?.node ?? oldFrom);
    for (const name of new Set([...olds.keys(), ...news.keys()])) {
      const o = olds.get(name);
      const n = news.get(name);
      const choice = (o ?? n)?.choice;
      const here = choice ? [...path, choice] : path;
      const hereAt = choice ? [...madeAt, at] : madeAt;
      const oldView = o && describe(oldSide, o, settings);
      const newView = n && describe(newSide, n, settings);
      // The old route as the new ids name it: a renamed node entered or waited at is the same route.
      const oldRoute = o && routeText(describe(oldSide, o, settings, renamed));
      if (oldRoute !== (newView && routeText(newView))) {
        const words = wordsPart(o?.said ?? [], n?.said ?? [], languageOf(newSide.walk, n) ?? languageOf(oldSide.walk, o));
        const waiting = newSide.walk.situations.get(newFrom) ?? oldSide.walk.situations.get(oldFrom);
        const announced = choice && 'press' in choice && waiting ? keyAnnouncement(waiting.says, choice.press, waiting.language) : undefined;
        changes.push({
          kind: 'route',
          at,
          path: here,
          madeAt: hereAt,
          before: oldView ? routeText(oldView) : NOT_ASKED,
          after: newView ? routeText(newView) : NOT_ASKED,
          routes: { before: oldView ?? { shape: NOT_ASKED }, after: newView ?? { shape: NOT_ASKED } },
          ...(waiting?.language ? { language: waiting.language } : {}),
          enteredAfter: n?.entered ?? [],
          ...(words ? { words } : {}),
          ...(announced ? { announced } : {}),
        });
        continue;
      }
      const [oldWords, newWords] = [o?.said ?? [], n?.said ?? []];
      for (const differing of sentenceChanges(oldWords, newWords)) changes.push({ kind: 'wording', at, path: here, madeAt: hereAt, ...differing, enteredAfter: n?.entered ?? [] });
      if (o?.to && n?.to) {
        const key = `${o.to}\n${n.to}`;
        if (!seen.has(key)) {
          seen.add(key);
          queue.push({ from: [o.to, n.to], path: here, madeAt: hereAt });
        }
      }
    }
  }
  return changes;
}

const NOT_ASKED = 'the call does not wait for this choice here';

/** The language a step's words are in: where it waits next, else where the choice was made (a call that ends). */
function languageOf(walk: LineWalk, step: Step | undefined): string | undefined {
  if (!step) return undefined;
  return (step.to === undefined ? undefined : walk.situations.get(step.to)?.language) || walk.situations.get(step.from)?.language || undefined;
}

/** Each situation's steps, by the choice taken. */
function stepsBySource(walk: LineWalk): Map<string, Map<string, Step>> {
  const bySource = new Map<string, Map<string, Step>>();
  for (const step of walk.steps) {
    let steps = bySource.get(step.from);
    if (!steps) bySource.set(step.from, (steps = new Map()));
    steps.set(choiceName(step.choice), step);
  }
  return bySource;
}

/**
 * What a step does that a caller notices apart from the words: the nodes entered, where the call waits next
 * and in which language, or how it ends. A transfer to operators whose number is unset here names them and
 * their setting, as `ivr explore` does, not the placeholder (the line's own number, which the app refuses):
 * the hear before/after commands set an example number instead.
 */
function describe({ walk, flow }: WalkedFlow, step: Step, settings: Settings, nodeId: (id: string) => string = (id) => id): RouteParts {
  const entered = step.entered.length > 0 ? `${step.entered.map(nodeId).join(' > ')}, ` : '';
  if (step.ending) {
    // The language the transfer spoke: only that language's operators are the ones the call reached.
    const language = walk.situations.get(step.from)?.language;
    const unset = unsetSettingsOfEnding(step.ending, flow, settings, language === undefined ? undefined : [language]);
    const { outcome } = step.ending;
    if (outcome.kind === 'dial') return { shape: `${entered}then connected to`, target: { to: outcome.to, unset } };
    return { shape: `${entered}then ${howItEnds(step.ending)}` };
  }
  const next = step.to ? walk.situations.get(step.to) : undefined;
  const unset = next && unsetSettingOfTransfer(next, flow, settings);
  // The call's language tags where it waits: "(it)", inside the operators' bracket when the transfer has one.
  const tag = next?.language ? { language: next.language } : {};
  if (next?.kind === 'dial') return { shape: `${entered}transfers to`, ...tag, target: { ...(next.to === undefined ? {} : { to: next.to }), unset: unset ? [unset] : [] } };
  return { shape: `${entered}waits for a key at ${next?.node === undefined ? 'a prompt' : nodeId(next.node)}`, ...tag };
}

/** How a call that does not transfer ends, without the words said (those are compared on their own, so a reworded goodbye is a wording change). */
function howItEnds({ outcome, spokeAtEnd }: Ending): string {
  if (outcome.kind === 'hangup') return spokeAtEnd ? 'hangs up after a message' : 'hangs up without a word';
  if (outcome.kind === 'error') return `Twilio error ${outcome.code}`;
  return outcome.kind;
}

/**
 * Every sentence said differently, the two lists lined up on the sentences
 * they share (alignLists): a sentence added or removed shows as itself,
 * against "" (nothing said), not as a rewording of every sentence after it,
 * and a second change in the same step (the hours and, after them, when the
 * line opens again) is not hidden behind the first. Between two shared
 * sentences the old ones are paired with the new in order.
 */
function sentenceChanges(a: string[], b: string[]): { before: string; after: string }[] {
  return alignLists(a, b).flatMap((part) =>
    'same' in part ? [] : Array.from({ length: Math.max(part.removed.length, part.added.length) }, (_, k) => ({ before: part.removed[k] ?? '', after: part.added[k] ?? '' })),
  );
}
