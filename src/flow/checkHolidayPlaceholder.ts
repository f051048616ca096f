import type { Flow, Prompt } from './schema';
import { jsonPath, type FlowProblem } from './problem';
import { promptTexts } from './promptTexts';

// "{holiday}" is filled by the engine (src/engine/step.ts) only within one
// answer to Twilio: after an hours node sends the call down its "holiday"
// branch, the prompts said before the call next waits for the caller (say
// nodes, then the prompt of the hangup, dial, menu or SMS offer that ends the
// answer) hear the day's name. Anywhere else the caller hears "{holiday}" as
// written: a node reached on ordinary days, a menu's prompt said again on a
// retry, the retry messages, an SMS offer's replies. So every way a call can
// say a sentence holding "{holiday}" is followed here, remembering whether the
// answer it is part of has passed a "holiday" branch.

const PLACEHOLDER = '{holiday}';

interface Said {
  /** Where the sentences are, e.g. ["nodes", "closed", "prompt"]. */
  path: PropertyKey[];
  prompt: Prompt;
  /** Said with the holiday's name filled in only when the answer has passed a "holiday" branch; otherwise never. */
  filledWhenHoliday: boolean;
  /** Why it can be said unfilled, when that is not how the node is reached. */
  why?: string;
}

export function checkHolidayPlaceholder(flow: Flow): FlowProblem[] {
  if (!JSON.stringify(flow.nodes).includes(PLACEHOLDER)) return [];
  const plainReach = reachedWithoutHoliday(flow);
  const problems: FlowProblem[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    const path = ['nodes', id];
    const said: Said[] = [];
    const entered = (part: 'prompt' | 'intro' | 'offer', prompt: Prompt | undefined) => prompt && said.push({ path: [...path, part], prompt, filledWhenHoliday: true });
    if (node.type === 'say' || node.type === 'hangup' || node.type === 'dial') entered('prompt', node.prompt);
    if (node.type === 'sms-offer') {
      entered('offer', node.offer);
      said.push({ path: [...path, 'sent'], prompt: node.sent, filledWhenHoliday: false }, { path: [...path, 'failed'], prompt: node.failed, filledWhenHoliday: false });
    }
    if (node.type === 'menu') {
      entered('intro', node.intro);
      entered('prompt', node.prompt);
      if (node.retry) {
        said.push({ path: [...path, 'prompt'], prompt: node.prompt, filledWhenHoliday: false, why: 'the menu says its prompt again after no choice or a wrong key' });
        said.push({ path: [...path, 'retry', 'noInput'], prompt: node.retry.noInput, filledWhenHoliday: false }, { path: [...path, 'retry', 'invalid'], prompt: node.retry.invalid, filledWhenHoliday: false });
      }
    }
    const reachedBy = plainReach.get(id);
    for (const { path: at, prompt, filledWhenHoliday, why } of said) {
      const reason = filledWhenHoliday ? reachedBy && `calls reach node "${id}" other than through an hours node's "holiday" branch (through ${reachedBy})` : (why ?? 'these sentences are said in an answer of their own');
      if (!reason) continue;
      for (const { path: textPath, text } of promptTexts(at, prompt)) {
        if (!text.includes(PLACEHOLDER) || problems.some((p) => p.path === jsonPath(textPath))) continue;
        problems.push({
          path: jsonPath(textPath),
          message: `uses "${PLACEHOLDER}", but ${reason}, where nothing fills it in: the caller would hear "${PLACEHOLDER}" as written`,
          fix: `move "${PLACEHOLDER}" into a say node that an hours node's "holiday" points to (directly or through other say nodes) and that leads on to this one; or write the words out`,
        });
      }
    }
  }
  return problems;
}

/** Each node a call can enter in an answer that has not passed a "holiday" branch, with the JSON path of the first edge found that leads there so. */
function reachedWithoutHoliday(flow: Flow): Map<string, string> {
  const reached = new Map<string, string>();
  const queue: { id: string; holiday: boolean; via: string }[] = Object.entries(flow.lines).map(([name, line]) => ({ id: line.start, holiday: false, via: `lines.${name}.start` }));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { id, holiday, via } = queue.shift() as (typeof queue)[number];
    const node = Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
    if (!node || seen.has(`${holiday}:${id}`)) continue;
    seen.add(`${holiday}:${id}`);
    if (!holiday && !reached.has(id)) reached.set(id, via);
    const path = ['nodes', id];
    // Within the same answer the name stays filled; a new answer (after the caller's choice, or a transfer that failed) starts without it.
    const same = (edge: PropertyKey[], to: string) => queue.push({ id: to, holiday, via: jsonPath([...path, ...edge]) });
    const fresh = (edge: PropertyKey[], to: string) => queue.push({ id: to, holiday: false, via: jsonPath([...path, ...edge]) });
    switch (node.type) {
      case 'say':
        same(['next'], node.next);
        break;
      case 'hours':
        same(['open'], node.open);
        same(['closed'], node.closed);
        queue.push({ id: node.holiday, holiday: true, via: jsonPath([...path, 'holiday']) });
        break;
      case 'sms-offer':
        // Not offered (a landline): straight on in the same answer; offered: on after the caller's answer.
        same(['next'], node.next);
        fresh(['next'], node.next);
        break;
      case 'dial':
        fresh(['onFailure'], node.onFailure);
        break;
      case 'menu':
        node.options.forEach((option, i) => fresh(['options', i, 'next'], option.next));
        if (node.otherwise) fresh(['otherwise'], node.otherwise);
        if (node.retry) fresh(['retry', 'exhausted'], node.retry.exhausted);
        break;
      case 'hangup':
        break;
    }
  }
  return reached;
}
