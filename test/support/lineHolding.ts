import { readFileSync } from 'node:fs';

/** The line (from 1) of `file` that first holds `text`, as an editor shows it: where lint's "line N" should point. */
export function lineHolding(file: string, text: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;
}
