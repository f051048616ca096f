// The defects a walk reveals, each with the first call that shows it:
//   no-goodbye     a call ends with neither a goodbye nor a transfer
//   app-error      the app failed inside and answered its apology
//   dead-key       a prompt says "press N" but N leads nowhere
//   no-way-out     a situation from which no choice ends the call
//   unreached-node a flow node no explored call enters
//   unchecked-transfer  a key (or silence) at a menu leads to a transfer with
//                  no hours node between: a caller who waits at the menu
//                  past closing time is put through while the lines are closed
//                  (not to a destination marked "anyHour": true, answered round the clock)
// The same defect seen at several instants, lines or languages is reported
// once, with the number of (instant, line) walks that show it.
// A failed transfer that dials round for ever is not looked for here: the
// checks every loaded flow passes (checkPaths.ts) refuse any such round.

import type { DateTime } from 'luxon';
import { reachableFrom } from '../flow/successors';
import type { Flow } from '../flow/schema';
import { offeredKeys } from '../flow/announcedKeys';
import { pathExample, type ExampleOptions } from './reproduce';
import { choiceName } from './walkLine';
import { START, type Choice, type Defect, type Ending, type LineWalk, type Situation, type Step } from './types';
import { closingAfter, instantTime } from './instants';

/** `settingsOf`: the app settings an example's `ivr call` command must set in front (unsetTransferSettings). */
export function findDefects(walks: LineWalk[], flow: Flow, options: ExampleOptions, settingsOf: (walk: LineWalk, path: Choice[]) => Record<string, string>): Defect[] {
  const found = new Map<string, { defect: Defect; walks: Set<LineWalk | undefined> }>();
  const addIn = (walk: LineWalk | undefined) => (signature: string, defect: Omit<Defect, 'occurrences'>) => {
    const known = found.get(signature);
    if (!known) found.set(signature, { defect: { ...defect, occurrences: 1 }, walks: new Set([walk]) });
    else if (!known.walks.has(walk)) {
      known.walks.add(walk);
      known.defect.occurrences++;
    }
  };

  for (const walk of walks) {
    const add = addIn(walk);
    const example = (path: Choice[], hangUpAfter = false) => pathExample(walk.instant, walk.line, walk.to, path, { ...options, hangUpAfter, settings: settingsOf(walk, path) });
    const pathTo = (step: Step) => [...(walk.situations.get(step.from)?.path ?? []), ...(step.choice ? [step.choice] : [])];

    for (const step of walk.steps) {
      if (step.ending && !endsWell(step.ending)) {
        const node = step.ending.node;
        add(`no-goodbye|${node}|${step.ending.outcome.kind}`, {
          kind: 'no-goodbye',
          ...(node ? { node } : {}),
          message: badEnding(step.ending),
          example: example(pathTo(step)),
        });
      }
      if (step.errors.length > 0) {
        const reason = errorReason(step.errors[0] as string);
        const node = step.entered.at(-1) ?? walk.situations.get(step.from)?.node;
        add(`app-error|${reason}`, {
          kind: 'app-error',
          ...(node ? { node } : {}),
          message: `the app failed and answered its apology instead (${reason})`,
          example: example(pathTo(step)),
        });
      }
    }

    // Each situation's first step per choice, found once: a search of every step per offered key grew with the square of the walk.
    const firstStep = new Map<string, Step>();
    for (const s of walk.steps) {
      const key = `${s.from}\n${choiceName(s.choice)}`;
      if (s.choice && !firstStep.has(key)) firstStep.set(key, s);
    }
    for (const situation of walk.situations.values()) {
      for (const key of situation.offered) {
        const step = firstStep.get(`${situation.id}\n${key}`);
        const why = step && deadKeyReason(step, key);
        if (!step || !why) continue;
        const name = situation.node ?? situation.id;
        add(`dead-key|${name}|${key}`, {
          kind: 'dead-key',
          ...(situation.node ? { node: situation.node } : {}),
          key,
          message: `${announcer(situation, key, name)} says to press ${key}, but ${why}`,
          example: example(pathTo(step), true),
        });
      }
    }

    for (const found of uncheckedTransfers(walk, flow)) {
      const { gather, step, dialNode, closing } = found;
      const name = gather.node ?? gather.id;
      // The call starts early enough to pass the line's hours check before closing, and the choice comes after it.
      const before = Math.round((gather.document.at + step.seconds) / 2);
      const instant = { label: `before closing at ${closing.toFormat('HH:mm')}`, at: closing.minus({ seconds: before }).toFormat("yyyy-MM-dd'T'HH:mm:ss") };
      const path = pathTo(step);
      const did = step.choice && 'press' in step.choice && step.choice.press !== '-' ? `presses ${step.choice.press}` : 'lets the menu time out';
      const guard = hoursNodeBefore(flow, dialNode);
      const destinations = dialDestinations(flow, dialNode).map((d) => `"${d}"`).join(' and ');
      add(`unchecked-transfer|${name}|${dialNode}`, {
        kind: 'unchecked-transfer',
        node: dialNode,
        message:
          `a caller who is still at "${name}" at ${closing.toFormat('HH:mm')} and then ${did} is put through at "${dialNode}" while the lines are closed: ` +
          `no hours node is checked between that choice and the transfer. Fix: ${guard ? `point each choice of "${name}" that leads to "${dialNode}" at "${guard}", the hours node whose "open" leads there` : `put an hours node before the transfer ("open": "${dialNode}", "closed" and "holiday": the closed messages), and point each choice of "${name}" that leads to "${dialNode}" at it`}; ` +
          `or, if the number dialled is answered at any hour, mark destination ${destinations} "anyHour": true`,
        example: pathExample(instant, walk.line, walk.to, path, { ...options, settings: settingsOf(walk, path) }),
      });
    }

    for (const situation of trapped(walk)) {
      const name = situation.node ?? situation.id;
      add(`no-way-out|${name}`, {
        kind: 'no-way-out',
        ...(situation.node ? { node: situation.node } : {}),
        message: `from "${name}" no key, silence or dial outcome ever ends the call: the caller can only hang up`,
        example: example(situation.path),
      });
    }
  }

  for (const node of unreachedNodes(walks, flow)) {
    addIn(undefined)(`unreached-node|${node}`, {
      kind: 'unreached-node',
      node,
      message: `no call at the explored instants enters node "${node}"`,
    });
  }
  return [...found.values()].map((entry) => entry.defect);
}

/**
 * Each step from a menu (or SMS offer) that reaches a transfer without entering an hours node, in a walk at an
 * instant the lines are open, on a line that checks its hours (a line that never does is open round the clock
 * by design). The call state travels in the URLs, and a step is answered as the choice's own request: what
 * it did at this instant it does at closing time, when only an hours node would turn the caller away.
 */
function uncheckedTransfers(walk: LineWalk, flow: Flow): { gather: Situation; step: Step; dialNode: string; closing: DateTime }[] {
  const isHours = (id: string) => flow.nodes[id]?.type === 'hours';
  const closing = closingAfter(flow.hours, instantTime(walk.instant, flow.hours.timeZone));
  if (!closing || !walk.steps.some((s) => s.entered.some(isHours))) return [];
  return walk.steps.flatMap((step) => {
    const gather = walk.situations.get(step.from);
    const to = step.to === undefined ? undefined : walk.situations.get(step.to);
    const dialNode = [...step.entered].reverse().find((id) => flow.nodes[id]?.type === 'dial');
    if (gather?.kind !== 'gather' || to?.kind !== 'dial' || dialNode === undefined || step.entered.some(isHours)) return [];
    if (dialDestinations(flow, dialNode).every((name) => flow.destinations[name]?.anyHour === true)) return [];
    return [{ gather, step, dialNode, closing }];
  });
}

/** The destinations a dial node rings, one or one per language. */
function dialDestinations(flow: Flow, dialNode: string): string[] {
  const node = flow.nodes[dialNode];
  if (node?.type !== 'dial') return [];
  return [...new Set(typeof node.destination === 'string' ? [node.destination] : Object.values(node.destination))];
}

/** The hours node whose "open" leads to `dialNode`, at once or through say nodes only (which wait for no key). */
function hoursNodeBefore(flow: Flow, dialNode: string): string | undefined {
  const leadsTo = (id: string, seen = new Set<string>()): boolean => {
    if (id === dialNode) return true;
    const node = flow.nodes[id];
    if (node?.type !== 'say' || seen.has(id)) return false;
    return leadsTo(node.next, seen.add(id));
  };
  return Object.entries(flow.nodes).find(([, node]) => node.type === 'hours' && leadsTo(node.open))?.[0];
}

/** A transfer (answered dial or queue), or a hang-up after the last answer said something. */
function endsWell(ending: Ending): boolean {
  const kind = ending.outcome.kind;
  return kind === 'dial' || kind === 'enqueue' || (kind === 'hangup' && ending.spokeAtEnd);
}

function badEnding(ending: Ending): string {
  const at = ending.node ? ` at "${ending.node}"` : '';
  const outcome = ending.outcome;
  switch (outcome.kind) {
    case 'hangup':
      return `the call ends${at} without a goodbye or a transfer: the last answer hangs up without saying anything`;
    case 'error':
      return `the call ends${at} in Twilio error ${outcome.code}: ${outcome.message}`;
    case 'loop':
      return `the call goes round${at} without ever waiting for the caller (stopped after ${outcome.maxRequests} webhook requests)`;
    case 'not-followed':
      return `the call ends${at} on a URL the simulator may not fetch: ${outcome.url} (${outcome.reason})`;
    case 'unsupported':
      return `the call ends${at} on <${outcome.verb}>, which the simulator does not emulate`;
    case 'reject':
      return `the call is rejected${at} (${outcome.reason}) without a word`;
    default:
      return `the call ends${at} as ${outcome.kind}`;
  }
}

/** What told the caller to press `key`: the prompt, or a message said before it in the same answer (a retry message, say), quoted. */
function announcer(situation: Situation, key: string, name: string): string {
  if (offeredKeys(situation.says).includes(key)) return `the prompt at "${name}"`;
  const text = situation.heard.find((said) => offeredKeys([said]).includes(key));
  return text ? `the message before the prompt at "${name}" ("${text}")` : `what the caller hears at "${name}"`;
}

/** Why pressing an offered key leads nowhere, or undefined when it leads somewhere. */
function deadKeyReason(step: Step, key: string): string | undefined {
  if (step.noMatch.includes(key)) return `no option of the menu takes ${key}: the caller is told the choice is not valid, or sent on as if they had pressed nothing`;
  if (step.errors.length > 0) return `pressing it makes the app fail (${errorReason(step.errors[0] as string)})`;
  if (step.ending?.outcome.kind === 'error') return `pressing it ends the call in Twilio error ${step.ending.outcome.code}`;
  return undefined;
}

/** Situations from which no path reaches any end of the call: all those an ending cannot be reached from, walking the steps backwards once. */
function trapped(walk: LineWalk): Situation[] {
  const leadingTo = new Map<string, string[]>();
  for (const step of walk.steps) {
    if (!step.to) continue;
    const froms = leadingTo.get(step.to);
    if (froms) froms.push(step.from);
    else leadingTo.set(step.to, [step.from]);
  }
  const escapes = new Set(walk.steps.filter((s) => s.ending).map((s) => s.from));
  const queue = [...escapes];
  while (queue.length > 0) {
    for (const from of leadingTo.get(queue.pop() as string) ?? []) {
      if (!escapes.has(from)) {
        escapes.add(from);
        queue.push(from);
      }
    }
  }
  return [...walk.situations.values()].filter((s) => !escapes.has(s.id) && s.id !== START);
}

/** Nodes the explored lines could reach on paper at one instant, which no explored call entered. */
function unreachedNodes(walks: LineWalk[], flow: Flow): string[] {
  const entered = new Set(walks.flatMap((w) => w.steps.flatMap((s) => s.entered)));
  const starts = walks.flatMap((w) => flow.lines[w.line]?.start ?? []);
  const onPaper = new Set(HOURS_ANSWERS.flatMap((answer) => [...reachableWhileHoursSay(flow.nodes, starts, answer)]));
  return Object.keys(flow.nodes).filter((id) => onPaper.has(id) && !entered.has(id));
}

const HOURS_ANSWERS = ['open', 'closed', 'holiday'] as const;

/**
 * Every node reachable while every hours node gives the same answer. All hours nodes read the
 * flow's one `hours`, so at one instant they agree, and each explored call runs at one instant:
 * a node behind two hours checks that would have to disagree (the consumer menu's 9 to the
 * merchant menu, past the consumer line's open check, then the merchant line's closed message)
 * is one no explored call can enter, and not a defect of the flow.
 */
function reachableWhileHoursSay(nodes: Flow['nodes'], starts: string[], answer: (typeof HOURS_ANSWERS)[number]): Set<string> {
  const held = Object.fromEntries(
    Object.entries(nodes).map(([id, node]) => [id, node.type === 'hours' ? { ...node, open: node[answer], closed: node[answer], holiday: node[answer] } : node]),
  );
  return reachableFrom(held, starts);
}

/** The first line of what the webhook logged, without its CallSid prefix and stack. */
function errorReason(logged: string): string {
  const line = logged.split('\n')[0] ?? logged;
  return line.replace(/^CallSid=\S+ webhook failed: /, '').replace(/^Error: /, '');
}
