// What `ivr call` must be told to make the transfers of a path explore found.
// Explore transfers to a flow's placeholder number (the line's own) as if the
// operators' numbers were set; `ivr call`, as the deployed app, refuses such a
// transfer while its DEST_* setting is unset, and plays the refusal instead, so
// --dial-status would do nothing. The printed command sets each such setting to
// an example number, in front of it (`DEST_…=+390200000001 npx ivr call …`).

import { lineOfNumber, placeholderOf, type Settings } from '../config/settings';
import type { Flow } from '../flow/schema';
import { choiceName } from './walkLine';
import { START, type Choice, type LineWalk } from './types';

/** The unset operators' settings of the transfers on `path`, each with an example number that rings no line of the flow. */
export function unsetTransferSettings(walk: LineWalk, path: Choice[], flow: Flow, settings: Settings): Record<string, string> {
  const needed: string[] = [];
  // The call's first answer leads from the start to where the first choice is made.
  const next = (from: string, choice: Choice | undefined) => walk.steps.find((s) => s.from === from && choiceName(s.choice) === choiceName(choice))?.to;
  let at = next(START, undefined);
  for (const choice of path) {
    const situation = at === undefined ? undefined : walk.situations.get(at);
    if ('dial' in choice && situation) {
      const node = situation.node !== undefined && flow.nodes[situation.node]?.type === 'dial' ? situation.node : situation.lastNode;
      const unset = placeholderOf(flow, settings, node, situation.language ?? flow.defaultLanguage);
      if (unset && !needed.includes(unset.setting)) needed.push(unset.setting);
    }
    if (at === undefined) break;
    at = next(at, choice);
  }
  const numbers = exampleNumbers(needed.length, flow, settings);
  return Object.fromEntries(needed.map((setting, i) => [setting, numbers[i] as string]));
}

/** `count` example numbers (+390200000001, +390200000002, …), skipping any that is a line of the flow: a transfer to it would be refused too. */
function exampleNumbers(count: number, flow: Flow, settings: Settings): string[] {
  const numbers: string[] = [];
  for (let n = 1; numbers.length < count; n++) {
    const number = `+3902${String(n).padStart(8, '0')}`;
    if (lineOfNumber(flow, settings, number) === undefined) numbers.push(number);
  }
  return numbers;
}
