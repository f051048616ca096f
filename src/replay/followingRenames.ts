// A record names the nodes its call entered by their ids on the flow the call
// went through. A node renamed since (with every reference to it) is the same
// node to a caller, as `ivr diff` says of it (renamedNodes.ts): a call that
// entered `closed` and now enters `consumer-closed` goes the same way. So,
// given the flow the calls went through (--base, or the flow file at git
// HEAD), each record's path is read in the new ids before it is compared, and
// the base flow is played (for its words, and for calls that ended in an app
// error) with its nodes under their new ids too, so both sides name a node
// alike. Without a base flow nothing says what was renamed, and a node the
// records name that the flow lacks parts the call, as it always did.

import type { Flow } from '../flow/schema';
import type { ReadRecord } from '../records/readRecords';
import { renamedNodes, withNodesRenamed, type Renames } from '../diff/renamedNodes';
import type { WordsBase } from './otherWords';

/** The renames since the base flow, a record with its path in the new ids, and the base flows with their nodes renamed. */
export function followingRenames(flow: Flow, words: WordsBase | undefined, base: WordsBase | undefined): { renamed: Renames; inNewIds: (record: ReadRecord) => ReadRecord; words?: WordsBase; base?: WordsBase } {
  const renamed = words ? renamedNodes(words.flow, flow) : new Map<string, string>();
  const renamedBase = (given: WordsBase | undefined) => given && (renamed.size === 0 ? given : { ...given, flow: withNodesRenamed(given.flow, renamed) });
  return {
    renamed,
    inNewIds: (record) => (renamed.size === 0 || !record.path ? record : { ...record, path: record.path.map((id) => renamed.get(id) ?? id) }),
    ...(words ? { words: renamedBase(words) } : {}),
    ...(base ? { base: renamedBase(base) } : {}),
  };
}
