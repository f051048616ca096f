import type { Flow, Prompt } from './schema';
import { jsonPath, type FlowProblem } from './problem';
import { announcements, offeredKeys, pressWords } from './announcedKeys';
import { promptTexts } from './promptTexts';

// A caller knows a menu only from what it says. So, in each language of the
// flow whose words for "press" we can read (announcedKeys.ts), a key the
// menu offers must be announced in what the caller hears on arriving (intro
// and prompt), and a key it announces must be offered. One exception: an
// option that switches to a language need not be announced to callers who
// already speak it ("For English, press 1" is for Italian callers).
// An sms-offer node is a menu of one key: its "offer" must announce its "key".
// A say, hangup or dial node takes no key, so it must announce none.

interface Asked {
  path: PropertyKey[];
  /** The parts of the node that are said before the caller chooses. */
  said: { part: string; prompt: Prompt }[];
  options: { key: string; language?: string | undefined; keyPath: PropertyKey[]; what: string }[];
  /** An sms-offer has one "key" field, not options to add or remove. */
  oneKey: boolean;
}

export function checkMenuKeys(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    const path = ['nodes', id];
    let asked: Asked | undefined;
    if (node.type === 'menu') {
      asked = {
        path,
        said: [...(node.intro ? [{ part: 'intro', prompt: node.intro }] : []), { part: 'prompt', prompt: node.prompt }],
        options: node.options.map((o, i) => ({ key: o.key, language: o.language, keyPath: [...path, 'options', i, 'key'], what: `leads to "${o.next}"` })),
        oneKey: false,
      };
    } else if (node.type === 'sms-offer') {
      asked = { path, said: [{ part: 'offer', prompt: node.offer }], options: [{ key: node.key, keyPath: [...path, 'key'], what: 'sends the text message' }], oneKey: true };
    }
    if (asked) problems.push(...keyProblems(flow, asked));
    if (node.type === 'say') problems.push(...keysToNowhere(path, node.prompt, sayNodeTakesNone(flow, node.next)));
    if (node.type === 'hangup' && node.prompt) problems.push(...keysToNowhere(path, node.prompt, HANGUP_TAKES_NONE));
    if (node.type === 'dial' && node.prompt) problems.push(...keysToNowhere(path, node.prompt, DIAL_TAKES_NONE));
  }
  return problems;
}

/** Why a node that asks for no key cannot keep a "press N" of its prompt, and what to do instead. */
interface TakesNoKey {
  why: string;
  fix: (key: string) => string;
}

/** A say node: a key it announces lands in whatever asks next, as an answer to a question the caller has not heard yet. */
function sayNodeTakesNone(flow: Flow, next: string): TakesNoKey {
  const nextNode = Object.hasOwn(flow.nodes, next) ? flow.nodes[next] : undefined;
  const into = nextNode?.type === 'menu' || nextNode?.type === 'sms-offer' ? `the "${nextNode.type === 'menu' ? 'prompt' : 'offer'}" of "${next}", which waits for the key` : 'a menu node that offers the key';
  return {
    why: 'a say node takes no key: a key pressed on hearing it is lost, or taken by whatever asks next as the answer to a question the caller has not heard',
    fix: (key) => `move the sentence into ${into}, or make this node a menu with an option for key "${key}"`,
  };
}

const HANGUP_TAKES_NONE: TakesNoKey = {
  why: 'a hangup node takes no key: the call ends when the prompt does, so a key pressed on hearing it does nothing',
  fix: (key) => `take the sentence out, or put it in a menu with an option for key "${key}" that leads on to this node`,
};

const DIAL_TAKES_NONE: TakesNoKey = {
  why: 'a dial node takes no key: the transfer starts when the prompt ends, so a key pressed on hearing it does nothing',
  fix: (key) => `take the sentence out, or put it in a menu with an option for key "${key}" before the transfer`,
};

/** A node that asks for no key must announce none: each "press N" in its prompt, in every language. */
function keysToNowhere(path: PropertyKey[], prompt: Prompt, takesNone: TakesNoKey): FlowProblem[] {
  return promptTexts([...path, 'prompt'], prompt).flatMap(({ path: at, text }) => {
    const [first] = announcements(text);
    return first ? [{ path: jsonPath(at), message: `says "${first.phrase}", but ${takesNone.why}`, fix: takesNone.fix(first.key) }] : [];
  });
}

function keyProblems(flow: Flow, asked: Asked): FlowProblem[] {
  const problems: FlowProblem[] = [];
  // A sentence fixed to one language is read once per language of the flow: its problem is said once.
  const said = new Set<string>();
  for (const language of Object.keys(flow.languages)) {
    if (pressWords(language, '1') === undefined) continue;
    const sentences = asked.said.flatMap(({ part, prompt }) =>
      prompt.map((segment, i) => {
        const fixed = typeof segment.text === 'string' && typeof segment.language === 'string';
        return {
          path: fixed ? [...asked.path, part, i] : [...asked.path, part, i, language],
          text: fixed ? (segment.text as string) : ((segment as Record<string, string>)[language] ?? ''),
          // A sentence fixed to one language is said to every caller: it has one text, not one per language.
          named: fixed ? `the text (a sentence in "${segment.language as string}", said to every caller)` : `the "${language}" text`,
        };
      }),
    );
    const announced = offeredKeys(sentences.map((s) => s.text));
    const offered = new Set(asked.options.map((o) => o.key));
    for (const key of announced) {
      if (offered.has(key)) continue;
      const [where, phrase] = sentences.flatMap((s) => announcements(s.text).flatMap((a) => (a.key === key ? [[s, a.phrase] as const] : [])))[0] as [(typeof sentences)[number], string];
      const alone = offeredKeys([phrase]).length === 1;
      const path = jsonPath(where.path);
      if (said.has(`${path} ${key}`)) continue;
      said.add(`${path} ${key}`);
      problems.push({
        path,
        message: asked.oneKey
          ? `says "${phrase}", but its "key" is "${(asked.options[0] as Asked['options'][number]).key}": a caller who presses ${key} is sent on without the message, as if they had declined`
          : `says "${phrase}", but no option has key "${key}": a caller who presses it is told the choice is not valid, or sent on as if they had pressed nothing`,
        fix: asked.oneKey
          ? `set "key": "${key}" if that is the key meant, or change ${where.named} to say "${pressWords(language, (asked.options[0] as Asked['options'][number]).key)}"`
          : `add an option with "key": "${key}", or take ${alone ? `"${phrase}" out of` : `${key} out of "${phrase}" in`} ${where.named}`,
      });
    }
    for (const option of asked.options) {
      if (option.language === language || announced.includes(option.key)) continue;
      const last = asked.said.at(-1) as Asked['said'][number];
      problems.push({
        path: jsonPath(option.keyPath),
        message: `key "${option.key}" ${option.what}, but the "${language}" ${asked.said.map((s) => s.part).join(' and ')} never say${asked.said.length === 1 ? 's' : ''} to press it: callers in "${language}" cannot know it is there`,
        fix: `say it in the "${language}" text of ${jsonPath([...asked.path, last.part])} (e.g. "... ${pressWords(language, option.key)}."), or ${asked.oneKey ? 'set "key" to the key the text announces' : 'remove the option'}`,
      });
    }
  }
  return problems;
}
