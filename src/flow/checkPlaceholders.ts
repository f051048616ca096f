import type { Flow, Prompt } from './schema';
import { jsonPath, type FlowProblem } from './problem';
import { promptTexts } from './promptTexts';
import { closestNames } from './closestName';

// The engine (src/engine/step.ts) fills a placeholder only within one answer
// to Twilio: after an hours node sends the call down a branch that fills it
// ("{holiday}": the day's name, on the "holiday" branch; "{reopens}": when the
// line opens again, on "closed" and "holiday"), the prompts said before the
// call next waits for the caller (say nodes, then the prompt of the hangup,
// dial, menu or SMS offer that ends the answer) hear it filled. Anywhere else
// the caller hears it as written: a node reached otherwise, a menu's prompt
// said again on a retry, the retry messages, an SMS offer's replies. So every
// way a call can say a sentence holding a placeholder is followed here,
// remembering whether the answer it is part of has passed such a branch.
// "{hours}" is the same in every call and filled wherever it is said: only a
// flow with no opening hours at all leaves it unsaid.

type HoursEdge = 'open' | 'closed' | 'holiday';

/** Each placeholder the engine fills, the hours branches that fill it ("always": in every prompt), and what it is, for the messages. */
export const PLACEHOLDERS: Record<string, { filledOn: HoursEdge[] | 'always'; what: string }> = {
  holiday: { filledOn: ['holiday'], what: 'the name of the day the line is closed for' },
  reopens: { filledOn: ['closed', 'holiday'], what: 'when the closed line opens again' },
  hours: { filledOn: 'always', what: 'the weekly opening hours of "hours.weekly"' },
};

/** The placeholder `name` ("hour", "Hours") was most likely meant to be, when one is close. */
export function placeholderMeant(name: string): string | undefined {
  const likely = closestNames(name, Object.keys(PLACEHOLDERS));
  return likely.length === 1 ? likely[0] : undefined;
}

/**
 * A "{" or "}" in `text` that no placeholder accounts for: "{hours, ora italiana", its "}" lost while editing,
 * which the engine leaves as written (it fills only a name between both braces). What is wrong and the fix,
 * naming the placeholder meant when the word beside the brace is close to one; undefined when every brace is a
 * placeholder's.
 */
export function strayBrace(text: string, placeholders: string): { message: string; fix: string } | undefined {
  // Spaces inside the braces ("{ holiday }") or doubled braces ("{{reopens}}", as some template languages write them):
  // each brace has its pair, so the caller hears the braces, or the name, as written.
  const spaced = /\{\s+(\w+)\s*\}|\{\s*(\w+)\s+\}/.exec(text);
  const doubled = /\{\{(\w+)\}\}/.exec(text);
  const odd = spaced ?? doubled;
  if (odd) {
    const name = (odd[1] ?? odd[2]) as string;
    const meant = Object.hasOwn(PLACEHOLDERS, name) ? name : placeholderMeant(name);
    const how = odd === spaced ? 'with spaces inside the braces' : 'in double braces';
    return {
      message: `has "${odd[0]}", ${how}: the caller would hear ${odd === spaced ? 'it' : 'the outer braces'} as written`,
      fix: meant ? `write "{${meant}}": a placeholder is its name between one { and one }, with no spaces` : `write a placeholder as its name between one { and one }, with no spaces: the placeholders are ${placeholders}`,
    };
  }
  const at = text.replace(/\{\w*\}/g, (whole) => ' '.repeat(whole.length)).search(/[{}]/);
  if (at < 0) return undefined;
  const opens = text[at] === '{';
  const word = (opens ? /^\w*/.exec(text.slice(at + 1)) : /\w*$/.exec(text.slice(0, at)))?.[0] ?? '';
  const written = opens ? `{${word}` : `${word}}`;
  const meant = word === '' ? undefined : placeholderMeant(word);
  return {
    message: `has "${written}" with no "${opens ? '}' : '{'}" to ${opens ? 'close' : 'open'} it: the caller would hear it as written`,
    fix: meant
      ? `write "{${meant}}": a placeholder is its name between { and }`
      : `remove the "${text[at]}", or write a placeholder whole, its name between { and }: the placeholders are ${placeholders}`,
  };
}

interface Said {
  /** Where the sentences are, e.g. ["nodes", "closed", "prompt"]. */
  path: PropertyKey[];
  prompt: Prompt;
  /** Said with the placeholder filled in only when the answer has passed a branch that fills it; otherwise never. */
  filledWhenPassed: boolean;
  /** Why it can be said unfilled, when that is not how the node is reached. */
  why?: string;
  /** Where the placeholder would be filled instead, when not in a say node before this one. */
  instead?: string;
}

export function checkPlaceholders(flow: Flow): FlowProblem[] {
  const nodes = JSON.stringify(flow.nodes);
  const problems = Object.entries(PLACEHOLDERS).flatMap(([name, { filledOn }]) => (filledOn !== 'always' && nodes.includes(`{${name}}`) ? checkPlaceholder(flow, `{${name}}`, filledOn) : []));
  const neverOpen = Object.values(flow.hours.weekly).every((ranges) => ranges.length === 0);
  for (const placeholder of neverOpen ? ['{reopens}', '{hours}'] : []) {
    if (!JSON.stringify([flow.nodes, flow.errorPrompt]).includes(placeholder)) continue;
    const usedAt = Object.entries(flow.nodes)
      .flatMap(([id, node]) => (['prompt', 'intro', 'offer'] as const).flatMap((part) => {
        const prompt = (node as Partial<Record<typeof part, Prompt>>)[part];
        return prompt ? promptTexts(['nodes', id, part], prompt) : [];
      }))
      .concat(promptTexts(['errorPrompt'], flow.errorPrompt))
      .find((t) => t.text.includes(placeholder));
    problems.push({
      path: 'hours.weekly',
      message: `has no opening hours on any day, so "${placeholder}" (at ${usedAt ? jsonPath(usedAt.path) : 'a prompt'}) has nothing to say: the caller would hear "${placeholder}" as written`,
      fix: `give the lines their opening hours, or write the words out instead of "${placeholder}"`,
    });
  }
  return problems;
}

function checkPlaceholder(flow: Flow, placeholder: string, filledOn: HoursEdge[]): FlowProblem[] {
  const plainReach = reachedWithout(flow, filledOn);
  const branches = filledOn.map((edge) => `"${edge}"`).join(' or ');
  const problems: FlowProblem[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    const path = ['nodes', id];
    const said: Said[] = [];
    const entered = (part: 'prompt' | 'intro' | 'offer', prompt: Prompt | undefined) => prompt && said.push({ path: [...path, part], prompt, filledWhenPassed: true });
    if (node.type === 'say' || node.type === 'hangup' || node.type === 'dial') entered('prompt', node.prompt);
    if (node.type === 'sms-offer') {
      entered('offer', node.offer);
      said.push({ path: [...path, 'sent'], prompt: node.sent, filledWhenPassed: false }, { path: [...path, 'failed'], prompt: node.failed, filledWhenPassed: false });
    }
    if (node.type === 'menu') {
      entered('intro', node.intro);
      entered('prompt', node.prompt);
      // Said again in an answer of its own: on a retry, and when Twilio's fallback asks the question again after a failed request.
      const again = node.retry ? 'the menu says its prompt again after no choice or a wrong key' : "the menu says its prompt again when Twilio's fallback URL is requested after a failed request";
      said.push({ path: [...path, 'prompt'], prompt: node.prompt, filledWhenPassed: false, why: again, instead: `the menu's "intro", said once when the call arrives` });
      if (node.retry) said.push({ path: [...path, 'retry', 'noInput'], prompt: node.retry.noInput, filledWhenPassed: false }, { path: [...path, 'retry', 'invalid'], prompt: node.retry.invalid, filledWhenPassed: false });
    }
    const reachedBy = plainReach.get(id);
    for (const { path: at, prompt, filledWhenPassed, why, instead } of said) {
      const reason = filledWhenPassed ? reachedBy && `calls reach node "${id}" other than through an hours node's ${branches} branch (through ${reachedBy})` : (why ?? 'these sentences are said in an answer of their own');
      if (!reason) continue;
      for (const { path: textPath, text } of promptTexts(at, prompt)) {
        if (!text.includes(placeholder) || problems.some((p) => p.path === jsonPath(textPath))) continue;
        problems.push({
          path: jsonPath(textPath),
          message: `uses "${placeholder}", but ${reason}, where nothing fills it in: the caller would hear "${placeholder}" as written`,
          fix: instead
            ? `move "${placeholder}" into ${instead}, or into a say node before the menu; or write the words out`
            : `move "${placeholder}" into a say node that an hours node's ${branches} points to (directly or through other say nodes) and that leads on to this one; or write the words out`,
        });
      }
    }
  }
  return problems;
}

/** Each node a call can enter in an answer that has not passed one of the hours branches `filledOn`, with the JSON path of the first edge found that leads there so. */
function reachedWithout(flow: Flow, filledOn: HoursEdge[]): Map<string, string> {
  const reached = new Map<string, string>();
  const queue: { id: string; filled: boolean; via: string }[] = Object.entries(flow.lines).map(([name, line]) => ({ id: line.start, filled: false, via: `lines.${name}.start` }));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { id, filled, via } = queue.shift() as (typeof queue)[number];
    const node = Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
    if (!node || seen.has(`${filled}:${id}`)) continue;
    seen.add(`${filled}:${id}`);
    if (!filled && !reached.has(id)) reached.set(id, via);
    const path = ['nodes', id];
    // Within the same answer the placeholder stays filled; a new answer (after the caller's choice, or a transfer that failed) starts without it.
    const same = (edge: PropertyKey[], to: string) => queue.push({ id: to, filled, via: jsonPath([...path, ...edge]) });
    const fresh = (edge: PropertyKey[], to: string) => queue.push({ id: to, filled: false, via: jsonPath([...path, ...edge]) });
    switch (node.type) {
      case 'say':
        same(['next'], node.next);
        break;
      case 'hours':
        for (const edge of ['open', 'closed', 'holiday'] as const) {
          if (filledOn.includes(edge)) queue.push({ id: node[edge], filled: true, via: jsonPath([...path, edge]) });
          else same([edge], node[edge]);
        }
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
