import { daysAlike } from '../schedule/weekdays';
import type { DialNode, Hours, Prompt } from '../flow/schema';

// Short texts for diagram nodes. A picture of a menu shows where each node is
// and roughly what it says; the whole sentence goes in a tooltip.

const LINE_WIDTH = 26;
const SNIPPET_LINES = 2;

/** A prompt as one text in `language` (a sentence fixed to another language stays in it). */
export function promptText(prompt: Prompt, language: string): string {
  return prompt
    .map((segment) => {
      if (typeof segment.text === 'string' && typeof segment.language === 'string') return segment.text;
      const texts = segment as Record<string, string>;
      return texts[language] ?? Object.values(texts)[0] ?? '';
    })
    .join(' ');
}

/** The start of a prompt, wrapped into at most two short lines, ending in "…" when cut. */
export function promptSnippet(prompt: Prompt, language: string): string[] {
  return wrap(promptText(prompt, language));
}

/** "open Mon–Fri 09:00–17:00?": the weekly hours, consecutive days with the same hours grouped. */
export function hoursLabel(hours: Hours): string[] {
  const name = (day: string) => day[0]?.toUpperCase() + day.slice(1);
  const open = daysAlike(hours.weekly).map((g) => `${g.first === g.last ? name(g.first) : `${name(g.first)}–${name(g.last)}`} ${g.ranges.map((r) => `${r.open}–${r.close}`).join(', ')}`);
  return wrap(`open ${open.length > 0 ? open.join('; ') : 'never'}?`);
}

/** "transfer to" and each destination, with the caller language it is for when there is one per language. */
export function dialLabel(destination: DialNode['destination']): string[] {
  if (typeof destination === 'string') return ['transfer to', destination];
  return ['transfer to', ...Object.entries(destination).map(([language, name]) => `${name} (${language})`)];
}

/** Breaks text at spaces into lines of about LINE_WIDTH characters, at most SNIPPET_LINES, marking a cut with "…". */
function wrap(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let next = 0;
  while (next < words.length && lines.length < SNIPPET_LINES) {
    let line = words[next++] as string;
    while (next < words.length && line.length + 1 + (words[next] as string).length <= LINE_WIDTH) line += ` ${words[next++]}`;
    lines.push(line);
  }
  if (next < words.length) lines[lines.length - 1] = `${(lines[lines.length - 1] as string).replace(/[\s,.;:]+$/, '')}…`;
  return lines;
}
