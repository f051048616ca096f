// Whether a call that ended in an app error shows, replayed, that the flow
// changed where the app failed. Its record stops there, so it does not say
// where the flow sent the call from there: a replay that follows it there
// and goes on is no change of the flow in itself. But the request that
// failed may have carried a key, and how the flow takes that key may have
// changed: a caller who pressed 2 where 2 is gone now hears that 2 is no
// option, and that is the flow's doing. Given the flow the calls went
// through (--base), the call is played again on it, and goes differently
// when it goes on otherwise there than here. Without it, the record is all
// there is, and it shows one thing: the app took the key at that node without
// asking again. A menu with no option for a key enters itself again (or its
// "otherwise" node) first, which the record's path would hold; so a replay
// that finds no option for that key there goes differently.

import type { Settings } from '../config/settings';
import type { ReadRecord } from '../records/readRecords';
import { pathReplayer, type Playing } from './replayRecord';
import type { RouteEvent } from './whyTheyPart';
import type { WordsBase } from './otherWords';

/** How an app-error call's replay shows the flow changed; `base`: where the call goes on the flow it went through, when that said so. */
export interface AppErrorChange {
  base?: { label: string; path: string[]; outcome: string };
}

/** The replay of an app-error call that followed its record to where the app failed, and went on. */
export interface AppErrorReplay {
  record: ReadRecord;
  replayed: { path: readonly string[]; outcome: string; route: readonly RouteEvent[] };
  playing: Playing;
}

/**
 * Decides, call by call, whether an app-error call's replay shows a change of the flow (undefined: it does not).
 * `base`: the flow the calls went through, as given (--base); a guess (git HEAD) would count calls on a guess.
 */
export function appErrorChange(settings: Settings, base: WordsBase | undefined): (call: AppErrorReplay) => Promise<AppErrorChange | undefined> {
  const onBase = base && pathReplayer(base.flow, settings);
  return async ({ record, replayed, playing }) => {
    const recorded = record.path ?? [];
    if (base && onBase) {
      const there = await onBase(playing);
      // A base the call does not follow to where the app failed is not the flow it went through: the record decides.
      if (startsWith(there.path, recorded)) {
        const same = there.path.join(' ') === replayed.path.join(' ') && there.outcome === replayed.outcome;
        return same ? undefined : { base: { label: base.label, ...there } };
      }
    }
    return keyNoLongerTaken(recorded, record.inputs ?? [], replayed.route) ? {} : undefined;
  };
}

/**
 * Whether the replay, at the node where the record stops, found no option for the key the record ends with: the
 * key of the request that failed, which the app took there without asking again.
 */
function keyNoLongerTaken(recorded: readonly string[], inputs: readonly string[], route: readonly RouteEvent[]): boolean {
  const key = inputs[inputs.length - 1];
  if (key === undefined || !/^[0-9*#]+$/.test(key)) return false;
  // The path's nodes are the trace's entered nodes, one for one: the last recorded node's entry, then what came of the next input.
  const entered = route.filter((event) => event.kind === 'enter');
  const failedAt = entered[recorded.length - 1];
  if (failedAt === undefined || failedAt.node !== recorded[recorded.length - 1]) return false;
  const next = route[route.indexOf(failedAt) + 1];
  return next?.kind === 'no-match' && next.node === failedAt.node && next.input === key;
}

function startsWith(path: readonly string[], start: readonly string[]): boolean {
  return start.every((node, i) => path[i] === node);
}
