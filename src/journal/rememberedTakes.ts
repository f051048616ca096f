// Calls a journal's status callback took, by CallSid, so one Twilio sends again writes no second
// ivr.call line. Bounded as the memory journal keeps calls: the oldest is forgotten past `calls`, and
// any past `ageMs` (Twilio sends a status callback again within minutes, not hours).

export interface RememberedTakes {
  /** Whether `callSid` was taken, within `ageMs`. */
  has(callSid: string): boolean;
  add(callSid: string): void;
}

export function rememberedTakes(bounds: { calls: number; ageMs: number }, now: () => number): RememberedTakes {
  // CallSid -> when it was taken, oldest first (a Map keeps insertion order).
  const taken = new Map<string, number>();
  return {
    has(callSid) {
      const at = taken.get(callSid);
      if (at === undefined) return false;
      if (now() - at < bounds.ageMs) return true;
      taken.delete(callSid);
      return false;
    },
    add(callSid) {
      taken.set(callSid, now());
      if (taken.size > bounds.calls) taken.delete(taken.keys().next().value as string);
    },
  };
}
