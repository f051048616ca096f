import { readFileSync } from 'node:fs';
import { jsonOffsets, lineAt } from './jsonPlaces';
import { pathSteps, type FlowProblem } from './problem';

// A JSON path names the place, but in a flow file of hundreds of lines an
// editor finds it by its line. Found only once there are problems to show, so
// a flow that loads never builds the tree the lines come from.

/** `problems` with the line of each one's JSON path in `text`, the flow file's text (none for a path not in it, as "(file)"). */
export function problemLines(text: string, problems: readonly FlowProblem[]): FlowProblem[] {
  if (problems.length === 0) return [...problems];
  const offsetOf = jsonOffsets(text);
  return problems.map((p) => {
    const place = offsetOf(pathSteps(p.path));
    return place === undefined || place.depth === 0 ? p : { ...p, line: lineAt(text, place.offset) };
  });
}

/** The same for problems of `file` (lint's warnings, found in the flow it loaded); without lines when it cannot be read again. */
export function problemLinesIn(file: string, problems: readonly FlowProblem[]): FlowProblem[] {
  if (problems.length === 0) return [...problems];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [...problems];
  }
  return problemLines(text, problems);
}
