import { IANAZone } from 'luxon';
import type { Flow, FlowNode, Prompt } from './schema';
import { jsonPath, type FlowProblem } from './problem';

// Checks that a schema cannot express: references between parts of the flow,
// languages that must all be present, keys offered twice, nodes no call reaches.

export function checkFlow(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const report = (path: PropertyKey[], message: string, fix: string) =>
    problems.push({ path: jsonPath(path), message, fix });
  const languages = Object.keys(flow.languages);
  const nodeIds = Object.keys(flow.nodes);

  const needNode = (path: PropertyKey[], id: string) => {
    if (!(id in flow.nodes)) {
      report(path, `refers to node "${id}", which does not exist`, `add a node "${id}" under "nodes" or use one of: ${nodeIds.join(', ')}`);
    }
  };
  const needLanguage = (path: PropertyKey[], code: string) => {
    if (!(code in flow.languages)) {
      report(path, `uses language "${code}", which is not declared`, `add "${code}" under "languages" or use one of: ${languages.join(', ')}`);
    }
  };
  const checkPrompt = (path: PropertyKey[], prompt: Prompt) => {
    prompt.forEach((segment, i) => {
      if ('text' in segment && typeof segment.text === 'string') {
        needLanguage([...path, i, 'language'], String(segment.language));
        return;
      }
      for (const code of languages) {
        if (!(code in segment)) {
          report([...path, i], `has no "${code}" text`, `add the sentence in "${code}" (every language of the flow is needed)`);
        }
      }
      for (const code of Object.keys(segment)) if (!languages.includes(code)) needLanguage([...path, i, code], code);
    });
  };

  needLanguage(['defaultLanguage'], flow.defaultLanguage);
  if (!(flow.defaultLine in flow.lines)) {
    report(['defaultLine'], `names line "${flow.defaultLine}", which does not exist`, `use one of: ${Object.keys(flow.lines).join(', ')}`);
  }
  for (const [name, line] of Object.entries(flow.lines)) needNode(['lines', name, 'start'], line.start);
  checkPrompt(['errorPrompt'], flow.errorPrompt);

  if (!IANAZone.isValidZone(flow.hours.timeZone)) {
    report(['hours', 'timeZone'], `"${flow.hours.timeZone}" is not a known time zone`, 'use an IANA time zone name such as "Europe/Rome"');
  }
  for (const [day, ranges] of Object.entries(flow.hours.weekly)) {
    ranges.forEach((range, i) => {
      if (range.open >= range.close) {
        report(['hours', 'weekly', day, i], `opens at ${range.open} but closes at ${range.close}`, 'make "close" later than "open" on the same day');
      }
    });
  }
  flow.hours.closures.forEach((closure, i) => checkPrompt(['hours', 'closures', i, 'name'], [closure.name]));

  for (const [id, node] of Object.entries(flow.nodes)) checkNode(['nodes', id], node);

  function checkNode(path: PropertyKey[], node: FlowNode) {
    switch (node.type) {
      case 'say':
        checkPrompt([...path, 'prompt'], node.prompt);
        needNode([...path, 'next'], node.next);
        return;
      case 'hangup':
        if (node.prompt) checkPrompt([...path, 'prompt'], node.prompt);
        return;
      case 'sms-offer': {
        for (const part of ['offer', 'sent', 'failed'] as const) checkPrompt([...path, part], node[part]);
        for (const code of languages) {
          if (!(code in node.message)) report([...path, 'message'], `has no "${code}" text`, `add the message in "${code}" (every language of the flow is needed)`);
        }
        for (const code of Object.keys(node.message)) if (!languages.includes(code)) needLanguage([...path, 'message', code], code);
        needNode([...path, 'next'], node.next);
        for (const [code, text] of Object.entries(node.message)) {
          for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
            if (!Object.hasOwn(node.links, name as string)) {
              report([...path, 'message', code], `uses link "{${name}}", which is not under "links"`, `add "${name}": { "url": "https://..." } under "links", or use one of: ${Object.keys(node.links).join(', ') || '(none yet)'}`);
            }
          }
        }
        return;
      }
      case 'hours':
        for (const edge of ['open', 'closed', 'holiday'] as const) needNode([...path, edge], node[edge]);
        return;
      case 'dial': {
        if (node.prompt) checkPrompt([...path, 'prompt'], node.prompt);
        needNode([...path, 'onFailure'], node.onFailure);
        const byLanguage = typeof node.destination === 'string' ? null : node.destination;
        const names = byLanguage ? Object.entries(byLanguage) : [['', node.destination as string] as const];
        for (const [code, name] of names) {
          const where = code ? [...path, 'destination', code] : [...path, 'destination'];
          if (code) needLanguage(where, code);
          if (!(name in flow.destinations)) {
            report(where, `names destination "${name}", which does not exist`, `add "${name}" under "destinations" or use one of: ${Object.keys(flow.destinations).join(', ')}`);
          }
        }
        if (byLanguage) {
          for (const code of languages) {
            if (!(code in byLanguage)) report([...path, 'destination'], `has no destination for "${code}"`, `add a "${code}" destination, or give one destination name for all languages`);
          }
        }
        return;
      }
      case 'menu': {
        if (node.intro) checkPrompt([...path, 'intro'], node.intro);
        checkPrompt([...path, 'prompt'], node.prompt);
        const seen = new Map<string, number>();
        node.options.forEach((option, i) => {
          needNode([...path, 'options', i, 'next'], option.next);
          if (option.language) needLanguage([...path, 'options', i, 'language'], option.language);
          const first = seen.get(option.key);
          if (first !== undefined) {
            report([...path, 'options', i, 'key'], `key "${option.key}" is already offered by options[${first}]`, 'give each option of a menu its own key');
          } else seen.set(option.key, i);
        });
        if ((node.otherwise === undefined) === (node.retry === undefined)) {
          report(path, 'a menu needs exactly one of "otherwise" and "retry"', 'add "retry" (say so and repeat the menu) or "otherwise" (go on without retrying), not both');
        }
        if (node.otherwise) needNode([...path, 'otherwise'], node.otherwise);
        if (node.retry) {
          checkPrompt([...path, 'retry', 'noInput'], node.retry.noInput);
          checkPrompt([...path, 'retry', 'invalid'], node.retry.invalid);
          needNode([...path, 'retry', 'exhausted'], node.retry.exhausted);
        }
        return;
      }
    }
  }

  for (const id of unreachableNodes(flow)) {
    report(['nodes', id], `no call can reach node "${id}"`, 'point a line, an option or another node at it, or delete it');
  }
  return problems;
}

/** Node ids that a node can lead to, whatever the caller does. */
export function successors(node: FlowNode): string[] {
  switch (node.type) {
    case 'say':
      return [node.next];
    case 'hangup':
      return [];
    case 'sms-offer':
      return [node.next];
    case 'hours':
      return [node.open, node.closed, node.holiday];
    case 'dial':
      return [node.onFailure];
    case 'menu':
      return [
        ...node.options.map((o) => o.next),
        ...(node.otherwise ? [node.otherwise] : []),
        ...(node.retry ? [node.retry.exhausted] : []),
      ];
  }
}

function unreachableNodes(flow: Flow): string[] {
  const reached = new Set<string>();
  const queue = Object.values(flow.lines).map((line) => line.start);
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (reached.has(id) || !(id in flow.nodes)) continue;
    reached.add(id);
    queue.push(...successors(flow.nodes[id] as FlowNode));
  }
  return Object.keys(flow.nodes).filter((id) => !reached.has(id));
}
