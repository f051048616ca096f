// CallSids remembered for a while, bounded by count and age: the calls a journal's status callback took
// (so one Twilio sends again writes no second ivr.call line), those an answer of which a table journal
// wrote or could not write, those a failure notice counted. Bounded as the memory journal keeps calls:
// the oldest is forgotten past `calls`, and any past `ageMs` (Twilio sends a status callback again within
// minutes, not hours).

export interface RecentCallSids {
  /** Whether `callSid` was added, within `ageMs`. */
  has(callSid: string): boolean;
  add(callSid: string): void;
}

export function recentCallSids(bounds: { calls: number; ageMs: number }, now: () => number): RecentCallSids {
  // CallSid -> when it was added, oldest first (a Map keeps insertion order).
  const added = new Map<string, number>();
  return {
    has(callSid) {
      const at = added.get(callSid);
      if (at === undefined) return false;
      if (now() - at < bounds.ageMs) return true;
      added.delete(callSid);
      return false;
    },
    add(callSid) {
      added.set(callSid, now());
      if (added.size > bounds.calls) added.delete(added.keys().next().value as string);
    },
  };
}
