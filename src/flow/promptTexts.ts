import type { Flow, Prompt } from './schema';

// A prompt's sentences one text at a time, each with the language it is in
// and the JSON path that names it: a sentence in a fixed language
// ({ "language": "en", "text": ... }) is one text at [i].text; one written in
// every language ({ "it": ..., "en": ... }) is a text per language at [i].<code>.
// The checks that read what callers hear (keys announced, {holiday}, spoken
// hours) report each finding at its text's path.

export interface PromptText {
  path: PropertyKey[];
  language: string;
  text: string;
}

/** Every text of `prompt`, found at `path`, in order. */
export function promptTexts(path: readonly PropertyKey[], prompt: Prompt): PromptText[] {
  return prompt.flatMap((segment, i) => {
    if (typeof segment.text === 'string' && typeof segment.language === 'string') return [{ path: [...path, i, 'text'], language: segment.language, text: segment.text }];
    return Object.entries(segment as Record<string, unknown>).flatMap(([code, text]) => (typeof text === 'string' ? [{ path: [...path, i, code], language: code, text }] : []));
  });
}

/** Every text a call of `flow` can hear from its prompts: each node's sentences (retry messages and SMS replies too) and errorPrompt. */
export function flowPromptTexts(flow: Flow): PromptText[] {
  const texts = Object.entries(flow.nodes).flatMap(([id, node]) => {
    const parts: [PropertyKey[], Prompt | undefined][] = [
      [['intro'], 'intro' in node ? node.intro : undefined],
      [['prompt'], 'prompt' in node ? node.prompt : undefined],
      ...(node.type === 'sms-offer' ? (['offer', 'sent', 'failed'] as const).map((part): [PropertyKey[], Prompt] => [[part], node[part]]) : []),
      ...(node.type === 'menu' && node.retry ? (['noInput', 'invalid'] as const).map((part): [PropertyKey[], Prompt] => [['retry', part], (node.retry as NonNullable<typeof node.retry>)[part]]) : []),
    ];
    return parts.flatMap(([part, prompt]) => (prompt ? promptTexts(['nodes', id, ...part], prompt) : []));
  });
  return [...texts, ...promptTexts(['errorPrompt'], flow.errorPrompt)];
}
