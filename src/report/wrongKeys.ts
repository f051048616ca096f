// The report's warning that callers' keys do not lead where the flow it is
// drawn with sends them: the flow changed since the calls (a deploy swapped
// keys 3 and 4), or is not the one they went through. Said on the page and on
// the terminal alike, with the calls, the menu and key, and the fix.

import path from 'node:path';
import type { Flow } from '../flow/schema';
import { shellWord } from '../explore/reproduce';
import type { CallTally, ShowValue } from './callTally';
import { flowSendsWords, keyWords } from './keysPressed';
import { counted } from '../text/counted';

/** The calls whose keys lead elsewhere in `flow`, most first, in words ("" when none). */
export function wrongKeysNote(flow: Flow, tally: CallTally, show: ShowValue): string {
  if (tally.callsWithWrongKeys === 0) return '';
  const wrong = [...tally.wrongKeys.values()].sort((a, b) => b.calls - a.calls);
  const named = wrong
    .slice(0, 5)
    .map(({ menu, key, to, calls }) => `${counted(calls, 'call')} pressed ${show(keyWords(key))} at ${show(menu)} and went to ${show(to)}, where this flow ${flowSendsWords(flow, menu, key, show)}`)
    .join('; ');
  return `The keys of ${counted(tally.callsWithWrongKeys, 'call')} do not lead where this flow sends them: ${named}${wrong.length > 5 ? '; …' : ''}`;
}

/**
 * What to do about it, for `ivr report` given `flowFile`: the flow the calls went through, from git. The
 * commands name the file from the folder they are run in, as git reads `COMMIT:./path` (an absolute path is
 * not a path in a commit), quoted for the shell.
 */
export function wrongKeysFix(flowFile: string): string {
  const fromHere = path.relative(process.cwd(), path.resolve(flowFile)).split(path.sep).join('/');
  const inCommit = fromHere.startsWith('../') ? fromHere : `./${fromHere}`;
  return `The flow has changed since these calls, or is not the one they went through: give that one with --flow (from git: git log -- ${shellWord(fromHere)} names the commits, git show ${shellWord(`COMMIT:${inCommit}`)} > flow-then.json writes the flow as it was, then --flow flow-then.json). Until then the map's arrows say the keys these callers pressed`;
}

/** What to do about it on the dev phone, which draws the calls with the flow it serves now. */
export const WRONG_KEYS_ON_THIS_HOST = 'These calls were made before the flow file was changed: the map\'s arrows say the keys these callers pressed';
